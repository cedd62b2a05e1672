#include "contracts/capitation.h"

#include <cmath>
#include <cstdio>

#include "claims/year_tally.h"
#include "config/key_reader.h"
#include "contracts/pricing_context.h"
#include "contracts/quality.h"

namespace pmsim {

namespace {

constexpr MetricSpec kMetrics[] = {
    {"quality_adjustment", "USD", "quality withhold not earned back (negative)", Aggregation::flow},
    {"stop_loss_recoveries", "USD", "individual stop-loss recoveries paid to the provider", Aggregation::flow},
    {"stop_loss_premiums", "USD", "stop-loss premiums paid by the provider", Aggregation::flow},
    {"corridor_transfer", "USD", "risk-corridor payment from the payer to the provider (negative: returned)",
     Aggregation::flow},
    {"stop_loss_paid", "indicator", "1 if the stop-loss paid a recovery (the mean is the probability)",
     Aggregation::indicator},
    {"corridor_active", "indicator", "1 if the risk corridors moved money", Aggregation::indicator},
};

}  // namespace

std::string_view to_string(Prepayment p) {
  switch (p) {
    case Prepayment::monthly:
      return "monthly";
    case Prepayment::quarterly:
      return "quarterly";
    case Prepayment::annual:
      return "annual";
  }
  return "unknown";
}

std::span<const MetricSpec> metric_catalogue(const CapitationTerms&) { return kMetrics; }

std::string_view to_string(StopLossCarrier c) { return c == StopLossCarrier::payer ? "payer" : "reinsurer"; }

std::string_view to_string(RecoveryPayment p) { return p == RecoveryPayment::monthly ? "monthly" : "annual"; }

TallyNeeds tally_needs(const CapitationTerms& terms) {
  TallyNeeds needs;
  for (const StopLossLayer& layer : terms.stop_loss) needs.member_truncations.push_back(layer.attachment);
  return needs;
}

std::optional<double> fixed_quality_score(const CapitationTerms& terms) { return terms.quality_score; }

int prepayment_period_months(const CapitationTerms& terms) {
  return terms.prepayment == Prepayment::monthly ? 1 : terms.prepayment == Prepayment::quarterly ? 3 : 12;
}

CategoryFlags covered_categories(const CapitationTerms& terms) { return terms.covered; }

namespace {

// The stop-loss layers: recoveries and premiums into the ledger, by who provides each layer
// (the payer's flow through its adjustments and spend; a reinsurer's are the provider's own
// business); a layer paid monthly also says when its recoveries accrue.
double settle_stop_loss(const CapitationTerms& cap, const SettlementYear& y, Ledger& l) {
  using V = CapitationValue;
  const YearTally& t = y.tally;
  double from_payer = 0;
  std::size_t monthly = 0;
  for (const StopLossLayer& layer : cap.stop_loss) {
    const int attachment = truncation_index(y.context.truncation_points, layer.attachment);
    if (attachment < 0) continue;
    // sum_i max(0, claims_i - A) = sum_i claims_i - sum_i min(claims_i, A)
    const double recovery = layer.coinsurance * (t.total_claims() - t.truncated_claims[attachment]);
    const double premium = layer.premium_pmpm * t.member_months;
    l[V::stop_loss_recoveries] += recovery;
    l[V::stop_loss_premiums] += premium;
    l.other_cost += premium;
    if (layer.provided_by == StopLossCarrier::payer) {
      from_payer += recovery;
      l.paid_to_payer += premium;
    } else {
      l.other_revenue += recovery;
    }
    if (layer.payment == RecoveryPayment::monthly) {
      // The year's recovery, spread over the months as the excess claims accrue.
      MonthlyPaidRevenue& paid = l.paid_monthly[monthly++];
      const std::array<double, 12>& excess = t.excess_by_month[attachment];
      for (int m = 0; m < 11; ++m) paid.accrued[m] = excess[11] > 0 ? recovery * (excess[m] / excess[11]) : 0.0;
      paid.accrued[11] = recovery;
      paid.lag_months = layer.lag_months;
    }
  }
  return from_payer;
}

}  // namespace

// The prepayment, then the terms beyond it: quality withhold, individual stop-loss, risk
// corridors.
void settle(const CapitationTerms& cap, const SettlementYear& y, Ledger& l) {
  using V = CapitationValue;
  l.prepaid_revenue = cap.pmpm * (cap.risk_adjusted ? y.tally.risk_member_months : y.tally.member_months);
  const double capitation = l.prepaid_revenue;
  l[V::quality_adjustment] = -cap.quality_withhold * capitation * (1.0 - l.quality_score);
  const double stop_loss_from_payer = settle_stop_loss(cap, y, l);
  if (!cap.corridors.empty() && capitation > 0) {
    const double gain = capitation - y.covered_claims;
    const double kept = corridor_share(cap.corridors, std::abs(gain) / capitation) * capitation;
    l[V::corridor_transfer] = gain > 0 ? -(gain - kept) : (-gain - kept);
  }
  l[V::stop_loss_paid] = l[V::stop_loss_recoveries] > 0 ? 1.0 : 0.0;
  l[V::corridor_active] = l[V::corridor_transfer] != 0 ? 1.0 : 0.0;
  l.payer_adjustments = l[V::quality_adjustment] + l[V::corridor_transfer] + stop_loss_from_payer;
}

// ---- reading its keys ----

namespace {

constexpr std::string_view kKeys[] = {
    "payer",         "pmpm",      "prepayment", "risk_adjusted",    "covers",    "quality_withhold",
    "quality_score", "stop_loss", "corridors",  "quality_measures", "settlement"};

//! Above every attachment all layers pay at once: together at most the whole excess. The
//! message when they pay more, else "".
std::string coinsurance_over_one(const std::vector<StopLossLayer>& layers) {
  double coinsurance = 0;
  for (const StopLossLayer& layer : layers) coinsurance += layer.coinsurance;
  if (layers.size() < 2 || coinsurance <= 1.0) return "";
  return "the layers' coinsurance adds up to " + format_number(coinsurance) +
         ": at most 1 (above the highest attachment every layer pays)";
}

//! One stop-loss layer's keys.
void read_stop_loss_layer(KeyReader& sl, StopLossLayer& layer) {
  if (sl.number("attachment", layer.attachment, ValueRange::above(0, 1e12), Need::required)) {
    sl.count_member_amount("attachment", layer.attachment, false);
  }
  sl.number("coinsurance", layer.coinsurance, ValueRange::closed(0, 1), Need::required);
  sl.number("premium_pmpm", layer.premium_pmpm, ValueRange::closed(0, 1e7));
  int carrier = 0;
  if (sl.choice("provided_by", carrier, {"reinsurer", "payer"}))
    layer.provided_by = static_cast<StopLossCarrier>(carrier);
  int payment = 0;
  if (sl.choice("payment", payment, {"annual", "monthly"})) layer.payment = static_cast<RecoveryPayment>(payment);
  if (sl.has("lag_months") && layer.payment != RecoveryPayment::monthly) {
    sl.error_at("lag_months",
                "lag_months applies to recoveries paid monthly (payment: monthly); annual recoveries "
                "are paid with the year's settlement (the contract's settlement.lag_months)");
  } else {
    sl.integer("lag_months", layer.lag_months, 0, 24);
  }
  sl.finish();
}

//! The optional `stop_loss`: one layer as a map, or a list of layers (`covers_ok`: the
//! contract's `covers` is valid).
void read_stop_loss(KeyReader& contract, bool covers_ok, CapitationTerms& cap) {
  contract.accept("stop_loss");
  if (!contract.has("stop_loss")) return;
  const ValueShape shape = contract.shape("stop_loss");
  if (shape != ValueShape::map && shape != ValueShape::sequence) {
    // A number is what stop_loss means on a bundled_payment contract: say which is which.
    contract.error_at("stop_loss",
                      "expected a map or a list of maps (the individual stop-loss of a capitation contract: "
                      "attachment, coinsurance, premium_pmpm, provided_by, payment, lag_months; a number is the "
                      "stop-loss of a bundled_payment contract), got " +
                          contract.describe("stop_loss"));
    return;
  }
  bool global = true;
  for (bool c : cap.covered) global = global && c;
  if (covers_ok && !global)
    contract.error_at("stop_loss", "individual stop-loss needs a global capitation (covers: all)");
  if (shape == ValueShape::map) {
    cap.stop_loss.assign(1, StopLossLayer{});
    auto sl = contract.map("stop_loss");
    read_stop_loss_layer(*sl, cap.stop_loss[0]);
    return;
  }
  auto layers = contract.list("stop_loss", 1, kMaxStopLossLayers);
  if (!layers) return;
  cap.stop_loss.assign(layers->size(), StopLossLayer{});
  for (std::size_t i = 0; i < layers->size(); ++i) read_stop_loss_layer(*layers->map_item(i), cap.stop_loss[i]);
  if (const std::string broken = coinsurance_over_one(cap.stop_loss); !broken.empty())
    contract.error_at("stop_loss", broken);
}

}  // namespace

std::span<const std::string_view> contract_keys(const CapitationTerms&) { return kKeys; }

void read_terms(KeyReader& contract, CapitationTerms& cap) {
  contract.number("pmpm", cap.pmpm, ValueRange::closed(0, 1e7), Need::required);
  int timing = 0;
  if (contract.choice("prepayment", timing, {"monthly", "quarterly", "annual"}))
    cap.prepayment = static_cast<Prepayment>(timing);
  contract.boolean("risk_adjusted", cap.risk_adjusted);
  const bool covers_ok = contract.categories("covers", cap.covered, CategoriesDefault::all);
  contract.number("quality_withhold", cap.quality_withhold, ValueRange::closed(0, 1));
  contract.number("quality_score", cap.quality_score, ValueRange::closed(0, 1));
  read_stop_loss(contract, covers_ok, cap);
  read_corridors(contract, cap.corridors);
}

// ---- its keys, walked ----

namespace {

void walk_stop_loss_layer(KeyVisitor& v, StopLossLayer& layer) {
  v.number("attachment", layer.attachment);
  v.number("coinsurance", layer.coinsurance);
  v.number("premium_pmpm", layer.premium_pmpm);
  if (layer.provided_by != StopLossCarrier::reinsurer) v.choice("provided_by", to_string(layer.provided_by));
  if (layer.payment != RecoveryPayment::annual) {
    v.choice("payment", to_string(layer.payment));
    v.integer("lag_months", layer.lag_months);
  }
}

// One layer as a map (as it is usually written), more as a list.
void walk_stop_loss(KeyVisitor& v, std::vector<StopLossLayer>& layers) {
  if (layers.size() == 1) {
    v.begin_map("stop_loss");
    walk_stop_loss_layer(v, layers[0]);
    v.end_map();
  } else if (!layers.empty()) {
    walk_list(v, "stop_loss", layers, ItemLayout::inline_map,
              [&v](StopLossLayer& layer) { walk_stop_loss_layer(v, layer); });
  }
}

}  // namespace

void walk_keys(CapitationTerms& cap, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v) {
  v.number("pmpm", cap.pmpm);
  if (cap.prepayment != Prepayment::monthly) v.choice("prepayment", to_string(cap.prepayment));
  v.boolean("risk_adjusted", cap.risk_adjusted);
  v.categories("covers", cap.covered);
  v.number("quality_withhold", cap.quality_withhold);
  if (quality_measures.empty()) v.number("quality_score", cap.quality_score);
  walk_stop_loss(v, cap.stop_loss);
  walk_corridors(v, cap.corridors);
  walk_quality_measures(v, quality_measures);
}

void check_key_rules(const CapitationTerms& cap, const SimulatedQuality&, const std::string& path,
                     BrokenRules& broken) {
  check_corridors(cap.corridors, path, broken);
  if (const std::string message = coinsurance_over_one(cap.stop_loss); !message.empty())
    broken.push_back({path + ".stop_loss", message});
}

std::vector<std::string> term_warnings(const CapitationTerms& terms, const PanelExpectations& expected) {
  const double per_month = expected.claims_of(terms.covered) / (terms.risk_adjusted ? expected.mean_risk : 1.0);
  if (!(per_month > 0) || std::abs(terms.pmpm / per_month - 1.0) <= 0.15) return {};
  char text[512];
  std::snprintf(text, sizeof text,
                "pmpm %.6g is %.0f%% %s the panel's expected claims of what it covers, %.6g per %smember-month "
                "(a pilot of %d replications): the margin will mostly be that difference",
                terms.pmpm, 100 * std::abs(terms.pmpm / per_month - 1.0), terms.pmpm > per_month ? "above" : "below",
                per_month, terms.risk_adjusted ? "risk-adjusted " : "", expected.replications);
  return {text};
}

}  // namespace pmsim
