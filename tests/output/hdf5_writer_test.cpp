#include "output/hdf5_writer.h"
#include "output/read_hdf5.h"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/run_analysis.h"
#include "analysis/statistics.h"
#include "pmsim/version.h"
#include "util/sha256.h"

namespace pmsim {
namespace {

namespace fs = std::filesystem;

//! A fresh directory under the system temp directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / ("pmsim_h5_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
                                         "_" + (info ? std::string(info->name()) : std::string("x")));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path path_;
};

Metric metric(std::string name, std::string unit, Aggregation aggregation, std::int64_t rows, int cols, double base) {
  Metric m;
  m.name = std::move(name);
  m.unit = std::move(unit);
  m.description = "description of " + m.name;
  m.aggregation = aggregation;
  m.values = Matrix(rows, cols);
  for (std::int64_t r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      m.values(r, c) = base + 10.0 * static_cast<double>(r) + c + 0.125 - (r == 1 ? 1000.0 : 0.0);
  return m;
}

RunResults synthetic_results(std::int64_t replications = 3) {
  RunResults r;
  r.scenario.simulation.name = "synthetic";
  r.scenario.simulation.seed = 0xFFFFFFFFFFFFFFF0ull;  // above the int64 range
  r.first_replication = 100;
  r.replications = replications;
  r.years = 2;
  r.baseline_years = 1;
  const std::pair<const char*, ContractType> contracts[] = {{"ffs", ContractType::fee_for_service},
                                                            {"cap", ContractType::capitation}};
  double base = 1;
  for (const auto& [name, type] : contracts) {
    ContractResults c;
    c.name = name;
    c.type = std::string(to_string(type));
    c.metrics.push_back(metric("provider_margin", "USD", Aggregation::flow, replications, r.years, base += 100));
    c.metrics.push_back(metric("provider_reserves", "USD", Aggregation::stock, replications, r.years, base += 100));
    c.metrics.push_back(
        metric("utilization/inpatient", "units", Aggregation::flow, replications, r.years, base += 100));
    c.metrics.push_back(
        metric("utilization/emergency", "units", Aggregation::flow, replications, r.years, base += 100));
    r.contracts.push_back(std::move(c));
  }
  const int cols = r.baseline_years + r.years;
  r.population.push_back(metric("member_years", "member-years", Aggregation::flow, replications, cols, 5000));
  r.population.push_back(metric("counts/inpatient", "units", Aggregation::flow, replications, cols, 7000));
  return r;
}

RunMetadata synthetic_metadata() {
  RunMetadata meta;
  meta.scenario_file = "scenarios/synthétique.yaml";
  meta.scenario_text = "simulation:\n  name: synthetic  # ünïcödé\n";
  // Longer than the 64 KiB limit of compact attribute storage.
  meta.scenario_resolved = "simulation:\n  name: synthetic\n  seed: 18446744073709551600\n" + std::string(70000, '#');
  meta.command_line = "pmsim run scenarios/synthetic.yaml --replications 3";
  meta.threads = 2;
  meta.wall_seconds = 1.5;
  return meta;
}

void expect_same_values(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i])) {
      EXPECT_TRUE(std::isnan(b[i])) << what << " [" << i << "]";
    } else {
      EXPECT_EQ(a[i], b[i]) << what << " [" << i << "]";
    }
  }
}

class Hdf5Writer : public ::testing::Test {
 protected:
  void SetUp() override {
    results_ = synthetic_results();
    meta_ = synthetic_metadata();
    file_ = (dir_.path() / "out.h5").string();
    write_results(results_, analyse_run(results_), meta_, file_);
  }

  TempDir dir_;
  RunResults results_;
  RunMetadata meta_;
  std::string file_;
};

TEST_F(Hdf5Writer, ListsEveryDataset) {
  std::vector<std::string> expected = {"/replication"};
  for (const auto& c : results_.contracts)
    for (const auto& m : c.metrics) {
      expected.push_back("/contracts/" + c.name + "/" + m.name);
      expected.push_back("/contracts/" + c.name + "/summary/" + m.name);
    }
  for (const auto& m : results_.population) expected.push_back("/population/" + m.name);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(list_datasets(file_), expected);
}

TEST_F(Hdf5Writer, MatricesReadBackExactly) {
  for (const auto& c : results_.contracts)
    for (const auto& m : c.metrics) {
      const std::string path = "/contracts/" + c.name + "/" + m.name;
      const Matrix x = read_matrix(file_, path);
      EXPECT_EQ(x.rows, 3) << path;
      EXPECT_EQ(x.cols, 2) << path;
      EXPECT_EQ(x.values, m.values.values) << path;
    }
  for (const auto& m : results_.population) {
    const std::string path = "/population/" + m.name;
    const Matrix x = read_matrix(file_, path);
    EXPECT_EQ(x.rows, 3) << path;
    EXPECT_EQ(x.cols, 3) << path;
    EXPECT_EQ(x.values, m.values.values) << path;
  }
  const Matrix ids = read_matrix(file_, "/replication");
  EXPECT_EQ(ids.rows, 3);
  EXPECT_EQ(ids.cols, 1);
  EXPECT_EQ(ids.values, (std::vector<double>{100, 101, 102}));
}

TEST_F(Hdf5Writer, SummariesEqualSummarizeMetric) {
  for (const auto& c : results_.contracts)
    for (const auto& m : c.metrics) {
      const std::string path = "/contracts/" + c.name + "/summary/" + m.name;
      const Matrix x = read_matrix(file_, path);
      ASSERT_EQ(x.rows, 3) << path;  // 2 years + horizon
      ASSERT_EQ(x.cols, 16) << path;
      std::vector<double> expected;
      for (const Summary& s : summarize_metric(m)) expected.insert(expected.end(), s.values.begin(), s.values.end());
      expect_same_values(x.values, expected, path);

      const auto columns = read_string_array_attribute(file_, path, "columns");
      EXPECT_EQ(columns, std::vector<std::string>(kSummaryColumns.begin(), kSummaryColumns.end()));
      EXPECT_EQ(read_string_array_attribute(file_, path, "rows"),
                (std::vector<std::string>{"year 1", "year 2", "horizon"}));
      EXPECT_EQ(read_string_attribute(file_, path, "horizon"),
                m.aggregation == Aggregation::stock ? "minimum over years" : "sum over years");
    }
  // The stock's horizon row really is the minimum: replication 1 is the worst in year 1.
  const Metric& reserves = results_.contract("ffs").metric("provider_reserves");
  const Matrix table = read_matrix(file_, "/contracts/ffs/summary/provider_reserves");
  EXPECT_EQ(table(2, static_cast<int>(summary_column_index("es99"))), -reserves.values(1, 0));
}

TEST_F(Hdf5Writer, RootAttributes) {
  EXPECT_EQ(read_string_attribute(file_, "/", "pmsim_version"), kVersion);
  EXPECT_EQ(read_string_attribute(file_, "/", "git_commit"), kGitCommit);
  const std::string created = read_string_attribute(file_, "/", "created");
  EXPECT_EQ(created.size(), 20u) << created;  // YYYY-MM-DDTHH:MM:SSZ
  EXPECT_EQ(created[10], 'T');
  EXPECT_EQ(created.back(), 'Z');
  EXPECT_EQ(read_uint64_attribute(file_, "/", "seed"), 0xFFFFFFFFFFFFFFF0ull);
  EXPECT_EQ(read_int64_attribute(file_, "/", "replications"), 3);
  EXPECT_EQ(read_int64_attribute(file_, "/", "first_replication"), 100);
  EXPECT_EQ(read_int64_attribute(file_, "/", "years"), 2);
  EXPECT_EQ(read_int64_attribute(file_, "/", "baseline_years"), 1);
  EXPECT_EQ(read_string_attribute(file_, "/", "scenario_name"), "synthetic");
  EXPECT_EQ(read_string_attribute(file_, "/", "scenario_file"), meta_.scenario_file);
  EXPECT_EQ(read_string_attribute(file_, "/", "scenario_text"), meta_.scenario_text);
  EXPECT_EQ(read_string_attribute(file_, "/", "scenario_resolved"), meta_.scenario_resolved);
  EXPECT_EQ(read_string_attribute(file_, "/", "scenario_sha256"), sha256_hex(meta_.scenario_resolved));
  EXPECT_EQ(read_string_attribute(file_, "/", "command_line"), meta_.command_line);
  EXPECT_EQ(read_int64_attribute(file_, "/", "threads"), 2);
  EXPECT_EQ(read_double_attribute(file_, "/", "wall_seconds"), 1.5);
  EXPECT_THROW(read_int64_attribute(file_, "/", "wall_seconds"), std::runtime_error);  // not an integer
  EXPECT_THROW(read_string_attribute(file_, "/", "seed"), std::runtime_error);         // not a string
}

TEST_F(Hdf5Writer, GroupAndDatasetAttributes) {
  EXPECT_EQ(read_string_attribute(file_, "/contracts/ffs", "type"), "fee_for_service");
  EXPECT_EQ(read_string_attribute(file_, "/contracts/cap", "type"), "capitation");
  for (const auto& c : results_.contracts)
    for (const auto& m : c.metrics) {
      const std::string path = "/contracts/" + c.name + "/" + m.name;
      EXPECT_EQ(read_string_attribute(file_, path, "unit"), m.unit);
      EXPECT_EQ(read_string_attribute(file_, path, "description"), m.description);
      EXPECT_EQ(read_string_attribute(file_, path, "aggregation"),
                m.aggregation == Aggregation::stock ? "stock" : "flow");
    }
  EXPECT_EQ(read_string_attribute(file_, "/population/counts/inpatient", "unit"), "units");
  EXPECT_EQ(read_string_attribute(file_, "/population/member_years", "aggregation"), "flow");
  EXPECT_EQ(read_int64_attribute(file_, "/population", "first_performance_year_column"), 1);
}

TEST_F(Hdf5Writer, NoPartialFileRemains) { EXPECT_EQ(dir_.entries(), std::vector<std::string>{"out.h5"}); }

TEST_F(Hdf5Writer, OverwritesAnExistingFile) {
  results_.contracts[0].metrics[0].values(0, 0) = -42.0;
  write_results(results_, analyse_run(results_), meta_, file_);
  EXPECT_EQ(read_matrix(file_, "/contracts/ffs/provider_margin")(0, 0), -42.0);
  EXPECT_EQ(dir_.entries(), std::vector<std::string>{"out.h5"});
}

TEST_F(Hdf5Writer, FailedWriteKeepsTheExistingFile) {
  RunResults bad = results_;
  bad.contracts[1].metrics[2].values = Matrix(2, 2);  // wrong shape
  EXPECT_THROW(write_results(bad, analyse_run(bad), meta_, file_), std::runtime_error);
  bad = results_;
  bad.contracts[0].metrics.push_back(metric("summary", "USD", Aggregation::flow, 3, 2, 0));
  EXPECT_THROW(write_results(bad, analyse_run(bad), meta_, file_), std::runtime_error);
  bad = results_;
  bad.contracts[0].metrics.push_back(metric("a//b", "USD", Aggregation::flow, 3, 2, 0));
  EXPECT_THROW(write_results(bad, analyse_run(bad), meta_, file_), std::runtime_error);
  bad = results_;
  bad.contracts[0].name = "a/b";
  EXPECT_THROW(write_results(bad, analyse_run(bad), meta_, file_), std::runtime_error);
  RunMetadata bad_meta = meta_;
  bad_meta.command_line.push_back('\0');  // fails inside HDF5 writing, after the temp file exists
  EXPECT_THROW(write_results(results_, analyse_run(results_), bad_meta, file_), std::runtime_error);

  EXPECT_EQ(dir_.entries(), std::vector<std::string>{"out.h5"});
  EXPECT_EQ(read_matrix(file_, "/contracts/ffs/provider_margin").values,
            results_.contract("ffs").metric("provider_margin").values.values);
}

TEST_F(Hdf5Writer, ReadErrorsNameFileAndObject) {
  try {
    read_matrix(file_, "/contracts/ffs/no_such_metric");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/contracts/ffs/no_such_metric"), std::string::npos) << what;
    EXPECT_NE(what.find(file_), std::string::npos) << what;
  }
  EXPECT_THROW(read_matrix((dir_.path() / "missing.h5").string(), "/replication"), std::runtime_error);
  EXPECT_THROW(read_string_attribute(file_, "/", "no_such_attribute"), std::runtime_error);
  EXPECT_THROW(list_datasets((dir_.path() / "missing.h5").string()), std::runtime_error);
}

TEST(Hdf5WriterErrors, MissingDirectoryThrowsAndLeavesNothing) {
  TempDir dir;
  const fs::path target = dir.path() / "no_such_dir" / "out.h5";
  try {
    write_results(synthetic_results(), analyse_run(synthetic_results()), synthetic_metadata(), target.string());
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir.path() / "no_such_dir"));
  EXPECT_TRUE(dir.entries().empty());
}

TEST(Hdf5WriterErrors, LargeDatasetsAreChunkedAndCompressed) {
  TempDir dir;
  const std::string file = (dir.path() / "big.h5").string();
  const RunResults results = synthetic_results(5000);  // 10000 elements per contract metric
  write_results(results, analyse_run(results), synthetic_metadata(), file);
  EXPECT_EQ(read_matrix(file, "/contracts/cap/utilization/inpatient").values,
            results.contract("cap").metric("utilization/inpatient").values.values);

  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  auto layout = [&](const char* name, int* filters) {
    const hid_t ds = H5Dopen2(f, name, H5P_DEFAULT);
    const hid_t dcpl = H5Dget_create_plist(ds);
    const H5D_layout_t l = H5Pget_layout(dcpl);
    *filters = H5Pget_nfilters(dcpl);
    H5Pclose(dcpl);
    H5Dclose(ds);
    return l;
  };
  int filters = 0;
  EXPECT_EQ(layout("/contracts/ffs/provider_margin", &filters), H5D_CHUNKED);
  EXPECT_EQ(filters, 1);
  EXPECT_EQ(layout("/contracts/ffs/summary/provider_margin", &filters), H5D_CONTIGUOUS);
  EXPECT_EQ(filters, 0);
  H5Fclose(f);
}

TEST(Hdf5WriterPython, H5pyReadsTheFile) {
  if (!fs::exists("/usr/bin/python3") || std::system("/usr/bin/python3 -c 'import h5py, numpy' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "/usr/bin/python3 with h5py is not available";
  TempDir dir;
  const std::string file = (dir.path() / "out.h5").string();
  const RunMetadata meta = synthetic_metadata();
  write_results(synthetic_results(), analyse_run(synthetic_results()), meta, file);

  const fs::path script = dir.path() / "check.py";
  std::ofstream(script) << R"(import sys, hashlib, h5py, numpy as np
def text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)
with h5py.File(sys.argv[1], "r") as f:
    d = f["contracts/ffs/utilization/inpatient"]
    assert d.shape == (3, 2), d.shape
    assert d.dtype == np.float64, d.dtype
    assert f["population/counts/inpatient"].shape == (3, 3)
    assert list(f["replication"][:]) == [100, 101, 102]
    sha = text(f.attrs["scenario_sha256"])
    assert sha == sys.argv[2], sha
    resolved = text(f.attrs["scenario_resolved"])
    assert hashlib.sha256(resolved.encode("utf-8")).hexdigest() == sha
    assert text(f.attrs["scenario_file"]) == "scenarios/synth\u00e9tique.yaml"
    assert int(f.attrs["seed"]) == 0xFFFFFFFFFFFFFFF0
    s = f["contracts/ffs/summary/provider_margin"]
    cols = [text(c) for c in s.attrs["columns"]]
    assert cols[0] == "mean" and len(cols) == 16 and s.shape == (3, 16)
    assert text(f["contracts/cap"].attrs["type"]) == "capitation"
print("ok")
)";
  const std::string command =
      "/usr/bin/python3 '" + script.string() + "' '" + file + "' " + sha256_hex(meta.scenario_resolved);
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace
}  // namespace pmsim
