#include "output/hdf5_writer.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>

#include "analysis/run_analysis.h"
#include "output/hdf5_handle.h"
#include "output/results_layout.h"
#include "pmsim/version.h"
#include "random/lanes_targets.h"
#include "random/parameter_distribution.h"
#include "util/sha256.h"

namespace pmsim {

namespace {

using h5::Handle;

// Datasets with more elements than this are chunked and deflate-compressed.
constexpr hsize_t kCompressAbove = 4096;
constexpr hsize_t kMaxChunkRows = 4096;
constexpr hsize_t kMaxChunkBytes = hsize_t{1} << 20;
constexpr unsigned kDeflateLevel = 4;

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ----------------------------------------------------------------------------------------
// Validation: everything that can be checked before the temporary file exists.

void check_metric_name(const std::string& name, const std::string& where) {
  auto bad = [&](const char* why) { throw std::runtime_error(where + ": metric name '" + name + "' " + why); };
  if (name.empty()) bad("is empty");
  if (name.front() == '/' || name.back() == '/') bad("starts or ends with '/'");
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view part(name.data() + start, end - start);
    if (part.empty()) bad("has an empty path component");
    if (part == "." || part == "..") bad("has a '.' or '..' path component");
    start = end + 1;
  }
}

void check_shape(const Metric& m, std::int64_t rows, int cols, const std::string& where) {
  const Matrix& x = m.values;
  if (x.rows != rows || x.cols != cols ||
      x.values.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
    throw std::runtime_error(where + "/" + m.name + ": matrix is [" + std::to_string(x.rows) + ", " +
                             std::to_string(x.cols) + "] with " + std::to_string(x.values.size()) +
                             " values, expected [" + std::to_string(rows) + ", " + std::to_string(cols) + "]");
}

void check_metrics(const std::vector<Metric>& metrics, std::int64_t rows, int cols, const std::string& where,
                   bool reserve_summary) {
  std::set<std::string> seen;
  for (const Metric& m : metrics) {
    check_metric_name(m.name, where);
    if (reserve_summary && (m.name == "summary" || m.name.starts_with("summary/")))
      throw std::runtime_error(where + ": metric name '" + m.name + "' clashes with the summary group");
    if (!seen.insert(m.name).second) throw std::runtime_error(where + ": duplicate metric '" + m.name + "'");
    // A metric that is also a group of another metric ("a" and "a/b") cannot be stored.
    for (std::size_t p = m.name.find('/'); p != std::string::npos; p = m.name.find('/', p + 1))
      if (std::any_of(metrics.begin(), metrics.end(), [&](const Metric& o) { return o.name == m.name.substr(0, p); }))
        throw std::runtime_error(where + ": metric '" + m.name + "' is nested under metric '" + m.name.substr(0, p) +
                                 "'");
    check_shape(m, rows, cols, where);
  }
}

// The analysis must be of these results: one entry per contract, metric and twin, each a
// table of years + 1 rows.
void check_analysis(const RunResults& r, const RunAnalysis& a) {
  if (a.contracts.size() != r.contracts.size())
    throw std::runtime_error("the analysis has " + std::to_string(a.contracts.size()) + " contracts, the results " +
                             std::to_string(r.contracts.size()));
  const auto years = static_cast<std::size_t>(r.years) + 1;
  for (std::size_t i = 0; i < r.contracts.size(); ++i) {
    const ContractResults& c = r.contracts[i];
    const ContractAnalysis& ca = a.contracts[i];
    const std::string where = "the analysis of contract '" + c.name + "'";
    if (ca.contract != c.name) throw std::runtime_error(where + " is of contract '" + ca.contract + "'");
    if (ca.summaries.size() != c.metrics.size() || ca.decompositions.size() != c.twins.size())
      throw std::runtime_error(where + " does not have one table per metric and twin");
    for (const auto& rows : ca.summaries)
      if (rows.size() != years) throw std::runtime_error(where + ": a summary table without years + 1 rows");
    for (const auto& rows : ca.decompositions)
      if (rows.size() != years) throw std::runtime_error(where + ": a decomposition table without years + 1 rows");
    if (!r.scenario.uncertain.empty() && ca.sensitivity.size() != sensitivity_outcomes().size())
      throw std::runtime_error(where + " does not have one tornado per sensitivity outcome");
  }
  if (!r.scenario.uncertain.empty() && a.parameter_nominals.size() != r.scenario.uncertain.size())
    throw std::runtime_error("the analysis does not have one nominal value per uncertain parameter");
}

void validate(const RunResults& r) {
  if (r.replications < 0 || r.years < 0 || r.baseline_years < 0)
    throw std::runtime_error("negative replications, years or baseline_years");
  std::set<std::string> names;
  for (const ContractResults& c : r.contracts) {
    if (c.name.empty() || c.name.find('/') != std::string::npos || c.name == "." || c.name == "..")
      throw std::runtime_error("contract name '" + c.name + "' cannot be an HDF5 group name");
    if (!names.insert(c.name).second) throw std::runtime_error("duplicate contract '" + c.name + "'");
    check_metrics(c.metrics, r.replications, r.years, "/contracts/" + c.name, true);
  }
  check_metrics(r.population, r.replications, r.baseline_years + r.years, "/population", false);
}

// ----------------------------------------------------------------------------------------
// Writing.

// Writes one results tree under the group `root` ("" for the file's root, else e.g. "/sweep/0").
class Writer {
 public:
  Writer(hid_t file, std::string root) : file_(file), root_(std::move(root)) {
    vlen_string_ = h5::datatype(H5Tcopy(H5T_C_S1), "cannot create string type");
    h5::check(H5Tset_size(vlen_string_.get(), H5T_VARIABLE), "cannot create string type");
    h5::check(H5Tset_cset(vlen_string_.get(), H5T_CSET_UTF8), "cannot create string type");
    lcpl_ = h5::plist(H5Pcreate(H5P_LINK_CREATE), "cannot create link property list");
    h5::check(H5Pset_create_intermediate_group(lcpl_.get(), 1), "cannot set intermediate groups");
  }

  //! The tree of a run under the root, with the run's provenance on the root group.
  void write_run(const RunResults& r, const RunAnalysis& a, const std::string& scenario_resolved, TreeKind kind);
  //! The invocation's provenance (which binary, when, from what command) on the root group.
  void write_invocation(const RunMetadata& meta);

  void string_attribute_of(const std::string& object, const char* name, std::string_view value) {
    Handle obj = open_object(object);
    string_attribute(obj.get(), object, name, value);
  }
  void strings_attribute_of(const std::string& object, const char* name, const std::vector<std::string>& values) {
    Handle obj = open_object(object);
    strings_attribute(obj.get(), object, name, values);
  }

 private:
  //! /parameters (the drawn values) and /sensitivity (rank correlations, tornado).
  void write_parameters(const RunResults& r, const RunAnalysis& a);
  //! The root group's path ("/" for the file's root).
  std::string root_group() const { return root_.empty() ? "/" : root_; }

  Handle create_group(const std::string& path) {
    return h5::group(H5Gcreate2(file_, path.c_str(), lcpl_.get(), H5P_DEFAULT, H5P_DEFAULT),
                     "cannot create group '" + path + "'");
  }

  Handle open_object(const std::string& path) {
    return h5::object(H5Oopen(file_, path.c_str(), H5P_DEFAULT), "cannot open '" + path + "'");
  }

  void string_attribute(hid_t obj, const std::string& where, const char* name, std::string_view value) {
    const std::string what = "cannot write attribute '" + std::string(name) + "' of '" + where + "'";
    if (value.find('\0') != std::string_view::npos)
      throw std::runtime_error(what + ": the value contains a NUL character");
    const std::string copy(value);
    const char* ptr = copy.c_str();
    Handle space = h5::dataspace(H5Screate(H5S_SCALAR), what);
    Handle attr = h5::attribute(H5Acreate2(obj, name, vlen_string_.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), what);
    h5::check(H5Awrite(attr.get(), vlen_string_.get(), &ptr), what);
  }

  void strings_attribute(hid_t obj, const std::string& where, const char* name,
                         const std::vector<std::string>& values) {
    const std::string what = "cannot write attribute '" + std::string(name) + "' of '" + where + "'";
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    const hsize_t n = values.size();
    Handle space = h5::dataspace(H5Screate_simple(1, &n, nullptr), what);
    Handle attr = h5::attribute(H5Acreate2(obj, name, vlen_string_.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), what);
    if (n > 0) h5::check(H5Awrite(attr.get(), vlen_string_.get(), ptrs.data()), what);
  }

  template <class T>
  void scalar_attribute(hid_t obj, const std::string& where, const char* name, hid_t file_type, hid_t mem_type,
                        T value) {
    const std::string what = "cannot write attribute '" + std::string(name) + "' of '" + where + "'";
    Handle space = h5::dataspace(H5Screate(H5S_SCALAR), what);
    Handle attr = h5::attribute(H5Acreate2(obj, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), what);
    h5::check(H5Awrite(attr.get(), mem_type, &value), what);
  }

  //! Creates a rank-1 (cols == 0) or rank-2 dataset at `path` and writes `data` into it.
  Handle dataset(const std::string& path, hid_t file_type, hid_t mem_type, const void* data, hsize_t rows, hsize_t cols,
                 bool rank1 = false) {
    const std::string what = "cannot write dataset '" + path + "'";
    const hsize_t dims[2] = {rows, cols};
    const int rank = rank1 ? 1 : 2;
    Handle space = h5::dataspace(H5Screate_simple(rank, dims, nullptr), what);
    Handle dcpl = h5::plist(H5Pcreate(H5P_DATASET_CREATE), what);
    const hsize_t elements = rank1 ? rows : rows * cols;
    if (elements > kCompressAbove) {
      const hsize_t row_bytes = (rank1 ? 1 : cols) * H5Tget_size(file_type);
      const hsize_t chunk_rows = std::max<hsize_t>(1, std::min({rows, kMaxChunkRows, kMaxChunkBytes / row_bytes}));
      const hsize_t chunk[2] = {chunk_rows, cols};
      h5::check(H5Pset_chunk(dcpl.get(), rank, chunk), what + " (chunking)");
      h5::check(H5Pset_deflate(dcpl.get(), kDeflateLevel), what + " (deflate)");
    }
    Handle ds = h5::dataset(
        H5Dcreate2(file_, path.c_str(), file_type, space.get(), lcpl_.get(), dcpl.get(), H5P_DEFAULT), what);
    if (elements > 0) h5::check(H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), what);
    return ds;
  }

  void metric_dataset(const std::string& path, const Metric& m) {
    Handle ds = dataset(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, m.values.values.data(),
                        static_cast<hsize_t>(m.values.rows), static_cast<hsize_t>(m.values.cols));
    string_attribute(ds.get(), path, "unit", m.unit);
    string_attribute(ds.get(), path, "description", m.description);
    string_attribute(ds.get(), path, "aggregation", to_string(m.aggregation));
  }

  void summary_dataset(const std::string& path, const Metric& m, const std::vector<Summary>& rows) {
    std::vector<double> table;
    table.reserve(rows.size() * kSummaryColumnCount);
    for (const Summary& s : rows) table.insert(table.end(), s.values.begin(), s.values.end());
    Handle ds = dataset(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, table.data(), rows.size(), kSummaryColumnCount);
    std::vector<std::string> columns(kSummaryColumns.begin(), kSummaryColumns.end());
    strings_attribute(ds.get(), path, "columns", columns);
    strings_attribute(ds.get(), path, "rows", period_labels(m.values.cols));
    string_attribute(ds.get(), path, "horizon", horizon_description(m.aggregation));
    string_attribute(ds.get(), path, "unit", m.unit);
    string_attribute(ds.get(), path, "aggregation", to_string(m.aggregation));
  }

  void decomposition_dataset(const std::string& path, const Metric& twin, const std::vector<VarianceSplit>& rows) {
    std::vector<double> table;
    for (const VarianceSplit& v : rows)
      table.insert(table.end(), {v.total, v.systematic, v.idiosyncratic, v.systematic_share, v.systematic_se});
    Handle ds =
        dataset(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, table.data(), rows.size(), variance_split_columns().size());
    strings_attribute(ds.get(), path, "columns", variance_split_columns());
    strings_attribute(ds.get(), path, "rows", period_labels(twin.values.cols));
    string_attribute(ds.get(), path, "unit", kDecompositionUnit);
  }

  hid_t file_;
  std::string root_;
  Handle vlen_string_;
  Handle lcpl_;
};

void Writer::write_invocation(const RunMetadata& meta) {
  const std::string where = root_group();
  Handle root = open_object(where);
  const hid_t g = root.get();
  string_attribute(g, where, "pmsim_version", kVersion);
  string_attribute(g, where, "git_commit", kGitCommit);
  string_attribute(g, where, "created", utc_now_iso8601());
  string_attribute(g, where, "scenario_file", meta.scenario_file);
  string_attribute(g, where, "scenario_text", meta.scenario_text);
  string_attribute(g, where, "command_line", meta.command_line);
  scalar_attribute<int>(g, where, "threads", H5T_STD_I32LE, H5T_NATIVE_INT, meta.threads);
  scalar_attribute<double>(g, where, "wall_seconds", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, meta.wall_seconds);
  // The instruction set the many-lane samplers ran on (pmsim run --simd): provenance, since
  // they give the same bits on every one.
  string_attribute(g, where, "simd_target", lanes_targets::dispatched_name());
  if (meta.shard) {
    scalar_attribute<std::int64_t>(g, where, "shard_index", H5T_STD_I64LE, H5T_NATIVE_INT64, meta.shard->index);
    scalar_attribute<std::int64_t>(g, where, "shard_count", H5T_STD_I64LE, H5T_NATIVE_INT64, meta.shard->count);
  }
}

void Writer::write_run(const RunResults& r, const RunAnalysis& a, const std::string& scenario_resolved, TreeKind kind) {
  const auto& sim = r.scenario.simulation;
  {
    const std::string where = root_group();
    Handle root = root_.empty() ? open_object(where) : create_group(where);
    const hid_t g = root.get();
    scalar_attribute<std::uint64_t>(g, where, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, sim.seed);
    scalar_attribute<std::int64_t>(g, where, "replications", H5T_STD_I64LE, H5T_NATIVE_INT64, r.replications);
    scalar_attribute<std::int64_t>(g, where, "first_replication", H5T_STD_I64LE, H5T_NATIVE_INT64, r.first_replication);
    scalar_attribute<int>(g, where, "years", H5T_STD_I32LE, H5T_NATIVE_INT, r.years);
    scalar_attribute<int>(g, where, "baseline_years", H5T_STD_I32LE, H5T_NATIVE_INT, r.baseline_years);
    scalar_attribute<int>(g, where, "warmup_years", H5T_STD_I32LE, H5T_NATIVE_INT, sim.warmup_years);
    string_attribute(g, where, "scenario_name", sim.name);
    string_attribute(g, where, "scenario_resolved", scenario_resolved);
    string_attribute(g, where, "scenario_sha256", sha256_hex(scenario_resolved));
    if (r.member_file) {  // its fingerprint only: the members are patient data
      string_attribute(g, where, "member_file", r.member_file->path);
      string_attribute(g, where, "member_file_sha256", r.member_file->sha256);
      scalar_attribute<std::int64_t>(g, where, "member_file_rows", H5T_STD_I64LE, H5T_NATIVE_INT64,
                                     static_cast<std::int64_t>(r.member_file->rows));
    }
  }

  std::vector<std::int64_t> ids(static_cast<std::size_t>(r.replications));
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = r.first_replication + static_cast<std::int64_t>(i);
  {
    const std::string path = root_ + "/replication";
    Handle ds = dataset(path, H5T_STD_I64LE, H5T_NATIVE_INT64, ids.data(), ids.size(), 0, true);
    string_attribute(ds.get(), path, "description", kReplicationDescription);
  }

  create_group(root_ + "/contracts");
  for (std::size_t i = 0; i < r.contracts.size(); ++i) {
    const ContractResults& c = r.contracts[i];
    const ContractAnalysis& ca = a.contracts[i];
    const std::string base = root_ + "/contracts/" + c.name;
    {
      Handle g = create_group(base);
      string_attribute(g.get(), base, "type", c.type);
      for (const auto& [name, value] : c.attributes)
        scalar_attribute<double>(g.get(), base, name.c_str(), H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, value);
    }
    for (const Metric& m : c.metrics) metric_dataset(base + "/" + m.name, m);
    create_group(base + "/summary");
    for (std::size_t m = 0; m < c.metrics.size(); ++m)
      summary_dataset(base + "/summary/" + c.metrics[m].name, c.metrics[m], ca.summaries[m]);
    for (std::size_t t = 0; t < c.twins.size(); ++t)
      decomposition_dataset(base + "/variance_decomposition/" + c.twins[t].name, c.twins[t], ca.decompositions[t]);
    if (kind == TreeKind::shard)
      for (const Metric& twin : c.twins) {
        const std::string path = base + "/twins/" + twin.name;
        Handle ds = dataset(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, twin.values.values.data(),
                            static_cast<hsize_t>(twin.values.rows), static_cast<hsize_t>(twin.values.cols));
        string_attribute(ds.get(), path, "unit", twin.unit);
        string_attribute(ds.get(), path, "description", twin.description);
      }
  }

  const std::string population = root_ + "/population";
  Handle pop = create_group(population);
  scalar_attribute<int>(pop.get(), population, "first_performance_year_column", H5T_STD_I32LE, H5T_NATIVE_INT,
                        r.baseline_years);
  for (const Metric& m : r.population) metric_dataset(population + "/" + m.name, m);
  if (!r.scenario.uncertain.empty()) write_parameters(r, a);
}

void Writer::write_parameters(const RunResults& r, const RunAnalysis& a) {
  const auto& uncertain = r.scenario.uncertain;
  std::vector<std::string> keys;
  for (const auto& p : uncertain) keys.push_back(p.key);
  {
    Handle g = create_group(root_ + "/parameters");
    strings_attribute(g.get(), root_ + "/parameters", "keys", keys);
  }
  const auto rows = static_cast<std::size_t>(r.replications);
  for (std::size_t j = 0; j < uncertain.size(); ++j) {
    std::vector<double> column(rows);
    for (std::size_t i = 0; i < rows; ++i) column[i] = r.parameters(static_cast<std::int64_t>(i), static_cast<int>(j));
    const std::string path = root_ + "/parameters/" + keys[j];
    Handle ds = dataset(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, column.data(), rows, 0, true);
    string_attribute(ds.get(), path, "distribution", describe(uncertain[j].distribution));
    scalar_attribute<double>(ds.get(), path, "nominal", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, a.parameter_nominals[j]);
  }
  create_group(root_ + "/sensitivity");
  for (std::size_t i = 0; i < r.contracts.size(); ++i) {
    const ContractResults& c = r.contracts[i];
    for (const OutcomeSensitivity& s : a.contracts[i].sensitivity) {
      const std::string& outcome = s.outcome;
      const Metric& m = c.metric(outcome);
      const std::vector<ParameterSensitivity>& order = s.tornado;
      const std::string base = root_ + "/sensitivity/" + c.name + "/" + outcome;
      Handle g = create_group(base);
      std::vector<std::string> names;
      std::vector<double> rho, low, high, swing;
      for (const ParameterSensitivity& p : order) {
        names.push_back(keys[p.parameter]);
        rho.push_back(p.rank_correlation);
        low.push_back(p.low);
        high.push_back(p.high);
        swing.push_back(p.swing);
      }
      strings_attribute(g.get(), base, "parameters", names);
      string_attribute(g.get(), base, "outcome", tornado_description(outcome, m.unit));
      dataset(base + "/rank_correlation", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rho.data(), rho.size(), 0, true);
      dataset(base + "/low", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, low.data(), low.size(), 0, true);
      dataset(base + "/high", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, high.data(), high.size(), 0, true);
      dataset(base + "/swing", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, swing.data(), swing.size(), 0, true);
    }
  }
}

}  // namespace

namespace {

void check_results(const RunResults& results, const RunAnalysis& analysis, const std::string& path) {
  try {
    validate(results);
    check_analysis(results, analysis);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot write results file '" + path + "': " + e.what());
  }
}

}  // namespace

struct ResultsFileWriter::Open {
  Handle file;
  std::optional<Writer> root;  // the writer of the file's root group
};

ResultsFileWriter::ResultsFileWriter(std::string path, IfExists if_exists)
    : path_(std::move(path)), file_(path_, if_exists) {
  guarded([&] {
    open_ = std::make_unique<Open>();
    const std::string temporary = file_.temporary().string();
    open_->file = h5::file(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                           "cannot create temporary file '" + temporary + "'");
    open_->root.emplace(open_->file.get(), "");
  });
}

ResultsFileWriter::~ResultsFileWriter() {
  if (!open_) return;
  open_->root.reset();
  h5::SilenceErrors silence;  // a close that fails again (the disk is still full) was reported
  open_->file.close();
}  // file_ removes the temporary

void ResultsFileWriter::guarded(const std::function<void()>& step) {
  h5::SilenceErrors silence;
  try {
    step();
  } catch (const h5::Error& e) {
    if (e.os_error() != 0) throw FileWriteError("cannot write " + path_ + ": " + describe_write_error(e.os_error()));
    throw FileWriteError("cannot write results file '" + path_ + "': " + e.what());
  } catch (const std::exception& e) {
    throw FileWriteError("cannot write results file '" + path_ + "': " + e.what());
  }
}

void ResultsFileWriter::write_run(const std::string& group, const RunResults& results, const RunAnalysis& analysis,
                                  const std::string& scenario_resolved, TreeKind kind) {
  check_results(results, analysis, path_);
  guarded([&] {
    Writer(open_->file.get(), group == "/" ? "" : group).write_run(results, analysis, scenario_resolved, kind);
  });
}

void ResultsFileWriter::write_invocation(const RunMetadata& meta) {
  guarded([&] { open_->root->write_invocation(meta); });
}

void ResultsFileWriter::write_string_attribute(const std::string& object, const std::string& name,
                                               const std::string& value) {
  guarded([&] { open_->root->string_attribute_of(object, name.c_str(), value); });
}

void ResultsFileWriter::write_strings_attribute(const std::string& object, const std::string& name,
                                                const std::vector<std::string>& values) {
  guarded([&] { open_->root->strings_attribute_of(object, name.c_str(), values); });
}

void ResultsFileWriter::commit() {
  guarded([&] {
    open_->root.reset();
    // A full disk is found here at the latest: HDF5 keeps metadata in memory until the file closes.
    h5::check(H5Fflush(open_->file.get(), H5F_SCOPE_GLOBAL), "cannot finish writing '" + path_ + "'");
    if (!open_->file.close()) h5::fail("cannot finish writing '" + path_ + "'");
  });
  open_.reset();
  file_.commit();
}

void write_results(ResultsFileWriter& file, const RunResults& results, const RunAnalysis& analysis,
                   const RunMetadata& meta) {
  file.write_invocation(meta);
  file.write_run("/", results, analysis, meta.scenario_resolved, meta.shard ? TreeKind::shard : TreeKind::run);
  file.commit();
}

void write_results(const RunResults& results, const RunAnalysis& analysis, const RunMetadata& meta,
                   const std::string& path) {
  check_results(results, analysis, path);
  ResultsFileWriter file(path);
  write_results(file, results, analysis, meta);
}

void skip_hdf5_cleanup_at_exit() { H5dont_atexit(); }

}  // namespace pmsim
