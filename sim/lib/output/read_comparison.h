#pragma once
//! \file read_comparison.h
//! The runs `pmsim compare` compares, gathered from results trees (analysis/run_comparison.h
//! computes the comparison from them).

#include <vector>

#include "analysis/run_comparison.h"
#include "output/read_result_file.h"

namespace pmsim {

//! Each file as compare_runs takes it: its name and provenance, and per contract and metric
//! the horizon estimate (from the stored summary table, else recomputed) and, for a file
//! paired with the first (and for the first when any is), the horizon values. Throws
//! ResultFileError as the reads of ResultFile do; with `left_out`, a metric that cannot be read
//! (a damaged file read all the same) is left out instead and named there.
std::vector<ComparedRun> read_compared_runs(const std::vector<ResultFile>& files,
                                            std::vector<std::string>* left_out = nullptr);

}  // namespace pmsim
