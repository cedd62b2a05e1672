// pmsim solve: the value of one scenario key at which a statistic of a contract's horizon
// result hits a target (analysis/solve.h), every trial on the same replications (common
// random numbers), checked at the end by a run on other replications.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "analysis/contract_statistic.h"
#include "analysis/solve.h"
#include "commands.h"
#include "engine/engine.h"
#include "output/json_writer.h"
#include "output/text_format.h"
#include "run_output.h"
#include "scenario/scenario_settings.h"
#include "scenario/scenario_yaml.h"

namespace pmsim::cli {

void add_solve_command(CLI::App& app, SolveArgs& args) {
  auto* cmd = app.add_subcommand(
      "solve",
      "Find the value of a scenario key at which a contract's statistic hits a target (e.g. the PMPM "
      "that keeps P(loss) at 10%)");
  cmd->add_option("scenario", args.scenario, "Scenario file (YAML)")->required();
  cmd->add_option("--vary", args.vary,
                  "The key and its range (keys as in docs/scenarios.md), e.g. contracts[2].pmpm=700:900")
      ->required()
      ->type_name("KEY=LO:HI");
  cmd->add_option("--target", args.target,
                  "CONTRACT.STATISTIC=VALUE: p_loss, p_ruin, var95, es95, var99 or es99 of the horizon margin, or "
                  "the horizon mean of a metric (provider_margin=0: break-even)")
      ->required()
      ->type_name("CONTRACT.STATISTIC=VALUE");
  cmd->add_option("-r,--replications", args.replications, "Replications of every trial (overrides the scenario)")
      ->transform(decimal_integer(4, 100000000));
  cmd->add_option("--seed", args.seed, "Seed of the trials (the check runs on seed + 1)")
      ->transform(decimal_unsigned(0, std::numeric_limits<std::uint64_t>::max() - 1));
  cmd->add_option("-j,--threads", args.threads, "Threads (default: all cores)")->transform(decimal_integer(0, 1024));
  cmd->add_option("--format", args.format, "Output format: table (terminal) or json")
      ->check(CLI::IsMember({"table", "json"}));
}

namespace {

// A row of the trials' table.
std::string printf_row(const std::string& trial, const std::string& key, const std::string& statistic,
                       const std::string& se) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "  %5s  %18s  %16s  %12s\n", trial.c_str(), key.c_str(), statistic.c_str(),
                se.c_str());
  return buffer;
}

struct Vary {
  std::string key;
  double lo = 0, hi = 0;
};

Vary parse_vary(const std::string& text) {
  const auto eq = text.rfind('=');
  const auto colon = eq == std::string::npos ? std::string::npos : text.find(':', eq);
  const std::string usage = "--vary " + text + ": expected KEY=LO:HI with LO < HI, e.g. contracts[2].pmpm=700:900";
  if (eq == std::string::npos || eq == 0 || colon == std::string::npos) throw BadInputError(usage);
  Vary v{text.substr(0, eq), 0, 0};
  const std::optional<double> lo = finite_number(text.substr(eq + 1, colon - eq - 1)),
                              hi = finite_number(text.substr(colon + 1));
  if (!lo || !hi) throw BadInputError(usage);
  v.lo = *lo;
  v.hi = *hi;
  if (!(v.lo < v.hi)) throw BadInputError(usage);
  if (v.key == "simulation.seed" || v.key == "simulation.replications")
    throw BadInputError("--vary " + v.key + ": every trial runs the same replications and seed (use -r and --seed)");
  return v;
}

}  // namespace

int solve_command(const SolveArgs& args) {
  const Vary vary = parse_vary(args.vary);
  SolveTarget target;
  try {
    target = parse_solve_target(args.target);
  } catch (const SolveError& e) {
    throw BadInputError(e.what());
  }
  if (!load_scenario_or_report(args.scenario)) return kExitBadInput;
  const std::string text = read_text(args.scenario);
  // The scenario at a value of the key, with the command line's overrides; a value outside the
  // key's range is the parser's message (bad input), found at LO and HI before the search.
  const auto scenario_at = [&](double value, std::uint64_t seed_offset) {
    Scenario s = parse_scenario_with_settings(text, args.scenario, {{vary.key, shortest_number(value)}});
    if (args.replications) s.simulation.replications = *args.replications;
    if (args.seed) s.simulation.seed = *args.seed;
    s.simulation.seed += seed_offset;
    return s;
  };
  Scenario first;
  try {
    first = scenario_at(vary.lo, 0);
    scenario_at(vary.hi, 0);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return kExitBadInput;
  }
  try {
    RunOptions none;
    none.replications = 0;
    check_solve_target(target, run_simulation(compile_scenario(first, args.scenario), none));
  } catch (const SolveError& e) {
    throw BadInputError(e.what());
  }
  const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const bool table = args.format != "json";
  const auto start = std::chrono::steady_clock::now();
  if (table)
    std::cout << "pmsim solve: " << vary.key << " in [" << readable_number(vary.lo) << ", " << readable_number(vary.hi)
              << "] for " << target.name() << " = " << readable_number(target.value) << " ("
              << first.simulation.replications << " replications a trial, seed " << first.simulation.seed
              << ", the same for every trial)\n"
              << printf_row("trial", vary.key, target.statistic, "SE");
  SolveOutcome outcome;
  const auto run = [&](double value) { return run_simulation(compile_scenario(scenario_at(value, 0), args.scenario)); };
  const auto print_trial = [&](const SolveTrial& t, std::size_t n) {
    if (table)
      std::cout << printf_row(std::to_string(n), readable_number(t.key), readable_number(t.statistic),
                              readable_number(t.se));
  };
  try {
    outcome = solve_key(run, vary.lo, vary.hi, target, print_trial);
  } catch (const SolveError& e) {
    throw BadInputError(e.what());
  } catch (const ScenarioError& e) {  // a trial value the key does not take (a whole-number key)
    std::cerr << e.what() << "\n(pmsim solve searches real values of the key between LO and HI)\n";
    return kExitBadInput;
  }
  // The check: the solution on other replications (seed + 1).
  const RunResults check = run_simulation(compile_scenario(scenario_at(outcome.value, 1), args.scenario));
  const double check_value = solve_statistic(check, target), check_se = solve_statistic_se(check, target);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!table) {
    JsonWriter json;
    json.begin_object();
    json.key("key").value(vary.key);
    json.key("target").begin_object();
    json.key("contract").value(target.contract);
    json.key("statistic").value(target.statistic);
    json.key("value").value(target.value);
    json.end_object();
    json.key("replications").value(static_cast<std::int64_t>(first.simulation.replications));
    json.key("seed").value(static_cast<std::uint64_t>(first.simulation.seed));
    json.key("trials").begin_array();
    for (const SolveTrial& t : outcome.trials) {
      json.begin_object();
      json.key("value").value(t.key);
      json.key("statistic").value(t.statistic);
      json.key("se").value(t.se);
      json.end_object();
    }
    json.end_array();
    json.key("converged").value(outcome.converged);
    json.key("solution").value(outcome.value);
    json.key("se").value(outcome.se);
    json.key("check").begin_object();
    json.key("seed").value(static_cast<std::uint64_t>(first.simulation.seed + 1));
    json.key("statistic").value(check_value);
    json.key("se").value(check_se);
    json.end_object();
    json.end_object();
    std::cout << json.str() << '\n';
    return 0;
  }
  std::cout << "check: on other replications (seed " << first.simulation.seed + 1 << ") at "
            << readable_number(outcome.value) << ", " << target.statistic << " is " << readable_number(check_value)
            << " +- " << readable_number(check_se) << " (target " << readable_number(target.value) << "); "
            << outcome.trials.size() + 1 << " runs in " << readable_duration(seconds) << '\n';
  if (!outcome.converged)
    std::cerr << "pmsim: warning: the search stopped at " << outcome.trials.size()
              << " trials before the bracket closed\n";
  std::cout << vary.key << " = " << readable_number(outcome.value) << " +- " << readable_number(outcome.se) << '\n';
  return 0;
}

}  // namespace pmsim::cli
