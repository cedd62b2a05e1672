#pragma once
//! \file population_metrics.h
//! The metrics of the simulated population (the results' population group): what they are
//! and how a year's value is read off the year's tally.

#include <functional>
#include <span>

#include "claims/year_tally.h"
#include "results/metric_spec.h"

namespace pmsim {

//! A population metric read off the year's tally.
struct TallyMetric {
  MetricSpec spec;
  std::function<double(const YearTally&)> value;
};

//! member_years, risk_member_years, entrants, ..., then counts/<category> and
//! claims/<category>, in output order.
std::span<const TallyMetric> population_metrics();
//! Member-years enrolled in an intervention, "enrolled/<intervention>" (the name is the prefix).
const MetricSpec& enrolled_metric();
//! Whether a shock hit the year, "shocks/<shock>" (the name is the prefix).
const MetricSpec& shock_metric();

}  // namespace pmsim
