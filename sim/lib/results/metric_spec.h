#pragma once
//! \file metric_spec.h
//! What a metric is (name, unit, how it adds up over the horizon, description): the entries
//! of the metric catalogues that each contract type and the population keep of their own.

#include <string_view>

namespace pmsim {

//! How a metric adds up over the horizon (its horizon value, results/results.h): flows are
//! summed over years; stocks (reserves) are summarised by their minimum over the horizon (the
//! worst point), peaks (drawdowns) by their maximum; indicators (1 if something happened in the
//! year, else 0) by their mean, the share of years it happened in; levels (a score or rate in
//! force in the year) by their mean; labels (a stage number) by the last year's value. Only
//! money and counts are ever summed.
enum class Aggregation { flow, stock, peak, indicator, level, label };

//! An entry of a metric catalogue.
struct MetricSpec {
  std::string_view name;  //!< dataset path relative to its group, e.g. "provider_margin"
  std::string_view unit;  //!< "USD", "member-years", "indicator", ...
  std::string_view description;
  Aggregation aggregation = Aggregation::flow;
};

}  // namespace pmsim
