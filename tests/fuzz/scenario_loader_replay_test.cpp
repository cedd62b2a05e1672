// The fuzz target's promises (scenario_loader_oracle.h) on every file of the corpora, in
// ./scripts/test: the seeds ./scripts/fuzz starts from, and every finding it ever made (each
// fixed, minimised and kept in tests/corpus/fuzz-findings/ so that it stays fixed).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario_loader_oracle.h"

namespace fs = std::filesystem;

namespace {

const fs::path kSource = PMSIM_SOURCE_DIR;

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The files of `dir` other than its README, in name order.
std::vector<fs::path> inputs_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

void expect_no_finding(const fs::path& file) {
  const auto finding = pmsim::fuzz::scenario_loader_finding(read_bytes(file));
  EXPECT_FALSE(finding) << file << ": " << finding.value_or("");
}

TEST(FuzzReplay, EverySeedKeepsTheLoadersPromises) {
  for (const char* dir : {"scenarios", "tests/corpus/fuzz", "tests/corpus/yaml", "tests/corpus/ranges"}) {
    const std::vector<fs::path> files = inputs_in(kSource / dir);
    EXPECT_GE(files.size(), 5u) << dir << ": the seeds went missing";
    for (const fs::path& file : files) expect_no_finding(file);
  }
}

TEST(FuzzReplay, EveryFindingStaysFixedAndIsExplained) {
  const fs::path dir = kSource / "tests/corpus/fuzz-findings";
  const std::string readme = read_bytes(dir / "README.md");
  for (const fs::path& file : inputs_in(dir)) {
    expect_no_finding(file);
    EXPECT_NE(readme.find("`" + file.filename().string() + "`"), std::string::npos)
        << file.filename() << " is not explained in tests/corpus/fuzz-findings/README.md";
  }
}

// A refused text is the loader keeping its promise, whatever the bytes.
TEST(FuzzReplay, RefusedBytesAreNotFindings) {
  for (const std::string& bytes :
       {std::string(","), std::string("\0\xff", 2), std::string("[[[[["), std::string("simulation: {replications: 0}")})
    EXPECT_FALSE(pmsim::fuzz::scenario_loader_finding(bytes)) << bytes;
}

}  // namespace
