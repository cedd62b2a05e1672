// pmsim init: every template of scenarios/templates/ is written as it is in the repository,
// validates with no warning and runs as written; an existing file is refused unless --force,
// an unknown template is bad input naming the templates; the default is aco.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "results_cli.h"

namespace pmsim::testing {
namespace {

const std::vector<std::string> kTemplates = {"aco", "bundle", "capitation", "glide_path", "small_practice"};

TEST(Init, EveryTemplateValidatesWithoutWarningsAndRunsAsWritten) {
  ScratchDir dir;
  // The repository's templates are the ones the binary carries, and there are at least these.
  std::vector<std::string> in_repository;
  for (const auto& entry : fs::directory_iterator(std::string(PMSIM_SOURCE_DIR) + "/scenarios/templates"))
    if (entry.path().extension() == ".yaml") in_repository.push_back(entry.path().stem().string());
  for (const std::string& name : kTemplates)
    EXPECT_NE(std::find(in_repository.begin(), in_repository.end(), name), in_repository.end()) << name;
  for (const std::string& name : in_repository) {
    SCOPED_TRACE(name);
    const std::string file = dir.file(name + ".yaml");
    const CommandResult init = pmsim_command(dir, {"init", "--template", name, "-o", file});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    EXPECT_NE(init.out.find("pmsim validate " + file), std::string::npos) << init.out;
    EXPECT_EQ(read_file(file), read_file(std::string(PMSIM_SOURCE_DIR) + "/scenarios/templates/" + name + ".yaml"));
    const CommandResult valid = pmsim_command(dir, {"validate", file});
    EXPECT_EQ(valid.exit_code, 0) << valid.err;
    EXPECT_EQ(valid.err.find("warning"), std::string::npos) << valid.err;
    const CommandResult run = pmsim_command(dir, {"run", file, "-q", "-r", "5", "-o", dir.file(name + ".h5")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err.find("warning"), std::string::npos) << run.err;
    EXPECT_NE(read_file(file).find("# "), std::string::npos) << "commented";
  }
}

TEST(Init, AnExistingFileOrAnUnknownTemplateIsBadInput) {
  ScratchDir dir;
  const std::string file = dir.file("my.yaml");
  ASSERT_EQ(pmsim_command(dir, {"init", "-o", file}).exit_code, 0);
  EXPECT_EQ(read_file(file), read_file(std::string(PMSIM_SOURCE_DIR) + "/scenarios/templates/aco.yaml"));
  const CommandResult again = pmsim_command(dir, {"init", "--template", "capitation", "-o", file});
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_NE(again.err.find("exists; use --force"), std::string::npos) << again.err;
  ASSERT_EQ(pmsim_command(dir, {"init", "--template", "capitation", "-o", file, "--force"}).exit_code, 0);
  EXPECT_EQ(read_file(file), read_file(std::string(PMSIM_SOURCE_DIR) + "/scenarios/templates/capitation.yaml"));
  const CommandResult unknown = pmsim_command(dir, {"init", "--template", "hmo", "-o", dir.file("x.yaml")});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--template hmo: no such template (aco, bundle, capitation, glide_path, small_practice"),
            std::string::npos)
      << unknown.err;
  EXPECT_FALSE(fs::exists(dir.file("x.yaml")));
}

}  // namespace
}  // namespace pmsim::testing
