// Every input of tests/corpus/yaml/ (issue 12's YAML reproducers) given to `pmsim validate`
// and `pmsim run`, each under a time and memory limit: exit 2 within seconds, one message that
// names the file and a line, and no file written.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "sanitized.h"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
  std::chrono::duration<double> took{};
};

// pmsim under `timeout` (exit 124 when it has not finished) and 2 GB of memory.
Outcome run_limited(const std::string& arguments) {
  const std::string command = pmsim::testing::limited(20, 2000) + std::string(PMSIM_BINARY) + " " + arguments + " 2>&1";
  Outcome out;
  const auto start = std::chrono::steady_clock::now();
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer;
  while (fgets(buffer.data(), buffer.size(), pipe)) out.output += buffer.data();
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.took = std::chrono::steady_clock::now() - start;
  return out;
}

std::vector<fs::path> corpus() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(PMSIM_SOURCE_DIR) / "tests/corpus/yaml"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

void expect_rejected(const Outcome& out, const fs::path& file) {
  EXPECT_EQ(out.exit_code, 2) << file << "\n" << out.output.substr(0, 2000);
  EXPECT_LT(out.took.count(), pmsim::testing::time_limit(5.0)) << file;
  const std::regex located("(^|\n)" +
                           std::regex_replace(file.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                           R"(:[0-9]+:[0-9]+: )");
  EXPECT_TRUE(std::regex_search(out.output, located)) << file << "\n" << out.output.substr(0, 2000);
}

TEST(YamlCorpus, ValidateRejectsEveryFileInSeconds) {
  const std::vector<fs::path> files = corpus();
  ASSERT_GE(files.size(), 20u);
  for (const fs::path& file : files) expect_rejected(run_limited("validate " + file.string()), file);
}

TEST(YamlCorpus, RunRejectsEveryFileAndWritesNothing) {
  const fs::path dir = fs::temp_directory_path() / "pmsim_yaml_corpus_run";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const fs::path& file : corpus()) {
    expect_rejected(run_limited("run " + file.string() + " -q -o " + (dir / "out.h5").string()), file);
    EXPECT_TRUE(fs::is_empty(dir)) << file;
  }
  fs::remove_all(dir);
}

}  // namespace
