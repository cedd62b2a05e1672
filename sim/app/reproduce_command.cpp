// pmsim reproduce: re-run the run stored in a results file (its resolved scenario, seed and
// replications) and check that the new file is the same bit for bit.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "analysis/run_analysis.h"
#include "commands.h"
#include "engine/engine.h"
#include "interrupts.h"
#include "output/exact_comparison.h"
#include "output/hdf5_writer.h"
#include "output/read_hdf5.h"
#include "output/read_result_file.h"
#include "output/read_run_results.h"
#include "output/sweep_file.h"
#include "output/text_format.h"
#include "pmsim/version.h"
#include "run_output.h"
#include "scenario/scenario_yaml.h"
#include "util/temporary_files.h"

namespace pmsim::cli {

namespace fs = std::filesystem;

void add_reproduce_command(CLI::App& app, ReproduceArgs& args) {
  auto* cmd = app.add_subcommand(
      "reproduce", "Re-run the run stored in a results file and check that it comes out bit for bit the same");
  cmd->add_option("file", args.file, "Results file written by pmsim run")->required();
  cmd->add_option("-j,--threads", args.threads, "Threads (default: all cores); results do not depend on it")
      ->transform(decimal_integer(0, 1024));
  cmd->add_option("--keep", args.keep, "Keep the new results in this file (default: a temporary file, removed)");
  cmd->add_option("--members", args.members,
                  "The member file the run was seeded from (default: its population.members beside the scenario "
                  "file); its SHA-256 must be the one the results file records");
  add_allow_damaged_option(cmd, args.allow_damaged);
}

namespace {

// Root attributes that differ between two runs of the same scenario by design: not compared.
const std::set<std::string> kDifferByRun = {"created",      "wall_seconds",  "threads",
                                            "command_line", "scenario_file", "simd_target"};
// The build: a rebuilt binary may well give the same numbers, so a difference is a note.
const std::set<std::string> kBuild = {"pmsim_version", "git_commit"};

// The command line as a shell would need it, each argument with blanks or quotes quoted.
std::string shell_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`;&|<>()*?") == std::string::npos;
    std::string quoted = "'";
    for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += (i ? " " : "") + (plain ? arg : quoted + "'");
  }
  return line;
}

// The new results file, once written, removed on the way out (or by an interruption) unless
// it is to be kept.
class RemoveUnlessKept {
 public:
  RemoveUnlessKept(fs::path path, bool keep) : path_(std::move(path)), keep_(keep) {
    if (!keep_) TemporaryFiles::instance().add(path_, "the new results (" + path_.string() + ")", [] {});
  }
  ~RemoveUnlessKept() {
    if (!keep_) TemporaryFiles::instance().remove(path_);
  }
  RemoveUnlessKept(const RemoveUnlessKept&) = delete;
  RemoveUnlessKept& operator=(const RemoveUnlessKept&) = delete;

 private:
  fs::path path_;
  bool keep_;
};

std::string dataset_difference_text(const DatasetDifference& d) {
  std::string out = "  " + d.dataset + ": ";
  if (d.what != "values") return out + d.what + "\n";
  out += std::to_string(d.differing) + " of " + std::to_string(d.elements) + " values differ";
  if (!d.largest_position.empty())
    out += "; largest absolute difference " + shortest_number(d.largest_difference) + " at " + d.largest_position;
  if (d.nan_mismatches > 0) out += "; " + std::to_string(d.nan_mismatches) + " with a NaN on one side";
  return out + "; first difference at " + d.first_position + " (index " + std::to_string(d.first_index) + ")\n";
}

std::string report(const ExactComparison& c, const std::string& original, const std::string& reproduced) {
  std::string out = "not compared (they differ from run to run by design): root attributes";
  for (const std::string& name : kDifferByRun) out += " " + name;
  out += "\n";
  if (c.identical()) {
    out += "bit-identical: " + std::to_string(c.datasets_compared) + " datasets (and " +
           std::to_string(c.attributes_compared) + " attributes)\n";
    for (const std::string& skipped : c.not_compared) out += "not compared: " + skipped + "\n";
    return out;
  }
  out += "NOT reproduced: " + std::to_string(c.datasets.size()) + " of " + std::to_string(c.datasets_compared) +
         " datasets differ (" + original + " vs " + reproduced + ")\n";
  for (const DatasetDifference& d : c.datasets) out += dataset_difference_text(d);
  for (const std::string& g : c.groups_only_in_a) out += "  group " + g + ": only in " + original + "\n";
  for (const std::string& g : c.groups_only_in_b) out += "  group " + g + ": only in " + reproduced + "\n";
  if (!c.attributes.empty()) out += "attributes that differ:\n";
  for (const AttributeDifference& a : c.attributes) out += "  " + a.object + " " + a.name + ": " + a.what + "\n";
  for (const std::string& skipped : c.not_compared) out += "not compared: " + skipped + "\n";
  return out;
}

// Where the new results go: --keep FILE (which must be new) or a temporary file, opened with
// `Writer` now (`args`: what it takes after the path). Prints the problem and returns nullptr
// for bad input.
template <class Writer, class... Args>
std::unique_ptr<Writer> new_results_file(const ReproduceArgs& args, Args&&... more) {
  const bool keep = !args.keep.empty();
  const fs::path output = keep ? fs::path(args.keep)
                               : fs::temp_directory_path() / ("pmsim-reproduce-" + std::to_string(::getpid()) + ".h5");
  return open_output<Writer>("--keep " + args.keep + ": the file exists; give a new path", output.string(),
                             std::forward<Args>(more)..., keep ? IfExists::refuse : IfExists::replace);
}

void print_version_note(const std::string& file, const std::string& version, const std::string& commit) {
  if (version != kVersion || commit != kGitCommit)
    std::cout << "note: " << file << " was written by pmsim " << version << " (git " << commit << "); this is pmsim "
              << kVersion << " (git " << kGitCommit << ")\n";
}

int compare_with_original(const ReproduceArgs& args, const fs::path& output, double seconds, int threads) {
  std::cout << "pmsim reproduce: re-ran it in " << readable_duration(seconds) << " on " << threads
            << " threads; new results in " << output.string() << (args.keep.empty() ? " (removed afterwards)" : "")
            << '\n';
  std::set<std::string> ignored = kDifferByRun;
  ignored.insert(kBuild.begin(), kBuild.end());
  const ExactComparison comparison = compare_exactly(args.file, output.string(), ignored);
  std::cout << report(comparison, args.file, output.string());
  return comparison.identical() ? 0 : kExitFailure;
}

// Reads the member file of a stored run into `scenario` (parsed MemberFileUse::path_only):
// --members PATH, else population.members beside the scenario file the run was made from.
// It must be the file the run was seeded from: the SHA-256 and rows `stored` in the results
// (the members themselves never are). Throws ResultFileError.
void attach_member_file(Scenario& scenario, const ReproduceArgs& args, const std::string& scenario_file,
                        const std::optional<MemberFileFingerprint>& stored) {
  const std::string& members = scenario.population.members;
  if (members.empty()) {
    if (!args.members.empty())
      throw ResultFileError("--members " + args.members + ": the run in " + args.file +
                            " has no member file (its scenario has no population.members)");
    return;
  }
  if (!stored)
    throw ResultFileError(args.file +
                          ": its scenario has population.members but the file records no member_file_sha256");
  const fs::path path = args.members.empty() ? fs::path(scenario_file).parent_path() / members : fs::path(args.members);
  const std::string seeded = "the run was seeded from member file '" + members + "' (" + std::to_string(stored->rows) +
                             " members, SHA-256 " + stored->sha256 + ")";
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw ResultFileError(args.file + ": " + seeded + "; it is not at " + path.string() +
                          ": give it with --members PATH");
  try {
    load_member_file(scenario, path.string());
  } catch (const ScenarioError& e) {
    throw ResultFileError(args.file + ": " + seeded + "; " + e.what());
  }
  if (scenario.population.member_panel->fingerprint() != MemberFileFingerprint{members, stored->sha256, stored->rows})
    throw ResultFileError(path.string() + ": not the member file the run was seeded from: " + seeded +
                          ", this one has " + std::to_string(scenario.population.member_panel->rows) +
                          " members, SHA-256 " + scenario.population.member_panel->sha256);
}

// One point of a sweep file, as stored: its resolved scenario (with its seed) and replications.
struct StoredPoint {
  Scenario scenario;
  std::int64_t first_replication = 0;
  std::int64_t replications = 0;
};

// A sweep file: every point re-run from its own resolved scenario into a new sweep file.
int reproduce_sweep(const ReproduceArgs& args, int argc, char** argv) {
  SweepContents sweep;
  std::vector<StoredPoint> points;
  std::string scenario_text, scenario_file, version, commit;
  try {
    sweep = read_sweep(args.file);
    for (const SweepPointInfo& info : sweep.points) {
      StoredPoint point;
      std::string resolved;
      try {
        resolved = read_string_attribute(args.file, info.group, "scenario_resolved");
        point.scenario.simulation.seed = read_uint64_attribute(args.file, info.group, "seed");
        point.first_replication = read_int64_attribute(args.file, info.group, "first_replication");
        point.replications = read_int64_attribute(args.file, info.group, "replications");
      } catch (const std::runtime_error& e) {
        throw ResultFileError(args.file + ": cannot reproduce " + info.group + ": " + e.what());
      }
      const std::uint64_t seed = point.scenario.simulation.seed;
      point.scenario =
          parse_scenario(resolved, args.file + " (" + info.group + " scenario_resolved)", MemberFileUse::path_only);
      point.scenario.simulation.seed = seed;
      points.push_back(std::move(point));
    }
    std::vector<std::optional<MemberFileFingerprint>> fingerprints;
    try {
      scenario_text = read_string_attribute(args.file, "/", "scenario_text");
      scenario_file = read_string_attribute(args.file, "/", "scenario_file");
      version = read_string_attribute(args.file, "/", "pmsim_version");
      commit = read_string_attribute(args.file, "/", "git_commit");
      for (const SweepPointInfo& info : sweep.points)
        fingerprints.push_back(read_member_file_fingerprint(args.file, info.group));
    } catch (const std::runtime_error& e) {
      throw ResultFileError(args.file + ": cannot reproduce it: " + e.what());
    }
    for (std::size_t i = 0; i < points.size(); ++i)
      attach_member_file(points[i].scenario, args, scenario_file, fingerprints[i]);
  } catch (const ResultFileError& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const ScenarioError& e) {
    std::cerr << "pmsim: " << args.file << ": a resolved scenario does not parse with this pmsim:\n"
              << e.what() << '\n';
    return kExitBadInput;
  }
  const auto file = new_results_file<SweepFileWriter>(args, sweep.keys, sweep.zip_keys);
  if (!file) return kExitBadInput;
  const fs::path output = file->path();

  std::cout << "pmsim reproduce: " << args.file << ": a sweep of " << points.size() << " points, seed "
            << points.front().scenario.simulation.seed << ", " << points.front().replications << " replications each\n";
  print_version_note(args.file, version, commit);
  const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < points.size(); ++i) {
    RunOptions options;
    options.first_replication = points[i].first_replication;
    options.replications = points[i].replications;
    note_point(i, points.size());
    options.progress = replication_counter(points[i].replications);
    const RunResults results = run_simulation(Simulation(points[i].scenario), options);
    file->add_point(sweep.points[i].values, results, analyse_run(results), to_yaml(points[i].scenario));
  }
  RunMetadata meta;
  meta.scenario_file = scenario_file;
  meta.scenario_text = scenario_text;
  meta.command_line = shell_command_line(argc, argv);
  meta.threads = threads;
  meta.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  file->finish(meta);
  const RemoveUnlessKept cleanup(output, !args.keep.empty());
  return compare_with_original(args, output, meta.wall_seconds, threads);
}

}  // namespace

int reproduce_command(const ReproduceArgs& args, int argc, char** argv) {
  std::vector<FileProblem> damaged;  // the differences from the new run name them again
  if (!admit_results_file(args.file, args.allow_damaged, damaged)) return kExitBadInput;
  handle_interruptions();  // after the verifier's child process: main.cpp
  if (is_sweep_file(args.file)) return reproduce_sweep(args, argc, argv);
  // Everything that can be bad input is checked before anything runs or is written.
  Scenario scenario;
  Provenance p;
  std::optional<Shard> shard;
  std::optional<MemberFileFingerprint> member_file;
  std::string scenario_text, scenario_file;
  try {
    const ResultFile file = ResultFile::open(args.file);
    p = file.provenance();
    try {
      const RunIdentity identity = read_run_identity(args.file);
      shard = identity.shard;  // a part file is re-run as that part
      member_file = identity.member_file;
    } catch (const RunResultsReadError& e) {
      throw ResultFileError(args.file + ": cannot reproduce it: " + e.what());
    }
    std::string resolved;
    try {
      resolved = read_string_attribute(args.file, "/", "scenario_resolved");
      scenario_text = read_string_attribute(args.file, "/", "scenario_text");
      scenario_file = read_string_attribute(args.file, "/", "scenario_file");
    } catch (const std::runtime_error& e) {
      throw ResultFileError(args.file + ": cannot reproduce it: " + e.what());
    }
    scenario = parse_scenario(resolved, args.file + " (scenario_resolved)", MemberFileUse::path_only);
    attach_member_file(scenario, args, scenario_file, member_file);
  } catch (const ResultFileError& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const ScenarioError& e) {
    std::cerr << "pmsim: " << args.file << ": its resolved scenario does not parse with this pmsim:\n"
              << e.what() << '\n';
    return kExitBadInput;
  }
  const auto file = new_results_file<ResultsFileWriter>(args);
  if (!file) return kExitBadInput;
  const fs::path output = file->path();

  std::cout << "pmsim reproduce: " << args.file << ": scenario '" << p.scenario_name << "', " << p.replications
            << " replications from " << p.first_replication << ", seed " << p.seed << '\n';
  print_version_note(args.file, p.pmsim_version, p.git_commit);

  scenario.simulation.seed = p.seed;
  const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const auto start = std::chrono::steady_clock::now();
  const Simulation simulation(scenario);
  RunOptions options;
  options.first_replication = p.first_replication;
  options.replications = p.replications;
  options.progress = replication_counter(p.replications);
  const RunResults results = run_simulation(simulation, options);
  RunMetadata meta;
  meta.scenario_file = scenario_file;
  meta.scenario_text = scenario_text;
  meta.scenario_resolved = to_yaml(scenario);
  meta.command_line = shell_command_line(argc, argv);
  meta.threads = threads;
  meta.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  meta.shard = shard;
  write_results(*file, results, analyse_run(results), meta);
  const RemoveUnlessKept cleanup(output, !args.keep.empty());
  return compare_with_original(args, output, meta.wall_seconds, threads);
}

}  // namespace pmsim::cli
