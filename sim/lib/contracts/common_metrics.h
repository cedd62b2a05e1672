#pragma once
//! \file common_metrics.h
//! The metrics every contract writes, whatever its type (a type's own are in its
//! metric_catalogue): what they are and how a year's value is read.

#include <span>

#include "claims/year_tally.h"
#include "contracts/payment_model.h"
#include "results/metric_spec.h"

namespace pmsim {

//! A metric read off the year's ledger, the year's tally and the provider's reserves at the
//! end of the year.
struct LedgerMetric {
  MetricSpec spec;
  double (*value)(const Ledger&, const YearTally&, double reserves);
};

//! provider_revenue, provider_cost, provider_margin, payer_spend, ... in output order.
std::span<const LedgerMetric> common_contract_metrics();
//! The quality score in force, for types with one (fixed_quality_score has a value).
const MetricSpec& quality_score_metric();
//! The provider's cash through the year (engine/cash_flow): its lowest point and drawdown.
const MetricSpec& cash_low_metric();
const MetricSpec& drawdown_metric();
//! Units of service delivered in a category, "utilization/<category>".
MetricSpec utilization_metric(Category c);

}  // namespace pmsim
