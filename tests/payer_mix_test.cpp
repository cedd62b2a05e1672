// A panel split across payers: members' payers against the shares, payer tallies that add
// up to the panel's, and a blend of per-payer contracts that is the provider's result.
#include <gtest/gtest.h>

#include <cmath>

#include "engine.h"
#include "population_generator.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

Scenario with_payers(Scenario s) {
  s.payers = {{"medicare", 0.5}, {"commercial", 0.3}, {"medicaid", 0.2}};
  return s;
}

ContractConfig ffs_for(const std::string& payer) {
  ContractConfig c;
  c.name = "ffs_" + payer;
  c.payer = payer;
  return c;
}

TEST(PayerMix, EnteringMembersGetTheirPayerByShare) {
  const Scenario s = with_payers(testing::full_scenario(30000, 1, 1024));
  const PopulationModel model(s);
  YearTallies tallies(static_cast<std::size_t>(model.segments * model.total_years));
  std::array<double, 3> first_year{};
  std::array<double, 3> entered_later{};
  double later = 0;
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), tallies, [&](const MemberYear& m) {
    if (m.year == 0) first_year[m.segment] += 1;
    if (m.year > 0 && m.entered) entered_later[m.segment] += 1, later += 1;
  });
  const double n = static_cast<double>(model.size);
  for (int p = 0; p < 3; ++p) {
    const double share = s.payers[p].share;
    EXPECT_NEAR(first_year[p], n * share, 4 * std::sqrt(n * share * (1 - share))) << s.payers[p].name;
    EXPECT_NEAR(entered_later[p], later * share, 4 * std::sqrt(later * share * (1 - share))) << s.payers[p].name;
    // The segment tallies hold exactly the members of the payer.
    EXPECT_EQ(tallies[static_cast<std::size_t>(p * model.total_years)].members, first_year[p]);
  }
}

TEST(PayerMix, PayersAddUpToThePanelWhichTheyDoNotChange) {
  const Simulation one(testing::full_scenario(5000, 2, 512));
  const Simulation three(with_payers(testing::full_scenario(5000, 2, 512)));
  const YearTallies panel = simulate_population(one, 1);
  const PanelTallies split = simulate_panel(three, 1);
  ASSERT_EQ(split.by_payer.size(), 3u);
  for (std::size_t y = 0; y < panel.size(); ++y) {
    double claims = 0, members = 0;
    for (const auto& payer : split.by_payer) claims += payer[y].total_claims(), members += payer[y].members;
    EXPECT_NEAR(claims, split.total[y].total_claims(), 1e-9 * claims);
    EXPECT_EQ(members, panel[y].members);
    // The same members and claims as without payers: only the order of the sums differs.
    EXPECT_NEAR(split.total[y].total_claims(), panel[y].total_claims(), 1e-9 * claims);
    EXPECT_EQ(split.total[y].deaths, panel[y].deaths);
    EXPECT_EQ(split.total[y].counts, panel[y].counts);
  }
}

TEST(PayerMix, ABlendOfFeeForServiceByPayerIsFeeForServiceForThePanel) {
  // FFS is linear in the claims and the fixed costs are split by share: the blend must
  // reproduce the whole-panel contract, fixed costs and reserves counted once.
  Scenario s = with_payers(testing::full_scenario(3000, 6, 512));
  s.contracts.resize(1);  // ffs for the whole panel
  for (const auto& p : s.payers) s.contracts.push_back(ffs_for(p.name));
  ContractConfig blend;
  blend.name = "provider";
  blend.type = ContractType::blend;
  for (const auto& p : s.payers) blend.components.push_back("ffs_" + p.name);
  s.contracts.push_back(blend);
  const Simulation sim(s);
  const RunResults r = run_simulation(sim);
  const ContractResults& whole = r.contract("ffs");
  const ContractResults& provider = r.contract("provider");
  for (const char* name : {"provider_revenue", "provider_cost", "provider_margin", "payer_spend", "payer_savings",
                           "members", "provider_reserves", "utilization/inpatient"}) {
    const Metric& a = whole.metric(name);
    const Metric& b = provider.metric(name);
    for (std::int64_t row = 0; row < r.replications; ++row)
      for (int y = 0; y < r.years; ++y)
        EXPECT_NEAR(a.values(row, y), b.values(row, y), 1e-9 * (std::abs(a.values(row, y)) + 1e3))
            << name << " row " << row << " year " << y;
  }
  // Each payer's contract carries its share of the fixed costs.
  const double cost_share = r.contract("ffs_medicaid").metric("provider_cost").values(0, 0) -
                            r.contract("ffs_medicaid").metric("provider_delivery_cost").values(0, 0);
  EXPECT_NEAR(cost_share, 0.2 * s.provider.fixed_costs, 1e-6);
}

TEST(PayerMix, PercentileTruncationIsTakenFromTheWholePanel) {
  // The reference population a truncation percentile comes from ignores the payer split:
  // the same amount with or without payers.
  Scenario s = testing::full_scenario(2000, 1, 512);
  ContractConfig mssp;
  mssp.name = "mssp";
  mssp.type = ContractType::shared_savings;
  mssp.shared.truncation_percentile = 0.99;
  s.contracts = {mssp};
  const Simulation one(s);
  s.payers = {{"a", 0.5}, {"b", 0.5}};
  s.contracts[0].payer = "a";
  const Simulation two(s);
  EXPECT_GT(one.scenario().contracts[0].shared.truncation, 0);
  EXPECT_EQ(one.scenario().contracts[0].shared.truncation, two.scenario().contracts[0].shared.truncation);
}

}  // namespace
}  // namespace pmsim
