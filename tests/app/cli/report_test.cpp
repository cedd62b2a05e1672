// scripts/report end to end: a page whose every figure exists and is a real PNG, for a run,
// a sweep and a parameter-uncertainty file (the last two built by tests/support/report_fixtures.py),
// and bad input refused with a message and nothing written; the statistics it shows (VaR99,
// ES99, a chosen sweep point, a comparison of runs and its paired or unpaired SEs) against
// values computed here from the per-replication matrices; report.pdf; --common-scale.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "output/read_hdf5.h"
#include "results_cli.h"
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
  // report.pdf: the text page(s), then one page per figure
  const std::string pdf = read_text(dir / "report.pdf");
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-") << "report.pdf";
  std::size_t pages = 0;
  for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1))
    if (pdf.compare(at, 12, "/Type /Pages") != 0) ++pages;
  EXPECT_GE(pages, images.size() + 1) << "report.pdf has a page per figure and the tables";
  EXPECT_LE(pages, images.size() + 6) << "report.pdf";
}

// Per replication: the horizon value of a contract metric (the sum over years of a flow, the
// minimum of a stock), read from the file's matrix.
std::vector<double> horizon_values(const fs::path& file, const std::string& dataset, bool stock = false) {
  const pmsim::Matrix m = pmsim::read_matrix(file.string(), dataset);
  std::vector<double> out;
  for (std::int64_t r = 0; r < m.rows; ++r) {
    double v = stock ? m(r, 0) : 0.0;
    for (int c = 0; c < m.cols; ++c) v = stock ? std::min(v, m(r, c)) : v + m(r, c);
    out.push_back(v);
  }
  return out;
}

//! ES at `percent`% tail: -(mean of the k = max(1, ceil(n p / 100)) smallest), as docs/output.md defines it.
double reference_es(std::vector<double> x, int tail_percent) {
  std::sort(x.begin(), x.end());
  const std::size_t k = std::max<std::size_t>(1, (x.size() * tail_percent + 99) / 100);
  long double sum = 0;
  for (std::size_t i = 0; i < k; ++i) sum += x[i];
  return -static_cast<double>(sum / k);
}

//! The exact value a page's table cell carries: row `contract`, column `column`.
double page_value(const std::string& html, const std::string& contract, const std::string& column) {
  const std::regex row("<tr data-contract='" + contract + "'>(.*?)</tr>");
  std::smatch r;
  if (!std::regex_search(html, r, row)) {
    ADD_FAILURE() << "no row " << contract;
    return NAN;
  }
  const std::string cells = r[1];
  const std::regex cell("<td data-column='" + std::regex_replace(column, std::regex(R"([()+*.])"), R"(\$&)") +
                        "' data-value='([^']+)'>");
  std::smatch c;
  if (!std::regex_search(cells, c, cell)) {
    ADD_FAILURE() << "no column " << column << " in row " << contract;
    return NAN;
  }
  return std::stod(c[1]);
}

double standard_error_of_mean(const std::vector<double>& x) {
  return pmsim::testing::reference_sd(x) / std::sqrt(static_cast<double>(x.size()));
}

const std::vector<std::string> kRunFigures = {"margin_distribution.png", "margin_fan.png", "tail_risk.png",
                                              "savings_vs_risk.png", "reserves.png"};

// A few hundred members, 20 replications, every kind of figure input: several contract
// types, a shared-savings contract, and a transition between two of them.
std::string small_scenario(int members, int seed = 11, bool with_mssp = true) {
  return "simulation: {name: report_small, replications: 20, years: 3, baseline_years: 2, seed: " +
         std::to_string(seed) +
         "}\n"
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
         "  - {name: global_cap, type: capitation, pmpm: 760}\n" +
         std::string(with_mssp ? "  - {name: mssp, type: shared_savings}\n" : "") +
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

  // The small scenario's results at this panel size (and seed, with or without mssp), simulated on first use.
  fs::path results_of(int members, int seed = 11, bool with_mssp = true) const {
    const std::string name = "small_" + std::to_string(members) + (seed != 11 ? "_seed" + std::to_string(seed) : "") +
                             (with_mssp ? "" : "_no_mssp");
    const fs::path results = dir_ / (name + ".h5");
    if (fs::exists(results)) return results;
    const fs::path scenario = dir_ / (name + ".yaml");
    std::ofstream(scenario) << small_scenario(members, seed, with_mssp);
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

// The tail columns of the page's table are the file's, and match the definitions applied here
// to the per-replication horizon margins (docs/output.md, "Summary statistics").
TEST_F(Report, TableShowsVar99AndEs99OfEachContract) {
  // 120 replications: ES95 is the mean of the worst 6, ES99 of the worst 2 (with 20 both are the worst one)
  const fs::path scenario = dir_ / "tail.yaml", results = dir_ / "tail.h5", out_dir = dir_ / "tail_report";
  std::ofstream(scenario) << small_scenario(300);
  const Outcome made =
      run(std::string(PMSIM_BINARY) + " run " + shell_quoted(scenario) + " -r 120 -q -o " + shell_quoted(results));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  ASSERT_EQ(report(results, out_dir).exit_code, 0);
  const std::string html = read_text(out_dir / "index.html");
  for (const std::string contract : {"ffs", "professional_cap", "global_cap", "mssp", "glide"}) {
    const auto margin = horizon_values(results, "/contracts/" + contract + "/provider_margin");
    using pmsim::testing::expect_close;
    expect_close(-pmsim::testing::reference_quantile(margin, 0.05), page_value(html, contract, "VaR95"),
                 contract + " VaR95");
    expect_close(-pmsim::testing::reference_quantile(margin, 0.01), page_value(html, contract, "VaR99"),
                 contract + " VaR99");
    expect_close(reference_es(margin, 5), page_value(html, contract, "ES95"), contract + " ES95");
    expect_close(reference_es(margin, 1), page_value(html, contract, "ES99"), contract + " ES99");
    const auto cash = horizon_values(results, "/contracts/" + contract + "/provider_cash_low", true);
    expect_close(pmsim::testing::reference_p_loss(cash), page_value(html, contract, "P(ruin)"), contract + " P(ruin)");
  }
  EXPECT_NE(html.find("VaR99"), std::string::npos);
  EXPECT_NE(html.find("ES99, the same at 1%"), std::string::npos) << "the tail figure's caption";
}

// Panel limits as scripts/report draws the figure (report_fixtures.py panel-limits): per
// panel x low, x high, y low, y high.
std::vector<std::vector<double>> parse_limits(const std::string& text) {
  std::vector<std::vector<double>> panels;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream numbers(line);
    std::vector<double> row;
    double v;
    while (numbers >> v) row.push_back(v);
    if (row.size() == 4) panels.push_back(row);
  }
  return panels;
}

TEST_F(Report, CommonScalePutsEveryPanelOnOneAxis) {
  const fs::path results = results_of(300);
  // figure, the money axis of its panels (0: x, 2: y)
  for (const auto& [figure, axis] :
       std::vector<std::pair<std::string, int>>{{"margin_fan", 2}, {"margin_distribution", 0}, {"reserves", 2}}) {
    const std::string limits = kFixtures + " panel-limits " + shell_quoted(results) + " " + figure;
    const Outcome own = run(limits), common = run(limits + " --common-scale");
    ASSERT_EQ(own.exit_code, 0) << own.output;
    ASSERT_EQ(common.exit_code, 0) << common.output;
    const auto own_panels = parse_limits(own.output), common_panels = parse_limits(common.output);
    ASSERT_EQ(own_panels.size(), 5u) << figure << ": a panel per contract\n" << own.output;
    ASSERT_EQ(common_panels.size(), 5u) << figure;
    std::set<std::pair<double, double>> own_ranges, common_ranges;
    for (const auto& p : own_panels) own_ranges.insert({p[axis], p[axis + 1]});
    for (const auto& p : common_panels) common_ranges.insert({p[axis], p[axis + 1]});
    EXPECT_GT(own_ranges.size(), 1u) << figure << ": by default each panel has its own scale";
    ASSERT_EQ(common_ranges.size(), 1u) << figure << ": --common-scale shares one";
    // the shared range covers every panel's own
    for (const auto& [low, high] : own_ranges) {
      EXPECT_LE(common_ranges.begin()->first, low) << figure;
      EXPECT_GE(common_ranges.begin()->second, high) << figure;
    }
  }
  const fs::path out_dir = dir_ / "common_report";
  const Outcome out = run(kReport + " " + shell_quoted(results) + " --common-scale -o " + shell_quoted(out_dir));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  expect_complete_report(out_dir, kRunFigures);
  EXPECT_NE(read_text(out_dir / "index.html").find("on one scale shared by every panel"), std::string::npos);
}

// The sweep figure names the swept key in words (the contract a contracts[i] key sets) and
// every headline statistic with its sign.
TEST_F(Report, SweepFigureLabelsItsKeyAndEveryHeadlineStatistic) {
  const fs::path sweep = dir_ / "pmpm_sweep.h5";
  const fs::path out_dir =
      report_on_fixture("sweep " + shell_quoted(sweep) + " 'contracts[2].pmpm' 700=" + shell_quoted(results_of(300)) +
                            " 760=" + shell_quoted(results_of(600)),
                        sweep);
  expect_complete_report(out_dir, run_figures_and({"sweep.png"}));
  const std::string html = read_text(out_dir / "index.html");
  EXPECT_NE(html.find("PMPM of contract &#x27;global_cap&#x27; (contracts[2].pmpm)"), std::string::npos) << html;
  for (const std::string shown : {"mean provider margin (positive = the provider gains)", "P(loss)", "P(ruin)",
                                  "ES95 of the margin", "positive = loss", "mean payer savings"})
    EXPECT_NE(html.find(shown), std::string::npos) << shown;
}

// Zipped keys (root attribute sweep_zip_keys) are one axis: the label names them all.
TEST_F(Report, ZippedSweepKeysAreOneAxis) {
  const fs::path sweep = dir_ / "zipped.h5";
  const fs::path out_dir =
      report_on_fixture("sweep " + shell_quoted(sweep) + " --zip 'population.size,contracts[2].pmpm' 300,700=" +
                            shell_quoted(results_of(300)) + " 600,760=" + shell_quoted(results_of(600)),
                        sweep);
  expect_complete_report(out_dir, run_figures_and({"sweep.png"}));
  const std::string html = read_text(out_dir / "index.html");
  EXPECT_NE(html.find("population.size, contracts[2].pmpm move together"), std::string::npos) << html;
  EXPECT_NE(html.find("population size (population.size), with PMPM of contract &#x27;global_cap&#x27; "
                      "(contracts[2].pmpm)"),
            std::string::npos)
      << "the axis label names every zipped key";
}

// --point I: the per-contract table and figures are that point's run, and the page says so.
TEST_F(Report, PointChoosesTheSweepPointShown) {
  const fs::path sweep = dir_ / "sweep.h5";
  ASSERT_EQ(run(kFixtures + " sweep " + shell_quoted(sweep) + " population.size 300=" + shell_quoted(results_of(300)) +
                " 600=" + shell_quoted(results_of(600)))
                .exit_code,
            0);
  for (const int point : {0, 1}) {
    const fs::path out_dir = dir_ / ("point_" + std::to_string(point));
    const Outcome out =
        run(kReport + " " + shell_quoted(sweep) + " --point " + std::to_string(point) + " -o " + shell_quoted(out_dir));
    ASSERT_EQ(out.exit_code, 0) << out.output;
    expect_complete_report(out_dir, run_figures_and({"sweep.png"}));
    const std::string html = read_text(out_dir / "index.html");
    const std::string members = point == 0 ? "300" : "600";
    EXPECT_NE(html.find("Horizon summary per contract (sweep point " + std::to_string(point) +
                        " of 0..1 (population.size = " + members + "))"),
              std::string::npos)
        << html.substr(0, 3000);
    const auto margin = horizon_values(results_of(point == 0 ? 300 : 600), "/contracts/global_cap/provider_margin");
    // the table's first row set is the shown point's (each point's own table follows in <details>)
    pmsim::testing::expect_close(pmsim::testing::reference_mean(margin),
                                 page_value(html, "global_cap", "margin ± MC SE"), "point mean margin");
  }
}

TEST_F(Report, PointOutOfRangeIsBadInputNamingTheRange) {
  const fs::path sweep = dir_ / "sweep.h5";
  ASSERT_EQ(run(kFixtures + " sweep " + shell_quoted(sweep) + " population.size 300=" + shell_quoted(results_of(300)) +
                " 600=" + shell_quoted(results_of(600)))
                .exit_code,
            0);
  for (const std::string bad : {"2", "-1"}) {
    const fs::path out_dir = dir_ / "bad_point";
    const Outcome out = run(kReport + " " + shell_quoted(sweep) + " --point " + bad + " -o " + shell_quoted(out_dir));
    EXPECT_EQ(out.exit_code, 2) << out.output;
    EXPECT_NE(out.output.find(bad == "2" ? "has sweep points 0..1" : "0 or more"), std::string::npos) << out.output;
    EXPECT_FALSE(fs::exists(out_dir));
  }
  const fs::path out_dir = dir_ / "run_point";
  const Outcome out = run(kReport + " " + shell_quoted(results_of(300)) + " --point 0 -o " + shell_quoted(out_dir));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("not a sweep file"), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(out_dir));
}

// comparison.csv's rows as {contract/statistic/run: record}; a missing row or field reads as
// empty, and fails the test naming it.
class ComparisonRows {
 public:
  explicit ComparisonRows(const fs::path& dir) : text_(read_text(dir / "comparison.csv")) {
    for (auto& r : pmsim::testing::csv_records(text_)) rows_[r["contract"] + "/" + r["statistic"] + "/" + r["run"]] = r;
  }
  std::string text(const std::string& row, const std::string& field) const {
    const auto r = rows_.find(row);
    if (r == rows_.end() || !r->second.count(field)) {
      ADD_FAILURE() << "comparison.csv has no " << field << " in row " << row << ":\n" << text_;
      return "";
    }
    return r->second.at(field);
  }
  double number(const std::string& row, const std::string& field) const {
    const std::string t = text(row, field);
    return t.empty() ? NAN : std::stod(t);
  }

 private:
  std::string text_;
  std::map<std::string, std::map<std::string, std::string>> rows_;
};

// Two runs with the same seed and replications: B - A and its SE from the per-replication
// differences (paired); a run with another seed: sqrt(SE_A^2 + SE_B^2); a contract missing
// from a run is noted.
TEST_F(Report, ComparisonOfRunsPairsRunsWithTheSameSeed) {
  const fs::path a = results_of(300), b = results_of(600), c = results_of(300, 12, false);
  const fs::path out_dir = dir_ / "comparison";
  const Outcome out = run(kReport + " " + shell_quoted(a) + " " + shell_quoted(b) + " " + shell_quoted(c) + " -o " +
                          shell_quoted(out_dir));
  ASSERT_EQ(out.exit_code, 0) << out.output;
  expect_complete_report(out_dir, {"margin_overlay.png"});
  const std::string html = read_text(out_dir / "index.html");
  EXPECT_NE(html.find("paired: same seed (11)"), std::string::npos) << "B pairs with A";
  EXPECT_NE(html.find("unpaired (independent runs): seed 11 vs 12"), std::string::npos) << "C does not";
  EXPECT_NE(html.find("Not in run C"), std::string::npos) << "mssp is not in C";
  const ComparisonRows rows(out_dir);
  for (const std::string contract : {"ffs", "global_cap", "glide", "mssp"}) {
    const auto ma = horizon_values(a, "/contracts/" + contract + "/provider_margin");
    const auto mb = horizon_values(b, "/contracts/" + contract + "/provider_margin");
    std::vector<double> difference, loss_difference;
    for (std::size_t r = 0; r < ma.size(); ++r) {
      difference.push_back(mb[r] - ma[r]);
      loss_difference.push_back((mb[r] < 0 ? 1.0 : 0.0) - (ma[r] < 0 ? 1.0 : 0.0));
    }
    const std::string mean_b = contract + "/mean_margin/B";
    using pmsim::testing::expect_close;
    using pmsim::testing::reference_mean;
    expect_close(reference_mean(ma), rows.number(contract + "/mean_margin/A", "value"), contract + " A");
    expect_close(reference_mean(mb), rows.number(mean_b, "value"), contract + " B");
    expect_close(reference_mean(mb) - reference_mean(ma), rows.number(mean_b, "difference"), contract + " B - A");
    expect_close(standard_error_of_mean(difference), rows.number(mean_b, "difference_se"), contract + " paired SE");
    EXPECT_EQ(rows.text(mean_b, "pairing"), "paired");
    const std::string loss_b = contract + "/p_loss/B";
    expect_close(pmsim::testing::reference_p_loss(mb) - pmsim::testing::reference_p_loss(ma),
                 rows.number(loss_b, "difference"), contract + " P(loss) B - A");
    if (pmsim::testing::reference_sd(loss_difference) > 0)
      expect_close(standard_error_of_mean(loss_difference), rows.number(loss_b, "difference_se"),
                   contract + " P(loss) paired SE");
    const std::string es99_b = contract + "/es99/B";
    expect_close(reference_es(mb, 1) - reference_es(ma, 1), rows.number(es99_b, "difference"), contract + " ES99");
    EXPECT_GT(rows.number(es99_b, "difference_se"), 0.0) << contract;
    if (contract == "mssp") {
      EXPECT_EQ(rows.text("mssp/mean_margin/C", "status"), "contract not in this run");
      continue;
    }
    const auto mc = horizon_values(c, "/contracts/" + contract + "/provider_margin");
    const std::string mean_c = contract + "/mean_margin/C";
    EXPECT_EQ(rows.text(mean_c, "pairing"), "unpaired");
    expect_close(std::hypot(standard_error_of_mean(ma), standard_error_of_mean(mc)),
                 rows.number(mean_c, "difference_se"), contract + " unpaired SE");
    const auto savings_a = horizon_values(a, "/contracts/" + contract + "/payer_savings");
    const auto savings_c = horizon_values(c, "/contracts/" + contract + "/payer_savings");
    expect_close(reference_mean(savings_c) - reference_mean(savings_a),
                 rows.number(contract + "/payer_savings/C", "difference"), contract + " savings C - A");
  }
}

// One file keeps the single report (no comparison files), and bad input among several files
// writes nothing.
TEST_F(Report, ComparisonRefusesBadInputAndWritesNothing) {
  const fs::path out_dir = dir_ / "bad_comparison";
  const Outcome out = run(kReport + " " + shell_quoted(results_of(300)) + " " + shell_quoted(dir_ / "missing.h5") +
                          " -o " + shell_quoted(out_dir));
  EXPECT_EQ(out.exit_code, 2) << out.output;
  EXPECT_NE(out.output.find("missing.h5: no such file"), std::string::npos) << out.output;
  EXPECT_FALSE(fs::exists(out_dir));
  const fs::path single = dir_ / "single";
  ASSERT_EQ(report(results_of(300), single).exit_code, 0);
  EXPECT_FALSE(fs::exists(single / "comparison.csv"));
  EXPECT_TRUE(fs::exists(single / "report.pdf"));
}

// All or nothing: a report that fails while drawing (exit 1) leaves the earlier report in the
// directory as it was, report.pdf included, and no staging directory behind.
TEST_F(Report, FailureWhileDrawingLeavesTheEarlierReportIntact) {
  const fs::path out_dir = dir_ / "kept_report", broken = dir_ / "flat.h5";
  ASSERT_EQ(report(results_of(300), out_dir).exit_code, 0);
  const std::string page = read_text(out_dir / "index.html"), pdf = read_text(out_dir / "report.pdf");
  ASSERT_EQ(run(kFixtures + " flat-margin " + shell_quoted(results_of(300)) + " " + shell_quoted(broken)).exit_code, 0);
  const Outcome out = report(broken, out_dir);
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_NE(out.output.find("nothing written to"), std::string::npos) << out.output;
  EXPECT_EQ(read_text(out_dir / "index.html"), page);
  EXPECT_EQ(read_text(out_dir / "report.pdf"), pdf);
  expect_complete_report(out_dir, kRunFigures);
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".report-partial"), std::string::npos) << entry.path();
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
