#include "contracts/pay_for_performance.h"

#include <algorithm>

#include "claims/year_tally.h"
#include "contracts/quality.h"

namespace pmsim {

namespace {

constexpr MetricSpec kMetrics[] = {
    {"quality_adjustment", "USD", "withhold earned back (or not) and the bonus/penalty scale", Aggregation::flow},
    {"readmission_penalty", "USD", "readmission penalty deducted from FFS revenue", Aggregation::flow},
    {"penalty_applied", "indicator", "1 if a readmission penalty was deducted", Aggregation::flow},
};

}  // namespace

std::span<const MetricSpec> metric_catalogue(const PayForPerformanceTerms&) { return kMetrics; }
TallyNeeds tally_needs(const PayForPerformanceTerms&) { return {}; }
std::optional<double> fixed_quality_score(const PayForPerformanceTerms& terms) { return terms.quality_score; }
int prepayment_period_months(const PayForPerformanceTerms&) { return 1; }
CategoryFlags covered_categories(const PayForPerformanceTerms&) { return kNoCategory; }

// Adjustments of the provider's FFS revenue by the quality score and the readmission rate.
void settle(const PayForPerformanceTerms& p, const SettlementYear& y, Ledger& l) {
  using V = PayForPerformanceValue;
  const YearTally& t = y.tally;
  const double revenue = l.ffs_revenue;
  const double q = l.quality_score;
  double adjustment = revenue * p.withhold * (q * p.withhold_slope - 1.0);
  if (p.scale > 0) {
    const double position = q >= p.scale_threshold ? (q - p.scale_threshold) / (1.0 - p.scale_threshold)
                                                   : (q - p.scale_threshold) / p.scale_threshold;
    adjustment += revenue * p.scale * position;
  }
  l[V::quality_adjustment] = adjustment;
  if (p.expected_readmission_rate > 0) {
    const double admissions = t.counts[static_cast<int>(Category::inpatient)];
    const double observed = admissions > 0 ? t.counts[static_cast<int>(Category::readmission)] / admissions : 0.0;
    const double excess = observed / p.expected_readmission_rate;
    l[V::readmission_penalty] =
        revenue * std::min(p.readmission_penalty_cap, std::max(0.0, excess - 1.0) * p.readmission_multiplier);
  }
  l[V::penalty_applied] = l[V::readmission_penalty] > 0 ? 1.0 : 0.0;
  l.payer_adjustments = l[V::quality_adjustment] - l[V::readmission_penalty];
}

// ---- its keys, walked ----

void walk_keys(PayForPerformanceTerms& p, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v) {
  v.number("withhold", p.withhold);
  v.number("withhold_slope", p.withhold_slope);
  if (p.expected_readmission_rate > 0.0) {  // the penalty is on
    v.begin_map("readmission_penalty");
    v.number("expected_rate", p.expected_readmission_rate);
    v.number("multiplier", p.readmission_multiplier);
    v.number("cap", p.readmission_penalty_cap);
    v.end_map();
  }
  v.number("scale", p.scale);
  v.number("scale_threshold", p.scale_threshold);
  if (quality_measures.empty()) v.number("quality_score", p.quality_score);
  walk_quality_measures(v, quality_measures);
}

}  // namespace pmsim
