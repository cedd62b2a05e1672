// The pmsim command end to end: exit codes, error messages, no output on bad input,
// overwrite protection, and files that do not depend on the thread count.
#include <gtest/gtest.h>

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "config/scenario.h"
#include "output/hdf5_writer.h"
#include "output/read_hdf5.h"
#include "test_names.h"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

Outcome run_pmsim(const std::string& arguments) {
  const std::string command = std::string(PMSIM_BINARY) + " " + arguments + " 2>&1";
  Outcome out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer;
  while (fgets(buffer.data(), buffer.size(), pipe)) out.output += buffer.data();
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pmsim_cli_" + pmsim::testing::scratch_name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  bool directory_is_empty_but(const std::string& keep) const {
    for (const auto& e : fs::directory_iterator(dir_))
      if (e.path().filename() != keep) return false;
    return true;
  }

  fs::path dir_;
};

const char* kSmallScenario = R"(simulation:
  name: small
  replications: 6
  years: 2
  baseline_years: 1
  seed: 5
  block_size: 64
population:
  size: 300
  churn: 0.05
  age_bands:
    - {min_age: 65, max_age: 79, share: 0.7, mortality: 0.02}
    - {min_age: 80, max_age: 99, share: 0.3, mortality: 0.08}
  conditions:
    - {name: diabetes, prevalence: 0.25, incidence: 0.01, risk_score: 0.3}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider, unit_cost: 85}
  specialist: {rate: 5, fee: 140, delivered_by: others}
  emergency: {rate: 0.5, fee: 900, delivered_by: others}
  inpatient: {rate: 0.2, fee: 13000, delivered_by: others, severity_cv: 1.0}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.3, fee: 9000, delivered_by: others}
  outpatient: {rate: 10, fee: 160, delivered_by: others, severity_cv: 1.5, severity_distribution: gamma}
provider: {fixed_costs: 10000, reserves: 20000}
contracts:
  - {name: ffs, type: fee_for_service}
  - {name: cap, type: capitation, pmpm: 900}
)";

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST_F(Cli, VersionPrintsTheVersion) {
  const Outcome out = run_pmsim("--version");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(out.output.find("pmsim 0."), std::string::npos) << out.output;
}

TEST_F(Cli, RunWritesResultsAndASummaryTable) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  const Outcome out = run_pmsim("run " + scenario + " -o " + path("r.h5"));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(fs::exists(path("r.h5")));
  EXPECT_NE(out.output.find("ffs"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("P(loss)"), std::string::npos) << out.output;
  const auto margin = pmsim::read_matrix(path("r.h5"), "/contracts/cap/provider_margin");
  EXPECT_EQ(margin.rows, 6);
  EXPECT_EQ(margin.cols, 2);
}

// The metric names listed in a table of docs/output.md after the line starting `heading`.
std::vector<std::string> documented_metrics(const std::string& heading) {
  std::ifstream doc(std::string(PMSIM_SOURCE_DIR) + "/docs/output.md");
  std::vector<std::string> names;
  std::string line;
  bool inside = false;
  // The first table after the heading: it ends at the first line that is not a table row.
  bool in_table = false;
  while (std::getline(doc, line)) {
    if (line.rfind(heading, 0) == 0)
      inside = true;
    else if (inside && line.rfind("|", 0) == 0)
      in_table = true;
    else if (in_table)
      break;
    if (in_table && line.rfind("| `", 0) == 0) names.push_back(line.substr(3, line.find('`', 3) - 3));
  }
  // `counts/<category>` stands for one dataset per service category.
  std::vector<std::string> expanded;
  for (const auto& name : names) {
    const auto at = name.find("<category>");
    if (at == std::string::npos) {
      expanded.push_back(name);
      continue;
    }
    for (auto category : pmsim::kCategoryNames) expanded.push_back(name.substr(0, at) + std::string(category));
  }
  return expanded;
}

TEST_F(Cli, ResultsHoldEveryDocumentedDatasetWithItsShape) {
  const std::string scenario =
      write("small.yaml", with(kSmallScenario, "  - {name: cap, type: capitation, pmpm: 900}\n",
                               "  - {name: cap, type: capitation, pmpm: 900}\n"
                               "  - {name: mssp, type: shared_savings}\n"
                               "  - {name: bundle, type: bundled_payment, episode: {trigger_probability: 0.5}}\n"));
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -o " + path("r.h5")).exit_code, 0);
  const auto contract_metrics = documented_metrics("Contract metrics");
  const auto population_metrics = documented_metrics("Population metrics");
  ASSERT_GE(contract_metrics.size(), 17u);
  ASSERT_GE(population_metrics.size(), 20u);
  const auto all = pmsim::list_datasets(path("r.h5"));
  std::size_t expected_count = 1;  // /replication
  const std::map<std::string, std::vector<std::string>> own_metrics = {
      {"ffs", {}},
      {"cap", documented_metrics("Capitation contracts have these datasets")},
      {"mssp", documented_metrics("Contracts of type `shared_savings` and `shared_risk` have these datasets")},
      {"bundle", documented_metrics("Bundled-payment contracts have these datasets")}};
  for (const auto& [contract, own] : own_metrics) {
    if (contract != "ffs") {
      ASSERT_GE(own.size(), 4u) << contract;
    }
    auto metrics = contract_metrics;
    metrics.insert(metrics.end(), own.begin(), own.end());
    for (const auto& m : metrics) {
      const auto values = pmsim::read_matrix(path("r.h5"), "/contracts/" + contract + "/" + m);
      EXPECT_EQ(values.rows, 6) << m;
      EXPECT_EQ(values.cols, 2) << m;
      const auto summary = pmsim::read_matrix(path("r.h5"), "/contracts/" + contract + "/summary/" + m);
      EXPECT_EQ(summary.rows, 3) << m;  // two years and the horizon
      EXPECT_EQ(summary.cols, 16) << m;
      expected_count += 2;
    }
  }
  for (const auto& m : population_metrics) {
    const auto values = pmsim::read_matrix(path("r.h5"), "/population/" + m);
    EXPECT_EQ(values.rows, 6) << m;
    EXPECT_EQ(values.cols, 3) << m;  // one baseline and two performance years
    ++expected_count;
  }
  EXPECT_EQ(all.size(), expected_count) << "datasets in the file that docs/output.md does not list";
  EXPECT_EQ(pmsim::read_string_attribute(path("r.h5"), "/", "scenario_name"), "small");
}

TEST_F(Cli, OptionsOverrideTheScenario) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -r 3 --seed 77 -o " + path("r.h5")).exit_code, 0);
  EXPECT_EQ(pmsim::read_matrix(path("r.h5"), "/contracts/ffs/provider_revenue").rows, 3);
  EXPECT_EQ(pmsim::read_uint64_attribute(path("r.h5"), "/", "seed"), 77u);
}

TEST_F(Cli, RefusesToOverwriteWithoutForce) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -o " + path("r.h5")).exit_code, 0);
  const auto before = fs::last_write_time(path("r.h5"));
  const Outcome again = run_pmsim("run " + scenario + " -q -o " + path("r.h5"));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;
  EXPECT_EQ(fs::last_write_time(path("r.h5")), before);
  EXPECT_EQ(run_pmsim("run " + scenario + " -q --force -o " + path("r.h5")).exit_code, 0);
}

// Every dataset of two results files, bit for bit (a NaN, as the CV of an all-zero metric,
// equals itself here).
void expect_identical_datasets(const std::string& first, const std::string& second) {
  const auto names = pmsim::list_datasets(first);
  ASSERT_EQ(names, pmsim::list_datasets(second));
  ASSERT_GT(names.size(), 20u);
  for (const auto& name : names) {
    const auto a = pmsim::read_matrix(first, name);
    const auto b = pmsim::read_matrix(second, name);
    ASSERT_EQ(a.values.size(), b.values.size()) << name;
    EXPECT_EQ(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)), 0) << name;
  }
}

TEST_F(Cli, FilesAreIdenticalForAnyThreadCount) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -j 1 -o " + path("j1.h5")).exit_code, 0);
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -j 3 -o " + path("j3.h5")).exit_code, 0);
  expect_identical_datasets(path("j1.h5"), path("j3.h5"));
}

// The targets `pmsim --version` says this CPU runs ("this CPU runs: AVX2, SSE4, scalar; ...").
std::vector<std::string> simd_targets_of_this_cpu() {
  const std::string text = run_pmsim("--version").output;
  const std::string label = "this CPU runs: ";
  const auto from = text.find(label);
  if (from == std::string::npos) return {};
  const std::string list = text.substr(from + label.size(), text.find(';', from) - from - label.size());
  std::vector<std::string> names;
  for (std::size_t start = 0; start < list.size();) {
    const std::size_t comma = std::min(list.find(", ", start), list.size());
    names.push_back(list.substr(start, comma - start));
    start = comma + 2;
  }
  return names;
}

TEST_F(Cli, FilesAreIdenticalOnEverySimdTarget) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -o " + path("best.h5")).exit_code, 0);
  const std::vector<std::string> targets = simd_targets_of_this_cpu();
  ASSERT_FALSE(targets.empty());
  EXPECT_EQ(targets.back(), "scalar");
  for (const std::string& target : targets) {
    SCOPED_TRACE(target);
    const std::string file = path(target + ".h5");
    ASSERT_EQ(run_pmsim("run " + scenario + " -q --simd " + target + " -o " + file).exit_code, 0);
    expect_identical_datasets(path("best.h5"), file);
    const std::string recorded = pmsim::read_string_attribute(file, "/", "simd_target");
    EXPECT_TRUE(target == "scalar" ? recorded == "SCALAR" || recorded == "EMU128" : recorded == target) << recorded;
  }
}

TEST_F(Cli, AnUnknownSimdTargetIsBadInput) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  const Outcome out = run_pmsim("run " + scenario + " -q --simd neon -o " + path("r.h5"));
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("unknown SIMD target 'neon': this CPU runs "), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("scalar"), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(path("r.h5")));
}

TEST_F(Cli, TheFirstRowsOfALongerRunAreTheShorterRun) {
  // Replications 0..99 of a 100-replication run equal the first 100 rows of a 1,000-run.
  const std::string scenario = write("tiny.yaml", with(kSmallScenario, "  size: 300", "  size: 40"));
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -r 100 -o " + path("r100.h5")).exit_code, 0);
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -r 1000 -o " + path("r1000.h5")).exit_code, 0);
  for (const std::string name : {"/contracts/ffs/provider_margin", "/contracts/cap/payer_spend",
                                 "/population/claims_total", "/population/deaths"}) {
    const auto shorter = pmsim::read_matrix(path("r100.h5"), name);
    const auto longer = pmsim::read_matrix(path("r1000.h5"), name);
    ASSERT_EQ(longer.rows, 1000);
    ASSERT_EQ(shorter.rows, 100);
    EXPECT_EQ(std::memcmp(shorter.values.data(), longer.values.data(), shorter.values.size() * sizeof(double)), 0)
        << name;
  }
}

// The Python examples of docs/output.md, run as written against a small run of the default
// scenario (skipped where Debian's python3-h5py is missing).
TEST_F(Cli, PythonExamplesOfTheOutputDocRun) {
  if (std::system("/usr/bin/python3 -c 'import h5py, numpy' > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "/usr/bin/python3 with h5py and numpy is not installed";
  fs::create_directories(dir_ / "output");
  const std::string scenario = std::string(PMSIM_SOURCE_DIR) + "/scenarios/default.yaml";
  ASSERT_EQ(run_pmsim("run " + scenario + " -q -r 20 -o " + path("output/default.h5")).exit_code, 0);
  const std::string uncertain = std::string(PMSIM_SOURCE_DIR) + "/scenarios/parameter_uncertainty.yaml";
  ASSERT_EQ(run_pmsim("run " + uncertain + " -q -r 20 -o " + path("output/parameter_uncertainty.h5")).exit_code, 0);
  ASSERT_EQ(
      run_pmsim("sweep " + scenario + " --set population.size=500,1000 -q -r 10 -o " + path("output/default_sweep.h5"))
          .exit_code,
      0);
  std::ifstream doc(std::string(PMSIM_SOURCE_DIR) + "/docs/output.md");
  std::string line, code;
  bool inside = false;
  int blocks = 0;
  while (std::getline(doc, line)) {
    if (line == "```python") {
      inside = true;
      ++blocks;
    } else if (inside && line == "```") {
      inside = false;
    } else if (inside) {
      code += line + "\n";
    }
  }
  ASSERT_GE(blocks, 1);
  write("examples.py", code);
  const std::string command = "cd " + dir_.string() + " && /usr/bin/python3 examples.py > examples.log 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << std::ifstream(path("examples.log")).rdbuf();
}

TEST_F(Cli, EveryScenarioInTheLibraryValidates) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(PMSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    const Outcome out = run_pmsim("validate " + entry.path().string());
    EXPECT_EQ(out.exit_code, 0) << entry.path() << "\n" << out.output;
  }
  EXPECT_GE(files, 2);
}

TEST_F(Cli, ValidatePrintsTheResolvedScenario) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  const Outcome out = run_pmsim("validate " + scenario);
  EXPECT_EQ(out.exit_code, 0) << out.output;
  // Defaults the file left out are filled in.
  EXPECT_NE(out.output.find("frailty:"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("persistence: 0.5"), std::string::npos) << out.output;
}

// Each class of bad input: exit code 2, a message naming file, line and key, no output.
struct BadInput {
  const char* name;
  const char* from;
  const char* to;
  const char* expected;  // a part of the message
};
void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

class CliBadInput : public Cli, public ::testing::WithParamInterface<BadInput> {};

TEST_P(CliBadInput, ExitsWithTwoAndWritesNothing) {
  const BadInput& c = GetParam();
  const std::string scenario = write("bad.yaml", with(kSmallScenario, c.from, c.to));
  const Outcome run = run_pmsim("run " + scenario + " -o " + path("r.h5"));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find(c.expected), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("bad.yaml:"), std::string::npos) << run.output;
  const Outcome validate = run_pmsim("validate " + scenario);
  EXPECT_EQ(validate.exit_code, 2) << validate.output;
  EXPECT_NE(validate.output.find(c.expected), std::string::npos) << validate.output;
  EXPECT_TRUE(directory_is_empty_but("bad.yaml"));
}

INSTANTIATE_TEST_SUITE_P(
    Classes, CliBadInput,
    ::testing::Values(BadInput{"UnknownKey", "  churn: 0.05", "  chrun: 0.05",
                               "bad.yaml:10:3: population.chrun: unknown key; did you mean 'churn'?"},
                      BadInput{"OutOfRange", "  churn: 0.05", "  churn: 1.5", "population.churn: must be in [0, 1]"},
                      BadInput{"NegativeSize", "  size: 300", "  size: -3", "population.size"},
                      BadInput{"WrongType", "  years: 2", "  years: two", "simulation.years: expected an integer"},
                      BadInput{"ZeroYears", "  years: 2", "  years: 0", "simulation.years"},
                      BadInput{"MissingKey", "  primary_care: {rate: 6, fee: 110,", "  primary_care: {fee: 110,",
                               "services.primary_care: missing required key 'rate'"},
                      BadInput{"BadEnum", "type: fee_for_service", "type: fee_for_servic", "contracts[0].type"},
                      BadInput{"SyntaxError", "  seed: 5", "  seed: [5", "bad.yaml:"}),
    [](const auto& instance) { return std::string(instance.param.name); });

TEST_F(Cli, MissingScenarioFileIsBadInput) {
  const Outcome out = run_pmsim("run " + path("nope.yaml") + " -o " + path("r.h5"));
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("nope.yaml"), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(path("r.h5")));
}

TEST_F(Cli, BadCommandLineIsBadInput) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  EXPECT_EQ(run_pmsim("run " + scenario + " -r 0").exit_code, 2);
  EXPECT_EQ(run_pmsim("run " + scenario + " --no-such-option").exit_code, 2);
  EXPECT_EQ(run_pmsim("frobnicate").exit_code, 2);
}

TEST_F(Cli, OutputIntoAMissingDirectoryIsBadInputAndWritesNothing) {
  const std::string scenario = write("small.yaml", kSmallScenario);
  const Outcome out = run_pmsim("run " + scenario + " -o " + path("no/such/dir/r.h5"));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_FALSE(fs::exists(path("no")));
}

TEST_F(Cli, TwoMillionMembersRunInWellUnderOneGigabyte) {
  // Members are simulated block by block through all years; only tallies are kept, so
  // memory does not grow with the population.
  const std::string scenario =
      write("big.yaml",
            with(with(with(kSmallScenario, "  size: 300", "  size: 2000000"), "  replications: 6", "  replications: 1"),
                 "  block_size: 64", "  block_size: 4096"));
  // Spawned directly and reaped with wait4, so the peak is this child's alone.
  const std::string output = path("big.h5");
  std::vector<std::string> args = {PMSIM_BINARY, "run", scenario, "-q", "-o", output};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, PMSIM_BINARY, nullptr, nullptr, argv.data(), environ), 0);
  int status = 0;
  rusage usage{};
  ASSERT_EQ(wait4(pid, &status, 0, &usage), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const double peak_mib = usage.ru_maxrss / 1024.0;
  EXPECT_LT(peak_mib, 256.0) << "peak resident memory " << peak_mib << " MiB";
  const auto members = pmsim::read_matrix(path("big.h5"), "/contracts/ffs/members");
  EXPECT_GT(members(0, 0), 1.9e6);
}

}  // namespace
