// pmsim merge: the part files of a run split by pmsim run --shard joined into the run's file,
// the same bit for bit as one process's `pmsim run -r R` (provenance aside): the parts'
// per-replication matrices stitched in replication order, every summary, decomposition and
// tornado computed again from the stitched rows.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "analysis/run_analysis.h"
#include "commands.h"
#include "engine/replication_batches.h"
#include "output/hdf5_writer.h"
#include "output/read_run_results.h"
#include "output/summary_table.h"
#include "results/shards.h"
#include "run_output.h"

namespace pmsim::cli {

void add_merge_command(CLI::App& app, MergeArgs& args) {
  auto* cmd = app.add_subcommand(
      "merge", "Join the part files of a run split with pmsim run --shard into the run's results file");
  cmd->add_option("parts", args.parts, "Part files (pmsim run --shard I/N), in any order")
      ->required()
      ->expected(1, 100000000);
  cmd->add_option("-o,--output", args.output, "The run's results file")->required();
  add_units_option(cmd, args.units);
  cmd->add_flag("--force", args.force, "Overwrite an existing results file");
  cmd->add_flag("-q,--quiet", args.quiet, "Do not print the summary table");
}

namespace {

struct Part {
  std::string path;
  RunIdentity identity;
};

// Why `part` cannot be merged with `first` (the first part named), or "": the same scenario
// text, seed, pmsim and replications.
std::string mismatch(const Part& first, const Part& part) {
  const RunIdentity& a = first.identity;
  const RunIdentity& b = part.identity;
  const std::string both = " (" + first.path + " vs " + part.path + ")";
  if (a.pmsim_version != b.pmsim_version || a.git_commit != b.git_commit)
    return "written by another pmsim: " + a.pmsim_version + " (git " + a.git_commit + ") vs " + b.pmsim_version +
           " (git " + b.git_commit + ")" + both;
  if (a.scenario_text != b.scenario_text) return "from another scenario text" + both;
  if (a.seed != b.seed) return "another seed: " + std::to_string(a.seed) + " vs " + std::to_string(b.seed) + both;
  if (a.run_replications != b.run_replications)
    return "parts of runs of other lengths: " + std::to_string(a.run_replications) + " vs " +
           std::to_string(b.run_replications) + " replications" + both;
  if (a.member_file != b.member_file)
    return "runs seeded from different member files (their member_file_sha256 or member_file_rows differ)" + both;
  if (a.scenario_resolved != b.scenario_resolved)
    return "the same scenario text run with other command-line overrides (their resolved scenarios differ)" + both;
  return "";
}

// The parts read and checked, in replication order; throws BadInputError naming every problem.
std::vector<Part> checked_parts(const MergeArgs& args) {
  std::vector<Part> parts;
  for (const std::string& path : args.parts) {
    std::vector<FileProblem> damaged;
    if (!admit_results_file(path, false, damaged)) throw BadInputError(path + ": a damaged file cannot be merged");
    try {
      parts.push_back({path, read_run_identity(path)});
    } catch (const RunResultsReadError& e) {
      throw BadInputError(e.what());
    }
    if (!parts.back().identity.shard)
      throw BadInputError(path + ": not a part file (written by pmsim run --shard I/N)");
  }
  std::vector<std::string> problems;
  for (const Part& p : parts)
    if (const std::string why = mismatch(parts.front(), p); !why.empty()) problems.push_back(why);
  if (problems.empty()) {
    std::vector<PartRange> ranges;
    for (const Part& p : parts) ranges.push_back({p.path, p.identity.range});
    problems = coverage_problems(ranges, parts.front().identity.run_replications);
  }
  if (!problems.empty()) {
    std::string message = "the parts do not make one run:";
    for (const std::string& p : problems) message += "\n  " + p;
    throw BadInputError(message + "\nnothing written");
  }
  std::stable_sort(parts.begin(), parts.end(),
                   [](const Part& a, const Part& b) { return a.identity.range.first < b.identity.range.first; });
  return parts;
}

}  // namespace

int merge_command(const MergeArgs& args, int argc, char** argv) {
  const std::vector<Part> parts = checked_parts(args);
  const auto file = open_output<ResultsFileWriter>(args.output + " exists; use --force to overwrite it", args.output,
                                                   args.force ? IfExists::replace : IfExists::refuse);
  if (!file) return kExitBadInput;

  const auto start = std::chrono::steady_clock::now();
  RunResults merged;
  for (const Part& p : parts) {
    RunResults part;
    try {
      part = read_run_results(p.path, p.identity);
    } catch (const RunResultsReadError& e) {
      throw BadInputError(e.what());
    }
    // The amounts a run resolves once (a truncation percentile's) are the same in every part.
    for (std::size_t c = 0; c < merged.contracts.size(); ++c)
      if (part.contracts[c].attributes != merged.contracts[c].attributes)
        throw BadInputError(p.path + ": contract '" + part.contracts[c].name + "' has other attributes than in " +
                            parts.front().path + "; nothing written");
    append_replications(merged, std::move(part));
  }
  const RunIdentity& id = parts.front().identity;
  RunMetadata meta;
  meta.scenario_file = id.scenario_file;
  meta.scenario_text = id.scenario_text;
  meta.scenario_resolved = id.scenario_resolved;
  meta.command_line = joined_command_line(argc, argv);  // names the parts: the provenance of the merge
  meta.threads = 1;
  const RunAnalysis analysis = analyse_run(merged);
  meta.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_results(*file, merged, analysis, meta);
  if (!args.quiet)
    std::cout << "pmsim merge: " << parts.size() << " parts, replications 0.." << merged.replications - 1
              << " of scenario '" << merged.scenario.simulation.name << "', seed " << merged.scenario.simulation.seed
              << "; results in " << args.output << '\n'
              << format_summary_table(merged, analysis, table_units(args.units));
  return 0;
}

}  // namespace pmsim::cli
