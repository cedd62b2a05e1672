#pragma once
//! \file variance_decomposition.h
//! Systematic and idiosyncratic risk. Each replication is paired with a twin: new members
//! (independent draws) under the same replication-wide draws (shocks, uncertain parameters).
//! For an outcome X and its twin X', Cov(X, X') = Var(E[X | systematic draws]) (the
//! "pick-freeze" estimator of a first-order variance share): the part of the variance that a
//! larger panel would not diversify away. The rest, Var(X) - Cov(X, X'), is idiosyncratic.

#include <span>
#include <string>
#include <vector>

#include "results/results.h"

namespace pmsim {

struct VarianceSplit {
  double total = 0;             //!< Var(X), pooled over the replications and their twins
  double systematic = 0;        //!< Cov(X, X'): unbiased, so it may come out slightly negative
  double idiosyncratic = 0;     //!< total - systematic
  double systematic_share = 0;  //!< systematic / total (NaN when total is 0)
  double systematic_se = 0;     //!< Monte Carlo SE of `systematic`
};

//! The split of one outcome from its values x (one per replication) and its twins' x_twin.
VarianceSplit split_variance(std::span<const double> x, std::span<const double> x_twin);

//! The columns of a decomposition table, in VarianceSplit order.
inline const std::vector<std::string>& variance_split_columns() {
  static const std::vector<std::string> columns = {"total_variance", "systematic_variance", "idiosyncratic_variance",
                                                   "systematic_share", "systematic_variance_se"};
  return columns;
}

//! One row per year of `m` then the horizon (sum over years), for the metric `m` and the
//! same metric of the twins (`twin`, [replications, years]).
std::vector<VarianceSplit> decompose_metric(const Matrix& m, const Matrix& twin);

}  // namespace pmsim
