// pmsim sweep: one scenario run at every point of a grid of values set on the command line,
// into one results file with a results tree per point (sim/lib/sweep_file.h).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "analysis/run_analysis.h"
#include "analysis/sweep_selection.h"
#include "cluster/cluster.h"
#include "cluster_steps.h"
#include "commands.h"
#include "engine/engine.h"
#include "interrupts.h"
#include "output/sweep_file.h"
#include "output/sweep_summary.h"
#include "output/text_format.h"
#include "progress_line.h"
#include "run_output.h"
#include "scenario/scenario_settings.h"
#include "scenario/scenario_yaml.h"
#include "scenario/sweep_grid.h"

namespace pmsim::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxPoints = 10000;

// Keys a sweep must not vary: its points share their replications and seed, so that they
// are paired (common random numbers).
std::string fixed_key_problem(const std::string& key) {
  if (key == "simulation.seed")
    return "--set simulation.seed: every point runs with the same seed; give it with --seed";
  if (key == "simulation.replications")
    return "--set simulation.replications: every point runs the same replications; give their number with -r";
  return "";
}

std::string key_list(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& key : keys) out += (out.empty() ? "" : ", ") + key;
  return out;
}

struct Point {
  std::vector<std::string> values;
  Scenario scenario;
};

}  // namespace

void add_sweep_command(CLI::App& app, SweepArgs& args) {
  auto* cmd = app.add_subcommand("sweep", "Run a scenario at every point of a grid of values, into one results file");
  add_simulate_options(cmd, args, "output/<scenario name>_sweep.h5",
                       "Replications of every point (overrides the scenario)");
  cmd->add_option("--set", args.set,
                  "A scenario key and its values (KEY=V1,V2,...; keys as in docs/scenarios.md, e.g. population.size "
                  "or contracts[1].pmpm); repeat for a grid, the first key varying slowest")
      ->type_name("KEY=V1,V2,...");
  cmd->add_option("--zip", args.zip,
                  "Keys that move together (two or more, as many values each: the i-th values form one step, "
                  "e.g. panel size with fixed costs and reserves); one axis, before the --set keys")
      ->type_name("KEY=V1,V2,...");
  cmd->add_option("--rank", args.rank,
                  "Sort the table best first by a horizon statistic (p_loss, p_ruin, var95, es95, var99, es99: "
                  "lowest first; a metric's mean: highest first; :asc or :desc to choose); CONTRACT. in front "
                  "sorts the points by that contract, keeping their rows together")
      ->type_name("[CONTRACT.]STATISTIC[:asc|:desc]");
  cmd->add_option("--where", args.where,
                  "Show only the rows whose statistic passes (<, <=, >, >=; repeatable, all must pass); with "
                  "CONTRACT. the points whose contract passes")
      ->type_name("[CONTRACT.]STATISTIC<VALUE");
  // Accepted only to say why not: a sweep file is one job's.
  cmd->add_option("--shard", args.shard, "Not for sweeps (pmsim run --shard splits one run)")
      ->type_name("I/N")
      ->group("");
}

namespace {

// A sweep with every point checked, on every rank; rank 0 holds the output, opened.
struct PreparedSweep {
  std::vector<SweepAxis> axes;
  std::vector<std::string> keys;
  std::vector<std::string> zip_keys;
  std::optional<RowRank> rank;
  std::vector<RowFilter> filters;
  Scenario base;
  std::string text;
  std::vector<Point> points;
  std::optional<fs::path> output;
  std::unique_ptr<SweepFileWriter> file;
  int threads = 1;
  std::unique_ptr<tbb::global_control> limit;
};

int prepare_sweep(const SweepArgs& args, const Cluster& cluster, PreparedSweep& sweep) {
  if (!args.shard.empty())
    throw BadInputError(
        "pmsim sweep does not take --shard: a sweep file is written by one job. Split a large sweep "
        "by its points (one pmsim sweep per value of a --set key), or run a point's scenario with "
        "pmsim run --shard I/N and pmsim merge (docs/cluster.md)");
  use_simd_target(args.simd);
  // Every point is parsed and validated before anything runs or is written.
  std::vector<SweepAxis>& axes = sweep.axes;
  try {
    axes = parse_sweep_axes(args.set, args.zip, kMaxPoints);
    if (!args.rank.empty()) sweep.rank = parse_row_rank(args.rank);
    for (const std::string& w : args.where) sweep.filters.push_back(parse_row_filter(w));
  } catch (const SweepGridError& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const SweepSelectionError& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  }
  std::vector<std::string>& keys = sweep.keys;
  for (const SweepAxis& axis : axes) {
    if (const std::string problem = fixed_key_problem(axis.key); !problem.empty()) {
      std::cerr << "pmsim: " << problem << '\n';
      return kExitBadInput;
    }
    keys.push_back(axis.key);
    if (axis.zipped) sweep.zip_keys.push_back(axis.key);
  }
  const std::optional<Scenario> loaded = load_scenario_or_report(args.scenario);
  if (!loaded) return kExitBadInput;
  sweep.base = *loaded;
  const Scenario& base = sweep.base;
  sweep.text = read_text(args.scenario);
  const std::string& text = sweep.text;
  std::vector<Point>& points = sweep.points;
  std::vector<std::string> problems;  // each message once: a bad value fails every point it is in
  for (std::size_t i = 0; i < sweep_point_count(axes); ++i) {
    const std::vector<ScenarioSetting> settings = sweep_point(axes, i);
    Point point;
    for (const ScenarioSetting& s : settings) point.values.push_back(s.value);
    try {
      point.scenario = parse_scenario_with_settings(text, args.scenario, settings);
    } catch (const ScenarioError& e) {
      for (const std::string& m : e.messages())
        if (std::find(problems.begin(), problems.end(), m) == problems.end()) problems.push_back(m);
      continue;
    }
    if (args.replications) point.scenario.simulation.replications = *args.replications;
    if (args.seed) point.scenario.simulation.seed = *args.seed;
    points.push_back(std::move(point));
  }
  if (!problems.empty()) {
    for (const std::string& m : problems) std::cerr << m << '\n';
    return kExitBadInput;
  }
  // --rank and --where name statistics the first point's contracts have (a layout: no replications).
  if (sweep.rank || !sweep.filters.empty()) {
    RunOptions none;
    none.replications = 0;
    const RunResults layout = run_simulation(compile_scenario(points.front().scenario, args.scenario), none);
    try {
      if (sweep.rank) check_row_statistic(sweep.rank->of, layout, "--rank");
      for (const RowFilter& f : sweep.filters) check_row_statistic(f.of, layout, "--where");
    } catch (const SweepSelectionError& e) {
      std::cerr << "pmsim: " << e.what() << '\n';
      return kExitBadInput;
    }
  }

  if (cluster.is_root()) {
    sweep.output = results_path(args.output, base.simulation.name + "_sweep");
    if (!sweep.output) return kExitBadInput;
    sweep.file = open_output<SweepFileWriter>(sweep.output->string() + " exists; use --force to overwrite it",
                                              sweep.output->string(), keys, sweep.zip_keys,
                                              args.force ? IfExists::replace : IfExists::refuse);
    if (!sweep.file) return kExitBadInput;
  }
  sweep.threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  sweep.limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, sweep.threads);
  return 0;
}

}  // namespace

int sweep_command(const SweepArgs& args, int argc, char** argv) {
  const Cluster& cluster = Cluster::world();
  if (!cluster.is_root()) quiet_interruptions();
  PreparedSweep sweep;
  if (const int status = agreed_status(cluster, [&] { return prepare_sweep(args, cluster, sweep); })) return status;
  const std::vector<SweepAxis>& axes = sweep.axes;
  const std::vector<std::string>& keys = sweep.keys;
  const std::vector<Point>& points = sweep.points;
  const int threads = sweep.threads;
  const bool root = cluster.is_root();

  const auto start = std::chrono::steady_clock::now();
  SweepSummary summary(keys, table_units(args.units), sweep.rank, sweep.filters);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto point_start = std::chrono::steady_clock::now();
    const Simulation simulation = compile_scenario(points[i].scenario, args.scenario);
    note_point(i, points.size());
    RunOptions options;
    const Scenario& point = points[i].scenario;
    const auto count = replication_counter(point.simulation.replications);
    ProgressLine progress(
        point.simulation.replications,
        static_cast<double>(point.population.size) *
            (point.simulation.warmup_years + point.simulation.baseline_years + point.simulation.years),
        args.progress, root && !args.quiet, false);  // the point's own line follows
    options.progress = [&](std::int64_t done) {
      count(done);
      progress.update(done);
    };
    // Each point's replications split between the ranks (under mpirun), one point after another.
    const RunResults results = cluster.run(simulation, options, distribution_named(args.distribute));
    if (!root) continue;
    const RunAnalysis analysis = analyse_run(results);
    sweep.file->add_point(points[i].values, results, analysis, to_yaml(points[i].scenario));
    summary.add_point(points[i].values, results, analysis);
    if (!args.quiet)
      std::cerr << "pmsim: point " << i + 1 << "/" << points.size() << " (" << describe_settings(sweep_point(axes, i))
                << "): " << results.replications << " replications in "
                << readable_duration(
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - point_start).count())
                << "\n";
  }
  if (!root) return 0;  // rank 0 writes and prints
  RunMetadata meta;
  meta.scenario_file = args.scenario;
  meta.scenario_text = sweep.text;
  meta.command_line = joined_command_line(argc, argv);
  meta.threads = threads;
  meta.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sweep.file->finish(meta);

  if (!args.quiet) {
    std::cout << "pmsim: sweep of scenario '" << sweep.base.simulation.name << "': " << points.size() << " points ("
              << key_list(keys) << "), seed " << points.front().scenario.simulation.seed << ", "
              << points.front().scenario.simulation.replications << " replications each; "
              << readable_duration(meta.wall_seconds) << " on " << threads << " threads; results in "
              << sweep.output->string() << '\n'
              << summary.render();
  }
  return 0;
}

}  // namespace pmsim::cli
