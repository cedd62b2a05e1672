// pmsim run: simulate a scenario, write the HDF5 results, print the summary table.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "analysis/run_analysis.h"
#include "analysis/scenario_warnings.h"
#include "analysis/until_se.h"
#include "cluster/cluster.h"
#include "cluster_steps.h"
#include "commands.h"
#include "engine/engine.h"
#include "interrupts.h"
#include "output/hdf5_writer.h"
#include "output/summary_table.h"
#include "output/text_format.h"
#include "progress_line.h"
#include "results/shards.h"
#include "run_output.h"
#include "scenario/scenario_settings.h"
#include "scenario/scenario_yaml.h"
#include "scenario/sweep_grid.h"

namespace pmsim::cli {

namespace fs = std::filesystem;

void add_run_command(CLI::App& app, RunArgs& args) {
  auto* cmd = app.add_subcommand("run", "Simulate a scenario and write its results (HDF5)");
  add_simulate_options(cmd, args, "output/<scenario name>.h5", "Replications (overrides the scenario)");
  cmd->add_option("--shard", args.shard,
                  "Run shard I of N of the replications (floor((I-1)R/N) .. floor(IR/N)-1) into a part file for "
                  "pmsim merge")
      ->type_name("I/N");
  cmd->add_option("--set", args.set,
                  "A scenario value instead of the file's (KEY=VALUE, keys as pmsim sweep --set names them, e.g. "
                  "contracts[2].pmpm=803.5); repeatable; the results file records the scenario as run")
      ->type_name("KEY=VALUE");
  cmd->add_flag("--no-warnings", args.no_warnings,
                "Do not print what a careful actuary would flag in the scenario (zero reserves, a price far from "
                "the expected cost, ...)");
  auto* until = cmd->add_option("--until-se", args.until_se,
                                "Add replications in batches until the Monte Carlo SE of CONTRACT.METRIC's horizon "
                                "value is at most SE (repeatable)")
                    ->type_name("CONTRACT.METRIC=SE")
                    ->excludes("--replications")
                    ->excludes("--shard");
  cmd->add_option("--batch", args.batch, "With --until-se: replications per batch (default 100)")
      ->transform(decimal_integer(2, 100000000))
      ->needs(until);
  cmd->add_option("--max-replications", args.max_replications,
                  "With --until-se: stop after this many replications (default 100000)")
      ->transform(decimal_integer(2, 100000000))
      ->needs(until);
}

namespace {

// --until-se: the targets, checked against the scenario's contracts and metrics before anything runs.
std::vector<SeTarget> se_targets(const RunArgs& args, const Simulation& simulation) {
  if (args.max_replications < args.batch)
    throw UntilSeError("--max-replications " + std::to_string(args.max_replications) + ": must be at least --batch (" +
                       std::to_string(args.batch) + ")");
  RunOptions none;
  none.replications = 0;
  const RunResults layout = run_simulation(simulation, none);
  std::vector<SeTarget> targets;
  for (const std::string& argument : args.until_se) {
    targets.push_back(parse_se_target(argument));
    check_se_target(targets.back(), layout);
  }
  return targets;
}

std::string se_line(const std::vector<SeTarget>& targets, const std::vector<double>& se) {
  std::string out;
  for (std::size_t t = 0; t < targets.size(); ++t)
    out += std::string(t ? "; " : "") + "SE of " + targets[t].name() + " " + readable_number(se[t]) +
           (se[t] <= targets[t].se ? " <= " : " > ") + readable_number(targets[t].se);
  return out;
}

void print_warnings(const Simulation& simulation) {
  for (const std::string& w : scenario_warnings(simulation)) std::cerr << "pmsim: warning: " << w << '\n';
}

// A run with its input checked, on every rank: what the simulation and the writing need.
struct PreparedRun {
  Scenario scenario;
  std::optional<Shard> shard;
  std::optional<fs::path> output;
  std::unique_ptr<ResultsFileWriter> file;  // rank 0's (opened before the simulation)
  int threads = 1;
  std::unique_ptr<tbb::global_control> limit;
  std::optional<Simulation> simulation;
  std::vector<SeTarget> targets;
};

std::optional<Shard> shard_of(const RunArgs& args, std::int64_t replications) {
  if (args.shard.empty()) return std::nullopt;
  Shard shard;
  try {
    shard = parse_shard(args.shard);
  } catch (const std::invalid_argument& e) {
    throw BadInputError(std::string("--shard: ") + e.what());
  }
  if (shard.count > replications)
    throw BadInputError("--shard " + args.shard + ": " + std::to_string(shard.count) + " shards of " +
                        std::to_string(replications) + " replications (at most one shard per replication)");
  return shard;
}

// Everything that can be bad input, checked before anything runs or is written; 0 or an exit code.
int prepare_run(const RunArgs& args, const Cluster& cluster, PreparedRun& run) {
  use_simd_target(args.simd);
  std::optional<Scenario> loaded = load_scenario_or_report(args.scenario);  // the file's own problems first
  if (!loaded) return kExitBadInput;
  run.scenario = std::move(*loaded);
  if (!args.set.empty()) {
    std::vector<ScenarioSetting> settings;
    try {
      for (const std::string& argument : args.set) {
        if (argument.find('=') == std::string::npos)
          throw SweepGridError("--set " + argument + ": expected KEY=VALUE (e.g. --set contracts[2].pmpm=803.5)");
        const SweepAxis axis = parse_sweep_axis(argument, "--set");
        if (axis.values.size() != 1)
          throw SweepGridError("--set " + argument + ": pmsim run takes one value per key (a list: pmsim sweep)");
        settings.push_back({axis.key, axis.values.front()});
      }
      run.scenario = parse_scenario_with_settings(read_text(args.scenario), args.scenario, settings);
    } catch (const SweepGridError& e) {
      std::cerr << "pmsim: " << e.what() << '\n';
      return kExitBadInput;
    } catch (const ScenarioError& e) {
      std::cerr << e.what() << '\n';
      return kExitBadInput;
    }
  }
  Scenario& scenario = run.scenario;
  if (args.replications) scenario.simulation.replications = *args.replications;
  if (args.seed) scenario.simulation.seed = *args.seed;
  run.shard = shard_of(args, scenario.simulation.replications);
  if (cluster.distributed() && !args.until_se.empty())
    throw BadInputError("--until-se runs in one process (its batches are decided as it goes); under mpirun give -r");

  const std::string default_name =
      scenario.simulation.name +
      (run.shard ? "_part" + std::to_string(run.shard->index) + "of" + std::to_string(run.shard->count) : "");
  if (cluster.is_root()) {
    run.output = results_path(args.output, default_name);
    if (!run.output) return kExitBadInput;
    // Opened now, so that an output that cannot be written is found before the simulation.
    run.file = open_output<ResultsFileWriter>(run.output->string() + " exists; use --force to overwrite it",
                                              run.output->string(), args.force ? IfExists::replace : IfExists::refuse);
    if (!run.file) return kExitBadInput;
  }
  run.threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  run.limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, run.threads);
  run.simulation.emplace(compile_scenario(scenario, args.scenario));
  if (cluster.is_root() && !args.no_warnings) print_warnings(*run.simulation);
  try {
    if (!args.until_se.empty()) run.targets = se_targets(args, *run.simulation);
  } catch (const UntilSeError& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  }
  return 0;
}

}  // namespace

int run_command(const RunArgs& args, int argc, char** argv) {
  const Cluster& cluster = Cluster::world();
  if (!cluster.is_root()) quiet_interruptions();
  PreparedRun run;
  if (const int status = agreed_status(cluster, [&] { return prepare_run(args, cluster, run); })) return status;
  Scenario& scenario = run.scenario;
  const Simulation& simulation = *run.simulation;
  const std::vector<SeTarget>& targets = run.targets;
  const std::optional<Shard>& shard = run.shard;

  const double patient_years_per_replication =
      static_cast<double>(scenario.population.size) *
      (scenario.simulation.warmup_years + scenario.simulation.baseline_years + scenario.simulation.years);
  const bool until_se = !targets.empty();
  const std::int64_t total = until_se ? args.max_replications
                             : shard  ? shard_range(*shard, scenario.simulation.replications).count
                                      : scenario.simulation.replications;
  ProgressLine progress(total, patient_years_per_replication, args.progress,
                        cluster.is_root() && !args.quiet && !until_se);
  const auto count = replication_counter(total);
  RunOptions options;
  if (shard) {
    const ReplicationRange range = shard_range(*shard, scenario.simulation.replications);
    options.first_replication = range.first;
    options.replications = range.count;
  }
  options.progress = [&](std::int64_t done) {
    count(done);
    progress.update(done);
  };

  const auto start = std::chrono::steady_clock::now();
  RunResults results;
  if (!until_se) {
    results = cluster.run(simulation, options, distribution_named(args.distribute));
    if (!cluster.is_root()) return 0;  // rank 0 writes and prints
  } else {
    const UntilSeOptions until{targets, args.batch, args.max_replications};
    const auto report = [&](std::int64_t n, const std::vector<double>& se) {
      if (!args.quiet) std::cerr << "pmsim: " << n << " replications: " << se_line(targets, se) << '\n';
    };
    UntilSeOutcome outcome = run_until_se(simulation, until, report, options.progress);
    results = std::move(outcome.results);
    // The file is then that of `pmsim run -r N`, which is what reproduce re-runs.
    scenario.simulation.replications = results.replications;
    results.scenario.simulation.replications = results.replications;
    if (outcome.reached) {
      if (!args.quiet)
        std::cout << "pmsim: --until-se: reached with " << results.replications << " replications ("
                  << se_line(targets, outcome.se) << ")\n";
    } else {
      std::cerr << "pmsim: warning: --until-se: not reached with --max-replications " << args.max_replications << " ("
                << se_line(targets, outcome.se) << "); the results of " << results.replications
                << " replications are written all the same\n";
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  RunMetadata meta;
  meta.scenario_file = args.scenario;
  meta.scenario_text = read_text(args.scenario);
  meta.scenario_resolved = to_yaml(scenario);
  meta.command_line = joined_command_line(argc, argv);
  meta.threads = run.threads;
  meta.wall_seconds = seconds;
  meta.shard = shard;
  const RunAnalysis analysis = analyse_run(results);
  write_results(*run.file, results, analysis, meta);

  if (!args.quiet) {
    std::cout << format_run_header(results, run.output->string(), seconds, run.threads) << '\n';
    if (cluster.distributed())
      std::cout << "pmsim: " << cluster.size() << " MPI ranks of " << run.threads << " threads, "
                << to_string(distribution_named(args.distribute)) << " split between them\n";
    if (shard)
      std::cout << "pmsim: shard " << to_string(*shard) << ": replications "
                << describe_range(shard_range(*shard, scenario.simulation.replications)) << " of "
                << scenario.simulation.replications << " (pmsim merge joins the parts into the run's file)\n";
    std::cout << format_summary_table(results, analysis, table_units(args.units));
  }
  return 0;
}

}  // namespace pmsim::cli
