#include "output/result_file.h"

#include <algorithm>
#include <filesystem>

#include "output/hdf5_contents.h"
#include "output/hdf5_writer.h"
#include "output/period_table.h"
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
std::vector<std::string> scenario_order(const std::string& path, std::vector<std::string> by_name) {
  std::vector<std::string> ordered;
  try {
    const Scenario s = parse_scenario(read_string_attribute(path, "/", "scenario_resolved"), path);
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
std::optional<Summary> stored_summary(const std::string& path, const std::string& contract, const std::string& metric,
                                      int years, std::optional<int> year) {
  const std::vector<std::string> columns(kSummaryColumns.begin(), kSummaryColumns.end());
  const PeriodRow row = read_period_row(path, kContracts + contract + "/" + kSummary + metric, columns, years, year);
  if (!row.why_not.empty()) return std::nullopt;
  Summary s;
  std::copy(row.values.begin(), row.values.end(), s.values.begin());
  return s;
}

}  // namespace

std::string describe_replication_ids(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return "none";
  const bool contiguous =
      std::is_sorted(ids.begin(), ids.end()) && ids.back() - ids.front() + 1 == static_cast<std::int64_t>(ids.size());
  if (contiguous) return std::to_string(ids.front()) + ".." + std::to_string(ids.back());
  return std::to_string(ids.size()) + " ids";
}

std::string describe_run(const ResultFile& file) {
  const Provenance& p = file.provenance();
  return "scenario '" + p.scenario_name + "': " + std::to_string(p.replications) + " replications (ids " +
         describe_replication_ids(file.replication_ids()) + "), seed " + std::to_string(p.seed) + ", " +
         std::to_string(p.years) + " performance years; pmsim " + p.pmsim_version +
         (p.git_commit.empty() ? "" : " (git " + p.git_commit + ")") +
         (p.created.empty() ? "" : ", written " + p.created);
}

std::optional<Aggregation> parse_aggregation(const std::string& text) {
  if (text == "flow") return Aggregation::flow;
  if (text == "stock") return Aggregation::stock;
  if (text == "peak") return Aggregation::peak;
  return std::nullopt;
}

ResultFile ResultFile::open(const std::string& path) {
  if (!std::filesystem::exists(path)) throw ResultFileError(path + ": no such file");
  std::optional<Hdf5Contents> file;
  try {
    file.emplace(path);
  } catch (const std::runtime_error&) {
    throw ResultFileError(path + ": not an HDF5 file (or not readable)");
  }
  for (const char* attribute : {"pmsim_version", "seed", "replications", "years"})
    if (!file->has_attribute("/", attribute))
      throw ResultFileError(path + ": not a pmsim results file (no root attribute '" + attribute + "')");
  for (const char* object : {"/contracts", "/replication"})
    if (!file->exists(object))
      throw ResultFileError(path + ": not a pmsim results file (no '" + std::string(object) + "')");

  ResultFile f;
  f.path_ = path;
  Provenance& p = f.provenance_;
  try {
    p.pmsim_version = read_string_attribute(path, "/", "pmsim_version");
    p.seed = read_uint64_attribute(path, "/", "seed");
    p.replications = read_int64_attribute(path, "/", "replications");
    p.years = static_cast<int>(read_int64_attribute(path, "/", "years"));
    p.first_replication = read_int64_attribute(path, "/", "first_replication");
    p.baseline_years = static_cast<int>(read_int64_attribute(path, "/", "baseline_years"));
    const Matrix ids = read_matrix(path, "/replication");
    for (double id : ids.values) f.replication_ids_.push_back(static_cast<std::int64_t>(id));
  } catch (const std::runtime_error& e) {
    throw ResultFileError(path + ": not a complete pmsim results file: " + e.what());
  }
  if (static_cast<std::int64_t>(f.replication_ids_.size()) != p.replications)
    throw ResultFileError(path + ": /replication holds " + std::to_string(f.replication_ids_.size()) +
                          " ids but the file has " + std::to_string(p.replications) + " replications");
  p.git_commit = optional_string_attribute(path, "/", "git_commit");
  p.created = optional_string_attribute(path, "/", "created");
  p.scenario_name = optional_string_attribute(path, "/", "scenario_name");
  p.scenario_sha256 = optional_string_attribute(path, "/", "scenario_sha256");

  // Metric datasets are /contracts/<contract>/<metric>, <metric> possibly with a '/', and
  // carry an `aggregation`; the summary tables sit beside them under summary/, and other
  // tables (such as variance_decomposition/<outcome>) have no aggregation.
  std::vector<std::string> names;
  for (const std::string& dataset : list_datasets(path)) {
    if (!dataset.starts_with(kContracts)) continue;
    const std::string rest = dataset.substr(kContracts.size());
    const auto slash = rest.find('/');
    if (slash == std::string::npos) continue;
    const std::string contract = rest.substr(0, slash);
    const std::string metric = rest.substr(slash + 1);
    if (metric.starts_with(kSummary) || !file->has_attribute(dataset, "aggregation")) continue;
    auto& metrics = f.metrics_[contract];
    if (metrics.empty()) names.push_back(contract);
    metrics.push_back(metric);
  }
  for (auto& [contract, metrics] : f.metrics_) std::sort(metrics.begin(), metrics.end());
  std::sort(names.begin(), names.end());
  f.contracts_ = scenario_order(path, std::move(names));
  return f;
}

void ResultFile::require_contract(const std::string& contract, const std::string& option) const {
  if (has_contract(contract)) return;
  std::string accepted;
  for (const std::string& name : contracts_) accepted += (accepted.empty() ? "" : ", ") + name;
  throw ResultFileError(option + " '" + contract + "': no such contract in " + path_ +
                        " (accepted: " + (accepted.empty() ? "none, the file has no contracts" : accepted) + ")");
}

std::string ResultFile::contract_type(const std::string& contract) const {
  return optional_string_attribute(path_, kContracts + contract, "type");
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
  return optional_string_attribute(path_, metric_path(contract, metric), attribute);
}

Metric ResultFile::metric(const std::string& contract, const std::string& metric) const {
  const std::string dataset = metric_path(contract, metric);
  if (!has_metric(contract, metric)) throw ResultFileError(path_ + ": no dataset " + dataset);
  Metric m;
  m.name = metric;
  m.values = read_matrix(path_, dataset);
  m.unit = unit(contract, metric);
  m.description = metric_attribute(contract, metric, "description");
  const std::string aggregation = metric_attribute(contract, metric, "aggregation");
  const auto parsed = parse_aggregation(aggregation);
  if (!parsed)
    throw ResultFileError(path_ + ": " + dataset + " has aggregation '" + aggregation +
                          "' (expected flow, stock or peak)");
  m.aggregation = *parsed;
  if (m.values.rows != provenance_.replications || m.values.cols != provenance_.years)
    throw ResultFileError(path_ + ": " + dataset + " is [" + std::to_string(m.values.rows) + ", " +
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
    throw ResultFileError(path_ + ": year " + std::to_string(*year) + " is not a performance year (accepted: 1 to " +
                          std::to_string(provenance_.years) + ")");
  if (!has_metric(contract, metric)) throw ResultFileError(path_ + ": no dataset " + metric_path(contract, metric));
  if (auto stored = stored_summary(path_, contract, metric, provenance_.years, year)) return {*stored, false};
  if (!year) return {summarize(horizon_values(contract, metric)), true};
  const Metric m = this->metric(contract, metric);
  std::vector<double> column(static_cast<std::size_t>(m.values.rows));
  for (std::int64_t r = 0; r < m.values.rows; ++r) column[static_cast<std::size_t>(r)] = m.values(r, *year - 1);
  return {summarize(column), true};
}

}  // namespace pmsim
