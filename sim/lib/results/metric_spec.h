#pragma once
//! \file metric_spec.h
//! What a metric is (name, unit, how it adds up over the horizon, description): the entries
//! of the metric catalogues that each contract type and the population keep of their own.

#include <string_view>

namespace pmsim {

//! How a metric adds up over the horizon: flows are summed over years, stocks (reserves)
//! are summarised by their minimum over the horizon (the worst point), peaks (drawdowns) by
//! their maximum.
enum class Aggregation { flow, stock, peak };

//! An entry of a metric catalogue.
struct MetricSpec {
  std::string_view name;  //!< dataset path relative to its group, e.g. "provider_margin"
  std::string_view unit;  //!< "USD", "member-years", "indicator", ...
  std::string_view description;
  Aggregation aggregation = Aggregation::flow;
};

}  // namespace pmsim
