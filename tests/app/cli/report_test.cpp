// scripts/report end to end: a page whose every figure exists and is a real PNG, for a run,
// a sweep and a parameter-uncertainty file (the last two built by tests/support/report_fixtures.py),
// and bad input refused with a message and nothing written.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_names.h"

namespace fs = std::filesystem;

namespace {

const std::string kSource = PMSIM_SOURCE_DIR;
const std::string kPython = "/usr/bin/python3";

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

std::string shell_quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kReport = kPython + " " + shell_quoted(kSource + "/scripts/report");
const std::string kFixtures = kPython + " " + shell_quoted(kSource + "/tests/support/report_fixtures.py");

struct PngHeader {
  bool valid = false;
  std::uint32_t width = 0, height = 0;
};

std::uint32_t big_endian(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

// The signature, then the first chunk, which must be IHDR (length 13): width and height.
PngHeader read_png_header(const fs::path& p) {
  static const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  unsigned char head[24] = {};
  std::ifstream in(p, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(head), sizeof head)) return {};
  if (!std::equal(std::begin(kSignature), std::end(kSignature), head)) return {};
  if (big_endian(head + 8) != 13 || std::string(reinterpret_cast<char*>(head + 12), 4) != "IHDR") return {};
  return {true, big_endian(head + 16), big_endian(head + 20)};
}

// The images the page shows, in page order.
std::vector<std::string> images_of(const std::string& html) {
  std::vector<std::string> files;
  const std::regex src(R"re(<img src=['"]([^'"]+)['"])re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), src); it != std::sregex_iterator(); ++it)
    files.push_back((*it)[1]);
  return files;
}

// Every image the page shows is a PNG of some size next to it, and every PNG there is shown.
void expect_complete_report(const fs::path& dir, const std::vector<std::string>& expected_images) {
  ASSERT_TRUE(fs::exists(dir / "index.html")) << dir;
  const auto images = images_of(read_text(dir / "index.html"));
  EXPECT_EQ(images, expected_images);
  for (const auto& image : images) {
    const PngHeader png = read_png_header(dir / image);
    EXPECT_TRUE(png.valid) << image << " is not a PNG";
    EXPECT_GT(png.width, 200u) << image;
    EXPECT_GT(png.height, 200u) << image;
  }
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".png") on_disk.insert(entry.path().filename().string());
  EXPECT_EQ(on_disk, std::set<std::string>(images.begin(), images.end())) << "PNGs the page does not show";
}

const std::vector<std::string> kRunFigures = {"margin_distribution.png", "margin_fan.png", "tail_risk.png",
                                              "savings_vs_risk.png", "reserves.png"};

// A few hundred members, 20 replications, every kind of figure input: several contract
// types, a shared-savings contract, and a transition between two of them.
std::string small_scenario(int members) {
  return "simulation: {name: report_small, replications: 20, years: 3, baseline_years: 2, seed: 11}\n"
         "population:\n"
         "  size: " +
         std::to_string(members) +
         "\n"
         "  churn: 0.04\n"
         "  age_bands:\n"
         "    - {min_age: 65, max_age: 79, share: 0.7, mortality: 0.02}\n"
         "    - {min_age: 80, max_age: 99, share: 0.3, mortality: 0.08}\n"
         "services:\n"
         "  primary_care: {rate: 6, fee: 110, delivered_by: provider, unit_cost: 85}\n"
         "  specialist: {rate: 5, fee: 140, delivered_by: provider, unit_cost: 110}\n"
         "  emergency: {rate: 0.5, fee: 900, delivered_by: others}\n"
         "  inpatient: {rate: 0.2, fee: 13000, delivered_by: others, severity_cv: 1.0}\n"
         "  readmission: {rate: 0.15, fee: 14000, delivered_by: others}\n"
         "  post_acute: {rate: 0.3, fee: 9000, delivered_by: others}\n"
         "  outpatient: {rate: 10, fee: 160, delivered_by: others, severity_cv: 1.5}\n"
         "provider: {fixed_costs: 40000, reserves: 60000}\n"
         "contracts:\n"
         "  - {name: ffs, type: fee_for_service}\n"
         "  - {name: professional_cap, type: capitation, pmpm: 120, covers: [primary_care, specialist]}\n"
         "  - {name: global_cap, type: capitation, pmpm: 760}\n"
         "  - {name: mssp, type: shared_savings}\n"
         "  - name: glide\n"
         "    type: transition\n"
         "    stages: [{from_year: 1, contract: ffs}, {from_year: 3, contract: global_cap}]\n";
}

class Report : public ::testing::Test {
 protected:
  void SetUp() override {
    // found, not imported: importing matplotlib costs a second a test
    const std::string find =
        "import importlib.util as u, sys; "
        "sys.exit(not all(u.find_spec(m) for m in ('h5py', 'numpy', 'matplotlib')))";
    if (std::system((kPython + " -c \"" + find + "\" > /dev/null 2>&1").c_str()) != 0)
      GTEST_SKIP() << kPython << " with h5py, numpy and matplotlib is not installed";
    // ctest runs each test in a process of its own, possibly side by side: a directory each
    dir_ =
        fs::temp_directory_path() / ("pmsim_report_" + pmsim::testing::scratch_name() + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // A shell command, its output captured in a log outside the directories the tests inspect.
  Outcome run(const std::string& command) const {
    const fs::path log = dir_.string() + ".log";
    const int status = std::system((command + " > " + shell_quoted(log) + " 2>&1").c_str());
    Outcome out{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(log)};
    fs::remove(log);
    return out;
  }

  Outcome report(const fs::path& results, const fs::path& out_dir) const {
    return run(kReport + " " + shell_quoted(results) + " -o " + shell_quoted(out_dir));
  }

  // A file made by tests/support/report_fixtures.py, reported on into <file stem>_report/.
  fs::path report_on_fixture(const std::string& fixture_arguments, const fs::path& file) const {
    const Outcome made = run(kFixtures + " " + fixture_arguments);
    EXPECT_EQ(made.exit_code, 0) << made.output;
    const fs::path out_dir = dir_ / (file.stem().string() + "_report");
    const Outcome out = report(file, out_dir);
    EXPECT_EQ(out.exit_code, 0) << out.output;
    return out_dir;
  }

  // The small scenario's results at this panel size, simulated on first use.
  fs::path results_of(int members) const {
    const fs::path results = dir_ / ("small_" + std::to_string(members) + ".h5");
    if (fs::exists(results)) return results;
    const fs::path scenario = dir_ / ("small_" + std::to_string(members) + ".yaml");
    std::ofstream(scenario) << small_scenario(members);
    const Outcome out =
        run(std::string(PMSIM_BINARY) + " run " + shell_quoted(scenario) + " -q -o " + shell_quoted(results));
    EXPECT_EQ(out.exit_code, 0) << out.output;
    return results;
  }

  fs::path dir_;
};

std::vector<std::string> run_figures_and(const std::vector<std::string>& more) {
  std::vector<std::string> all = kRunFigures;
  all.insert(all.end(), more.begin(), more.end());
  return all;
}

// Without -o the report goes next to the results: <results without .h5>_report/.
TEST_F(Report, PageShowsEveryRunFigureAsAValidPng) {
  const Outcome out = run(kReport + " " + shell_quoted(results_of(300)));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  const fs::path out_dir = dir_ / "small_300_report";
  EXPECT_NE(out.output.find((out_dir / "index.html").string()), std::string::npos) << out.output;
  expect_complete_report(out_dir, kRunFigures);
  const std::string html = read_text(out_dir / "index.html");
  for (const std::string shown : {"report_small", "seed", "replications", "pmsim version", "professional_cap",
                                  "global_cap", "mssp", "glide", "P(ruin)"})
    EXPECT_NE(html.find(shown), std::string::npos) << shown;
  EXPECT_EQ(html.find("<script"), std::string::npos) << "the page must not need scripts";
  EXPECT_EQ(html.find("http"), std::string::npos) << "the page must not fetch anything";
}

TEST_F(Report, SweepFileAddsTheSweepCurve) {
  const fs::path sweep = dir_ / "sweep.h5";
  const fs::path out_dir =
      report_on_fixture("sweep " + shell_quoted(sweep) + " population.size 300=" + shell_quoted(results_of(300)) +
                            " 600=" + shell_quoted(results_of(600)),
                        sweep);
  expect_complete_report(out_dir, run_figures_and({"sweep.png"}));
  const std::string html = read_text(out_dir / "index.html");
  EXPECT_NE(html.find("population.size = 600"), std::string::npos) << "each sweep point has its table";
}

// A sweep file as `pmsim sweep` writes it (not built by the fixtures): the same page.
TEST_F(Report, SweepWrittenByPmsimSweepIsReported) {
  const fs::path scenario = dir_ / "small.yaml", sweep = dir_ / "pmsim_sweep.h5";
  std::ofstream(scenario) << small_scenario(300);
  const Outcome made = run(std::string(PMSIM_BINARY) + " sweep " + shell_quoted(scenario) +
                           " --set population.size=150,300 -r 10 -q -o " + shell_quoted(sweep));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const fs::path out_dir = dir_ / "pmsim_sweep_report";
  const Outcome out = report(sweep, out_dir);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  expect_complete_report(out_dir, run_figures_and({"sweep.png"}));
  const std::string html = read_text(out_dir / "index.html");
  EXPECT_NE(html.find("population.size = 300"), std::string::npos) << "each sweep point has its table";
  EXPECT_NE(html.find("report_small"), std::string::npos) << "the points' provenance reaches the page";
}

// Two outcomes in the file: a tornado figure for each.
TEST_F(Report, SensitivityGroupsAddATornadoPerOutcome) {
  const fs::path uncertain = dir_ / "uncertain.h5";
  const fs::path out_dir =
      report_on_fixture("sensitivity " + shell_quoted(results_of(300)) + " " + shell_quoted(uncertain), uncertain);
  expect_complete_report(out_dir, run_figures_and({"tornado_provider_margin.png", "tornado_payer_savings.png"}));
}

TEST_F(Report, MissingFileIsBadInputAndWritesNothing) {
  const fs::path out_dir = dir_ / "missing_report";
  const Outcome out = report(dir_ / "no_such.h5", out_dir);
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("no_such.h5: no such file"), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(out_dir));
}

TEST_F(Report, TextFileIsBadInputAndWritesNothing) {
  const fs::path text = dir_ / "not_hdf5.h5";
  std::ofstream(text) << "simulation: {name: x}\n";
  const fs::path out_dir = dir_ / "text_report";
  const Outcome out = report(text, out_dir);
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("not an HDF5 file"), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(out_dir));
}

TEST_F(Report, HdfFileWithoutResultsIsBadInputAndWritesNothing) {
  const fs::path other = dir_ / "other.h5";
  ASSERT_EQ(run(kFixtures + " not-results " + shell_quoted(other)).exit_code, 0);
  const fs::path out_dir = dir_ / "other_report";
  const Outcome out = report(other, out_dir);
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("not a pmsim results file"), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(out_dir));
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".report-partial"), std::string::npos) << entry.path();
}

}  // namespace
