#pragma once
//! \file sweep_summary.h
//! The table `pmsim sweep` prints: one row per point and contract, with the horizon margin's
//! mean and Monte Carlo SE, SD, VaR95, ES95, P(loss), P(ruin) and the payer's savings in the
//! table's money unit; sorted by --rank and filtered by --where (analysis/sweep_selection.h),
//! with a column for each statistic they name.

#include <optional>
#include <string>
#include <vector>

#include "analysis/run_analysis.h"
#include "analysis/sweep_selection.h"
#include "output/table_units.h"
#include "results/results.h"

namespace pmsim {

class SweepSummary {
 public:
  SweepSummary(const std::vector<std::string>& keys, const TableUnits& units, std::optional<RowRank> rank = {},
               std::vector<RowFilter> filters = {});
  //! The rows of one point: `values` (one per key), its results and their analysis (analyse_run).
  void add_point(const std::vector<std::string>& values, const RunResults& results, const RunAnalysis& analysis);
  //! The table, ranked and filtered, with a title and a legend.
  std::string render() const;

 private:
  struct Row {
    std::vector<std::string> cells;
    std::vector<double> criteria;  //!< the rank's statistic (if any), then each filter's
  };
  std::vector<std::string> keys_;
  TableUnits units_;
  std::optional<RowRank> rank_;
  std::vector<RowFilter> filters_;
  std::vector<RowStatistic> extra_;  //!< the statistics of rank and filters, a column each
  std::size_t points_ = 0;
  std::vector<Row> rows_;
};

}  // namespace pmsim
