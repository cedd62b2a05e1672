#pragma once
//! \file read_decomposition.h
//! The variance decomposition of a results tree, read back: the tables
//! /contracts/<contract>/variance_decomposition/<outcome> (float64 [Y + 1, 5], written with
//! simulation.variance_decomposition; columns variance_split_columns()), one period's row
//! each. Read defensively, as the tornado: a file without the tables has none, and a table
//! without the documented layout is skipped with the reason, not an error.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/variance_decomposition.h"

namespace pmsim {

struct StoredSplit {
  std::string contract;
  std::string outcome;  //!< provider_margin, provider_revenue, payer_spend, payer_savings
  VarianceSplit split;  //!< the row of the period asked for
};

struct DecompositionSection {
  bool present = false;              //!< some contract of the file has a variance_decomposition group
  std::vector<StoredSplit> splits;   //!< of the contracts asked for, in their order, outcomes by name
  std::vector<std::string> skipped;  //!< "<table>: <why>" for tables without the layout
  //! The split of `outcome` of `contract`, or nullptr.
  const VarianceSplit* find(const std::string& contract, const std::string& outcome) const;
};

//! The decomposition of the performance year `year` (1-based) or of the horizon, for
//! `contracts` of the results tree at `group` ("/", or a sweep's point "/sweep/3") of the
//! file `path` (which has `years` performance years). Skipped tables are named by their path
//! in the file; so are the tables in `damaged` (objects verify_results_file named, in a file
//! read all the same), which are not read. Throws std::runtime_error only if the file cannot be opened.
DecompositionSection read_decomposition_section(const std::string& path, const std::vector<std::string>& contracts,
                                                int years, std::optional<int> year, const std::string& group = "/",
                                                const std::set<std::string>& damaged = {});

//! The SE of the systematic share, as the run summary prints it: the SE of the systematic
//! variance over the total variance (whose own error is of a smaller order); NaN without a total.
double systematic_share_se(const VarianceSplit& v);

}  // namespace pmsim
