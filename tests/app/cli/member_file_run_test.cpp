// A run seeded from a member file: its results file records the file's path, SHA-256 and row
// count and none of its members; pmsim verify accepts it; pmsim reproduce finds the file beside
// the scenario or takes --members PATH, and refuses a file that is not the one the run was
// seeded from; pmsim merge keeps the fingerprint and refuses parts of different files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "output/read_hdf5.h"
#include "results_cli.h"
#include "util/sha256.h"

namespace pmsim::testing {
namespace {

constexpr int kMembers = 120;

// A member file of kMembers members aged 70-84 (ids MEMBERID-<i>) with claims rising with i;
// `bump` is added to the last member's claims.
std::string member_file_text(double bump = 0) {
  std::string text = "member_id,age,sex,claims\n";
  for (int i = 0; i < kMembers; ++i)
    text += "MEMBERID-" + std::to_string(i) + "," + std::to_string(70 + i % 15) + "," + (i % 2 ? "F" : "M") + "," +
            std::to_string(i * 150 + (i + 1 == kMembers ? bump : 0)) + "\n";
  return text;
}

std::string member_scenario_yaml() {
  std::string yaml = results_scenario_yaml(5, 12, 310);
  yaml = edit(yaml, "baseline_years: 1,", "baseline_years: 1, warmup_years: 0,");
  return edit(yaml, "  size: 300\n", "  size: 300\n  members: members.csv\n");
}

class MemberFileRun : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.file("members.csv")) << member_file_text();
    file_ = run_to_file(dir_, "run", member_scenario_yaml());
  }

  ScratchDir dir_;
  std::string file_;
};

TEST_F(MemberFileRun, TheResultsFileHoldsTheFingerprintAndNoMember) {
  EXPECT_EQ(read_string_attribute(file_, "/", "member_file"), "members.csv");
  EXPECT_EQ(read_string_attribute(file_, "/", "member_file_sha256"), sha256_hex(member_file_text()));
  EXPECT_EQ(read_int64_attribute(file_, "/", "member_file_rows"), kMembers);
  // Patient data stays out: no member id anywhere in the file's bytes.
  EXPECT_EQ(read_file(file_).find("MEMBERID-"), std::string::npos);
  const CommandResult verify = pmsim_command(dir_, {"verify", file_});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(MemberFileRun, ReproduceFindsTheFileBesideTheScenarioOrTakesMembers) {
  const CommandResult beside = pmsim_command(dir_, {"reproduce", file_});
  EXPECT_EQ(beside.exit_code, 0) << beside.out << beside.err;
  EXPECT_NE(beside.out.find("bit-identical"), std::string::npos) << beside.out;

  fs::rename(dir_.file("members.csv"), dir_.file("moved.csv"));
  const CommandResult missing = pmsim_command(dir_, {"reproduce", file_});
  EXPECT_EQ(missing.exit_code, 2) << missing.out << missing.err;
  EXPECT_NE(missing.err.find("seeded from member file 'members.csv' (120 members, SHA-256 " +
                             sha256_hex(member_file_text()) + ")"),
            std::string::npos)
      << missing.err;
  EXPECT_NE(missing.err.find("give it with --members PATH"), std::string::npos) << missing.err;

  const CommandResult given = pmsim_command(dir_, {"reproduce", file_, "--members", dir_.file("moved.csv")});
  EXPECT_EQ(given.exit_code, 0) << given.out << given.err;
  EXPECT_NE(given.out.find("bit-identical"), std::string::npos) << given.out;
}

TEST_F(MemberFileRun, ReproduceRefusesAnotherFile) {
  std::ofstream(dir_.file("changed.csv")) << member_file_text(1);
  const CommandResult r = pmsim_command(dir_, {"reproduce", file_, "--members", dir_.file("changed.csv")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("not the member file the run was seeded from"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(sha256_hex(member_file_text(1))), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("re-ran it"), std::string::npos) << "nothing is run\n" << r.out;

  std::ofstream(dir_.file("bad.csv")) << "member_id,age,sex,claims\nA,70,X,5\n";
  const CommandResult bad = pmsim_command(dir_, {"reproduce", file_, "--members", dir_.file("bad.csv")});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("bad.csv:2: sex"), std::string::npos) << bad.err;
}

TEST_F(MemberFileRun, MembersForARunWithoutAMemberFileIsRefused) {
  const std::string plain = run_to_file(dir_, "plain", results_scenario_yaml(5, 12, 310));
  const CommandResult r = pmsim_command(dir_, {"reproduce", plain, "--members", dir_.file("members.csv")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("has no member file"), std::string::npos) << r.err;
}

TEST_F(MemberFileRun, MergeKeepsTheFingerprintAndRefusesPartsOfAnotherFile) {
  const std::string scenario = dir_.file("run.yaml");
  std::vector<std::string> parts;
  for (int i = 1; i <= 2; ++i) {
    parts.push_back(dir_.file("part" + std::to_string(i) + ".h5"));
    const CommandResult r = pmsim_command(
        dir_, {"run", scenario, "-q", "--shard", std::to_string(i) + "/2", "-o", parts.back(), "--force"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string merged = dir_.file("merged.h5");
  const CommandResult merge = pmsim_command(dir_, {"merge", parts[0], parts[1], "-o", merged});
  ASSERT_EQ(merge.exit_code, 0) << merge.out << merge.err;
  expect_same_run(file_, merged);

  // Part 2 again from another member file: the same scenario text, another panel.
  std::ofstream(dir_.file("members.csv")) << member_file_text(1);
  const CommandResult other = pmsim_command(dir_, {"run", scenario, "-q", "--shard", "2/2", "-o", parts[1], "--force"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  const std::string refused = dir_.file("refused.h5");
  const CommandResult r = pmsim_command(dir_, {"merge", parts[0], parts[1], "-o", refused});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("different member files"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(refused));
}

}  // namespace
}  // namespace pmsim::testing
