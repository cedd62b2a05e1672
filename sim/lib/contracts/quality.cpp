#include "contracts/quality.h"

#include <algorithm>

namespace pmsim {

double measure_value(QualityMeasureKind kind, const YearTally& y) {
  auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  switch (kind) {
    case QualityMeasureKind::readmission_rate:
      return ratio(y.counts[static_cast<int>(Category::readmission)], y.counts[static_cast<int>(Category::inpatient)]);
    case QualityMeasureKind::ed_visits_per_1000:
      return 1000.0 * ratio(y.counts[static_cast<int>(Category::emergency)], y.member_years());
    case QualityMeasureKind::screening_rate:
      return ratio(y.screened, y.members);
    case QualityMeasureKind::control_rate:
      return ratio(y.controlled, y.control_eligible);
    case QualityMeasureKind::avoidable_admissions_per_1000:
      return 1000.0 * ratio(y.avoidable_admissions, y.member_years());
  }
  return 0.0;
}

double measure_score(const QualityMeasure& m, double value) {
  return std::clamp((value - m.threshold) / (m.benchmark - m.threshold), 0.0, 1.0);
}

double quality_score(const std::vector<QualityMeasure>& measures, const YearTally& year) {
  double weighted = 0, weights = 0;
  for (const auto& m : measures) {
    weighted += m.weight * measure_score(m, measure_value(m.kind, year));
    weights += m.weight;
  }
  return weights > 0 ? weighted / weights : 1.0;
}

// ---- its keys, walked ----

void walk_quality_measures(KeyVisitor& v, std::vector<QualityMeasure>& measures) {
  walk_list(v, "quality_measures", measures, ItemLayout::inline_map, [&v](QualityMeasure& q) {
    v.choice("measure", to_string(q.kind));
    v.number("threshold", q.threshold);
    v.number("benchmark", q.benchmark);
    v.number("weight", q.weight);
  });
}

}  // namespace pmsim
