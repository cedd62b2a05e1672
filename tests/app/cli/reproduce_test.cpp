// pmsim reproduce: an untouched file is bit-identical, a file with one changed value or
// attribute is not (and the command names what differs), --keep keeps the new file, a
// different pmsim version is a note, and bad input exits with 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "output/hdf5_writer.h"
#include "output/read_hdf5.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

class Reproduce : public ::testing::Test {
 protected:
  void SetUp() override { file_ = run_to_file(dir_, "run", results_scenario_yaml(3, 20, 310)); }

  ScratchDir dir_;
  std::string file_;
};

// The path after "new results in " in the command's output.
std::string new_results_path(const std::string& out) {
  const std::string marker = "new results in ";
  const auto at = out.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  return out.substr(start, out.find_first_of(" \n", start) - start);
}

TEST_F(Reproduce, AnUntouchedFileIsBitIdenticalAndTheNewFileIsRemoved) {
  const CommandResult r = pmsim_command(dir_, {"reproduce", file_, "-j", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::size_t datasets = list_datasets(file_).size();
  ASSERT_GT(datasets, 50u);
  EXPECT_NE(r.out.find("bit-identical: " + std::to_string(datasets) + " datasets"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not compared (they differ from run to run by design): root attributes command_line created "
                       "scenario_file simd_target threads wall_seconds"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("note:"), std::string::npos) << "same binary: no version note\n" << r.out;
  const std::string reproduced = new_results_path(r.out);
  ASSERT_FALSE(reproduced.empty()) << r.out;
  EXPECT_FALSE(fs::exists(reproduced)) << reproduced;
}

TEST_F(Reproduce, OneChangedValueIsNamedWithItsIndexAndExitsWithOne) {
  const std::string copy = dir_.copy(file_, "changed.h5");
  add_to_element(copy, "/contracts/cap/provider_margin", 7, 0.25);  // row 2, year 2 of [20, 3]
  const CommandResult r = pmsim_command(dir_, {"reproduce", copy});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out.find("bit-identical"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NOT reproduced: 1 of " + std::to_string(list_datasets(copy).size()) + " datasets differ"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("/contracts/cap/provider_margin: 1 of 60 values differ; largest absolute difference 0.25 at "
                       "[2, 1]; first difference at [2, 1] (index 7)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("/contracts/ffs/provider_margin"), std::string::npos) << "only the changed dataset\n" << r.out;
}

TEST_F(Reproduce, AChangedAttributeIsNamedButAVersionChangeIsANote) {
  const std::string copy = dir_.copy(file_, "attribute.h5");
  set_string_attribute(copy, "/contracts/cap/provider_margin", "unit", "EUR");
  set_string_attribute(copy, "/", "pmsim_version", "0.0.1");
  set_string_attribute(copy, "/", "created", "1999-01-01T00:00:00Z");  // not compared
  // The unit is not the catalogue's: damaged, and compared all the same with --allow-damaged.
  EXPECT_EQ(pmsim_command(dir_, {"reproduce", copy}).exit_code, 2);
  const CommandResult r = pmsim_command(dir_, {"reproduce", copy, "--allow-damaged"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("/contracts/cap/provider_margin unit: 'EUR' vs 'USD'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("note: " + copy + " was written by pmsim 0.0.1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("created:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("pmsim_version:"), std::string::npos) << r.out;

  const std::string version_only = dir_.copy(file_, "version.h5");
  set_string_attribute(version_only, "/", "pmsim_version", "0.0.1");
  const CommandResult note = pmsim_command(dir_, {"reproduce", version_only});
  EXPECT_EQ(note.exit_code, 0) << note.out;
  EXPECT_NE(note.out.find("note:"), std::string::npos) << note.out;
  EXPECT_NE(note.out.find("bit-identical"), std::string::npos) << note.out;
}

TEST_F(Reproduce, KeepKeepsTheNewFileAndWillNotOverwrite) {
  const std::string kept = dir_.file("kept.h5");
  const CommandResult r = pmsim_command(dir_, {"reproduce", file_, "--keep", kept});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_TRUE(fs::exists(kept));
  EXPECT_EQ(list_datasets(kept), list_datasets(file_));
  EXPECT_EQ(read_string_attribute(kept, "/", "scenario_sha256"), read_string_attribute(file_, "/", "scenario_sha256"));
  const auto before = fs::last_write_time(kept);
  const CommandResult again = pmsim_command(dir_, {"reproduce", file_, "--keep", kept});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--keep " + kept + ": the file exists"), std::string::npos) << again.err;
  EXPECT_EQ(fs::last_write_time(kept), before);
}

TEST_F(Reproduce, BadInputExitsWithTwoAndWritesNothing) {
  const std::string broken = dir_.copy(file_, "broken.h5");
  set_string_attribute(broken, "/", "scenario_resolved", "simulation: [not, a, scenario");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{dir_.file("missing.h5")}, "missing.h5: no such file"},
      {{dir_.file("run.yaml")}, "run.yaml: not an HDF5 file"},
      {{broken}, "broken.h5: /: root attribute scenario_resolved does not parse as a scenario"},
      {{broken, "--allow-damaged"}, "broken.h5: its resolved scenario does not parse"},
      {{file_, "--keep", dir_.file("no/such/dir/k.h5")}, "does not exist"},
      {{file_, "-j", "-3"}, "--threads"},
  };
  for (const auto& [arguments, message] : cases) {
    std::vector<std::string> command = {"reproduce"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    const CommandResult r = pmsim_command(dir_, command);
    EXPECT_EQ(r.exit_code, 2) << message << "\n" << r.out << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n" << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_.file("no")));
}

}  // namespace
}  // namespace pmsim::testing
