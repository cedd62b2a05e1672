// Medical cost trend (services.<category>.trend and utilization_trend, docs/model.md "Trend"):
// a fee trend multiplies every claim of a year by the year's index and changes no count; a
// utilisation trend multiplies the expected counts (4 SE, paired); schedules and their YAML.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/statistics.h"
#include "engine/engine.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr std::size_t kInpatient = static_cast<std::size_t>(Category::inpatient);
constexpr std::size_t kPrimaryCare = static_cast<std::size_t>(Category::primary_care);

// The fee index of reported year j (0 = the first baseline year) for a constant growth g into
// every performance year, `baseline` baseline years: (1 + g)^(j - baseline).
double constant_index(double g, int j, int baseline) { return std::pow(1 + g, j - baseline); }

TEST(Trend, AFeeTrendScalesEveryClaimOfTheYearAndNoCount) {
  const Scenario base = testing::full_scenario(1500, 20, 256);
  Scenario trended = base;
  for (auto& service : trended.services) service.trend = 0.05;
  // Inpatient on a schedule: 8% into years 1 and 2, 2% into year 3 (and 8% a year backwards).
  trended.services[kInpatient].trend_by_year = {0.08, 0.08, 0.02};
  trended.services[kInpatient].trend = 0.08;
  const RunResults a = run_simulation(Simulation(base));
  const RunResults b = run_simulation(Simulation(trended));
  const int baseline = base.simulation.baseline_years, reported = baseline + base.simulation.years;
  ASSERT_EQ(baseline, 2);
  const std::vector<double> inpatient_index = {1 / (1.08 * 1.08), 1 / 1.08, 1, 1.08, 1.08 * 1.02};
  for (std::size_t k = 0; k < kCategoryCount; ++k) {
    const std::string name = "claims/" + std::string(kCategoryNames[k]);
    const Metric& before = a.population_metric(name);
    const Metric& after = b.population_metric(name);
    for (std::int64_t r = 0; r < a.replications; ++r)
      for (int j = 0; j < reported; ++j) {
        const double index =
            k == kInpatient ? inpatient_index[static_cast<std::size_t>(j)] : constant_index(0.05, j, baseline);
        EXPECT_NEAR(after.values(r, j), index * before.values(r, j), 1e-9 * (1 + before.values(r, j)))
            << name << " replication " << r << " year " << j;
      }
  }
  for (const char* same : {"member_years", "deaths", "counts/inpatient", "counts/outpatient", "risk_member_years"})
    EXPECT_EQ(a.population_metric(same).values.values, b.population_metric(same).values.values) << same;
}

TEST(Trend, AUtilizationTrendScalesTheExpectedCounts) {
  const Scenario base =
      testing::stationary_panel("trend", 3000, 300, 41, "", "  - {name: ffs, type: fee_for_service}\n");
  Scenario trended = base;
  const double h = 0.1;
  trended.services[kPrimaryCare].utilization_trend = h;
  trended.services[kInpatient].utilization_trend = h;
  const RunResults a = run_simulation(Simulation(base));
  const RunResults b = run_simulation(Simulation(trended));
  const int baseline = base.simulation.baseline_years, reported = baseline + base.simulation.years;
  for (const char* name : {"claims/primary_care", "claims/inpatient"}) {
    const Metric& before = a.population_metric(name);
    const Metric& after = b.population_metric(name);
    for (int j = 0; j < reported; ++j) {
      const double index = constant_index(h, j, baseline);
      std::vector<double> gap;  // paired: the same members and uniforms
      for (std::int64_t r = 0; r < a.replications; ++r) gap.push_back(after.values(r, j) - index * before.values(r, j));
      const Summary s = summarize(gap);
      EXPECT_NEAR(s.get("mean"), 0.0, 4 * s.get("mc_se")) << name << " year " << j;
    }
    // It does grow: the last year against the first, (1 + h)^(reported - 1) in expectation.
    double first = 0, last = 0;
    for (std::int64_t r = 0; r < b.replications; ++r) {
      first += after.values(r, 0);
      last += after.values(r, reported - 1);
    }
    EXPECT_GT(last / first, std::pow(1 + h, reported - 1) * 0.95) << name;
  }
}

TEST(Trend, ASchedulesYearsHoldAndTheResolvedScenarioReadsBack) {
  std::string yaml = to_yaml(testing::full_scenario(100, 2, 100));
  const std::string from = "  inpatient:\n";
  ASSERT_NE(yaml.find(from), std::string::npos);
  yaml.replace(yaml.find(from), from.size(), from + "    utilization_trend: 0.01\n");
  const std::string trend_line = "    trend: 0\n";
  const auto at = yaml.find(trend_line, yaml.find(from));
  ASSERT_NE(at, std::string::npos) << yaml;
  yaml.replace(at, trend_line.size(), "    trend: {1: 0.06, 3: 0.03}\n");
  const std::string::size_type dup = yaml.find("    utilization_trend: 0\n", yaml.find(from));
  ASSERT_NE(dup, std::string::npos);
  yaml.erase(dup, std::string("    utilization_trend: 0\n").size());
  const Scenario s = parse_scenario(yaml, "trend.yaml");
  const ServiceConfig& inpatient = s.services[kInpatient];
  EXPECT_EQ(inpatient.trend_by_year, (std::vector<double>{0.06, 0.06, 0.03}));
  EXPECT_EQ(inpatient.growth_into(2, true), 0.06);
  EXPECT_EQ(inpatient.growth_into(3, true), 0.03);
  EXPECT_EQ(inpatient.growth_into(2, false), 0.01);
  EXPECT_EQ(parse_scenario(to_yaml(s), "again.yaml"), s);

  std::string bad = yaml;
  bad.replace(bad.find("{1: 0.06, 3: 0.03}"), 18, "2.5");
  try {
    parse_scenario(bad, "bad.yaml");
    FAIL() << "a trend of 2.5 a year was accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("services.inpatient.trend"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("[-0.5, 1]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pmsim
