#pragma once
//! \file summary_table.h
//! The terminal summary printed at the end of a run: per contract, horizon totals with
//! their Monte Carlo error and the provider's downside risk.

#include <string>

#include "analysis/run_analysis.h"
#include "output/table_units.h"
#include "results/results.h"

namespace pmsim {

std::string format_run_header(const RunResults& results, const std::string& output_path, double seconds, int threads);
//! The table of `results` from its `analysis` (analyse_run) in `units`: formats, computes nothing.
std::string format_summary_table(const RunResults& results, const RunAnalysis& analysis,
                                 const TableUnits& units = TableUnits());

}  // namespace pmsim
