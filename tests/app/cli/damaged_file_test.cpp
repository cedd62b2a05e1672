// Damaged results files (issue 12): pmsim verify, summarize and compare refuse them with exit 2
// and the list of problems, or read what is intact with --allow-damaged; and no file, however
// damaged, makes them crash, hang or exit with another code.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "results_cli.h"
#include "sanitized.h"

namespace pmsim::testing {
namespace {

// Every command here has this long (a hang is a failure, exit 124).
const std::string kPmsim =
    "timeout " + std::to_string(static_cast<int>(pmsim::testing::time_limit(20))) + " " + PMSIM_BINARY;

CommandResult pmsim_timed(const ScratchDir& dir, const std::vector<std::string>& arguments) {
  return run_command(dir, kPmsim, arguments);
}

class DamagedFile : public ::testing::Test {
 protected:
  void SetUp() override { valid_ = run_to_file(dir_, "valid", results_scenario_yaml(3, 4, 300)); }
  ScratchDir dir_;
  std::string valid_;
};

TEST_F(DamagedFile, AnIntactFileVerifies) {
  const CommandResult r = pmsim_timed(dir_, {"verify", valid_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, valid_ + ": intact\n");
}

TEST_F(DamagedFile, ADeletedDatasetIsRefusedOrLeftOutWithAllowDamaged) {
  const std::string copy = dir_.copy(valid_, "deleted.h5");
  delete_object(copy, "/contracts/cap/provider_margin");
  const std::string problem = copy + ": /contracts/cap/provider_margin: missing";
  const CommandResult verify = pmsim_timed(dir_, {"verify", copy});
  EXPECT_EQ(verify.exit_code, 2);
  EXPECT_NE(verify.err.find(problem), std::string::npos) << verify.err;

  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"summarize", copy}, std::vector<std::string>{"compare", valid_, copy},
        std::vector<std::string>{"reproduce", copy}}) {
    const CommandResult refused = pmsim_timed(dir_, command);
    EXPECT_EQ(refused.exit_code, 2) << command[0];
    EXPECT_TRUE(refused.out.empty()) << command[0] << ": " << refused.out;
    EXPECT_NE(refused.err.find(problem), std::string::npos) << command[0] << ": " << refused.err;
    EXPECT_NE(refused.err.find("--allow-damaged"), std::string::npos) << refused.err;
  }

  const CommandResult table = pmsim_timed(dir_, {"summarize", copy, "--allow-damaged"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.err.find("warning: "), std::string::npos) << table.err;
  EXPECT_NE(table.out.find("Damaged parts of " + copy), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("/contracts/cap/provider_margin: missing"), std::string::npos) << table.out;
  const CommandResult csv = pmsim_timed(dir_, {"summarize", copy, "--allow-damaged", "--format", "csv"});
  EXPECT_EQ(csv.exit_code, 0);
  const auto records = csv_records(csv.out);
  EXPECT_TRUE(std::none_of(records.begin(), records.end(), [](const auto& r) {
    return r.at("contract") == "cap" && r.at("metric") == "provider_margin";
  })) << "the damaged metric is left out";
  EXPECT_TRUE(std::any_of(records.begin(), records.end(), [](const auto& r) { return r.at("contract") == "ffs"; }));

  const CommandResult json = pmsim_timed(dir_, {"compare", valid_, copy, "--allow-damaged", "--format", "json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(python_json_query(dir_, json.out, "d['damaged']"), "['" + problem + "']");
}

TEST_F(DamagedFile, ACorruptedAttributeOfTheRunIsRefusedEvenWithAllowDamaged) {
  const std::string copy = dir_.copy(valid_, "years.h5");
  set_string_attribute(copy, "/", "years", "three");
  const CommandResult r = pmsim_timed(dir_, {"summarize", copy, "--allow-damaged"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/: root attribute years: type string, expected int32"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("even with --allow-damaged"), std::string::npos) << r.err;
}

// Something a user added (an attribute of their own) is outside the layout but damages nothing:
// verify notes it and says intact; the readers read the file as usual.
TEST_F(DamagedFile, AnAnnotationOutsideTheLayoutIsNotedNotRefused) {
  const std::string copy = dir_.copy(valid_, "annotated.h5");
  set_string_attribute(copy, "/contracts/cap/provider_margin", "analyst_note", "checked by finance");
  const CommandResult verify = pmsim_timed(dir_, {"verify", copy});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(verify.out, copy + ": intact\n");
  EXPECT_NE(verify.err.find("note: " + copy + ": /contracts/cap/provider_margin: unexpected attribute analyst_note"),
            std::string::npos)
      << verify.err;
  const CommandResult summary = pmsim_timed(dir_, {"summarize", copy});
  EXPECT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_TRUE(summary.err.empty()) << summary.err;
}

// Every scenario of scenarios/ and a sweep: the files pmsim writes verify intact.
TEST_F(DamagedFile, EveryScenarioWritesAFileThatVerifies) {
  std::vector<std::string> arguments = {"verify"};
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PMSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string out = dir_.file(entry.path().stem().string() + ".h5");
    const CommandResult run = pmsim_command(dir_, {"run", entry.path().string(), "-r", "2", "-q", "-o", out});
    ASSERT_EQ(run.exit_code, 0) << entry.path() << run.err;
    arguments.push_back(out);
  }
  const std::string sweep = dir_.file("sweep.h5");
  const std::string scenario = dir_.file("valid.yaml");
  ASSERT_EQ(pmsim_command(dir_, {"sweep", scenario, "--set", "population.size=100,200", "-q", "-o", sweep}).exit_code,
            0);
  arguments.push_back(sweep);
  ASSERT_GE(arguments.size(), 10u);
  const CommandResult r = pmsim_command(dir_, arguments);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

// The damaged files of tests/corpus/results/, each named in its README with the problem it has.
TEST(DamagedCorpus, EachFileIsRefusedWithItsProblem) {
  const ScratchDir dir;
  const std::string corpus = std::string(PMSIM_SOURCE_DIR) + "/tests/corpus/results/";
  std::ifstream readme(corpus + "README.md");
  std::string line;
  int files = 0;
  while (std::getline(readme, line)) {
    // "- `name.h5`: what it checks; pmsim verify says `problem`"
    if (!line.starts_with("- `")) continue;
    const std::string name = line.substr(3, line.find('`', 3) - 3);
    const auto says = line.find("says `");
    ASSERT_NE(says, std::string::npos) << line;
    const std::string problem = line.substr(says + 6, line.find('`', says + 6) - says - 6);
    const CommandResult r = run_command(dir, kPmsim, {"verify", corpus + name});
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_NE(r.err.find(problem), std::string::npos) << name << "\n" << r.err;
    const CommandResult summary = run_command(dir, kPmsim, {"summarize", corpus + name});
    EXPECT_EQ(summary.exit_code, 2) << name;
    ++files;
  }
  EXPECT_GE(files, 4);
}

// A fuzz-style sweep: the valid file damaged in every way the script knows (each dataset
// deleted, reshaped, retyped; each root attribute deleted or retyped; truncations; byte
// flips with a fixed seed). verify names every damage of the layout; summarize, compare and
// summarize --allow-damaged exit 0 or 2, never another code, within the time limit.
TEST_F(DamagedFile, NoDamageMakesACommandCrashOrHang) {
  if (std::system("/usr/bin/python3 -c 'import h5py, numpy' > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "/usr/bin/python3 with h5py and numpy is not installed";
  const std::string damaged = dir_.file("damaged");
  const std::string list = dir_.file("damaged.txt");
  const std::string script = std::string(PMSIM_SOURCE_DIR) + "/tests/support/damage_results_file.py";
  ASSERT_EQ(std::system(("/usr/bin/python3 " + script + " " + valid_ + " " + damaged + " > " + list).c_str()), 0);
  std::vector<std::pair<std::string, std::string>> files;  // path, what was done
  std::istringstream lines(read_file(list));
  for (std::string line; std::getline(lines, line);)
    files.emplace_back(damaged + "/" + line.substr(0, line.find('\t')), line.substr(line.find('\t') + 1));
  ASSERT_GT(files.size(), 300u);

  std::vector<std::string> verify = {"verify"};
  for (const auto& [path, what] : files) verify.push_back(path);
  const CommandResult all = run_command(
      dir_,
      "timeout " + std::to_string(static_cast<int>(pmsim::testing::time_limit(120))) + " " + std::string(PMSIM_BINARY),
      verify);
  EXPECT_EQ(all.exit_code, 2);
  for (const auto& [path, what] : files) {
    const bool intact = all.out.find(path + ": intact\n") != std::string::npos;
    const bool damaged_file = all.err.find("pmsim: " + path + " is damaged") != std::string::npos;
    EXPECT_NE(intact, damaged_file) << path << " (" << what << ") is named once, intact or damaged";
    // A change of the layout is always found; a flipped byte may land in a value.
    const bool layout_change = what.starts_with("delete") || what.starts_with("reshape") ||
                               what.starts_with("retype") || what.find("deleted") != std::string::npos ||
                               what.starts_with("truncated");
    if (layout_change) {
      EXPECT_TRUE(damaged_file) << path << ": " << what;
    }
  }

  // Every eighth file of the layout changes, and every truncation and flip, through the readers.
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& [path, what] = files[i];
    if (i % 8 != 0 && !what.starts_with("truncated") && !what.starts_with("bytes flipped")) continue;
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"summarize", path}, std::vector<std::string>{"summarize", path, "--allow-damaged"},
          std::vector<std::string>{"compare", valid_, path}}) {
      const CommandResult r = pmsim_timed(dir_, command);
      EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2)
          << command[0] << " " << path << " (" << what << "): exit " << r.exit_code << "\n"
          << r.err;
      if (r.exit_code == 2) {
        EXPECT_FALSE(r.err.empty()) << path;
      }
    }
  }
}

}  // namespace
}  // namespace pmsim::testing
