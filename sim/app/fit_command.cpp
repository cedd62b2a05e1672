// pmsim fit: a scenario whose synthetic population reproduces a member file
// (analysis/population_fit.h), written to a file, with each statistic, file against fitted.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "analysis/population_fit.h"
#include "commands.h"
#include "integer_option.h"
#include "run_output.h"
#include "scenario/scenario_yaml.h"
#include "scenario_templates.h"
#include "util/atomic_file.h"

namespace pmsim::cli {

namespace {

// The base scenario when none is given: pmsim init's default starter.
constexpr const char* kDefaultBase = "aco";

std::optional<Scenario> base_scenario(const FitArgs& args) {
  if (!args.scenario.empty()) return load_scenario_or_report(args.scenario);
  for (const ScenarioTemplate& t : scenario_templates())
    if (t.name == kDefaultBase) return parse_scenario(t.text, std::string("template ") + kDefaultBase);
  throw std::logic_error("the default base template is missing");
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", x);
  return text;
}

// The base, as the header and the report name it.
std::string base_name(const FitArgs& args) {
  return args.scenario.empty() ? std::string("pmsim init's ") + kDefaultBase + " template" : args.scenario;
}

// "frailty shape 0.666; utilisation x 0.9617, ... of the base's".
std::string found(const FitParameters& p) {
  return "frailty shape " + number(p.frailty_shape) + "; utilisation x " + number(p.utilization) + ", severity CVs x " +
         number(p.severity) + ", fees and unit costs x " + number(p.fees) + " of the base's";
}

// What the written scenario says of where it came from (the file's statistics, never a member).
std::string header(const FitArgs& args, const MemberPanel& panel, const FitResult& r) {
  return "# Written by pmsim fit " + args.members + (args.scenario.empty() ? "" : " --scenario " + args.scenario) +
         " -o " + args.output + "\n# The synthetic population of " + base_name(args) + ", fitted to the member file " +
         args.members + " (" + std::to_string(panel.rows) + " members, SHA-256 " + panel.sha256 +
         "):\n# its age-band and sex mix, condition prevalence by band, payer shares, mean allowed amount per\n"
         "# member-year, share with no claims and top 1/5/20/50% spending shares (docs/model.md, \"Fitting a\n"
         "# population to a member file\"). Found: " +
         found(r.parameters) + ".\n# Check it: pmsim calibrate " + args.output + " --targets " + args.members + "\n";
}

}  // namespace

void add_fit_command(CLI::App& app, FitArgs& args) {
  auto* cmd = app.add_subcommand(
      "fit", "Write a scenario whose synthetic population reproduces a member file (pmsim fit MEMBERS.csv -o S.yaml)");
  cmd->add_option("members", args.members, "Member file (CSV, docs/scenarios.md \"Member file\")")->required();
  cmd->add_option(
      "-s,--scenario", args.scenario,
      std::string("Base scenario whose model is fitted (default: pmsim init's ") + kDefaultBase + " template)");
  cmd->add_option("-o,--output", args.output, "The scenario file to write")->required();
  cmd->add_flag("--force", args.force, "Overwrite an existing file");
  cmd->add_option("-m,--members-simulated", args.simulated, "Simulated members of each evaluation (default 200000)")
      ->transform(decimal_integer(1000, 100000000));
  cmd->add_option("-r,--replication", args.replication, "Replication id whose streams are used")
      ->transform(decimal_integer(0, 2147483647));
  cmd->add_option("-y,--year", args.year, "Year of the cross-section, 1-based, after the warm-up years (default 2)")
      ->transform(decimal_integer(1, 60));
  cmd->add_option("-j,--threads", args.threads, "Threads (default: all cores)")->transform(decimal_integer(0, 1024));
}

int fit_command(const FitArgs& args) {
  std::optional<Scenario> base = base_scenario(args);
  if (!base) return kExitBadInput;
  MemberPanel panel;
  try {
    panel = read_member_panel(*base, args.members);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return kExitBadInput;
  }
  try {
    AtomicFile file(args.output, args.force ? IfExists::replace : IfExists::refuse);
    const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    FitOptions options;
    options.members = args.simulated;
    options.replication = static_cast<std::uint32_t>(args.replication);
    options.year = args.year - 1;
    FitResult result;
    try {
      result = fit_population(*base, panel, options);
    } catch (const FitError& e) {
      std::cerr << "pmsim: fit " << args.members << ": " << e.what() << '\n';
      return kExitBadInput;
    }
    result.scenario.simulation.name = std::filesystem::path(args.output).stem().string();
    const std::string text = header(args, panel, result) + to_yaml(result.scenario);
    // What is written must read back as the scenario fitted (a broken rule is the fit's fault).
    try {
      if (!(parse_scenario(text, args.output, MemberFileUse::path_only) == result.scenario))
        throw std::logic_error("it does not read back as written");
    } catch (const std::exception& e) {
      throw std::logic_error(std::string("the fitted scenario is not valid (please report this): ") + e.what());
    }
    {
      std::ofstream out(file.temporary(), std::ios::binary | std::ios::trunc);
      out << text;
      out.close();
      if (!out) throw FileWriteError("cannot write " + args.output);
    }
    file.commit();
    std::cout << "pmsim fit: " << args.members << " (" << panel.rows << " members) against the population of "
              << base_name(args) << "; " << result.evaluations << " simulations of " << args.simulated << " members\n"
              << "fitted: " << found(result.parameters) << '\n'
              << format_panel_comparison(result.fitted) << "pmsim: wrote " << args.output << "; check it with\n"
              << "  pmsim calibrate " << args.output << " --targets " << args.members << '\n';
  } catch (const OutputPathError& e) {
    report_output_problem(e, args.output + " exists; use --force to overwrite it");
    return kExitBadInput;
  }
  return 0;
}

}  // namespace pmsim::cli
