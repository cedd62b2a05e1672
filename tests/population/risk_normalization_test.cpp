// Risk-score normalisation (risk_adjustment, docs/model.md "Risk score"): `auto` keeps the
// panel's mean normalised score at 1 in every year (4 SE); a given factor and a coding
// intensity scale every score contracts see, and so a risk-adjusted capitation, exactly; the
// section's YAML.
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

// The members of the reference population of `auto` (engine/reference_population.cpp).
constexpr double kNormalizationMembers = 200000;

TEST(RiskNormalization, AutoKeepsTheMeanNormalisedScoreAtOneEveryYear) {
  const std::int64_t members = 4000, replications = 40;
  Scenario raw = testing::full_scenario(members, replications, 1000);
  Scenario normalised = raw;
  normalised.risk_adjustment.automatic = true;
  const RunResults a = run_simulation(Simulation(raw));
  const RunResults b = run_simulation(Simulation(normalised));
  const Metric& months = b.population_metric("member_years");
  const Metric& risk = b.population_metric("risk_member_years");
  const Metric& raw_risk = a.population_metric("risk_member_years");
  const int years = months.values.cols;
  for (int j = 0; j < years; ++j) {
    std::vector<double> score;
    for (std::int64_t r = 0; r < b.replications; ++r) score.push_back(risk.values(r, j) / months.values(r, j));
    const Summary s = summarize(score);
    // The run's error and the reference population's, independent (another seed): the
    // reference's mean is of about kNormalizationMembers member-years, the run's of members x R.
    const double se_run = s.get("mc_se");
    const double se_reference = se_run * std::sqrt(static_cast<double>(members * replications) / kNormalizationMembers);
    EXPECT_NEAR(s.get("mean"), 1.0, 4 * std::hypot(se_run, se_reference)) << "reported year " << j;
  }
  // Without it the mean drifts up with ageing and new conditions, which is what it undoes.
  double first = 0, last = 0;
  for (std::int64_t r = 0; r < a.replications; ++r) {
    first += raw_risk.values(r, 0) / a.population_metric("member_years").values(r, 0);
    last += raw_risk.values(r, years - 1) / a.population_metric("member_years").values(r, years - 1);
  }
  EXPECT_GT(last, first * 1.01);
}

TEST(RiskNormalization, AFactorAndCodingIntensityScaleEveryScoreContractsSee) {
  const Scenario base = testing::full_scenario(1500, 10, 256);
  Scenario scaled = base;
  scaled.risk_adjustment.normalization = 1.1;
  scaled.risk_adjustment.coding_intensity = 0.05;
  const double factor = 0.95 / 1.1;
  const RunResults a = run_simulation(Simulation(base));
  const RunResults b = run_simulation(Simulation(scaled));
  const Metric& before = a.population_metric("risk_member_years");
  const Metric& after = b.population_metric("risk_member_years");
  for (std::size_t i = 0; i < before.values.values.size(); ++i)
    EXPECT_NEAR(after.values.values[i], factor * before.values.values[i], 1e-12 * before.values.values[i]);
  EXPECT_EQ(a.population_metric("claims_total").values.values, b.population_metric("claims_total").values.values);
  // Both capitations are risk adjusted (the default): their revenue scales; FFS's does not move.
  for (const char* name : {"global", "pcp_cap"}) {
    const Metric& cap_before = a.contract(name).metric("revenue_capitation");
    const Metric& cap_after = b.contract(name).metric("revenue_capitation");
    for (std::size_t i = 0; i < cap_before.values.values.size(); ++i)
      EXPECT_NEAR(cap_after.values.values[i], factor * cap_before.values.values[i], 1e-9 * cap_before.values.values[i])
          << name;
  }
  EXPECT_EQ(a.contract("ffs").metric("revenue_ffs").values.values,
            b.contract("ffs").metric("revenue_ffs").values.values);
}

TEST(RiskNormalization, TheSectionReadsAndWritesBack) {
  const std::string base = to_yaml(testing::full_scenario(100, 2, 100));
  // to_yaml writes the section with its defaults: give it again, replaced.
  ASSERT_NE(base.find("risk_adjustment:\n  normalization: 1\n  coding_intensity: 0\n"), std::string::npos) << base;
  std::string text = base;
  text.erase(text.find("risk_adjustment:\n"),
             std::string("risk_adjustment:\n  normalization: 1\n  coding_intensity: 0\n").size());
  const auto parsed = [&](const std::string& section) {
    return parse_scenario(text + "risk_adjustment:\n" + section, "risk.yaml");
  };
  const Scenario automatic = parsed("  normalization: auto\n  coding_intensity: 0.059\n");
  EXPECT_TRUE(automatic.risk_adjustment.automatic);
  EXPECT_EQ(automatic.risk_adjustment.coding_intensity, 0.059);
  EXPECT_EQ(parse_scenario(to_yaml(automatic), "again.yaml"), automatic);
  const Scenario scheduled = parsed("  normalization: {1: 1.02, 3: 1.05}\n");
  EXPECT_EQ(scheduled.risk_adjustment.normalization_by_year, (std::vector<double>{1.02, 1.02, 1.05}));
  EXPECT_EQ(parse_scenario(to_yaml(scheduled), "again.yaml"), scheduled);
  for (const std::string& bad : {std::string("  normalization: Auto\n"), std::string("  normalization: 20\n"),
                                 std::string("  coding_intensity: 0.7\n"), std::string("  renormalise: true\n")}) {
    try {
      parsed(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find("risk.yaml:"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("risk_adjustment."), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace pmsim
