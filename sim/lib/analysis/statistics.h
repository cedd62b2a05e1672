#pragma once
//! \file statistics.h
//! Summary statistics of Monte Carlo output: one row of 16 numbers per sample.
//!
//! Definitions, for a sample x_1..x_n (one value per replication):
//!  - mean:   arithmetic mean (two-pass: a first estimate, then a correction by the mean
//!            of the residuals, so large offsets do not cost precision).
//!  - sd:     sample standard deviation, divisor n - 1 (0 when n = 1), computed from the
//!            residuals about the mean (two-pass; no "sum of squares minus square of sum").
//!  - mc_se:  Monte Carlo standard error of the mean, sd / sqrt(n).
//!  - qNN:    the NN-th percentile by linear interpolation between order statistics
//!            (R type 7, numpy's default): with x_(1) <= ... <= x_(n) and h = (n - 1) p,
//!            q_p = x_(floor h + 1) + (h - floor h) (x_(floor h + 2) - x_(floor h + 1)).
//!  - var95, var99: value at risk at level a, VaR_a = -q_{1-a} (var95 = -q05, var99 = -q01):
//!            a loss is positive, so for a margin this is the loss exceeded with
//!            probability about 1 - a.
//!  - es95, es99: expected shortfall, ES_a = -(mean of the k smallest values) with
//!            k = max(1, ceil(n (1 - a))) (k is computed in integer arithmetic).
//!  - p_loss: share of values strictly below 0.
//!  - cv:     coefficient of variation sd / |mean| (NaN when mean == 0).
//! If any value is NaN every statistic is NaN; an empty sample also gives all NaN.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "results/results.h"
#include "util/quantile.h"

namespace pmsim {

inline constexpr std::size_t kSummaryColumnCount = 16;
inline constexpr std::array<std::string_view, kSummaryColumnCount> kSummaryColumns = {
    "mean", "sd",  "mc_se", "q01",   "q05",  "q25",  "q50",    "q75",
    "q95",  "q99", "var95", "var99", "es95", "es99", "p_loss", "cv"};

//! Index of a column in kSummaryColumns; throws std::out_of_range for an unknown name.
std::size_t summary_column_index(std::string_view column);

struct Summary {
  std::array<double, kSummaryColumnCount> values{};  //!< in kSummaryColumns order
  //! The value of one column by name; throws std::out_of_range for an unknown name.
  double get(std::string_view column) const;
};

//! Summary of a sample (n >= 1; see the file comment for the definitions).
Summary summarize(std::span<const double> values);

//! Rows: one per year (cols of the metric) then one for the horizon (horizon_value per replication).
std::vector<Summary> summarize_metric(const Metric& m);

}  // namespace pmsim
