#include "output/read_result_file.h"

#include <algorithm>
#include <filesystem>

#include "output/read_hdf5.h"
#include "output/read_hdf5_contents.h"
#include "output/read_period_table.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {

namespace {

const std::string kContracts = "/contracts/";
const std::string kSummary = "summary/";

std::string optional_string_attribute(const std::string& path, const std::string& object, const std::string& name) {
  try {
    return read_string_attribute(path, object, name);
  } catch (const std::runtime_error&) {
    return "";
  }
}

// The contracts in the order the scenario lists them, when its resolved text still parses
// (HDF5 lists groups by name; a user reads them in the scenario's order, as `pmsim run`
// prints them). Contracts the scenario does not name follow in name order.
std::vector<std::string> scenario_order(const std::string& path, const std::string& group,
                                        std::vector<std::string> by_name) {
  std::vector<std::string> ordered;
  try {
    const Scenario s =
        parse_scenario(read_string_attribute(path, group, "scenario_resolved"), path, MemberFileUse::path_only);
    for (const ContractConfig& c : s.contracts)
      if (std::find(by_name.begin(), by_name.end(), c.name) != by_name.end()) ordered.push_back(c.name);
  } catch (const std::exception&) {
    return by_name;  // an older or newer scenario format: name order will do
  }
  for (const std::string& name : by_name)
    if (std::find(ordered.begin(), ordered.end(), name) == ordered.end()) ordered.push_back(name);
  return ordered;
}

std::string metric_path(const std::string& contract, const std::string& metric) {
  return kContracts + contract + "/" + metric;
}

// The precomputed row, if the table has the layout docs/output.md gives it (else the caller
// recomputes it from the matrix).
std::optional<Summary> stored_summary(const std::string& path, const std::string& table, int years,
                                      std::optional<int> year) {
  const std::vector<std::string> columns(kSummaryColumns.begin(), kSummaryColumns.end());
  const PeriodRow row = read_period_row(path, table, columns, years, year);
  if (!row.why_not.empty()) return std::nullopt;
  Summary s;
  std::copy(row.values.begin(), row.values.end(), s.values.begin());
  return s;
}

}  // namespace

std::string describe_run(const ResultFile& file) { return describe_run(file.provenance()); }

std::string ResultFile::object_path(const std::string& object) const { return group_object(group_, object); }

ResultFile ResultFile::open(const std::string& path, const std::string& group,
                            const std::vector<FileProblem>& damaged) {
  const std::string name = group == "/" ? path : path + ":" + group;
  // What every read of the tree needs: damaged, nothing of the tree is read.
  const std::set<std::pair<std::string, std::string>> needed = {{"", ""},
                                                                {"/", ""},
                                                                {"/", "pmsim_version"},
                                                                {group, ""},
                                                                {group, "seed"},
                                                                {group, "years"},
                                                                {group, "replications"},
                                                                {group, "first_replication"},
                                                                {group, "baseline_years"},
                                                                {group_object(group, "/replication"), ""}};
  for (const FileProblem& p : damaged)
    if (needed.count({p.object, p.attribute}))
      throw ResultFileError(name + ": " + (p.object.empty() ? "the file" : describe(p)) +
                            ": the results cannot be read without it (even with --allow-damaged)");
  if (!std::filesystem::exists(path)) throw ResultFileError(path + ": no such file");
  std::optional<Hdf5Contents> file;
  try {
    file.emplace(path);
  } catch (const std::runtime_error&) {
    throw ResultFileError(path + ": not an HDF5 file (or not readable)");
  }
  if (group != "/" && (!group.starts_with("/") || !file->exists(group)))
    throw ResultFileError(path + ": no group '" + group + "'");
  // The run's attributes are the tree's group's; the invocation's (pmsim_version, git_commit,
  // created) the file root's: the same group for a run's file.
  const auto object = [&](const std::string& o) { return group_object(group, o); };
  const std::string where = group == "/" ? "root attribute" : "attribute of " + group;
  if (!file->has_attribute("/", "pmsim_version"))
    throw ResultFileError(name + ": not a pmsim results file (no root attribute 'pmsim_version')");
  for (const char* attribute : {"seed", "replications", "years"})
    if (!file->has_attribute(group, attribute))
      throw ResultFileError(name + ": not a pmsim results file (no " + where + " '" + attribute + "')");
  for (const char* o : {"/contracts", "/replication"})
    if (!file->exists(object(o))) throw ResultFileError(name + ": not a pmsim results file (no '" + object(o) + "')");

  ResultFile f;
  f.path_ = path;
  f.group_ = group;
  f.name_ = name;
  for (const FileProblem& p : damaged) {
    if (p.unexpected) continue;  // outside the layout, and read whole by the verifier: not in the way
    f.damaged_.insert(p.object);
    if (p.attribute.empty()) f.damaged_objects_.insert(p.object);
    if (!p.attribute.empty()) f.damaged_attributes_.insert({p.object, p.attribute});
  }
  Provenance& p = f.provenance_;
  try {
    p.pmsim_version = read_string_attribute(path, "/", "pmsim_version");
    p.seed = read_uint64_attribute(path, group, "seed");
    p.replications = read_int64_attribute(path, group, "replications");
    p.years = static_cast<int>(read_int64_attribute(path, group, "years"));
    p.first_replication = read_int64_attribute(path, group, "first_replication");
    p.baseline_years = static_cast<int>(read_int64_attribute(path, group, "baseline_years"));
    const Matrix ids = read_matrix(path, object("/replication"));
    for (double id : ids.values) p.replication_ids.push_back(static_cast<std::int64_t>(id));
  } catch (const std::runtime_error& e) {
    throw ResultFileError(name + ": not a complete pmsim results file: " + e.what());
  }
  if (static_cast<std::int64_t>(p.replication_ids.size()) != p.replications)
    throw ResultFileError(name + ": /replication holds " + std::to_string(p.replication_ids.size()) +
                          " ids but the file has " + std::to_string(p.replications) + " replications");
  p.git_commit = f.optional_attribute("/", "git_commit");
  p.created = f.optional_attribute("/", "created");
  p.scenario_name = f.optional_attribute(group, "scenario_name");
  p.scenario_sha256 = f.optional_attribute(group, "scenario_sha256");

  // Metric datasets are /contracts/<contract>/<metric>, <metric> possibly with a '/', and
  // carry an `aggregation`; the summary tables sit beside them under summary/, and other
  // tables (such as variance_decomposition/<outcome>) have no aggregation.
  const std::string contracts = object(kContracts);
  std::vector<std::string> names;
  std::vector<std::string> datasets;
  try {
    datasets = list_datasets(path);
  } catch (const std::runtime_error& e) {
    throw ResultFileError(name + ": its datasets cannot be listed: " + e.what());
  }
  for (const std::string& dataset : datasets) {
    if (!dataset.starts_with(contracts)) continue;
    const std::string rest = dataset.substr(contracts.size());
    const auto slash = rest.find('/');
    if (slash == std::string::npos) continue;
    const std::string contract = rest.substr(0, slash);
    const std::string metric = rest.substr(slash + 1);
    if (f.is_damaged(dataset) || f.damaged_objects_.count(contracts + contract)) continue;
    if (metric.starts_with(kSummary) || !file->has_attribute(dataset, "aggregation")) continue;
    auto& metrics = f.metrics_[contract];
    if (metrics.empty()) names.push_back(contract);
    metrics.push_back(metric);
  }
  for (auto& [contract, metrics] : f.metrics_) std::sort(metrics.begin(), metrics.end());
  std::sort(names.begin(), names.end());
  f.contracts_ = f.damaged_attributes_.count({group, "scenario_resolved"})
                     ? std::move(names)
                     : scenario_order(path, group, std::move(names));
  return f;
}

std::string ResultFile::optional_attribute(const std::string& object, const std::string& name) const {
  return damaged_attributes_.count({object, name}) ? "" : optional_string_attribute(path_, object, name);
}

void ResultFile::require_contract(const std::string& contract, const std::string& option) const {
  if (has_contract(contract)) return;
  std::string accepted;
  for (const std::string& name : contracts_) accepted += (accepted.empty() ? "" : ", ") + name;
  throw ResultFileError(option + " '" + contract + "': no such contract in " + name_ +
                        " (accepted: " + (accepted.empty() ? "none, the file has no contracts" : accepted) + ")");
}

std::string ResultFile::contract_type(const std::string& contract) const {
  if (damaged_objects_.count(object_path(kContracts + contract))) return "";
  return optional_attribute(object_path(kContracts + contract), "type");
}

const std::vector<std::string>& ResultFile::metrics(const std::string& contract) const {
  require_contract(contract, "contract");
  return metrics_.at(contract);
}

bool ResultFile::has_metric(const std::string& contract, const std::string& metric) const {
  const auto it = metrics_.find(contract);
  return it != metrics_.end() && std::binary_search(it->second.begin(), it->second.end(), metric);
}

std::string ResultFile::metric_attribute(const std::string& contract, const std::string& metric,
                                         const std::string& attribute) const {
  return optional_attribute(object_path(metric_path(contract, metric)), attribute);
}

Metric ResultFile::metric(const std::string& contract, const std::string& metric) const {
  const std::string dataset = metric_path(contract, metric);
  if (!has_metric(contract, metric)) throw ResultFileError(name_ + ": no dataset " + dataset);
  Metric m;
  m.name = metric;
  m.values = read_matrix(path_, object_path(dataset));
  m.unit = unit(contract, metric);
  m.description = metric_attribute(contract, metric, "description");
  const std::string aggregation = metric_attribute(contract, metric, "aggregation");
  const auto parsed = parse_aggregation(aggregation);
  if (!parsed)
    throw ResultFileError(name_ + ": " + dataset + " has aggregation '" + aggregation + "' (expected " +
                          aggregation_names() + ")");
  m.aggregation = *parsed;
  if (m.values.rows != provenance_.replications || m.values.cols != provenance_.years)
    throw ResultFileError(name_ + ": " + dataset + " is [" + std::to_string(m.values.rows) + ", " +
                          std::to_string(m.values.cols) + "], expected [replications, years] = [" +
                          std::to_string(provenance_.replications) + ", " + std::to_string(provenance_.years) + "]");
  return m;
}

std::vector<double> ResultFile::horizon_values(const std::string& contract, const std::string& metric) const {
  const Metric m = this->metric(contract, metric);
  std::vector<double> values(static_cast<std::size_t>(m.values.rows));
  for (std::int64_t r = 0; r < m.values.rows; ++r) values[static_cast<std::size_t>(r)] = horizon_value(m, r);
  return values;
}

MetricSummary ResultFile::summary(const std::string& contract, const std::string& metric,
                                  std::optional<int> year) const {
  if (year && (*year < 1 || *year > provenance_.years))
    throw ResultFileError(name_ + ": year " + std::to_string(*year) + " is not a performance year (accepted: 1 to " +
                          std::to_string(provenance_.years) + ")");
  if (!has_metric(contract, metric)) throw ResultFileError(name_ + ": no dataset " + metric_path(contract, metric));
  const std::string table = object_path(kContracts + contract + "/" + kSummary + metric);
  if (!is_damaged(table))
    if (auto stored = stored_summary(path_, table, provenance_.years, year)) return {*stored, false};
  if (!year) return {summarize(horizon_values(contract, metric)), true};
  const Metric m = this->metric(contract, metric);
  std::vector<double> column(static_cast<std::size_t>(m.values.rows));
  for (std::int64_t r = 0; r < m.values.rows; ++r) column[static_cast<std::size_t>(r)] = m.values(r, *year - 1);
  return {summarize(column), true};
}

}  // namespace pmsim
