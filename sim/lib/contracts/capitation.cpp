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

TallyNeeds tally_needs(const CapitationTerms& terms) { return {terms.stop_loss_attachment, nullptr}; }

std::optional<double> fixed_quality_score(const CapitationTerms& terms) { return terms.quality_score; }

int prepayment_period_months(const CapitationTerms& terms) {
  return terms.prepayment == Prepayment::monthly ? 1 : terms.prepayment == Prepayment::quarterly ? 3 : 12;
}

CategoryFlags covered_categories(const CapitationTerms& terms) { return terms.covered; }

// The prepayment, then the terms beyond it: quality withhold, individual stop-loss, risk
// corridors.
void settle(const CapitationTerms& cap, const SettlementYear& y, Ledger& l) {
  using V = CapitationValue;
  const YearTally& t = y.tally;
  l.prepaid_revenue = cap.pmpm * (cap.risk_adjusted ? t.risk_member_months : t.member_months);
  const double capitation = l.prepaid_revenue;
  l[V::quality_adjustment] = -cap.quality_withhold * capitation * (1.0 - l.quality_score);
  const int attachment = truncation_index(y.context.truncation_points, cap.stop_loss_attachment);
  if (attachment >= 0) {
    // sum_i max(0, claims_i - A) = sum_i claims_i - sum_i min(claims_i, A)
    const double excess = t.total_claims() - t.truncated_claims[attachment];
    l[V::stop_loss_recoveries] = cap.stop_loss_coinsurance * excess;
    l[V::stop_loss_premiums] = cap.stop_loss_premium_pmpm * t.member_months;
  }
  if (!cap.corridors.empty() && capitation > 0) {
    const double gain = capitation - y.covered_claims;
    const double kept = corridor_share(cap.corridors, std::abs(gain) / capitation) * capitation;
    l[V::corridor_transfer] = gain > 0 ? -(gain - kept) : (-gain - kept);
  }
  l[V::stop_loss_paid] = l[V::stop_loss_recoveries] > 0 ? 1.0 : 0.0;
  l[V::corridor_active] = l[V::corridor_transfer] != 0 ? 1.0 : 0.0;
  l.payer_adjustments = l[V::quality_adjustment] + l[V::corridor_transfer];
  // Stop-loss flows are between the provider and its reinsurer, not the payer.
  l.other_revenue = l[V::stop_loss_recoveries];
  l.other_cost = l[V::stop_loss_premiums];
}

// ---- reading its keys ----

namespace {

constexpr std::string_view kKeys[] = {
    "payer",         "pmpm",      "prepayment", "risk_adjusted",   "covers", "quality_withhold",
    "quality_score", "stop_loss", "corridors",  "quality_measures"};

//! The optional `stop_loss` map (`covers_ok`: the contract's `covers` is valid).
void read_stop_loss(KeyReader& contract, bool covers_ok, CapitationTerms& cap) {
  contract.accept("stop_loss");
  if (!contract.has("stop_loss")) return;
  if (contract.shape("stop_loss") != ValueShape::map) {
    // A number is what stop_loss means on a bundled_payment contract: say which is which.
    contract.error_at("stop_loss",
                      "expected a map (the individual stop-loss of a capitation contract: attachment, "
                      "coinsurance, premium_pmpm; a number is the stop-loss of a bundled_payment "
                      "contract), got " +
                          contract.describe("stop_loss"));
    return;
  }
  auto sl = contract.map("stop_loss");
  bool global = true;
  for (bool c : cap.covered) global = global && c;
  if (covers_ok && !global) sl->error("individual stop-loss needs a global capitation (covers: all)");
  if (sl->number("attachment", cap.stop_loss_attachment, ValueRange::above(0, 1e12), Need::required)) {
    sl->count_member_amount("attachment", cap.stop_loss_attachment, false);
  }
  sl->number("coinsurance", cap.stop_loss_coinsurance, ValueRange::closed(0, 1), Need::required);
  sl->number("premium_pmpm", cap.stop_loss_premium_pmpm, ValueRange::closed(0, 1e7));
  sl->finish();
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

void walk_keys(CapitationTerms& cap, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v) {
  v.number("pmpm", cap.pmpm);
  if (cap.prepayment != Prepayment::monthly) v.choice("prepayment", to_string(cap.prepayment));
  v.boolean("risk_adjusted", cap.risk_adjusted);
  v.categories("covers", cap.covered);
  v.number("quality_withhold", cap.quality_withhold);
  if (quality_measures.empty()) v.number("quality_score", cap.quality_score);
  if (cap.stop_loss_attachment > 0.0) {
    v.begin_map("stop_loss");
    v.number("attachment", cap.stop_loss_attachment);
    v.number("coinsurance", cap.stop_loss_coinsurance);
    v.number("premium_pmpm", cap.stop_loss_premium_pmpm);
    v.end_map();
  }
  walk_corridors(v, cap.corridors);
  walk_quality_measures(v, quality_measures);
}

void check_key_rules(const CapitationTerms& cap, const SimulatedQuality&, const std::string& path,
                     BrokenRules& broken) {
  check_corridors(cap.corridors, path, broken);
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
