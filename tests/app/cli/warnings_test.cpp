// Warnings of validate and run (analysis/scenario_warnings.h): on stderr, never an error (exit
// 0, the file written), silenced by --no-warnings; none for the repository's scenarios; the
// traps of a first scenario each named: zero reserves, a historical benchmark without warm-up
// years, a capitation PMPM far from the panel's expected cost (with the expected figure).
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "results_cli.h"

namespace pmsim::testing {
namespace {

std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class Warnings : public ::testing::Test {
 protected:
  std::string scenario(const std::string& name, const std::string& text) {
    const std::string path = dir_.file(name);
    std::ofstream(path) << text;
    return path;
  }
  ScratchDir dir_;
};

TEST_F(Warnings, TheRepositorysScenariosHaveNone) {
  for (const std::string name : {"default", "capitation", "shared_savings", "bundled_payment", "small_practice"}) {
    const CommandResult r = pmsim_command(dir_, {"validate", repository_scenario(name)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << name << ":\n" << r.err;
  }
}

TEST_F(Warnings, EachTrapIsNamedAndNoneIsAnError) {
  const std::string base = read_file(repository_scenario("default"));
  const std::string zero_reserves = scenario("reserves.yaml", edited(base, "reserves: 3.0e6", "reserves: 0"));
  const std::string dear = scenario("dear.yaml", edited(base, "pmpm: 805", "pmpm: 1000"));
  const std::string cheap = scenario("cheap.yaml", edited(base, "pmpm: 805", "pmpm: 600"));
  const std::string unsettled = scenario(
      "unsettled.yaml", edited(read_file(repository_scenario("shared_savings")), "warmup_years: 2", "warmup_years: 0"));
  const auto warned = [&](const std::string& file, const std::string& expected) {
    const CommandResult v = pmsim_command(dir_, {"validate", file});
    EXPECT_EQ(v.exit_code, 0) << v.err;
    const std::regex warning("pmsim: warning: " + expected);
    EXPECT_TRUE(std::regex_search(v.err, warning)) << expected << "\n" << v.err;
    const std::string output = dir_.file("r.h5");
    const CommandResult r = pmsim_command(dir_, {"run", file, "-q", "-r", "3", "-o", output, "--force"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, warning)) << expected << "\n" << r.err;
    EXPECT_TRUE(fs::exists(output));
    const CommandResult quiet =
        pmsim_command(dir_, {"run", file, "-q", "-r", "3", "-o", output, "--force", "--no-warnings"});
    EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
    EXPECT_EQ(quiet.err.find("warning"), std::string::npos) << quiet.err;
    EXPECT_EQ(pmsim_command(dir_, {"validate", file, "--no-warnings"}).err.find("warning"), std::string::npos);
  };
  warned(zero_reserves, R"(provider\.reserves is 0: P\(ruin\))");
  // 805 is 98% of the panel's expected claims per risk-adjusted member-month (about 822,
  // scenarios/default.yaml): 1000 is about 22% above, 600 about 27% below.
  const std::string expected =
      R"( the panel's expected claims of what it covers, 8[0-9][0-9](\.[0-9]+)? per risk-adjusted member-month)";
  warned(dear, R"(contracts\[2\] \(global_capitation\): pmpm 1000 is 2[0-9]% above)" + expected);
  warned(cheap, R"(contracts\[2\] \(global_capitation\): pmpm 600 is 2[0-9]% below)" + expected);
  warned(unsettled, R"(contracts\[1\] \(mssp_basic\): a historical benchmark with simulation\.warmup_years 0)");
}

}  // namespace
}  // namespace pmsim::testing
