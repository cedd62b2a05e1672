#pragma once
//! \file quality_measure.h
//! Quality measures a contract's score can be computed from (QualityConfig says how the
//! outcomes they count are simulated).

namespace pmsim {

//! A quality measure computed from the simulated year.
enum class QualityMeasureKind {
  readmission_rate,               //!< readmissions / index admissions (lower is better)
  ed_visits_per_1000,             //!< emergency visits per 1,000 member-years (lower is better)
  screening_rate,                 //!< members screened / members
  control_rate,                   //!< members with the condition controlled / members with it
  avoidable_admissions_per_1000,  //!< avoidable admissions per 1,000 member-years (lower is better)
};

//! One measure of a contract's quality score: 0 at the threshold, 1 at the benchmark,
//! linear between (a benchmark below the threshold means lower is better).
struct QualityMeasure {
  QualityMeasureKind kind = QualityMeasureKind::readmission_rate;
  double threshold = 0.0;
  double benchmark = 0.0;
  double weight = 1.0;

  bool operator==(const QualityMeasure&) const = default;
};

}  // namespace pmsim
