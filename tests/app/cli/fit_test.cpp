// pmsim fit and pmsim calibrate --targets MEMBERS.csv as a user runs them: own_panel's example
// member file fitted from scenarios/own_panel.yaml agrees with the fitted scenario on every
// statistic, as pmsim calibrate then confirms; the scenario written holds none of the file's
// members. Bad input (a bad row, a fitted value made uncertain, an existing output) exits 2
// and writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "results_cli.h"
#include "util/sha256.h"

namespace pmsim::testing {
namespace {

std::string example_members() { return std::string(PMSIM_SOURCE_DIR) + "/scenarios/own_panel_members.csv"; }

// "59 of 59 statistics agree" -> {59, 59}.
std::pair<int, int> agreed(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"((\d+) of (\d+) statistics agree)"))) return {-1, -1};
  return {std::stoi(m[1]), std::stoi(m[2])};
}

// Files in the scratch directory (with the command's stdout.txt and stderr.txt): a failed
// command leaves no temporary file either.
long entries(const ScratchDir& dir) {
  return std::distance(std::filesystem::directory_iterator(dir.file("")), std::filesystem::directory_iterator());
}

TEST(FitCommand, FitsTheExampleFileAndCalibrateConfirmsIt) {
  ScratchDir dir;
  const std::string fitted = dir.file("fitted.yaml");
  const CommandResult fit = pmsim_command(
      dir, {"fit", example_members(), "--scenario", repository_scenario("own_panel"), "-o", fitted, "-m", "30000"});
  ASSERT_EQ(fit.exit_code, 0) << fit.out << fit.err;
  const auto [fit_agree, fit_total] = agreed(fit.out);
  EXPECT_GT(fit_total, 50) << fit.out;
  EXPECT_EQ(fit_agree, fit_total) << fit.out;
  EXPECT_NE(fit.out.find("share of spending, top 1%"), std::string::npos) << fit.out;

  // The scenario holds the file's fingerprint and statistics, no member: no id, no member file.
  const std::string text = read_file(fitted);
  EXPECT_EQ(text.find("P0000"), std::string::npos);
  EXPECT_EQ(text.find("members:"), std::string::npos);
  EXPECT_NE(text.find("SHA-256 " + sha256_hex(read_file(example_members()))), std::string::npos);

  const CommandResult check = pmsim_command(dir, {"calibrate", fitted, "--targets", example_members()});
  ASSERT_EQ(check.exit_code, 0) << check.out << check.err;
  const auto [agree, total] = agreed(check.out);
  EXPECT_EQ(total, fit_total) << check.out;
  EXPECT_EQ(agree, total) << check.out;
}

TEST(FitCommand, AFileWithoutConditionsLeavesPrevalenceUndefinedAndTheBasesValues) {
  ScratchDir dir;
  std::string text = "member_id,age,sex,claims\n";
  for (int i = 0; i < 400; ++i)
    text += "A" + std::to_string(i) + "," + std::to_string(65 + i % 30) + "," + (i % 2 ? "F" : "M") + "," +
            std::to_string(i % 9 == 0 ? 0 : 300 + 37 * (i % 50) * (i % 7)) + "\n";
  std::ofstream(dir.file("plain.csv")) << text;
  const CommandResult r = pmsim_command(dir, {"fit", dir.file("plain.csv"), "-o", dir.file("out.yaml"), "-m", "4000"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(diabetes prevalence, 65-69 +- +\S+ +\S+ +\S+ +- +not defined)")))
      << r.out;
  // The base's prevalences are kept (read as a prevalence of 0 they would be set to 0).
  ASSERT_EQ(pmsim_command(dir, {"init", "--template", "aco", "-o", dir.file("base.yaml")}).exit_code, 0);
  const auto first_prevalence = [](const std::string& yaml) {
    std::smatch m;
    return std::regex_search(yaml, m, std::regex(R"(prevalence: \[[^\]]*\])")) ? m.str() : std::string("none");
  };
  EXPECT_EQ(first_prevalence(read_file(dir.file("out.yaml"))), first_prevalence(read_file(dir.file("base.yaml"))));
}

TEST(FitCommand, ABadRowExitsTwoNamingTheLineAndColumnAndWritesNothing) {
  ScratchDir dir;
  std::ofstream(dir.file("bad.csv")) << "member_id,age,sex,claims\nA1,70,F,1200\nA2,70,X,300\n";
  const CommandResult r = pmsim_command(dir, {"fit", dir.file("bad.csv"), "-o", dir.file("out.yaml"), "-m", "2000"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("bad.csv:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sex"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out.yaml")));
  EXPECT_EQ(entries(dir), 3) << "bad.csv, stdout.txt and stderr.txt only";
}

TEST(FitCommand, AFittedValueThatTheBaseMakesUncertainIsRefused) {
  ScratchDir dir;
  const std::string members = dir.file("members.csv");
  std::ofstream(members) << "member_id,age,sex,claims\nA1,70,F,1200\nA2,81,M,0\nA3,66,F,9000\n";
  const CommandResult r = pmsim_command(
      dir, {"fit", members, "--scenario", repository_scenario("parameter_uncertainty"), "-o", dir.file("out.yaml")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("the fit sets this value"), std::string::npos) << r.err;
  EXPECT_EQ(entries(dir), 3) << "members.csv, stdout.txt and stderr.txt only: no output, no temporary file";
}

TEST(FitCommand, AnExistingOutputIsKeptWithoutForce) {
  ScratchDir dir;
  const std::string members = dir.file("members.csv"), out = dir.file("out.yaml");
  std::ofstream(members) << "member_id,age,sex,claims\nA1,70,F,1200\nA2,81,M,0\nA3,66,F,9000\n";
  std::ofstream(out) << "mine\n";
  const CommandResult r = pmsim_command(dir, {"fit", members, "-o", out, "-m", "2000"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(out), "mine\n");
}

}  // namespace
}  // namespace pmsim::testing
