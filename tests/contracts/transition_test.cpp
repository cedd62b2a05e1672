// Transitions: the contract in force changes exactly at its stage's year, the margin is
// compared with fee-for-service on the same patients, and the scenario keys.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

Scenario with_transition() {
  Scenario s = testing::full_scenario(2000, 6, 512);
  s.simulation.years = 5;
  ContractConfig t;
  t.name = "glide";
  t.terms = default_terms(ContractType::transition);
  t.as<TransitionTerms>().stages = {{1, "ffs"}, {2, "pcp_cap"}, {4, "global"}};
  s.contracts.push_back(t);
  return s;
}

TEST(Transition, EachYearIsTheStageInForceAndIsComparedWithFfs) {
  const Scenario s = with_transition();
  const RunResults r = run_simulation(Simulation(s));
  const ContractResults& glide = r.contract("glide");
  const char* in_force[] = {"ffs", "pcp_cap", "pcp_cap", "global", "global"};
  for (std::int64_t row = 0; row < r.replications; ++row) {
    double reserves = s.provider.reserves;
    for (int y = 0; y < r.years; ++y) {
      const ContractResults& stage = r.contract(in_force[y]);
      for (const char* m : {"provider_revenue", "provider_cost", "provider_margin", "payer_spend", "payer_savings"})
        EXPECT_EQ(glide.metric(m).values(row, y), stage.metric(m).values(row, y)) << m << " year " << y;
      EXPECT_EQ(glide.metric("stage").values(row, y), y == 0 ? 1 : y < 3 ? 2 : 3);
      EXPECT_NEAR(
          glide.metric("margin_vs_ffs").values(row, y),
          stage.metric("provider_margin").values(row, y) - r.contract("ffs").metric("provider_margin").values(row, y),
          1e-6);
      // Reserves carry through the stages.
      reserves += stage.metric("provider_margin").values(row, y);
      EXPECT_NEAR(glide.metric("provider_reserves").values(row, y), reserves, 1e-6 * std::abs(reserves) + 1e-6);
    }
  }
}

TEST(Transition, ScenarioKeysRoundTripAndAreChecked) {
  const std::string base =
      "simulation: {name: t, years: 4}\n"
      "population:\n  size: 100\n  age_bands: [{min_age: 65, max_age: 99, share: 1, mortality: 0.04}]\n"
      "services:\n"
      "  primary_care: {rate: 6, fee: 110, delivered_by: provider}\n"
      "  specialist: {rate: 4, fee: 180, delivered_by: others}\n"
      "  emergency: {rate: 0.6, fee: 900, delivered_by: others}\n"
      "  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}\n"
      "  readmission: {rate: 0.15, fee: 14000, delivered_by: others}\n"
      "  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}\n"
      "  outpatient: {rate: 2.5, fee: 600, delivered_by: others}\n"
      "contracts:\n"
      "  - {name: ffs, type: fee_for_service}\n"
      "  - {name: aco, type: shared_savings}\n"
      "  - {name: cap, type: capitation, pmpm: 800}\n"
      "  - name: glide\n    type: transition\n"
      "    stages: [{from_year: 1, contract: ffs}, {from_year: 2, contract: aco}, {from_year: 4, contract: cap}]\n";
  const Scenario s = parse_scenario(base, "t.yaml");
  ASSERT_EQ(s.contracts[3].as<TransitionTerms>().stages.size(), 3u);
  EXPECT_EQ(s.contracts[3].as<TransitionTerms>().stages[2].from_year, 4);
  EXPECT_EQ(s.contracts[3].as<TransitionTerms>().stages[2].contract, "cap");
  EXPECT_EQ(parse_scenario(to_yaml(s), "r.yaml"), s);
  auto error_of = [&](const std::string& from, const std::string& to) {
    std::string text = base;
    text.replace(text.find(from), from.size(), to);
    try {
      parse_scenario(text, "t.yaml");
    } catch (const ScenarioError& e) {
      return e.messages().front();
    }
    return std::string();
  };
  EXPECT_NE(error_of("{from_year: 1, contract: ffs}", "{from_year: 2, contract: ffs}").find("starts in year 1"),
            std::string::npos);
  EXPECT_NE(error_of("{from_year: 4, contract: cap}", "{from_year: 2, contract: cap}").find("ascending"),
            std::string::npos);
  EXPECT_NE(error_of("contract: cap}", "contract: capp}").find("did you mean 'cap'"), std::string::npos);
  EXPECT_NE(error_of("{from_year: 4, contract: cap}", "{from_year: 5, contract: cap}").find("must be in [1, 4]"),
            std::string::npos);
  EXPECT_NE(error_of("contract: cap}", "contract: glide}").find("is a transition"), std::string::npos);
}

}  // namespace
}  // namespace pmsim
