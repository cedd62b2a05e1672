//! \file scenario.cpp
//! Names of the scenario enums, as written in scenario files.

#include "config/scenario.h"

namespace pmsim {

std::string_view to_string(Category c) {
  const int i = static_cast<int>(c);
  if (i < 0 || i >= kCategoryCount) return "unknown";
  return kCategoryNames[static_cast<std::size_t>(i)];
}

std::string_view to_string(Deliverer d) {
  switch (d) {
    case Deliverer::provider:
      return "provider";
    case Deliverer::others:
      return "others";
  }
  return "unknown";
}

std::string_view to_string(QualityMeasureKind k) {
  switch (k) {
    case QualityMeasureKind::readmission_rate:
      return "readmission_rate";
    case QualityMeasureKind::ed_visits_per_1000:
      return "ed_visits_per_1000";
    case QualityMeasureKind::screening_rate:
      return "screening_rate";
    case QualityMeasureKind::control_rate:
      return "control_rate";
    case QualityMeasureKind::avoidable_admissions_per_1000:
      return "avoidable_admissions_per_1000";
  }
  return "unknown";
}

std::string_view to_string(DistributionKind k) {
  switch (k) {
    case DistributionKind::normal:
      return "normal";
    case DistributionKind::lognormal:
      return "lognormal";
    case DistributionKind::gamma:
      return "gamma";
    case DistributionKind::beta:
      return "beta";
    case DistributionKind::uniform:
      return "uniform";
    case DistributionKind::triangular:
      return "triangular";
  }
  return "unknown";
}

std::string_view to_string(SeverityDistribution d) {
  switch (d) {
    case SeverityDistribution::lognormal:
      return "lognormal";
    case SeverityDistribution::gamma:
      return "gamma";
  }
  return "unknown";
}

}  // namespace pmsim
