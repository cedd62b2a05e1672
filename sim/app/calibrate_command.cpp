// pmsim calibrate: the population statistics of a scenario next to the published figures of
// the population it stands for (calibration_targets.h).
#include <iostream>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "analysis/calibration.h"
#include "analysis/calibration_targets.h"
#include "commands.h"
#include "run_output.h"
#include "scenario/scenario_yaml.h"

namespace pmsim::cli {

void add_calibrate_command(CLI::App& app, CalibrateArgs& args) {
  auto* cmd =
      app.add_subcommand("calibrate", "Simulate one large population and compare it with the calibration targets");
  cmd->add_option("scenario", args.scenario, "Scenario file (YAML)")->required();
  cmd->add_option("-m,--members", args.members, "Population size")->transform(decimal_integer(1000, 100000000));
  cmd->add_option("-r,--replication", args.replication, "Replication id whose streams are used")
      ->transform(decimal_integer(0, 2147483647));
  cmd->add_option("-y,--year", args.year, "Year of the cross-section, 1-based, after the warm-up years (default 2)")
      ->transform(decimal_integer(1, 60));
  cmd->add_option("-j,--threads", args.threads, "Threads (default: all cores)")->transform(decimal_integer(0, 1024));
  std::vector<std::string> names;
  for (const CalibrationTargetSet& set : calibration_target_sets()) names.push_back(set.name);
  cmd->add_option("--targets", args.targets,
                  "Published figures to compare with (default: medicare_ffs when most of the panel is 65 or older, "
                  "else meps_2019)")
      ->check(CLI::IsMember(names));
}

int calibrate_command(const CalibrateArgs& args) {
  const std::optional<Scenario> loaded = load_scenario_or_report(args.scenario);
  if (!loaded) return kExitBadInput;
  const Scenario& s = *loaded;
  const CalibrationTargetSet& set =
      args.targets.empty() ? default_calibration_target_set(s.population) : *find_calibration_target_set(args.targets);
  const std::string why = !args.targets.empty()        ? "--targets"
                          : set.name == "medicare_ffs" ? "most of the panel is 65 or older; --targets to choose"
                                                       : "most of the panel is under 65; --targets to choose";
  const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  // Batches of the survey's size give the published figures' sampling error directly.
  const auto report = compute_calibration(s, args.members, static_cast<std::uint32_t>(args.replication), args.year - 1,
                                          set.survey_sample);
  std::cout << format_calibration(report, set, why);
  return 0;
}

}  // namespace pmsim::cli
