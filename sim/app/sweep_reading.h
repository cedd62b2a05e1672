#pragma once
// pmsim summarize and compare on a sweep file: each point's results tree (/sweep/<index>) is
// read in place (ResultFile::open(path, group), sim/lib/output/read_result_file.h), and
// messages name it FILE:/sweep/<index>.
#include <optional>
#include <CLI/CLI.hpp>

#include "commands.h"

namespace pmsim::cli {

//! Adds --point I to `pmsim summarize` (only a sweep file has points).
void add_sweep_point_option(CLI::App& app, std::optional<int>& point);

//! pmsim summarize on a sweep file: `point`, or every point one after the other (table only;
//! csv and json need --point). Without a sweep file, summarize_command unless --point is given.
int summarize_points_command(const SummarizeArgs& args, const std::optional<int>& point);

//! pmsim compare where files may be sweeps: each sweep file stands for its points in order.
int compare_points_command(const CompareArgs& args);

}  // namespace pmsim::cli
