#pragma once
//! \file contract_statistic.h
//! A statistic of a contract's horizon result, by name, with its Monte Carlo SE: what
//! `pmsim solve --target` and `pmsim run --until-se` aim at. `p_loss`, `var95`, `es95`,
//! `var99`, `es99` are of the horizon provider_margin (statistics.h's definitions), `p_ruin`
//! is the share of replications whose cash went below zero (provider_cash_low's p_loss), and
//! any other name is a metric of the contract, whose horizon mean is meant.
//!
//! SEs, for n replications (x_(1) <= ... <= x_(n) the sorted horizon values):
//!  - a mean: sd / sqrt(n);
//!  - p_loss, p_ruin: sqrt(p (1 - p) / n), the binomial SE;
//!  - VaR at level a (tail share t = 1 - a): the quantile's SE from the order statistics one
//!    binomial SD either side of it, (Q(t + h) - Q(t - h)) / 2 with h = sqrt(t (1 - t) / n) and
//!    Q the sample quantile (R type 7), t -+ h kept within [0, 1] (then scaled to the same h):
//!    sqrt(t (1 - t) / n) / f(q_t) with the density from the sample, distribution-free;
//!  - ES at level a: the asymptotic SE of the tail mean, sqrt((s^2 + (1 - t)(x_(k) - m)^2) / (n t)),
//!    with k = max(1, ceil(n t)) as in ES, m and s^2 the mean and variance of the k smallest values.
//! NaN with fewer than 2 replications.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "results/results.h"

namespace pmsim {

struct ContractStatistic {
  std::string metric;  //!< the metric whose horizon values it is of
  std::string column;  //!< the summary column (statistics.h): mean, p_loss, var95, ...
};

//! The statistic called `name` (p_loss, p_ruin, var95, es95, var99, es99, or a metric's name).
ContractStatistic contract_statistic(const std::string& name);
//! True for p_loss, p_ruin and the VaR and ES: not a metric's mean.
bool is_tail_statistic(const std::string& name);

//! The statistic of `values` (horizon values) by summary column.
double statistic_of(std::span<const double> values, const std::string& column);
//! Its SE (the file comment's estimators).
double statistic_se(std::span<const double> values, const std::string& column);

//! "CONTRACT.STATISTIC=VALUE" (the command line's targets) in its three parts; nullopt when it
//! is not of that form. The statistic is after the last '.' before the '=' (statistics and
//! metrics have no '.', contract names may).
struct StatisticArgument {
  std::string contract, statistic, value;
};
std::optional<StatisticArgument> split_statistic_argument(const std::string& text);
//! The whole of `text` as a finite number (std::from_chars), or nullopt.
std::optional<double> finite_number(std::string_view text);

//! Why `layout` (a run's results, replications or not) has no statistic `statistic` of
//! contract `contract`: "no contract 'x' in the scenario (accepted: ...)" or "contract 'x'
//! has no metric or statistic 'y' (accepted: ...)", with a suggestion for a near miss;
//! nullopt when it has it. The commands that take CONTRACT.STATISTIC check with it.
std::optional<std::string> contract_statistic_problem(const RunResults& layout, const std::string& contract,
                                                      const std::string& statistic);

//! The horizon values, one a replication, of metric `metric` of contract `contract`.
std::vector<double> contract_horizon_values(const RunResults& results, const std::string& contract,
                                            const std::string& metric);

}  // namespace pmsim
