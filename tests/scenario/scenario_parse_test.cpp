// A scenario with every key of the core sections read into the structs, and the defaults of a
// minimal one.

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "config/scenario.h"
#include "contract_scenarios.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::edit;

const testing::YamlDocument kFull = testing::detailed_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();

TEST(ScenarioParse, FullScenario) {
  const Scenario s = parse_scenario(kFull, "full.yaml");
  EXPECT_EQ(s.simulation.name, "full_test");
  EXPECT_EQ(s.simulation.replications, 200);
  EXPECT_EQ(s.simulation.years, 4);
  EXPECT_EQ(s.simulation.baseline_years, 2);
  EXPECT_EQ(s.simulation.seed, 18446744073709551615ULL);
  EXPECT_EQ(s.simulation.block_size, 512);

  const PopulationConfig& p = s.population;
  EXPECT_EQ(p.size, 25000);
  EXPECT_EQ(p.churn, 0.05);
  EXPECT_EQ(p.sex, (SexEffects{0.56, 0.8, 0.95, 1.1}));
  EXPECT_EQ(p.frailty, (FrailtyConfig{2.5, 0.6, 1.0}));
  ASSERT_EQ(p.age_bands.size(), 3u);
  EXPECT_EQ(p.age_bands[0], (AgeBand{65, 69, 0.30, 0.012, 0.45, 0.8}));
  EXPECT_EQ(p.age_bands[1], (AgeBand{70, 79, 0.45, 0.03, 0.6, 1.0}));
  EXPECT_EQ(p.age_bands[2], (AgeBand{80, 120, 0.25, 0.09, 1.0, 1.0}));

  ASSERT_EQ(p.conditions.size(), 2u);
  const ConditionConfig& d = p.conditions[0];
  EXPECT_EQ(d.name, "diabetes");
  EXPECT_EQ(d.prevalence, (std::vector<double>{0.25, 0.25, 0.25}));
  EXPECT_EQ(d.incidence, 0.01);
  EXPECT_EQ(d.risk_score, 0.3);
  EXPECT_EQ(d.mortality, 1.2);
  EXPECT_EQ(d.utilization, (CategoryFactors{1.3, 1.3, 1.3, 1.6, 1.3, 1.3, 1.3}));
  const ConditionConfig& chf = p.conditions[1];
  EXPECT_EQ(chf.prevalence, (std::vector<double>{0.05, 0.1, 0.2}));
  EXPECT_EQ(chf.incidence, 0.0);
  EXPECT_EQ(chf.risk_score, 0.0);
  EXPECT_EQ(chf.mortality, 1.0);
  EXPECT_EQ(chf.utilization, unit_factors());

  for (int k = 0; k < kCategoryCount; ++k) {
    EXPECT_EQ(s.services[static_cast<std::size_t>(k)].category, static_cast<Category>(k));
  }
  const ServiceConfig& pc = s.service(Category::primary_care);
  EXPECT_EQ(pc.rate, 6.0);
  EXPECT_EQ(pc.fee, 110.0);
  EXPECT_EQ(pc.delivered_by, Deliverer::provider);
  EXPECT_EQ(pc.unit_cost, 85.0);
  EXPECT_EQ(pc.severity, (SeverityConfig{false, 0.0}));
  EXPECT_EQ(pc.frailty_exponent, 1.0);
  EXPECT_EQ(pc.end_of_life, 1.0);
  EXPECT_EQ(s.service(Category::specialist).delivered_by, Deliverer::others);
  EXPECT_EQ(s.service(Category::specialist).frailty_exponent, 1.5);
  EXPECT_EQ(s.service(Category::emergency).end_of_life, 3.0);
  EXPECT_EQ(s.service(Category::inpatient).severity, (SeverityConfig{true, 1.2}));
  EXPECT_EQ(s.service(Category::readmission).rate, 0.15);
  EXPECT_EQ(s.service(Category::outpatient).unit_cost, 500.0);

  EXPECT_EQ(s.provider.fixed_costs, 1.0e6);
  EXPECT_EQ(s.provider.reserves, -2.5e5);

  ASSERT_EQ(s.contracts.size(), 3u);
  EXPECT_EQ(s.contracts[0].name, "ffs");
  EXPECT_EQ(s.contracts[0].type(), ContractType::fee_for_service);
  EXPECT_EQ(s.contracts[1].type(), ContractType::capitation);
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().pmpm, 950.0);
  EXPECT_TRUE(s.contracts[1].as<CapitationTerms>().risk_adjusted);
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().covered,
            (std::array<bool, kCategoryCount>{true, true, true, true, true, true, true}));
  EXPECT_EQ(s.contracts[2].name, "partial-cap");
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().pmpm, 310.5);
  EXPECT_FALSE(s.contracts[2].as<CapitationTerms>().risk_adjusted);
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().covered,
            (std::array<bool, kCategoryCount>{true, false, false, false, false, false, true}));
}

TEST(ScenarioParse, DefaultsAreFilledIn) {
  const Scenario s = parse_scenario(kMinimal, "min.yaml");
  EXPECT_EQ(s.simulation.replications, 1000);
  EXPECT_EQ(s.simulation.years, 5);
  EXPECT_EQ(s.simulation.baseline_years, 3);
  EXPECT_EQ(s.simulation.seed, 1u);
  EXPECT_EQ(s.simulation.block_size, 1024);
  EXPECT_EQ(s.population.churn, 0.0);
  EXPECT_EQ(s.population.sex, (SexEffects{0.5, 1.0, 1.0, 1.0}));
  EXPECT_EQ(s.population.frailty, (FrailtyConfig{1.0, 0.5, 0.0}));
  EXPECT_EQ(s.population.age_bands[0].risk_score, 1.0);
  EXPECT_EQ(s.population.age_bands[0].utilization, 1.0);
  EXPECT_TRUE(s.population.conditions.empty());
  for (const ServiceConfig& sv : s.services) {
    EXPECT_EQ(sv.unit_cost, 0.0);
    EXPECT_EQ(sv.frailty_exponent, 1.0);
    EXPECT_EQ(sv.end_of_life, 1.0);
    EXPECT_EQ(sv.severity, (SeverityConfig{false, 0.0}));
  }
  EXPECT_EQ(s.provider, (ProviderConfig{0.0, 0.0}));
  const std::string cap =
      edit(kMinimal, "{name: ffs, type: fee_for_service}", "{name: cap, type: capitation, pmpm: 900}");
  const CapitationTerms terms = parse_scenario(cap, "cap.yaml").contracts[0].as<CapitationTerms>();
  EXPECT_TRUE(terms.risk_adjusted);
  EXPECT_EQ(terms.covered, CapitationTerms{}.covered);
}

}  // namespace
}  // namespace pmsim
