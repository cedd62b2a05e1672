// Errors of the file as a whole: YAML syntax, a file that cannot be read, the file named in
// the messages, and every error reported, in file order.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "config/scenario.h"
#include "contract_scenarios.h"
#include "scenario/scenario_yaml.h"
#include "scenario_errors.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::At;
using testing::edit;
using testing::errors_of;
using testing::position_in;
using testing::TextPosition;

const testing::YamlDocument kFull = testing::detailed_scenario();

TEST(ScenarioErrors, YamlSyntaxError) {
  // An unclosed flow sequence is found unclosed at the colon of the next key, "services:".
  const TextPosition services = position_in(kFull, "services", At::key);
  EXPECT_EQ(
      errors_of(edit(kFull, "prevalence: [0.05, 0.1, 0.2]", "prevalence: [0.05, 0.1")),
      std::vector<std::string>{"s.yaml:" + std::to_string(services.line) + ":" + std::to_string(services.column + 8) +
                               ": YAML syntax error: end of sequence flow not found"});
  EXPECT_EQ(errors_of("a: 1\n  b: 2\n"), std::vector<std::string>{"s.yaml:2:4: YAML syntax error: illegal map value"});
  EXPECT_EQ(errors_of(""), std::vector<std::string>{"s.yaml: empty document; expected a map with the required keys "
                                                    "simulation, population, services and contracts"});
  EXPECT_EQ(errors_of("- 1\n"), std::vector<std::string>{"s.yaml:1:1: expected a map, got a sequence"});
}

TEST(ScenarioErrors, UnreadableFile) {
  const std::string path = std::string(PMSIM_SOURCE_DIR) + "/tests/no_such_scenario.yaml";
  try {
    load_scenario(path);
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot read file: No such file or directory");
  }
  try {
    load_scenario(PMSIM_SOURCE_DIR);  // a directory
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), std::string(PMSIM_SOURCE_DIR) + ": cannot read file: Is a directory");
  }
  try {
    load_scenario("/dev/zero");  // never ends: read no more than is too much
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/dev/zero: the file has more than 1048576 bytes; a scenario file may have at most 1 MiB");
  }
}

TEST(ScenarioErrors, LoadScenarioNamesTheFile) {
  const std::string path = ::testing::TempDir() + "pmsim_scenario_test.yaml";
  {
    std::ofstream f(path);
    f << kFull.with("population.churn", "2").text();
  }
  try {
    load_scenario(path);
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    const TextPosition churn = position_in(kFull, "population.churn", At::value);
    EXPECT_EQ(std::string(e.what()), path + ":" + std::to_string(churn.line) + ":" + std::to_string(churn.column) +
                                         ": population.churn: must be in [0, 1], got 2");
  }
  {
    std::ofstream f(path);
    f << kFull.text();
  }
  EXPECT_EQ(load_scenario(path), parse_scenario(kFull, "x"));
  std::remove(path.c_str());
}

TEST(ScenarioErrors, AllErrorsAreReportedInFileOrder) {
  const std::string text = kFull.with("simulation.years", "0")
                               .renamed("population.frailty.persistence", "persistance")
                               .with("population.conditions[1].prevalence", "[0.05]")
                               .without("services.emergency.delivered_by")
                               .with("contracts[0].covers", "all");
  const auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 5u) << ::testing::PrintToString(errors);
  // Each message starts with its position and key path; the first and fourth in full.
  const auto starts_with = [&](std::size_t i, const testing::ExpectedError& e) {
    EXPECT_EQ(errors[i].rfind(testing::reported(text, e), 0), 0u) << errors[i];
  };
  starts_with(0, {"simulation.years", "must be in [1, 50], got 0"});
  EXPECT_EQ(errors[0], testing::reported(text, {"simulation.years", "must be in [1, 50], got 0"}));
  starts_with(1, {"population.frailty.persistance", "unknown key"});
  starts_with(2, {"population.conditions[1].prevalence", "expected 3"});
  EXPECT_EQ(errors[3], testing::reported(text, {"services.emergency", "missing required key 'delivered_by'"}));
  starts_with(4, {"contracts[0].covers", "unknown key;"});
  // what() is the messages, one per line.
  try {
    parse_scenario(text, "s.yaml");
  } catch (const ScenarioError& e) {
    std::string joined;
    for (const auto& m : errors) joined += (joined.empty() ? "" : "\n") + m;
    EXPECT_EQ(std::string(e.what()), joined);
  }
}

}  // namespace
}  // namespace pmsim
