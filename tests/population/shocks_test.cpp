// Replication-wide shocks: a scheduled shock scales its year's utilisation by the expected
// factor and touches nothing else; random shocks hit at their frequency; prices and costs;
// systematic risk does not shrink with the population while idiosyncratic risk does.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/statistics.h"
#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr int kPrimaryCare = static_cast<int>(Category::primary_care);

// The stationary panel with FFS and a capitation of everything.
Scenario stationary(std::int64_t members, std::int64_t replications) {
  return testing::stationary_panel(
      "shocks", members, replications, 8, "",
      "  - {name: ffs, type: fee_for_service}\n  - {name: cap, type: capitation, pmpm: 300}\n");
}

ShockConfig pandemic(int year, double probability) {
  ShockConfig s;
  s.name = "pandemic";
  s.year = year;
  s.probability = probability;
  s.duration_months = 6;
  s.utilization[kPrimaryCare] = 0.5;  // primary care halved for half the year: x 0.75
  return s;
}

TEST(Shocks, AScheduledShockScalesItsYearAndLeavesTheRestAlone) {
  Scenario base = stationary(4000, 200);
  Scenario shocked = base;
  shocked.shocks = {pandemic(2, 0)};
  const RunResults a = run_simulation(Simulation(base));
  const RunResults b = run_simulation(Simulation(shocked));
  const Metric& before = a.contract("ffs").metric("revenue_ffs");
  const Metric& after = b.contract("ffs").metric("revenue_ffs");
  std::vector<double> ratio_gap;
  for (std::int64_t r = 0; r < a.replications; ++r) {
    // Years 1 and 3 are the very same draws; year 2 is primary care at 0.75 of its rate.
    EXPECT_EQ(before.values(r, 0), after.values(r, 0));
    EXPECT_EQ(before.values(r, 2), after.values(r, 2));
    ratio_gap.push_back(after.values(r, 1) - 0.75 * before.values(r, 1));
    // Capitation does not depend on utilisation.
    EXPECT_EQ(a.contract("cap").metric("revenue_capitation").values(r, 1),
              b.contract("cap").metric("revenue_capitation").values(r, 1));
    EXPECT_EQ(b.population_metric("shocks/pandemic").values(r, 2), 1.0);  // baseline year first
    EXPECT_EQ(b.population_metric("shocks/pandemic").values(r, 1), 0.0);
  }
  const Summary gap = summarize(ratio_gap);
  EXPECT_NEAR(gap.get("mean"), 0.0, 4 * gap.get("mc_se"));
  EXPECT_LT(summarize(std::vector<double>(after.values.values.begin(), after.values.values.end())).get("mean"),
            summarize(std::vector<double>(before.values.values.begin(), before.values.values.end())).get("mean"));
}

TEST(Shocks, RandomShocksHitAtTheirFrequency) {
  Scenario s = stationary(100, 400);
  s.shocks = {pandemic(0, 0.3)};
  const RunResults r = run_simulation(Simulation(s));
  const Metric& hit = r.population_metric("shocks/pandemic");
  double hits = 0;
  for (double v : hit.values.values) hits += v;
  const double n = static_cast<double>(hit.values.values.size());
  EXPECT_NEAR(hits, 0.3 * n, 4 * std::sqrt(n * 0.3 * 0.7));
}

TEST(Shocks, PriceShocksMoveClaimsAndCostShocksMoveCosts) {
  Scenario base = stationary(2000, 4);
  Scenario priced = base;
  ShockConfig price;
  price.name = "fees";
  price.year = 1;
  price.price = 1.1;
  price.cost = 1.2;
  priced.shocks = {price};
  const RunResults a = run_simulation(Simulation(base));
  const RunResults b = run_simulation(Simulation(priced));
  for (std::int64_t r = 0; r < a.replications; ++r) {
    const double spend = a.contract("ffs").metric("payer_spend").values(r, 0);
    EXPECT_NEAR(b.contract("ffs").metric("payer_spend").values(r, 0), 1.1 * spend, 1e-9 * spend);
    const double delivery = a.contract("ffs").metric("provider_delivery_cost").values(r, 0);
    EXPECT_NEAR(b.contract("ffs").metric("provider_delivery_cost").values(r, 0), 1.2 * delivery, 1e-9 * delivery);
    const double cost = a.contract("ffs").metric("provider_cost").values(r, 0);
    EXPECT_NEAR(b.contract("ffs").metric("provider_cost").values(r, 0), 1.2 * cost, 1e-9 * cost);
  }
}

// SD across replications of claims per member-year, performance year 1.
double per_capita_sd(std::int64_t members, bool shocked) {
  Scenario s = stationary(members, 300);
  if (shocked) {
    ShockConfig all;
    all.name = "systematic";
    all.probability = 0.5;
    all.utilization = unit_factors();
    for (double& f : all.utilization) f = 0.5;  // everything halved, the whole year
    s.shocks = {all};
  }
  const RunResults r = run_simulation(Simulation(s));
  const Metric& spend = r.contract("ffs").metric("payer_spend");
  const Metric& members_metric = r.contract("ffs").metric("members");
  std::vector<double> per_capita;
  for (std::int64_t row = 0; row < r.replications; ++row)
    per_capita.push_back(spend.values(row, 0) / members_metric.values(row, 0));
  return summarize(per_capita).get("sd");
}

TEST(Shocks, SystematicRiskDoesNotShrinkWithThePopulation) {
  // Without shocks the SD of spending per member falls as 1 / sqrt(N): x 1/4 from 500 to
  // 8,000 members. A shock halving everything in half the years adds a variance of
  // (m / 4)^2 (m the mean) whatever N: the ratio falls to about 1.1. The SD of an SD from
  // 300 replications is about 4% (more with skewed claims): bounds at 2 and 3 separate the cases.
  const double idiosyncratic = per_capita_sd(500, false) / per_capita_sd(8000, false);
  const double systematic = per_capita_sd(500, true) / per_capita_sd(8000, true);
  EXPECT_GT(idiosyncratic, 3.0);
  EXPECT_LT(systematic, 2.0);
}

}  // namespace
}  // namespace pmsim
