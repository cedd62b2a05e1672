// pmsim presets: lists every preset of scenarios/presets/ (the ones the binary carries) and
// prints one as its file has it; an unknown name is bad input with a did-you-mean. A scenario
// whose contract names a preset that does not exist is bad input too, and writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "results_cli.h"

namespace pmsim::testing {
namespace {

TEST(Presets, ListsEveryPresetAndPrintsOneAsItsFileHasIt) {
  ScratchDir dir;
  const CommandResult list = pmsim_command(dir, {"presets"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  int count = 0;
  for (const auto& entry : fs::directory_iterator(std::string(PMSIM_SOURCE_DIR) + "/scenarios/presets")) {
    const std::string name = entry.path().stem().string();
    ++count;
    EXPECT_NE(("\n" + list.out).find("\n" + name + " "), std::string::npos) << name << " not listed:\n" << list.out;
    const CommandResult one = pmsim_command(dir, {"presets", name});
    EXPECT_EQ(one.exit_code, 0) << one.err;
    EXPECT_EQ(one.out, read_file(entry.path().string())) << name;
  }
  EXPECT_GE(count, 11);
  EXPECT_NE(list.out.find("mssp_enhanced       ENHANCED track: two-sided"), std::string::npos) << list.out;
}

TEST(Presets, AnUnknownPresetIsBadInput) {
  ScratchDir dir;
  const CommandResult unknown = pmsim_command(dir, {"presets", "reach_globl"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no preset 'reach_globl'; did you mean 'reach_global'?"), std::string::npos)
      << unknown.err;
  // In a scenario: exit 2, the message at the contract's preset line, no results file.
  std::string text = read_file(repository_scenario("program_presets"));
  const std::string from = "    preset: reach_global\n";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "    preset: reach_globl\n");
  const std::string file = dir.file("s.yaml");
  std::ofstream(file) << text;
  const CommandResult run = pmsim_command(dir, {"run", file, "-q", "-r", "2", "-o", dir.file("s.h5")});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find(".preset: no preset 'reach_globl'; did you mean 'reach_global'?"), std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(dir.file("s.h5")));
}

}  // namespace
}  // namespace pmsim::testing
