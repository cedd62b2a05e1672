#include "output/read_run_results.h"

#include "engine/reference_population.h"
#include "engine/run.h"
#include "output/read_hdf5.h"
#include "output/read_hdf5_contents.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {

namespace {

// The matrix of dataset `path`, which must be [rows, cols] (a rank-1 dataset when `cols` is 0).
Matrix read_shaped(const std::string& file, const std::string& path, std::int64_t rows, int cols) {
  Matrix m = read_matrix(file, path);
  const int expected_cols = cols == 0 ? 1 : cols;
  if (m.rows != rows || m.cols != expected_cols)
    throw RunResultsReadError(file + ": " + path + " is [" + std::to_string(m.rows) + ", " + std::to_string(m.cols) +
                              "], expected [" + std::to_string(rows) + ", " + std::to_string(expected_cols) + "]");
  return m;
}

void read_metrics(const std::string& file, const std::string& group, std::vector<Metric>& metrics) {
  for (Metric& m : metrics) m.values = read_shaped(file, group + "/" + m.name, m.values.rows, m.values.cols);
}

}  // namespace

std::optional<MemberFileFingerprint> read_member_file_fingerprint(const std::string& path, const std::string& group) {
  if (!Hdf5Contents(path).has_attribute(group, "member_file_sha256")) return std::nullopt;
  MemberFileFingerprint f;
  f.path = read_string_attribute(path, group, "member_file");
  f.sha256 = read_string_attribute(path, group, "member_file_sha256");
  const std::int64_t rows = read_int64_attribute(path, group, "member_file_rows");
  if (rows < 0) throw RunResultsReadError(path + ": member_file_rows is negative (" + std::to_string(rows) + ")");
  f.rows = static_cast<std::size_t>(rows);
  return f;
}

RunIdentity read_run_identity(const std::string& path) {
  RunIdentity id;
  try {
    const Hdf5Contents contents(path);
    if (contents.has_attribute("/", "sweep_keys"))
      throw RunResultsReadError(path + ": a sweep file (pmsim sweep), not the results of one run");
    id.pmsim_version = read_string_attribute(path, "/", "pmsim_version");
    id.git_commit = read_string_attribute(path, "/", "git_commit");
    id.scenario_file = read_string_attribute(path, "/", "scenario_file");
    id.scenario_text = read_string_attribute(path, "/", "scenario_text");
    id.scenario_resolved = read_string_attribute(path, "/", "scenario_resolved");
    id.seed = read_uint64_attribute(path, "/", "seed");
    id.range.first = read_int64_attribute(path, "/", "first_replication");
    id.range.count = read_int64_attribute(path, "/", "replications");
    if (contents.has_attribute("/", "shard_index") || contents.has_attribute("/", "shard_count"))
      id.shard = Shard{read_int64_attribute(path, "/", "shard_index"), read_int64_attribute(path, "/", "shard_count")};
    id.member_file = read_member_file_fingerprint(path, "/");
  } catch (const RunResultsReadError&) {
    throw;
  } catch (const std::exception& e) {
    throw RunResultsReadError(e.what());
  }
  try {
    id.run_replications = parse_scenario(id.scenario_resolved, path + " (scenario_resolved)", MemberFileUse::path_only)
                              .simulation.replications;
  } catch (const std::exception& e) {
    throw RunResultsReadError(path + ": its resolved scenario does not parse with this pmsim:\n" + e.what());
  }
  return id;
}

RunResults read_run_results(const std::string& path, const RunIdentity& id) {
  try {
    Scenario scenario = parse_scenario(id.scenario_resolved, path + " (scenario_resolved)", MemberFileUse::path_only);
    scenario.simulation.seed = id.seed;
    // The stand-in gives the contracts' attribute names, the file the values.
    const ReferenceMembers stand_in = stand_in_reference();
    RunResults r = allocate_results(resolve_reference_quantiles(scenario, &stand_in), id.range.first, id.range.count);
    r.scenario = std::move(scenario);
    r.member_file = id.member_file;
    for (ContractResults& c : r.contracts) {
      const std::string group = "/contracts/" + c.name;
      for (auto& [name, value] : c.attributes) value = read_double_attribute(path, group, name);
      read_metrics(path, group, c.metrics);
      read_metrics(path, group + "/twins", c.twins);
    }
    read_metrics(path, "/population", r.population);
    for (std::size_t j = 0; j < r.scenario.uncertain.size(); ++j) {
      const Matrix column = read_shaped(path, "/parameters/" + r.scenario.uncertain[j].key, id.range.count, 0);
      for (std::int64_t i = 0; i < id.range.count; ++i) r.parameters(i, static_cast<int>(j)) = column(i, 0);
    }
    return r;
  } catch (const RunResultsReadError&) {
    throw;
  } catch (const std::exception& e) {
    throw RunResultsReadError(e.what());
  }
}

}  // namespace pmsim
