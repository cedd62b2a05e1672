// Progress without a terminal (the tests' stderr is a file): a plain line every --progress
// seconds and one at the end, in the documented form; --progress 0 and -q print none.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "results_cli.h"

namespace pmsim::testing {
namespace {

// The progress lines of `err`, each checked against the documented form.
std::vector<std::string> progress_lines(const std::string& err) {
  static const std::regex line(
      R"(pmsim: \d+%  \d+/\d+ replications  [0-9]+\.[0-9][0-9] M patient-years/s  (ETA|in) [0-9.]+ (s|min [0-9]+ s|h [0-9]+ min))");
  std::vector<std::string> out;
  std::istringstream in(err);
  for (std::string l; std::getline(in, l);)
    if (l.find(" replications  ") != std::string::npos) {
      EXPECT_TRUE(std::regex_match(l, line)) << l;
      out.push_back(l);
    }
  return out;
}

TEST(Progress, APlainLineEveryIntervalAndOneAtTheEndWithoutATerminal) {
  ScratchDir dir;
  const std::string output = dir.file("r.h5");
  // A replication of the default scenario (10^5 patient-years) takes longer than 1 ms: a line
  // is due at every replication done.
  const CommandResult r = pmsim_command(
      dir, {"run", repository_scenario("default"), "-r", "4", "-j", "1", "--progress", "0.001", "-o", output});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = progress_lines(r.err);
  ASSERT_GE(lines.size(), 2u) << r.err;
  EXPECT_NE(lines.front().find("ETA "), std::string::npos) << lines.front();
  EXPECT_EQ(lines.back().find("pmsim: 100%  4/4 replications"), 0u) << lines.back();
  EXPECT_NE(lines.back().find("  in "), std::string::npos) << lines.back();
  EXPECT_NE(r.out.find(" s on 1 threads"), std::string::npos) << "durations as people write them:\n" << r.out;
}

TEST(Progress, TheDefaultIsEveryThirtySecondsAndZeroOrQuietIsNone) {
  ScratchDir dir;
  const std::string scenario = dir.file("small.yaml");
  std::ofstream(scenario) << results_scenario_yaml(3, 20, 310);
  const CommandResult plain = pmsim_command(dir, {"run", scenario, "-o", dir.file("a.h5")});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const std::vector<std::string> lines = progress_lines(plain.err);
  ASSERT_EQ(lines.size(), 1u) << "a short run: only the last line\n" << plain.err;
  EXPECT_EQ(lines.front().find("pmsim: 100%  20/20 replications"), 0u) << lines.front();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--progress", "0"}, std::vector<std::string>{"-q"}}) {
    std::vector<std::string> all = {"run", scenario, "-o", dir.file("b.h5"), "--force"};
    all.insert(all.end(), args.begin(), args.end());
    const CommandResult none = pmsim_command(dir, all);
    ASSERT_EQ(none.exit_code, 0) << none.err;
    EXPECT_TRUE(progress_lines(none.err).empty()) << none.err;
  }
  const CommandResult bad = pmsim_command(dir, {"run", scenario, "--progress", "-1", "-o", dir.file("c.h5")});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

}  // namespace
}  // namespace pmsim::testing
