// Capitation terms beyond the PMPM: quality withhold, individual stop-loss, risk corridors;
// hand-computed cases on price_year and identities on simulated runs.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "contracts/pricing.h"
#include "engine/engine.h"
#include "population/population_generator.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

// A year of 1,000 member-years at mean risk 1.0 and the given claims (all by others).
YearTallies one_year(double claims, double truncated_at_attachment = 0) {
  YearTally t;
  t.member_months = 12000;
  t.risk_member_months = 12000;
  t.claims[static_cast<int>(Category::inpatient)] = claims;
  t.truncated_claims[0] = truncated_at_attachment;
  return {t};
}

PricingContext context(std::vector<double> points = {}) {
  Scenario s = testing::full_scenario(100, 1, 64);
  s.simulation.baseline_years = 0;
  s.provider.fixed_costs = 0;
  for (auto& svc : s.services) svc.delivered_by = Deliverer::others;
  return PricingContext(s, std::move(points));
}

ContractConfig global_capitation(double pmpm) {
  ContractConfig c;
  c.name = "cap";
  c.terms = default_terms(ContractType::capitation);
  c.as<CapitationTerms>().pmpm = pmpm;
  return c;
}

TEST(CapitationTerms, QualityWithholdIsEarnedBackByTheScore) {
  ContractConfig c = global_capitation(100);  // capitation 1.2e6
  c.as<CapitationTerms>().quality_withhold = 0.05;
  c.as<CapitationTerms>().quality_score = 0.6;
  const Ledger l = price_year(c, context(), one_year(1e6), 0);
  EXPECT_DOUBLE_EQ(l.prepaid_revenue, 1.2e6);
  EXPECT_NEAR(l[CapitationValue::quality_adjustment], -0.05 * 1.2e6 * 0.4, 1e-6);
  EXPECT_NEAR(l.revenue, 1.2e6 - 24000, 1e-6);
  EXPECT_NEAR(l.payer_spend, 1.2e6 - 24000, 1e-6);
  EXPECT_NEAR(l.margin, 1.2e6 - 24000 - 1e6, 1e-6);
}

TEST(CapitationTerms, StopLossRecoversTheCoinsuredExcess) {
  ContractConfig c = global_capitation(100);
  c.as<CapitationTerms>().stop_loss = {{50000, 0.9, 5}};
  // Claims 1e6, of which 0.8e6 below the attachment: excess 0.2e6.
  const Ledger l = price_year(c, context({50000}), one_year(1e6, 0.8e6), 0);
  EXPECT_NEAR(l[CapitationValue::stop_loss_recoveries], 0.9 * 0.2e6, 1e-6);
  EXPECT_NEAR(l[CapitationValue::stop_loss_premiums], 5 * 12000.0, 1e-9);
  EXPECT_NEAR(l.margin, 1.2e6 + 0.18e6 - 1e6 - 60000, 1e-6);
  EXPECT_NEAR(l.payer_spend, 1.2e6, 1e-6);  // the reinsurer pays, not the payer
}

TEST(CapitationTerms, CorridorsShareGainsAndLossesWithThePayer) {
  ContractConfig c = global_capitation(100);  // capitation 1.2e6
  c.as<CapitationTerms>().corridors = {{0.0, 1.0}, {0.05, 0.5}};
  // Claims 1.08e6: gain 0.12e6 = 10% of the capitation; the provider keeps 5% + half of 5%.
  Ledger gain = price_year(c, context(), one_year(1.08e6), 0);
  EXPECT_NEAR(gain[CapitationValue::corridor_transfer], -(0.12e6 - 0.075 * 1.2e6), 1e-6);
  EXPECT_NEAR(gain.margin, 0.075 * 1.2e6, 1e-6);
  // Claims 1.44e6: loss 0.24e6 = 20%; the provider bears 5% + half of 15% = 12.5%.
  Ledger loss = price_year(c, context(), one_year(1.44e6), 0);
  EXPECT_NEAR(loss[CapitationValue::corridor_transfer], 0.24e6 - 0.125 * 1.2e6, 1e-6);
  EXPECT_NEAR(loss.margin, -0.125 * 1.2e6, 1e-6);
  EXPECT_NEAR(loss.payer_spend, 1.2e6 + loss[CapitationValue::corridor_transfer], 1e-6);
}

TEST(CapitationTerms, SimulatedStopLossMatchesTheMembersClaims) {
  Scenario s = testing::full_scenario(2000, 2, 4096);
  ContractConfig c = global_capitation(900);
  c.as<CapitationTerms>().stop_loss = {{40000, 0.8}};
  c.as<CapitationTerms>().corridors = {{0.0, 1.0}, {0.03, 0.5}, {0.10, 0.2}};
  c.as<CapitationTerms>().quality_withhold = 0.02;
  c.as<CapitationTerms>().quality_score = 0.5;
  s.contracts = {s.contracts[0], c};
  const Simulation sim(s);
  const RunResults r = run_simulation(sim);
  const auto& cap = r.contract("cap");
  for (std::int64_t rep = 0; rep < r.replications; ++rep) {
    // Recompute the excess over the attachment member by member.
    std::vector<double> excess(sim.population().total_years, 0.0);
    YearTallies scratch(sim.population().total_years);
    simulate_block(sim.population(), static_cast<std::uint32_t>(rep), 0, 2000, scratch,
                   [&](const MemberYear& m) { excess[m.year] += std::max(0.0, m.total_claims() - 40000.0); });
    for (int y = 0; y < r.years; ++y) {
      const int year = r.baseline_years + y;
      EXPECT_GT(excess[year], 0.0);
      EXPECT_EQ(cap.metric("stop_loss_paid").values(rep, y), 1.0);
      EXPECT_NEAR(cap.metric("stop_loss_recoveries").values(rep, y), 0.8 * excess[year], 1e-6 * excess[year]);
      const double capitation = cap.metric("revenue_capitation").values(rep, y);
      EXPECT_NEAR(cap.metric("quality_adjustment").values(rep, y), -0.02 * capitation * 0.5, 1e-9 * capitation);
      // The payer pays capitation + adjustments; the provider's margin is revenue - cost.
      EXPECT_NEAR(
          cap.metric("payer_spend").values(rep, y),
          capitation + cap.metric("quality_adjustment").values(rep, y) + cap.metric("corridor_transfer").values(rep, y),
          1e-9 * capitation);
    }
  }
}

TEST(CapitationTerms, ExcessByMonthFollowsEachMembersClaimsThroughItsMonths) {
  // The tally's excess above an attachment by each month's end, against the members' claims
  // spread evenly over their enrolled months, recomputed member by member; leavers (deaths,
  // churn) reach their year's claims early.
  Scenario s = testing::full_scenario(3000, 1, 4096);
  ContractConfig c = global_capitation(900);
  c.as<CapitationTerms>().stop_loss = {{40000, 0.8}};
  s.contracts = {s.contracts[0], c};
  const Simulation sim(s);
  const int years = sim.population().total_years;
  std::vector<std::array<double, 12>> excess(static_cast<std::size_t>(years));
  int leavers_over = 0;
  YearTallies tallies(static_cast<std::size_t>(years));
  simulate_block(sim.population(), 0, 0, 3000, tallies, [&](const MemberYear& m) {
    const double claims = m.total_claims();
    if (claims > 40000 && m.months < 12) ++leavers_over;
    for (int month = 1; month <= 12; ++month)
      excess[m.year][month - 1] += std::max(0.0, claims * std::min(month, m.months) / m.months - 40000.0);
  });
  EXPECT_GT(leavers_over, 0);
  const int point = truncation_index(sim.population().truncation_points, 40000);
  ASSERT_GE(point, 0);
  for (int y = 0; y < years; ++y) {
    const auto& tallied = tallies[y].excess_by_month[point];
    EXPECT_GT(tallied[11], tallied[5]);
    EXPECT_GT(tallied[5], 0.0);
    for (int m = 0; m < 12; ++m) EXPECT_NEAR(tallied[m], excess[y][m], 1e-9 * excess[y][11]) << y << " " << m;
    // By December it is the year's whole excess.
    EXPECT_NEAR(tallied[11], tallies[y].total_claims() - tallies[y].truncated_claims[point], 1e-9 * tallied[11]);
  }
}

}  // namespace
}  // namespace pmsim
