#include "contracts/pay_for_performance.h"

#include <algorithm>

#include "claims/year_tally.h"
#include "config/key_reader.h"
#include "contracts/quality.h"

namespace pmsim {

namespace {

constexpr MetricSpec kMetrics[] = {
    {"quality_adjustment", "USD", "withhold earned back (or not) and the bonus/penalty scale", Aggregation::flow},
    {"readmission_penalty", "USD", "readmission penalty deducted from FFS revenue", Aggregation::flow},
    {"penalty_applied", "indicator", "1 if a readmission penalty was deducted", Aggregation::indicator},
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

// ---- reading its keys ----

namespace {

constexpr std::string_view kKeys[] = {"payer",     "withhold",        "withhold_slope", "readmission_penalty",
                                      "scale",     "scale_threshold", "quality_score",  "quality_measures",
                                      "settlement"};

//! The optional `readmission_penalty` map.
void read_readmission_penalty(KeyReader& contract, PayForPerformanceTerms& p) {
  if (!contract.has("readmission_penalty")) {
    contract.accept("readmission_penalty");
    return;
  }
  auto r = contract.map("readmission_penalty");
  if (!r->valid()) return;  // not a map: reported
  r->number("expected_rate", p.expected_readmission_rate, ValueRange::above(0, 1), Need::required);
  r->number("multiplier", p.readmission_multiplier, ValueRange::closed(0, 100));
  r->number("cap", p.readmission_penalty_cap, ValueRange::closed(0, 1));
  r->finish();
}

}  // namespace

std::span<const std::string_view> contract_keys(const PayForPerformanceTerms&) { return kKeys; }

void read_terms(KeyReader& contract, PayForPerformanceTerms& p) {
  contract.number("withhold", p.withhold, ValueRange::closed(0, 1));
  contract.number("withhold_slope", p.withhold_slope, ValueRange::closed(0, 10));
  read_readmission_penalty(contract, p);
  contract.number("scale", p.scale, ValueRange::closed(0, 1));
  contract.number("scale_threshold", p.scale_threshold, ValueRange{0, 1, true, true});
  contract.number("quality_score", p.quality_score, ValueRange::closed(0, 1));
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
