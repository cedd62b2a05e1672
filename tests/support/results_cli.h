#pragma once
// Support for the tests of the commands that read results files (summarize, compare,
// reproduce): a scratch directory, the pmsim binary run with separate stdout and stderr,
// small scenarios run to results files, edits of a file with the HDF5 C API, and reference
// statistics computed independently of sim/lib/statistics.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "output/exact_comparison.h"
#include "test_names.h"
#include "test_scenarios.h"

namespace pmsim::testing {

namespace fs = std::filesystem;

//! A fresh directory for one test, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    path_ = fs::temp_directory_path() / ("pmsim_results_cli_" + std::to_string(::getpid()) + "_" + scratch_name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string copy(const std::string& from, const std::string& name) const {
    fs::copy_file(from, path_ / name, fs::copy_options::overwrite_existing);
    return file(name);
  }

 private:
  fs::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct CommandResult {
  int exit_code = -1;
  std::string out;  //!< stdout
  std::string err;  //!< stderr
};

//! Runs `program <arguments>` (one shell word each, single-quoted) in the shell.
inline CommandResult run_command(const ScratchDir& dir, const std::string& program,
                                 const std::vector<std::string>& arguments) {
  std::string command = program;
  for (const std::string& a : arguments) command += " '" + a + "'";
  const std::string out = dir.file("stdout.txt"), err = dir.file("stderr.txt");
  command += " > " + out + " 2> " + err;
  const int status = std::system(command.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

//! Runs `pmsim <arguments>`.
inline CommandResult pmsim_command(const ScratchDir& dir, const std::vector<std::string>& arguments) {
  return run_command(dir, PMSIM_BINARY, arguments);
}

//! True if /usr/bin/python3 parses `json` as one JSON document.
inline bool python_parses_json(const ScratchDir& dir, const std::string& json) {
  const std::string path = dir.file("document.json");
  std::ofstream(path) << json;
  const std::string command = "/usr/bin/python3 -c 'import json,sys; json.load(sys.stdin)' < " + path;
  return std::system(command.c_str()) == 0;
}

//! What /usr/bin/python3 prints for `expression`, with the JSON document parsed into `d`.
inline std::string python_json_query(const ScratchDir& dir, const std::string& json, const std::string& expression) {
  const std::string document = dir.file("query.json"), script = dir.file("query.py"), out = dir.file("query.txt");
  std::ofstream(document) << json;
  std::ofstream(script) << "import json, sys\nd = json.load(open(sys.argv[1]))\nprint(" << expression << ")\n";
  const std::string command = "/usr/bin/python3 " + script + " " + document + " > " + out;
  if (std::system(command.c_str()) != 0) return "(python failed)";
  std::string text = read_file(out);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

//! A small panel (300 members, some deaths and churn) with an FFS contract and a global
//! capitation at `pmpm`, plus `extra_contracts` (YAML list items).
inline std::string results_scenario_yaml(int seed, int replications, double pmpm,
                                         const std::string& extra_contracts = "") {
  return simple_scenario_yaml("  {name: results_cli, replications: " + std::to_string(replications) +
                                  ", years: 3, baseline_years: 1, seed: " + std::to_string(seed) + "}\n",
                              "  size: 300\n  churn: 0.05\n"
                              "  age_bands: [{min_age: 70, max_age: 85, share: 1, mortality: 0.04, risk_score: 1}]\n",
                              services_only("{rate: 6, fee: 100, delivered_by: provider, unit_cost: 80}",
                                            "{rate: 0.3, fee: 10000, delivered_by: others, severity_cv: 1.0}"),
                              "  - {name: ffs, type: fee_for_service}\n"
                              "  - {name: cap, type: capitation, pmpm: " +
                                  std::to_string(pmpm) + "}\n" + extra_contracts);
}

//! Writes the scenario to <name>.yaml, runs it quietly to <name>.h5 and returns that path.
inline std::string run_to_file(const ScratchDir& dir, const std::string& name, const std::string& yaml) {
  const std::string scenario = dir.file(name + ".yaml");
  std::ofstream(scenario) << yaml;
  const std::string results = dir.file(name + ".h5");
  const CommandResult run = pmsim_command(dir, {"run", scenario, "-q", "-o", results});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return results;
}

//! scenarios/<name>.yaml of the repository.
inline std::string repository_scenario(const std::string& name) {
  return std::string(PMSIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml";
}

//! The root attributes of the invocation, which differ between two runs by design (as
//! pmsim reproduce has them): not compared by expect_same_run.
inline const std::set<std::string> kInvocationAttributes = {"created",      "wall_seconds",  "threads",
                                                            "command_line", "scenario_file", "simd_target"};

//! Files `a` and `b` hold the same run bit for bit: every dataset and attribute (pmsim's exact
//! comparison), the invocation's attributes aside.
inline void expect_same_run(const std::string& a, const std::string& b) {
  const ExactComparison c = compare_exactly(a, b, kInvocationAttributes);
  EXPECT_TRUE(c.identical()) << a << " vs " << b << ": " << c.datasets.size() << " datasets and " << c.attributes.size()
                             << " attributes differ"
                             << (c.datasets.empty() ? "" : "; first " + c.datasets.front().dataset)
                             << (c.attributes.empty()
                                     ? ""
                                     : "; first " + c.attributes.front().object + " " + c.attributes.front().name +
                                           ": " + c.attributes.front().what);
  EXPECT_GT(c.datasets_compared, 50u);
}

// --- Editing a results file with the HDF5 C API (as a user or a bit flip could).

//! Adds `delta` to element `index` (row-major) of a float64 dataset.
inline void add_to_element(const std::string& path, const std::string& dataset, std::size_t index, double delta) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0) << path;
  const hid_t ds = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  ASSERT_GE(ds, 0) << dataset;
  const hid_t space = H5Dget_space(ds);
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  ASSERT_LT(index, values.size());
  ASSERT_GE(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  values[index] += delta;
  ASSERT_GE(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(file);
}

//! Replaces (or adds) a variable-length string attribute of `object`.
inline void set_string_attribute(const std::string& path, const std::string& object, const std::string& name,
                                 const std::string& value) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0) << path;
  if (H5Aexists_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT) > 0) {
    ASSERT_GE(H5Adelete_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT), 0);
  }
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr =
      H5Acreate_by_name(file, object.c_str(), name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(attr, 0) << object << " " << name;
  const char* text = value.c_str();
  ASSERT_GE(H5Awrite(attr, type, &text), 0);
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
  H5Fclose(file);
}

//! Removes the link `object` (a dataset or group) from the file.
inline void delete_object(const std::string& path, const std::string& object) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0) << path;
  ASSERT_GE(H5Ldelete(file, object.c_str(), H5P_DEFAULT), 0) << object;
  H5Fclose(file);
}

// --- Reference statistics, written from the definitions in docs/output.md.

inline double reference_mean(const std::vector<double>& x) {
  long double sum = 0;
  for (double v : x) sum += v;
  return static_cast<double>(sum / x.size());
}

inline double reference_sd(const std::vector<double>& x) {
  const long double m = reference_mean(x);
  long double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return static_cast<double>(std::sqrt(ss / (x.size() - 1)));
}

//! R's quantile(type = 7): h = (n - 1) p, interpolated between the order statistics around h.
inline double reference_quantile(std::vector<double> x, double p) {
  std::sort(x.begin(), x.end());
  const double h = (x.size() - 1) * p;
  const auto below = static_cast<std::size_t>(std::floor(h));
  const std::size_t above = std::min(below + 1, x.size() - 1);
  return x[below] + (h - std::floor(h)) * (x[above] - x[below]);
}

inline double reference_p_loss(const std::vector<double>& x) {
  return static_cast<double>(std::count_if(x.begin(), x.end(), [](double v) { return v < 0; })) / x.size();
}

//! Near-equality for statistics computed two ways: a relative tolerance with an absolute floor.
inline void expect_close(double expected, double actual, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

//! The lines of `text` split at commas (the fields these tests read are never quoted).
inline std::vector<std::vector<std::string>> split_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) fields.push_back(cell);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(std::move(fields));
  }
  return rows;
}

//! CSV rows (after the header) as maps from header to field.
inline std::vector<std::map<std::string, std::string>> csv_records(const std::string& text) {
  const auto rows = split_csv(text);
  std::vector<std::map<std::string, std::string>> records;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].size(), rows[0].size()) << "row " << i;
    std::map<std::string, std::string> record;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[i].size(); ++c) record[rows[0][c]] = rows[i][c];
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace pmsim::testing
