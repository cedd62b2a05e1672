#pragma once
//! \file sweep_summary.h
//! The table `pmsim sweep` prints: one row per point and contract, with the horizon margin's
//! mean and Monte Carlo SE, SD, VaR95, ES95, P(loss), P(ruin) and the payer's savings, in USD.

#include <string>
#include <vector>

#include "analysis/run_analysis.h"
#include "results/results.h"
#include "util/text_table.h"

namespace pmsim {

class SweepSummary {
 public:
  explicit SweepSummary(const std::vector<std::string>& keys);
  //! The rows of one point: `values` (one per key), its results and their analysis (analyse_run).
  void add_point(const std::vector<std::string>& values, const RunResults& results, const RunAnalysis& analysis);
  //! The table with a title and a legend.
  std::string render() const;

 private:
  std::size_t points_ = 0;
  TextTable table_;
};

}  // namespace pmsim
