#include "contracts/bundled_payment.h"

#include <array>
#include <stdexcept>
#include <string>

#include "config/key_reader.h"
#include "contracts/contract_keys.h"
#include "contracts/method_map.h"
#include "contracts/pricing_context.h"

#include <algorithm>
#include <cmath>

namespace pmsim {

namespace {

constexpr MetricSpec kMetrics[] = {
    {"episodes", "episodes", "episodes that ended in the year (reconciled in it)", Aggregation::flow},
    {"episode_spending", "USD", "included spending of those episodes (each capped at spending_cap if set)",
     Aggregation::flow},
    {"episode_target", "USD", "sum of their target prices", Aggregation::flow},
    {"reconciliation", "USD", "paid by the payer to the provider after the year (negative: repaid)", Aggregation::flow},
    {"reconciliation_paid", "indicator", "1 if the payer paid a positive reconciliation (the mean is the probability)",
     Aggregation::indicator},
    {"repayment_owed", "indicator", "1 if the provider repaid (negative reconciliation)", Aggregation::indicator},
    {"cap_binding", "indicator", "1 if the stop-gain or stop-loss limited the reconciliation", Aggregation::indicator},
    {"episodes_with_post_acute", "episodes", "episodes with at least one post-acute stay", Aggregation::flow},
    {"episodes_with_readmission", "episodes", "episodes with at least one readmission", Aggregation::flow},
};

}  // namespace

std::string_view to_string(TargetMethod m) {
  switch (m) {
    case TargetMethod::historical:
      return "historical";
    case TargetMethod::fixed:
      return "fixed";
  }
  return "unknown";
}

std::span<const MetricSpec> metric_catalogue(const BundleTerms&) { return kMetrics; }
TallyNeeds tally_needs(const BundleTerms& terms) { return {{}, &terms.episode}; }
std::optional<double> fixed_quality_score(const BundleTerms&) { return std::nullopt; }
int prepayment_period_months(const BundleTerms&) { return 1; }
CategoryFlags covered_categories(const BundleTerms&) { return kNoCategory; }

// Fee-for-service all year, then the episodes that ended in it reconciled against their targets.
void settle(const BundleTerms& terms, const SettlementYear& y, Ledger& l) {
  using V = BundleValue;
  const PricingContext& context = y.context;
  const int e = episode_index(context.episode_definitions, terms.episode);
  if (e < 0) throw std::logic_error("bundled payment priced without its episode definition");
  std::vector<EpisodeTally> baseline;
  for (int b = 0; b < context.baseline_years; ++b) baseline.push_back(y.tallies[b].episodes[e]);
  const EpisodeTally& current = y.tally.episodes[e];
  const BundleSettlement s = reconcile_episodes(terms, episode_target(terms, baseline, y.year), current);
  l[V::episodes] = current.episodes;
  l[V::episode_spending] = current.capped_spending;
  l[V::episode_target] = s.target;
  l[V::reconciliation] = s.reconciliation;
  l[V::reconciliation_paid] = s.reconciliation > 0 ? 1.0 : 0.0;
  l[V::repayment_owed] = s.reconciliation < 0 ? 1.0 : 0.0;
  l[V::cap_binding] = s.cap_binding ? 1.0 : 0.0;
  l[V::episodes_with_post_acute] = current.with_post_acute;
  l[V::episodes_with_readmission] = current.with_readmission;
  l.payer_adjustments = l[V::reconciliation];
}

EpisodeTarget episode_target(const BundleTerms& terms, std::span<const EpisodeTally> baseline, int year) {
  EpisodeTarget t;
  const double trend_to_year = std::pow(1.0 + terms.trend, year + 1);
  if (terms.target_method == TargetMethod::fixed) {
    t.price = terms.target_price * trend_to_year;
    t.defined = true;
    return t;
  }
  // Weighted mean over the baseline years that had episodes (weights renormalised over
  // them), each year's mean trended to the base year, the last baseline year.
  const auto years = static_cast<int>(baseline.size());
  double weights = 0, price = 0, risk = 0;
  for (int j = 0; j < years; ++j) {
    const EpisodeTally& b = baseline[j];
    if (b.episodes <= 0) continue;
    const double w = terms.baseline_weights.empty() ? 1.0 : terms.baseline_weights[j];
    weights += w;
    price += w * b.capped_spending / b.episodes * std::pow(1.0 + terms.trend, years - 1 - j);
    risk += w * b.risk / b.episodes;
  }
  if (!(weights > 0)) return t;
  t.price = price / weights * trend_to_year * (1.0 - terms.discount);
  t.reference_risk = risk / weights;
  t.defined = t.reference_risk > 0;
  return t;
}

BundleSettlement reconcile_episodes(const BundleTerms& terms, const EpisodeTarget& target, const EpisodeTally& year) {
  BundleSettlement s;
  if (!target.defined || year.episodes <= 0) return s;
  s.target = terms.risk_adjusted ? target.price * year.risk / target.reference_risk : target.price * year.episodes;
  const double raw = s.target - year.capped_spending;
  s.reconciliation = std::clamp(raw, -terms.stop_loss * s.target, terms.stop_gain * s.target);
  s.cap_binding = s.reconciliation != raw;
  return s;
}

// ---- reading its keys ----

namespace {

constexpr std::string_view kKeys[] = {"payer", "episode", "target", "stop_gain", "stop_loss", "settlement"};
constexpr ForeignKeyNote kNotes[] = {{"risk_adjusted", " (did you mean target.risk_adjusted?)"},
                                     {"covers", " (did you mean episode.includes?)"},
                                     {"benchmark", " (did you mean target?)"}};

//! The keys of the `episode` and `target` maps, to point a misplaced one (given at the
//! contract's level) to its map.
constexpr std::array<std::string_view, 6> kEpisodeKeys = {"trigger_probability", "trigger_condition", "trigger_type",
                                                          "window_days",         "includes",          "spending_cap"};
constexpr std::array<std::string_view, 6> kTargetKeys = {"method", "discount", "baseline_weights",
                                                         "price",  "trend",    "risk_adjusted"};

constexpr std::array<std::string_view, 2> kHistoricalTargetKeys = {"discount", "baseline_weights"};
constexpr MethodKeys kTargetMethod{"target", kHistoricalTargetKeys, "price",
                                   " (the historical target is taken from the episodes of the baseline years)"};

//! The required `episode` map; true when it is entirely valid.
bool read_episode(KeyReader& contract, EpisodeDefinition& e) {
  auto r = contract.map("episode", Need::required);
  if (!r->valid()) return false;  // missing or not a map: reported
  bool ok = r->number("trigger_probability", e.trigger_probability, ValueRange::closed(0, 1));
  ok &= r->condition_name("trigger_condition", e.trigger_condition);
  ok &= r->admission_type_name("trigger_type", e.trigger_type);
  ok &= r->integer("window_days", e.window_days, 1, 365);
  ok &= r->categories("includes", e.included, CategoriesDefault::all);
  ok &= r->number("spending_cap", e.spending_cap, ValueRange::closed(0, 1e9));
  const std::size_t errors = r->error_count();
  r->finish();
  return ok && r->error_count() == errors;
}

//! The optional `target` map.
void read_target(KeyReader& contract, BundleTerms& t) {
  std::optional<bool> historical;
  const auto r = open_method_map(contract, kTargetMethod, historical);
  if (!r) return;
  if (historical) t.target_method = *historical ? TargetMethod::historical : TargetMethod::fixed;
  if (historical == true) {
    r->number("discount", t.discount, ValueRange::below(0, 1));
    read_baseline_weights(*r, t.baseline_weights);
  } else if (historical == false) {
    r->number("price", t.target_price, ValueRange::above(0, 1e9), Need::required);
  }
  r->number("trend", t.trend, ValueRange::closed(-0.5, 1));
  r->boolean("risk_adjusted", t.risk_adjusted);
  finish_method_map(*r, kTargetMethod, historical);
}

}  // namespace

std::span<const std::string_view> contract_keys(const BundleTerms&) { return kKeys; }
std::span<const ForeignKeyNote> foreign_key_notes(const BundleTerms&) { return kNotes; }

void read_terms(KeyReader& contract, BundleTerms& t) {
  if (read_episode(contract, t.episode)) contract.count_episode("episode", t.episode);
  read_target(contract, t);
  contract.number("stop_gain", t.stop_gain, ValueRange::closed(0, 1));
  if (contract.shape("stop_loss") == ValueShape::map) {
    // The map is what stop_loss means on a capitation contract: say which is which.
    contract.error_at("stop_loss",
                      "expected a number (the stop-loss of a bundled_payment contract, a share of the "
                      "year's total target; the stop_loss map is the individual stop-loss of capitation "
                      "contracts), got a map");
  } else {
    contract.number("stop_loss", t.stop_loss, ValueRange::closed(0, 1));
  }
  // A key of `episode` or `target` given at the contract's level.
  auto misplaced = [&contract](std::span<const std::string_view> keys, const std::string& map) {
    for (auto key : keys) {
      const std::string k(key);
      contract.explain_unknown(key, "'" + k + "' belongs in " + map + " (did you mean " + map + "." + k + "?)");
    }
  };
  misplaced(kEpisodeKeys, "episode");
  misplaced(kTargetKeys, "target");
}

// ---- its keys, walked ----

void walk_keys(BundleTerms& t, std::vector<QualityMeasure>&, KeyVisitor& v) {
  EpisodeDefinition& e = t.episode;
  v.begin_map("episode");
  v.number("trigger_probability", e.trigger_probability);
  v.text("trigger_condition", e.trigger_condition);
  v.text("trigger_type", e.trigger_type);
  v.integer("window_days", e.window_days);
  v.categories("includes", e.included);
  v.number("spending_cap", e.spending_cap);
  v.end_map();
  const bool historical = t.target_method == TargetMethod::historical;
  v.begin_map("target");
  v.choice("method", to_string(t.target_method));
  if (historical) {
    v.number("discount", t.discount);
    walk_numbers(v, "baseline_weights", t.baseline_weights);
  } else {
    v.number("price", t.target_price);
  }
  v.number("trend", t.trend);
  v.boolean("risk_adjusted", t.risk_adjusted);
  v.end_map();
  v.number("stop_gain", t.stop_gain);
  v.number("stop_loss", t.stop_loss);
}

std::vector<std::string> term_warnings(const BundleTerms& terms, const PanelExpectations& expected) {
  if (terms.target_method != TargetMethod::historical || expected.warmup_years > 0) return {};
  return {
      "a historical target with simulation.warmup_years 0: the baseline episodes come from a panel not yet in "
      "its steady state, so the target is biased; give warmup_years (2 or more)"};
}

}  // namespace pmsim
