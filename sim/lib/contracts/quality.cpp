#include "contracts/quality.h"

#include <algorithm>
#include <array>
#include <string>

#include "config/key_reader.h"

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

// ---- reading its keys ----

namespace {

constexpr std::array<QualityMeasureKind, 5> kQualityMeasureKinds = {
    QualityMeasureKind::readmission_rate, QualityMeasureKind::ed_visits_per_1000, QualityMeasureKind::screening_rate,
    QualityMeasureKind::control_rate, QualityMeasureKind::avoidable_admissions_per_1000};

const std::vector<std::string>& quality_measure_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (auto k : kQualityMeasureKinds) out.emplace_back(to_string(k));
    return out;
  }();
  return names;
}

//! Reports a measure that needs a quality setting that is off (at its `measure` key).
void check_measure_needs(KeyReader& r, QualityMeasureKind kind) {
  const std::string what = "measure '" + std::string(to_string(kind)) + "'";
  switch (kind) {
    case QualityMeasureKind::screening_rate:
      return r.require_simulated(QualityOutcome::screening, "measure", what);
    case QualityMeasureKind::control_rate:
      return r.require_simulated(QualityOutcome::control, "measure", what);
    case QualityMeasureKind::avoidable_admissions_per_1000:
      return r.require_simulated(QualityOutcome::avoidable_admissions, "measure", what);
    default:
      return;
  }
}

}  // namespace

void read_quality_measures(KeyReader& contract, std::vector<QualityMeasure>& out) {
  constexpr std::size_t kMaxQualityMeasures = 8;
  auto seq = contract.list("quality_measures", 0, kMaxQualityMeasures);
  if (!seq) return;
  const std::size_t n = seq->size();
  out.assign(n, QualityMeasure{});
  for (std::size_t i = 0; i < n; ++i) {
    QualityMeasure& q = out[i];
    auto r = seq->map_item(i);
    int kind = -1;
    if (r->choice("measure", kind, quality_measure_names(), Need::required)) {
      q.kind = kQualityMeasureKinds[static_cast<std::size_t>(kind)];
      check_measure_needs(*r, q.kind);
    }
    const ValueRange range = ValueRange::closed(0, 1e6);
    const bool threshold_ok = r->number("threshold", q.threshold, range, Need::required);
    const bool benchmark_ok = r->number("benchmark", q.benchmark, range, Need::required);
    if (threshold_ok && benchmark_ok && q.threshold == q.benchmark) {
      r->error_at("benchmark", "must differ from threshold (" + format_number(q.threshold) +
                                   "; the measure scores 0 at the threshold and 1 at the benchmark), got " +
                                   r->text("benchmark"));
    }
    r->number("weight", q.weight, ValueRange::above(0, 1000));
    r->finish();
  }
  // Measured, the score is not also given.
  if (n > 0 && contract.has("quality_score")) {
    contract.error_at("quality_score", "the quality score is computed from quality_measures; remove one of them");
  }
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
