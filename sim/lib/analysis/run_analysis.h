#pragma once
//! \file run_analysis.h
//! Everything computed from a run's per-replication results that the writers show: the
//! summary statistics of every contract metric (per year and over the horizon), the variance
//! decomposition of every outcome with a twin, and, for a run with uncertain parameters,
//! each parameter's nominal value and the tornado of each sensitivity outcome. The writers
//! (output/) serialise or format these numbers; they compute none.

#include <string>
#include <vector>

#include "analysis/sensitivity.h"
#include "analysis/statistics.h"
#include "analysis/variance_decomposition.h"
#include "results/results.h"

namespace pmsim {

//! The tornado of one outcome (horizon values of a contract metric, sensitivity_outcomes()).
struct OutcomeSensitivity {
  std::string outcome;                        //!< the metric's name
  std::vector<ParameterSensitivity> tornado;  //!< in tornado order
};

struct ContractAnalysis {
  std::string contract;
  //! Per metric of ContractResults::metrics (same order): summarize_metric, one row per
  //! performance year then the horizon.
  std::vector<std::vector<Summary>> summaries;
  //! Per twin of ContractResults::twins (same order): decompose_metric of the metric and its
  //! twin, one row per year then the horizon.
  std::vector<std::vector<VarianceSplit>> decompositions;
  //! Per sensitivity_outcomes() when the scenario has uncertain parameters, else empty.
  std::vector<OutcomeSensitivity> sensitivity;

  //! The summary rows of the metric `name` of `results` (the contract this analyses).
  const std::vector<Summary>& summary(const ContractResults& results, const std::string& name) const;
  //! The horizon row of that metric.
  const Summary& horizon(const ContractResults& results, const std::string& name) const {
    return summary(results, name).back();
  }
};

struct RunAnalysis {
  std::vector<ContractAnalysis> contracts;  //!< per RunResults::contracts, same order
  //! nominal_value of each uncertain parameter (Scenario::uncertain order).
  std::vector<double> parameter_nominals;
};

//! The analysis of `results`. Throws std::invalid_argument for a matrix whose size does not
//! match its shape, std::out_of_range when a run with uncertain parameters lacks a
//! sensitivity outcome.
RunAnalysis analyse_run(const RunResults& results);

}  // namespace pmsim
