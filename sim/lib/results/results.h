#pragma once
//! \file results.h
//! Per-replication results of a run, in memory: what the writers and summaries read.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/scenario.h"
#include "results/metric_spec.h"

namespace pmsim {

//! A row-major [rows, cols] table of doubles: rows are replications, columns years.
struct Matrix {
  Matrix() = default;
  Matrix(std::int64_t r, int c) : rows(r), cols(c), values(static_cast<std::size_t>(r) * c, 0.0) {}
  double& operator()(std::int64_t r, int c) { return values[static_cast<std::size_t>(r) * cols + c]; }
  double operator()(std::int64_t r, int c) const { return values[static_cast<std::size_t>(r) * cols + c]; }
  std::int64_t rows = 0;
  int cols = 0;
  std::vector<double> values;
};

//! Aggregation (results/metric_spec.h), in words and back.
//! Every aggregation, in declaration order (what parse_aggregation accepts).
inline constexpr Aggregation kAggregations[] = {Aggregation::flow,      Aggregation::stock, Aggregation::peak,
                                                Aggregation::indicator, Aggregation::level, Aggregation::label};

//! The name stored in a metric's `aggregation` attribute: "flow", "stock", "peak", ...
std::string_view to_string(Aggregation a);
//! The inverse of to_string; nullopt for any other text.
std::optional<Aggregation> parse_aggregation(std::string_view text);
//! The accepted names in words, for messages: "flow, stock or peak".
std::string aggregation_names();
//! How the horizon value is formed, in words: "sum over years", "minimum over years", ...
std::string_view horizon_description(Aggregation a);

struct Metric {
  std::string name;  //!< dataset path relative to its group, e.g. "provider_margin"
  std::string unit;  //!< "USD", "member-years", "units", ...
  std::string description;
  Aggregation aggregation = Aggregation::flow;
  Matrix values;
};

//! A metric of `spec` with a [rows, cols] matrix of zeros.
Metric make_metric(const MetricSpec& spec, std::int64_t rows, int cols);

struct ContractResults {
  std::string name;
  std::string type;             //!< its payment model (ContractType's name)
  std::vector<Metric> metrics;  //!< each [replications, years]
  //! Numbers the engine resolved for this contract (e.g. truncation_amount), written as
  //! attributes of the contract's group.
  std::vector<std::pair<std::string, double>> attributes;
  //! With simulation.variance_decomposition: provider_margin, provider_revenue, payer_spend and
  //! payer_savings of each replication's twin (new members, same shocks and parameters), [replications, years] each.
  std::vector<Metric> twins;

  const Metric& metric(const std::string& name) const;
};

struct RunResults {
  Scenario scenario;  //!< as run (after command-line overrides)
  std::int64_t first_replication = 0;
  std::int64_t replications = 0;
  int years = 0;  //!< performance years
  int baseline_years = 0;
  std::vector<ContractResults> contracts;
  std::vector<Metric> population;  //!< each [replications, baseline_years + years]
  //! [replications, scenario.uncertain.size()]: each replication's drawn values.
  Matrix parameters;
  //! The member file the panel was seeded from (population.members), if any.
  std::optional<MemberFileFingerprint> member_file;

  const ContractResults& contract(const std::string& name) const;
  const Metric& population_metric(const std::string& name) const;
};

//! The horizon value of one replication's years (in year order): the sum over years (flows),
//! the minimum (stocks), the maximum (peaks), the mean (indicators, levels) or the last year's
//! value (labels); NaN for no years unless a flow (0). The one place that says how years add
//! up: the run's summaries, its sensitivity and every reader of a results file call it.
double horizon_value(Aggregation a, std::span<const double> years);
//! The horizon value of row `replication` of the metric's matrix.
double horizon_value(const Metric& m, std::int64_t replication);

}  // namespace pmsim
