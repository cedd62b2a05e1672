#pragma once
//! \file summary_table.h
//! The terminal summary printed at the end of a run: per contract, horizon totals with
//! their Monte Carlo error and the provider's downside risk.

#include <string>

#include "results/results.h"

namespace pmsim {

std::string format_run_header(const RunResults& results, const std::string& output_path, double seconds, int threads);
std::string format_summary_table(const RunResults& results);

}  // namespace pmsim
