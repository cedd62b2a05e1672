// pmsim calibrate: the population statistics of a scenario next to the published figures of
// the population it stands for (calibration_targets.h), or next to a member file's
// (panel_comparison.h).
#include <cstring>
#include <iostream>
#include <optional>
#include <type_traits>
#include <vector>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "analysis/calibration.h"
#include "analysis/calibration_targets.h"
#include "analysis/panel_comparison.h"
#include "analysis/population_fit.h"
#include "cluster/cluster.h"
#include "cluster_steps.h"
#include "commands.h"
#include "results/shards.h"
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
                  "else meps_2019), or a member file (CSV) whose statistics the panel should reproduce")
      ->check(CLI::IsMember(names) | CLI::ExistingFile);
}

namespace {

static_assert(std::is_trivially_copyable_v<CalibrationRecord>, "records are sent between ranks as bytes");

std::vector<unsigned char> bytes_of(const std::vector<CalibrationRecord>& records) {
  std::vector<unsigned char> bytes(records.size() * sizeof(CalibrationRecord));
  if (!records.empty()) std::memcpy(bytes.data(), records.data(), bytes.size());
  return bytes;
}

std::vector<CalibrationRecord> records_of(const std::vector<unsigned char>& bytes) {
  std::vector<CalibrationRecord> records(bytes.size() / sizeof(CalibrationRecord));
  if (!records.empty()) std::memcpy(records.data(), bytes.data(), records.size() * sizeof(CalibrationRecord));
  return records;
}

}  // namespace

int calibrate_command(const CalibrateArgs& args) {
  const Cluster& cluster = Cluster::world();
  Scenario s;
  const int status = agreed_status(cluster, [&] {
    std::optional<Scenario> loaded = load_scenario_or_report(args.scenario);
    if (!loaded) return kExitBadInput;
    s = std::move(*loaded);
    return 0;
  });
  if (status) return status;
  // --targets FILE: the member file's statistics (analysis/panel_comparison.h).
  const bool member_file = !args.targets.empty() && !find_calibration_target_set(args.targets);
  MemberPanel panel;
  if (member_file) {
    const int read = agreed_status(cluster, [&] {
      try {
        panel = read_member_panel(s, args.targets);
      } catch (const ScenarioError& e) {
        std::cerr << e.what() << '\n';
        return kExitBadInput;
      }
      return 0;
    });
    if (read) return read;
  }
  const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  // Under mpirun each rank simulates a contiguous share of the blocks of members; rank 0 puts
  // the records together in slot order and computes the statistics, as one process does.
  const int year = args.year - 1;
  const Scenario calibration = member_file ? member_file_comparison_scenario(s, args.members, year)
                                           : calibration_scenario(s, args.members, year);
  const ReplicationRange blocks = shard_range({cluster.rank() + 1, cluster.size()}, calibration_blocks(calibration));
  std::vector<CalibrationRecord> records;
  try {
    records = calibration_records(calibration, static_cast<std::uint32_t>(args.replication), year,
                                  {blocks.first, blocks.end()});
  } catch (const std::exception& e) {
    if (cluster.distributed()) cluster.fail(e.what());
    throw;
  }
  if (cluster.distributed()) records = records_of(cluster.gather(bytes_of(records)));
  if (!cluster.is_root()) return 0;
  if (member_file) {
    const PanelLayout layout = panel_layout(s, !panel.payer.empty());
    const PanelStatistics file = member_file_statistics(layout, panel);
    std::cout << "calibration: the synthetic population of " << args.scenario << " (no member file, at the prices of "
              << "the file's year, untrended), year " << args.year << " after the warm-up years\n"
              << "targets: the member file " << args.targets << " (" << panel.rows << " members, SHA-256 "
              << panel.sha256 << ")\n"
              << format_panel_comparison(compare_panel(layout, file, static_cast<std::int64_t>(panel.rows),
                                                       panel_member_years(layout, records)));
    return 0;
  }
  const CalibrationTargetSet& set =
      args.targets.empty() ? default_calibration_target_set(s.population) : *find_calibration_target_set(args.targets);
  const std::string why = !args.targets.empty()        ? "--targets"
                          : set.name == "medicare_ffs" ? "most of the panel is 65 or older; --targets to choose"
                                                       : "most of the panel is under 65; --targets to choose";
  // Batches of the survey's size give the published figures' sampling error directly.
  std::cout << format_calibration(calibration_report(records, year, set.survey_sample), set, why);
  return 0;
}

}  // namespace pmsim::cli
