// Contracts made of other contracts, nested: a blend whose component is a transition is priced
// after the transition (whatever the order of the file), and adds up what it is made of.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

ContractConfig contract(const std::string& name, ContractType type, const std::string& payer) {
  ContractConfig c;
  c.name = name;
  c.terms = default_terms(type);
  c.payer = payer;
  return c;
}

// Two payers; the commercial payer's members move from fee-for-service to capitation in
// year 3, and the provider's result is the blend of medicare's FFS and that transition.
Scenario blend_of_a_transition(bool blend_first) {
  Scenario s = testing::full_scenario(2000, 4, 512);
  s.simulation.years = 4;
  s.payers = {testing::payer("medicare", 0.6), testing::payer("commercial", 0.4)};
  ContractConfig capitation = contract("cap_commercial", ContractType::capitation, "commercial");
  capitation.as<CapitationTerms>().pmpm = 120;
  ContractConfig glide = contract("glide_commercial", ContractType::transition, "commercial");
  glide.as<TransitionTerms>().stages = {{1, "ffs_commercial"}, {3, "cap_commercial"}};
  ContractConfig provider = contract("provider", ContractType::blend, "");
  provider.as<BlendTerms>().components = {"ffs_medicare", "glide_commercial"};
  if (blend_first) s.contracts.insert(s.contracts.begin(), provider);
  s.contracts.push_back(contract("ffs_medicare", ContractType::fee_for_service, "medicare"));
  s.contracts.push_back(contract("ffs_commercial", ContractType::fee_for_service, "commercial"));
  s.contracts.push_back(capitation);
  s.contracts.push_back(glide);
  if (!blend_first) s.contracts.push_back(provider);
  return s;
}

TEST(CompositeContracts, ABlendOfATransitionAddsUpItsParts) {
  const RunResults r = run_simulation(Simulation(blend_of_a_transition(false)));
  const ContractResults& provider = r.contract("provider");
  const ContractResults& medicare = r.contract("ffs_medicare");
  const ContractResults& glide = r.contract("glide_commercial");
  for (std::int64_t row = 0; row < r.replications; ++row)
    for (int y = 0; y < r.years; ++y) {
      const ContractResults& stage = r.contract(y < 2 ? "ffs_commercial" : "cap_commercial");
      EXPECT_EQ(glide.metric("provider_margin").values(row, y), stage.metric("provider_margin").values(row, y));
      for (const char* m : {"provider_revenue", "provider_cost", "provider_margin", "payer_spend"}) {
        const double sum = medicare.metric(m).values(row, y) + glide.metric(m).values(row, y);
        EXPECT_NEAR(provider.metric(m).values(row, y), sum, 1e-9 * std::abs(sum)) << m << " year " << y;
      }
    }
}

TEST(CompositeContracts, TheOrderOfTheFileChangesNoNumber) {
  const RunResults last = run_simulation(Simulation(blend_of_a_transition(false)));
  const RunResults first = run_simulation(Simulation(blend_of_a_transition(true)));
  for (const ContractResults& c : last.contracts) {
    const ContractResults& same = first.contract(c.name);
    ASSERT_EQ(c.metrics.size(), same.metrics.size()) << c.name;
    for (std::size_t m = 0; m < c.metrics.size(); ++m)
      EXPECT_EQ(c.metrics[m].values.values, same.metrics[m].values.values) << c.name << " " << c.metrics[m].name;
  }
}

}  // namespace
}  // namespace pmsim
