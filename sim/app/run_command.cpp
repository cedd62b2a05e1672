// pmsim run: simulate a scenario, write the HDF5 results, print the summary table.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "commands.h"
#include "engine.h"
#include "hdf5_writer.h"
#include "scenario_yaml.h"
#include "summary_table.h"

namespace pmsim::cli {

namespace fs = std::filesystem;

void add_run_command(CLI::App& app, RunArgs& args) {
  auto* cmd = app.add_subcommand("run", "Simulate a scenario and write its results (HDF5)");
  cmd->add_option("scenario", args.scenario, "Scenario file (YAML)")->required();
  cmd->add_option("-o,--output", args.output, "Results file (default: output/<scenario name>.h5)");
  cmd->add_option("-r,--replications", args.replications, "Replications (overrides the scenario)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}));
  cmd->add_option("--seed", args.seed, "Seed of every random stream (overrides the scenario)");
  cmd->add_option("-j,--threads", args.threads, "Threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--force", args.force, "Overwrite an existing results file");
  cmd->add_flag("-q,--quiet", args.quiet, "Print neither progress nor the summary table");
}

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string joined_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i) line += ' ';
    line += argv[i];
  }
  return line;
}

// A one-line progress display on a terminal: replications done, rate, time left.
class ProgressLine {
 public:
  ProgressLine(std::int64_t total, double patient_years_per_replication, bool enabled)
      : total_(total), per_rep_(patient_years_per_replication), enabled_(enabled),
        start_(std::chrono::steady_clock::now()) {}

  void update(std::int64_t done) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    if (done < total_ && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? done / elapsed : 0;
    const double eta = rate > 0 ? (total_ - done) / rate : 0;
    std::fprintf(stderr, "\r  %3d%%  %lld/%lld replications  %.1f M patient-years/s  ETA %.0f s   ",
                 static_cast<int>(100.0 * done / total_), static_cast<long long>(done),
                 static_cast<long long>(total_), rate * per_rep_ / 1e6, eta);
    if (done == total_) std::fprintf(stderr, "\n");
  }

 private:
  std::int64_t total_;
  double per_rep_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_{};
  std::mutex mutex_;
};

}  // namespace

int run_command(const RunArgs& args, int argc, char** argv) {
  Scenario scenario;
  try {
    scenario = load_scenario(args.scenario);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return kExitBadInput;
  }
  if (args.replications) scenario.simulation.replications = *args.replications;
  if (args.seed) scenario.simulation.seed = *args.seed;

  const bool default_output = args.output.empty();
  const fs::path output = default_output ? fs::path("output") / (scenario.simulation.name + ".h5")
                                         : fs::path(args.output);
  if (fs::exists(output) && !args.force) {
    std::cerr << "pmsim: " << output.string() << " exists; use --force to overwrite it\n";
    return kExitBadInput;
  }
  const fs::path directory = output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (default_output) fs::create_directories(directory);
  if (!fs::is_directory(directory)) {
    std::cerr << "pmsim: cannot write " << output.string() << ": directory " << directory.string()
              << " does not exist\n";
    return kExitBadInput;
  }

  const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);

  const Simulation simulation(scenario);
  const double patient_years_per_replication =
      static_cast<double>(scenario.population.size) *
      (scenario.simulation.warmup_years + scenario.simulation.baseline_years + scenario.simulation.years);
  ProgressLine progress(scenario.simulation.replications, patient_years_per_replication,
                        !args.quiet && isatty(STDERR_FILENO));
  RunOptions options;
  options.progress = [&](std::int64_t done) { progress.update(done); };

  const auto start = std::chrono::steady_clock::now();
  const RunResults results = run_simulation(simulation, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  RunMetadata meta;
  meta.scenario_file = args.scenario;
  meta.scenario_text = read_text(args.scenario);
  meta.scenario_resolved = to_yaml(scenario);
  meta.command_line = joined_command_line(argc, argv);
  meta.threads = threads;
  meta.wall_seconds = seconds;
  write_results(results, meta, output.string());

  if (!args.quiet) {
    std::cout << format_run_header(results, output.string(), seconds, threads) << '\n'
              << format_summary_table(results);
  }
  return 0;
}

}  // namespace pmsim::cli
