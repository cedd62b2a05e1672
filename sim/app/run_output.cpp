#include "run_output.h"

#include "commands.h"

#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "cluster/cluster.h"
#include "pmsim/version.h"
#include "random/lanes_targets.h"
#include "scenario/scenario_yaml.h"

namespace pmsim::cli {

namespace fs = std::filesystem;

namespace {
// The targets this CPU runs, by --simd's names.
std::string simd_target_names() {
  std::string names;
  for (const lanes_targets::Target& t : lanes_targets::compiled())
    if (t.supported) names += (names.empty() ? "" : ", ") + lanes_targets::command_line_name(t);
  return names;
}
}  // namespace

std::string version_text() {
  std::string compiled;
  for (const lanes_targets::Target& t : lanes_targets::compiled())
    compiled += (compiled.empty() ? "" : ", ") + lanes_targets::command_line_name(t);
  return std::string("pmsim ") + kVersion + " (" + kGitCommit + ")\nSIMD targets compiled in: " + compiled +
         "\nthis CPU runs: " + simd_target_names() + "; chosen: " + lanes_targets::dispatched_name() +
         " (pmsim run --simd TARGET to choose; results do not depend on it)\nMPI: " + mpi_library();
}

void use_simd_target(const std::string& name) {
  if (name.empty()) return;
  try {
    lanes_targets::use_target(lanes_targets::target_named(name));
  } catch (const std::invalid_argument& e) {
    throw BadInputError(std::string("--simd: ") + e.what());
  }
}

void add_simulate_options(CLI::App* cmd, SimulateArgs& args, const std::string& default_output,
                          const std::string& replications_help) {
  cmd->add_option("scenario", args.scenario, "Scenario file (YAML)")->required();
  cmd->add_option("-o,--output", args.output, "Results file (default: " + default_output + ")");
  cmd->add_option("-r,--replications", args.replications, replications_help)->transform(decimal_integer(1, 100000000));
  cmd->add_option("--seed", args.seed, "Seed of every random stream (overrides the scenario)")
      ->transform(decimal_unsigned(0, std::numeric_limits<std::uint64_t>::max()));
  cmd->add_option("-j,--threads", args.threads, "Threads (default: all cores); results do not depend on it")
      ->transform(decimal_integer(0, 1024));
  cmd->add_option("--simd", args.simd,
                  "SIMD instruction set of the samplers (" + simd_target_names() +
                      "; default: the best this CPU has); results do not depend on it")
      ->type_name("TARGET");
  cmd->add_option("--distribute", args.distribute,
                  "Under mpirun: split the replications between the ranks (default), or each replication's "
                  "members (for panels too large for one rank); results do not depend on it")
      ->check(CLI::IsMember({"replications", "members"}));
  cmd->add_option("--progress", args.progress,
                  "Seconds between progress lines when stderr is not a terminal (default 30; 0: no progress)")
      ->check(CLI::Range(0.0, 1e9))
      ->type_name("SECONDS");
  add_units_option(cmd, args.units);
  cmd->add_flag("--force", args.force, "Overwrite an existing results file");
  cmd->add_flag("-q,--quiet", args.quiet, "Print neither progress nor the summary table");
}

std::optional<Scenario> load_scenario_or_report(const std::string& path) {
  try {
    return load_scenario(path);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return std::nullopt;
  } catch (const std::exception& e) {  // the net for what the parser did not foresee
    std::cerr << path << ": the scenario cannot be read (please report this): " << e.what() << '\n';
    return std::nullopt;
  }
}

Simulation compile_scenario(const Scenario& scenario, const std::string& path) {
  try {
    return Simulation(scenario);
  } catch (const std::exception& e) {
    throw BadInputError(path + ": the scenario cannot be simulated: " + e.what());
  }
}

std::optional<fs::path> results_path(const std::string& output, const std::string& default_name) {
  if (!output.empty()) return fs::path(output);
  const fs::path path = fs::path("output") / (default_name + ".h5");
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    std::cerr << "pmsim: cannot write " << path.string() << ": cannot create directory output: " << ec.message()
              << '\n';
    return std::nullopt;
  }
  return path;
}

void report_output_problem(const OutputPathError& problem, const std::string& exists_message) {
  const bool exists = problem.problem() == OutputPathError::Problem::exists;
  std::cerr << "pmsim: " << (exists ? exists_message : std::string(problem.what())) << '\n';
}

void report_stale_partials(const StalePartials& stale) {
  for (const fs::path& removed : stale.removed)
    std::cerr << "pmsim: removed " << removed.string() << ", left by a pmsim that no longer runs\n";
  for (const fs::path& foreign : stale.foreign)
    std::cerr << "pmsim: note: left " << foreign.string()
              << ", written on another host: remove it if no pmsim there still writes it\n";
}

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

}  // namespace pmsim::cli
