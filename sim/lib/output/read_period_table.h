#pragma once
//! \file read_period_table.h
//! One period's row of a stored per-period table: a float64 [years + 1, C] dataset whose
//! rows are "year 1" .. "year Y" then "horizon" (attribute `rows`, optional) and whose columns
//! are named by the string attribute `columns`. The summary tables and the variance
//! decomposition tables of a results file have this layout (docs/output.md).

#include <optional>
#include <string>
#include <vector>

namespace pmsim {

struct PeriodRow {
  std::vector<double> values;  //!< one per requested column, in the requested order
  std::string why_not;         //!< "" when read; otherwise why the table does not have the layout
};

//! The row of performance year `year` (1-based) or, without it, the horizon row, of the table
//! `table` in the file `path`, for `columns` (found by name, in any stored order).
PeriodRow read_period_row(const std::string& path, const std::string& table, const std::vector<std::string>& columns,
                          int years, std::optional<int> year);

}  // namespace pmsim
