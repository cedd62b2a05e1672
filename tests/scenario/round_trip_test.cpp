// to_yaml: what it writes reads back as the same scenario, awkward numbers and names included,
// and reads like a scenario file.

#include <cmath>
#include <gtest/gtest.h>

#include <string>

#include "config/scenario.h"
#include "contract_scenarios.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

const testing::YamlDocument kFull = testing::detailed_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();

TEST(ScenarioRoundTrip, ParseOfToYamlIsIdentity) {
  for (const std::string& text : {kFull.text(), kMinimal.text()}) {
    const Scenario s = parse_scenario(text, "a.yaml");
    const std::string out = to_yaml(s);
    EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
    EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  }
}

TEST(ScenarioRoundTrip, AwkwardNumbersAndNames) {
  Scenario s = parse_scenario(kFull, "a.yaml");
  s.simulation.name = "1.5";  // valid name that would read back as a number unquoted
  s.population.churn = 0.1 + 0.2;
  s.population.frailty.shape = std::nextafter(0.01, 1.0);  // just inside the range
  s.population.sex.female_share = 1.0 / 3.0;
  s.provider.fixed_costs = 999999999999999.9;
  s.provider.reserves = -1e15;
  s.population.conditions[1].name = "null";
  s.population.conditions[1].prevalence = {5e-324, 0.1 + 0.7, 1.0};
  s.services[3].severity = {true, 0.123456789012345678};
  s.contracts[0].name = "-";
  s.simulation.seed = 0;
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
}

TEST(ScenarioRoundTrip, OutputIsReadable) {
  const std::string out = to_yaml(parse_scenario(kFull, "a.yaml"));
  EXPECT_NE(out.find("\n  seed: 18446744073709551615\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n  fixed_costs: 1000000\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n      prevalence: [0.25, 0.25, 0.25]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    covers: all\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    covers: [primary_care, outpatient]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    severity_cv: 1.2\n"), std::string::npos) << out;
  // Categories in enum order.
  std::size_t last = 0;
  for (auto name : kCategoryNames) {
    const auto pos = out.find("\n  " + std::string(name) + ":\n");
    ASSERT_NE(pos, std::string::npos) << name;
    EXPECT_GT(pos, last);
    last = pos;
  }
}

}  // namespace
}  // namespace pmsim
