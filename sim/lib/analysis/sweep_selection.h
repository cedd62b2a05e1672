#pragma once
//! \file sweep_selection.h
//! What `pmsim sweep --rank` and `--where` sort and filter its table by: a statistic of a
//! contract's horizon result (contract_statistic.h's names: p_loss, p_ruin, var95, es95,
//! var99, es99 or a metric's mean), either of each row's own contract ("p_loss") or of one
//! contract at each point ("cap.p_loss"), which moves or keeps the point's rows together.
//!
//! --rank puts the best first: the lowest risk (p_loss, p_ruin, VaR, ES) and the highest mean
//! (margin, savings); ":asc" or ":desc" after the statistic says otherwise. Rows without the
//! statistic (a contract without that metric) come last and fail every --where.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "results/results.h"

namespace pmsim {

//! A --rank or --where argument that cannot be read or names what the scenario lacks.
class SweepSelectionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct RowStatistic {
  std::string contract;  //!< "": each row's own contract
  std::string statistic;
  std::string name() const { return contract.empty() ? statistic : contract + "." + statistic; }
};

struct RowRank {
  RowStatistic of;
  bool ascending = true;
};

enum class Comparison { less, less_equal, greater, greater_equal };

struct RowFilter {
  RowStatistic of;
  Comparison comparison = Comparison::less;
  double value = 0;
  //! False for NaN (a row without the statistic).
  bool accepts(double x) const;
};

//! "[CONTRACT.]STATISTIC[:asc|:desc]".
RowRank parse_row_rank(const std::string& argument);
//! "[CONTRACT.]STATISTIC<VALUE" with <, <=, > or >=; VALUE a finite number.
RowFilter parse_row_filter(const std::string& argument);

//! Throws SweepSelectionError (naming `option`) unless `layout` (a run's results, replications
//! or not) has the statistic: of its contract, or of at least one contract when it names none.
void check_row_statistic(const RowStatistic& s, const RunResults& layout, const std::string& option);

//! The statistic for the row of contract `row_contract` in `results`; NaN when that
//! contract (or the one it names) lacks it.
double row_statistic_value(const RowStatistic& s, const RunResults& results, const std::string& row_contract);

}  // namespace pmsim
