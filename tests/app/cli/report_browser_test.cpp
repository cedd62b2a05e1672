// scripts/report's pages as a browser shows them: Debian's headless Chromium opens index.html
// (in an iframe of a small harness page, so that the page itself stays script-free) and the
// harness reports every <img> that did not load (naturalWidth 0) and how many scripts the page
// has; Chromium's console log (stderr) must hold no uncaught JavaScript error, and every link of
// the page must name a file next to it. Chromium is a test dependency (scripts/deps.sh installs
// it): without it these tests fail, they do not skip.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_names.h"

namespace fs = std::filesystem;

namespace {

const std::string kSource = PMSIM_SOURCE_DIR;
const std::string kReport = "/usr/bin/python3 '" + kSource + "/scripts/report'";

std::string shell_quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A small run: two contracts of different kinds, 20 replications.
const std::string kScenario =
    "simulation: {name: browser_small, replications: 20, years: 2, baseline_years: 1, seed: 5}\n"
    "population:\n"
    "  size: 300\n"
    "  age_bands:\n"
    "    - {min_age: 65, max_age: 99, share: 1.0, mortality: 0.03}\n"
    "services:\n"
    "  primary_care: {rate: 6, fee: 110, delivered_by: provider, unit_cost: 85}\n"
    "  specialist: {rate: 5, fee: 140, delivered_by: provider, unit_cost: 110}\n"
    "  emergency: {rate: 0.5, fee: 900, delivered_by: others}\n"
    "  inpatient: {rate: 0.2, fee: 13000, delivered_by: others, severity_cv: 1.0}\n"
    "  readmission: {rate: 0.15, fee: 14000, delivered_by: others}\n"
    "  post_acute: {rate: 0.3, fee: 9000, delivered_by: others}\n"
    "  outpatient: {rate: 10, fee: 160, delivered_by: others}\n"
    "provider: {fixed_costs: 40000, reserves: 60000}\n"
    "contracts:\n"
    "  - {name: ffs, type: fee_for_service}\n"
    "  - {name: global_cap, type: capitation, pmpm: 700}\n";

// What the harness page found in the report, and what Chromium logged.
struct PageCheck {
  int exit_code = -1;
  std::string result;  // "images L/N; broken [FILE ...]; scripts S", or "error ..."
  std::string log;     // Chromium's stderr (console messages among it)
};

class ReportBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v chromium > /dev/null 2>&1") != 0)
      FAIL() << "chromium is not installed: scripts/deps.sh installs it (apt-get install chromium)";
    dir_ = fs::temp_directory_path() /
           ("pmsim_report_browser_" + pmsim::testing::scratch_name() + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  int run(const std::string& command, std::string* output = nullptr) const {
    const fs::path log = dir_ / "command.log";
    const int status = std::system((command + " > " + shell_quoted(log) + " 2>&1").c_str());
    if (output) *output = read_text(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // The small run at this seed, simulated by pmsim.
  fs::path results(int seed) const {
    const fs::path scenario = dir_ / ("s" + std::to_string(seed) + ".yaml");
    const fs::path file = dir_ / ("s" + std::to_string(seed) + ".h5");
    std::ofstream(scenario) << std::regex_replace(kScenario, std::regex("seed: 5"), "seed: " + std::to_string(seed));
    std::string output;
    EXPECT_EQ(
        run(std::string(PMSIM_BINARY) + " run " + shell_quoted(scenario) + " -q -o " + shell_quoted(file), &output), 0)
        << output;
    return file;
  }

  // Opens dir/index.html in headless Chromium through the harness page.
  PageCheck open_in_browser(const fs::path& report_dir) const {
    const fs::path harness = dir_ / "harness.html";
    std::ofstream(harness)
        << "<!DOCTYPE html><html><body><iframe id='r' src='" << fs::relative(report_dir / "index.html", dir_).string()
        << "' style='width:1400px;height:900px'></iframe><script>\n"
           "const frame = document.getElementById('r');\n"
           "frame.addEventListener('load', () => {\n"
           "  let result;\n"
           "  try {\n"
           "    const doc = frame.contentDocument;\n"
           "    const images = Array.from(doc.images);\n"
           "    const loaded = images.filter(i => i.complete && i.naturalWidth > 0);\n"
           "    const broken = images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => "
           "i.getAttribute('src'));\n"
           "    result = 'images ' + loaded.length + '/' + images.length + '; broken [' + broken.join(' ') +\n"
           "             ']; scripts ' + doc.scripts.length;\n"
           "  } catch (e) { result = 'error ' + e; }\n"
           "  document.body.setAttribute('data-result', result);\n"
           "});\n"
           "</script></body></html>\n";
    const fs::path dom = dir_ / "dom.html", log = dir_ / "chromium.log";
    // file:// pages may read each other only with --allow-file-access-from-files; a profile of
    // its own, so that tests running side by side do not share one
    const std::string command =
        "timeout 120 chromium --headless --no-sandbox --disable-gpu "
        "--allow-file-access-from-files --virtual-time-budget=10000 --enable-logging=stderr "
        "--v=0 --user-data-dir=" +
        shell_quoted(dir_ / "profile") + " --dump-dom " + shell_quoted("file://" + fs::absolute(harness).string()) +
        " > " + shell_quoted(dom) + " 2> " + shell_quoted(log);
    const int status = std::system(command.c_str());
    PageCheck check{WIFEXITED(status) ? WEXITSTATUS(status) : -1, "", read_text(log)};
    std::smatch m;
    const std::string text = read_text(dom);
    if (std::regex_search(text, m, std::regex("data-result=\"([^\"]*)\""))) check.result = m[1];
    return check;
  }

  fs::path dir_;
};

std::vector<std::string> attribute_values(const std::string& html, const std::string& attribute) {
  std::vector<std::string> values;
  const std::regex re("<(?:img|a)[^>]* " + attribute + "=['\"]([^'\"]+)['\"]");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it)
    values.push_back((*it)[1]);
  return values;
}

// Every image of the page loaded, no script error, every link names a file of the report.
void expect_intact_page(const fs::path& report_dir, const PageCheck& check) {
  EXPECT_EQ(check.exit_code, 0) << check.log;
  const std::string html = read_text(report_dir / "index.html");
  const auto images = attribute_values(html, "src");
  ASSERT_FALSE(images.empty());
  const std::string count = std::to_string(images.size());
  EXPECT_EQ(check.result, "images " + count + "/" + count + "; broken []; scripts 0") << check.log;
  EXPECT_EQ(check.log.find("Uncaught"), std::string::npos) << check.log;
  for (const auto& link : attribute_values(html, "href"))
    EXPECT_TRUE(fs::is_regular_file(report_dir / link)) << "the page links to " << link << ", which is missing";
}

TEST_F(ReportBrowser, EveryImageOfARunsReportLoads) {
  const fs::path out_dir = dir_ / "report";
  std::string output;
  ASSERT_EQ(run(kReport + " " + shell_quoted(results(5)) + " -o " + shell_quoted(out_dir), &output), 0) << output;
  expect_intact_page(out_dir, open_in_browser(out_dir));
}

TEST_F(ReportBrowser, EveryImageOfAComparisonLoads) {
  const fs::path out_dir = dir_ / "comparison";
  std::string output;
  ASSERT_EQ(
      run(kReport + " " + shell_quoted(results(5)) + " " + shell_quoted(results(6)) + " -o " + shell_quoted(out_dir),
          &output),
      0)
      << output;
  expect_intact_page(out_dir, open_in_browser(out_dir));
}

// The check can fail: a PNG removed after the report was written is seen as broken, and a
// script error in the page reaches the log.
TEST_F(ReportBrowser, DetectsAMissingImageAndAScriptError) {
  const fs::path out_dir = dir_ / "report";
  std::string output;
  ASSERT_EQ(run(kReport + " " + shell_quoted(results(5)) + " -o " + shell_quoted(out_dir), &output), 0) << output;
  fs::remove(out_dir / "tail_risk.png");
  std::string html = read_text(out_dir / "index.html");
  html.insert(html.rfind("</body>"), "<script>throw new Error('deliberate test error')</script>");
  std::ofstream(out_dir / "index.html") << html;
  const PageCheck check = open_in_browser(out_dir);
  EXPECT_NE(check.result.find("broken [tail_risk.png]"), std::string::npos) << check.result;
  EXPECT_NE(check.log.find("Uncaught Error: deliberate test error"), std::string::npos) << check.log;
}

}  // namespace
