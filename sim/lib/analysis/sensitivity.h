#pragma once
//! \file sensitivity.h
//! Which uncertain parameters move an outcome (probabilistic sensitivity analysis): the rank
//! correlation of each parameter's drawn values with the outcome over the replications, and
//! a tornado ordering by the outcome's mean in the parameter's lowest and highest deciles.

#include <span>
#include <string>
#include <vector>

#include "results/results.h"

namespace pmsim {

//! Ranks 1..n of `x`, ties sharing the mean of their ranks.
std::vector<double> average_ranks(std::span<const double> x);

//! Spearman's rank correlation: the Pearson correlation of the average ranks. NaN when either
//! sample is constant or has fewer than 2 values.
double rank_correlation(std::span<const double> x, std::span<const double> y);

struct ParameterSensitivity {
  std::size_t parameter = 0;  //!< index in Scenario::uncertain
  double rank_correlation = 0;
  //! Mean outcome over the replications whose draw of the parameter is among the lowest
  //! (highest) max(1, floor(n / 10)), ties broken by replication order; swing = high - low
  //! (0, and low = high = the mean, for a parameter that never varies).
  double low = 0;
  double high = 0;
  double swing = 0;
};

//! One entry per column of `parameters` ([replications, P]) for `outcome` (one value per
//! replication), in tornado order: largest |swing| first, ties by parameter index.
std::vector<ParameterSensitivity> tornado(const Matrix& parameters, std::span<const double> outcome);

//! The outcomes a sensitivity report covers, per contract: horizon values of these metrics.
inline const std::vector<std::string>& sensitivity_outcomes() {
  static const std::vector<std::string> outcomes = {"provider_margin", "payer_savings", "provider_cash_low"};
  return outcomes;
}

}  // namespace pmsim
