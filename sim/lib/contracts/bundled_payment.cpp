#include "contracts/bundled_payment.h"

#include <stdexcept>

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
     Aggregation::flow},
    {"repayment_owed", "indicator", "1 if the provider repaid (negative reconciliation)", Aggregation::flow},
    {"cap_binding", "indicator", "1 if the stop-gain or stop-loss limited the reconciliation", Aggregation::flow},
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
TallyNeeds tally_needs(const BundleTerms& terms) { return {0.0, &terms.episode}; }
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

}  // namespace pmsim
