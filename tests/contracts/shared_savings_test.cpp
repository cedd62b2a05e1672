// Shared savings and shared risk: every formula against hand-computed cases, and the
// identities and the no-true-effect behaviour on simulated runs.
#include <gtest/gtest.h>

#include <cmath>

#include "contracts/shared_savings.h"
#include "engine/engine.h"
#include "population/population_generator.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

TEST(MsspMinimumRate, FollowsTheTableWithLinearInterpolation) {
  EXPECT_DOUBLE_EQ(mssp_minimum_rate(3000), 0.039);  // below the table: its highest rate
  EXPECT_DOUBLE_EQ(mssp_minimum_rate(5000), 0.039);
  EXPECT_DOUBLE_EQ(mssp_minimum_rate(5999), 0.036);
  EXPECT_DOUBLE_EQ(mssp_minimum_rate(6000), 0.036);
  EXPECT_DOUBLE_EQ(mssp_minimum_rate(10000), 0.030);
  EXPECT_NEAR(mssp_minimum_rate(12500), 0.030 - 0.003 * 2500.0 / 4999.0, 1e-15);
  EXPECT_DOUBLE_EQ(mssp_minimum_rate(14999), 0.027);
  EXPECT_NEAR(mssp_minimum_rate(35000), 0.025 - 0.003 * 15000.0 / 29999.0, 1e-15);
  EXPECT_DOUBLE_EQ(mssp_minimum_rate(60000), 0.020);
  EXPECT_DOUBLE_EQ(mssp_minimum_rate(1e6), 0.020);
}

SharedSavingsTerms one_sided(double ssr = 0.5, double cap = 0.10, double q = 1.0) {
  SharedSavingsTerms t;
  t.sharing_rate = ssr;
  t.savings_cap = cap;
  t.quality_score = q;
  return t;
}

TEST(Settle, SavingsArePaidFromTheFirstDollarOnceTheMsrIsMet) {
  const auto t = one_sided();
  // Just at the MSR: s = 3% exactly.
  const Settlement at = share_savings(t, false, 1e6, 970000, 0, 0.03, 0);
  EXPECT_TRUE(at.savings_paid);
  EXPECT_DOUBLE_EQ(at.shared_savings, 0.5 * 30000);
  // Just below: one dollar less saved.
  const Settlement below = share_savings(t, false, 1e6, 970001, 0, 0.03, 0);
  EXPECT_FALSE(below.savings_paid);
  EXPECT_EQ(below.shared_savings, 0.0);
}

TEST(Settle, QualityScoreScalesTheSharedSavings) {
  EXPECT_DOUBLE_EQ(share_savings(one_sided(0.5, 0.1, 0.8), false, 1e6, 970000, 0, 0.02, 0).shared_savings,
                   0.5 * 0.8 * 30000);
}

TEST(Settle, TheQualityWithholdActsThroughTheBenchmarkAlone) {
  SharedSavingsTerms t = one_sided(0.5, 1.0, 0.6);
  t.benchmark.discount = 0.04;
  EXPECT_DOUBLE_EQ(benchmark_reduction(t), 0.96);  // no withhold: q multiplies the savings instead
  t.quality_withhold = 0.02;
  EXPECT_DOUBLE_EQ(benchmark_reduction(t), 0.96 * (1 - 0.02 * 0.4));
  // With a withhold, q no longer scales the shared savings (it already lowered B).
  EXPECT_DOUBLE_EQ(share_savings(t, false, 1e6, 900000, 0, 0, 0).shared_savings, 0.5 * 100000);
  t.quality_withhold = 0;
  EXPECT_DOUBLE_EQ(share_savings(t, false, 1e6, 900000, 0, 0, 0).shared_savings, 0.5 * 0.6 * 100000);
}

TEST(Settle, SavingsCapBinds) {
  const Settlement s = share_savings(one_sided(0.5, 0.10), false, 1e6, 500000, 0, 0.02, 0);
  EXPECT_DOUBLE_EQ(s.shared_savings, 100000);  // 50% of 500,000 capped at 10% of 1e6
  EXPECT_TRUE(s.cap_binding);
  const Settlement free = share_savings(one_sided(0.5, 0.30), false, 1e6, 500000, 0, 0.02, 0);
  EXPECT_DOUBLE_EQ(free.shared_savings, 250000);
  EXPECT_FALSE(free.cap_binding);
}

TEST(Settle, OneSidedNeverChargesLosses) {
  const Settlement s = share_savings(one_sided(), false, 1e6, 1.5e6, 1e6, 0, 0);
  EXPECT_EQ(s.shared_losses, 0.0);
  EXPECT_FALSE(s.loss_owed);
}

SharedSavingsTerms two_sided(double lsr) {
  SharedSavingsTerms t = one_sided(0.5, 0.1);
  t.loss_sharing_rate = lsr;
  return t;
}

TEST(Settle, LossesAreSharedBeyondTheMlrWithCaps) {
  auto t = two_sided(0.3);
  // 5% over the benchmark, MLR 2%: 30% of 50,000.
  EXPECT_DOUBLE_EQ(share_savings(t, true, 1e6, 1.05e6, 2e5, 0.02, 0.02).shared_losses, 15000);
  // 1.5% over: below the MLR.
  EXPECT_FALSE(share_savings(t, true, 1e6, 1.015e6, 2e5, 0.02, 0.02).loss_owed);
  // Loss cap at 1% of the benchmark binds.
  t.loss_cap_benchmark = 0.01;
  Settlement s = share_savings(t, true, 1e6, 1.05e6, 2e5, 0.02, 0.02);
  EXPECT_DOUBLE_EQ(s.shared_losses, 10000);
  EXPECT_TRUE(s.cap_binding);
  // And 4% of the provider's FFS revenue (200,000) is lower still: the smaller cap applies.
  t.loss_cap_revenue = 0.04;
  EXPECT_DOUBLE_EQ(share_savings(t, true, 1e6, 1.05e6, 2e5, 0.02, 0.02).shared_losses, 8000);
}

TEST(Settle, LossSharingRateFromQualityWithinItsBounds) {
  auto t = two_sided(0.0);
  t.sharing_rate = 0.75;
  t.loss_rate_from_quality = true;
  t.loss_rate_min = 0.40;
  t.loss_rate_max = 0.75;
  t.quality_score = 0.8;  // 1 - 0.75 x 0.8 = 0.40, at the lower bound
  EXPECT_NEAR(share_savings(t, true, 1e6, 1.1e6, 0, 0, 0).shared_losses, 0.40 * 1e5, 1e-9);
  t.quality_score = 1.0;  // 0.25, raised to 0.40
  EXPECT_NEAR(share_savings(t, true, 1e6, 1.1e6, 0, 0, 0).shared_losses, 0.40 * 1e5, 1e-9);
  t.quality_score = 0.0;  // 1.0, lowered to 0.75
  EXPECT_NEAR(share_savings(t, true, 1e6, 1.1e6, 0, 0, 0).shared_losses, 0.75 * 1e5, 1e-9);
  t.quality_score = 0.6;  // 0.55, inside the bounds
  EXPECT_NEAR(share_savings(t, true, 1e6, 1.1e6, 0, 0, 0).shared_losses, 0.55 * 1e5, 1e-9);
}

TEST(Corridors, EachBandSharesItsPortion) {
  // ACO REACH Professional: 50% below 5%, 35% for 5-10%, 15% for 10-15%, 5% above 15%.
  const std::vector<CorridorBand> bands = {{0.0, 0.5}, {0.05, 0.35}, {0.10, 0.15}, {0.15, 0.05}};
  EXPECT_NEAR(corridor_share(bands, 0.03), 0.5 * 0.03, 1e-15);
  EXPECT_NEAR(corridor_share(bands, 0.05), 0.025, 1e-15);
  EXPECT_NEAR(corridor_share(bands, 0.12), 0.025 + 0.0175 + 0.15 * 0.02, 1e-15);
  EXPECT_NEAR(corridor_share(bands, 0.20), 0.025 + 0.0175 + 0.0075 + 0.05 * 0.05, 1e-15);
  auto t = two_sided(0.3);
  t.corridors = bands;
  t.savings_cap = 1.0;
  EXPECT_NEAR(share_savings(t, true, 1e6, 880000, 0, 0, 0).shared_savings, 0.0455 * 1e6, 1e-6);
  EXPECT_NEAR(share_savings(t, true, 1e6, 1.12e6, 0, 0, 0).shared_losses, 0.0455 * 1e6, 1e-6);
}

// Tallies with given member-years, claims and mean risk per year.
YearTally tally(double member_years, double claims, double mean_risk) {
  YearTally t;
  t.member_months = 12 * member_years;
  t.risk_member_months = mean_risk * t.member_months;
  t.claims[0] = claims;
  return t;
}

TEST(Benchmark, HistoricalWeightedTrendedRiskAdjusted) {
  // Baseline spending per member-year 10,000, 10,500, 11,000; weights 10/30/60; trend 5%.
  const YearTallies years = {tally(1000, 10e6, 1.0), tally(1000, 10.5e6, 1.0), tally(1000, 11e6, 1.0),
                             tally(950, 0, 1.02), tally(940, 0, 1.10)};
  BenchmarkTerms b;
  b.baseline_weights = {0.1, 0.3, 0.6};
  b.trend = 0.05;
  b.risk_growth_cap = 0.03;
  // Each baseline year trended to the last: 11,025, 11,025, 11,000 -> 11,010; then one year on.
  const double base = 0.1 * 10000 * 1.05 * 1.05 + 0.3 * 10500 * 1.05 + 0.6 * 11000;
  EXPECT_NEAR(base, 11010, 1e-9);
  EXPECT_NEAR(benchmark_per_member_year(b, years, 3, 0, -1), 11010 * 1.05 * 1.02, 1e-9);
  // Risk up 10%: the adjustment is capped at 3%.
  EXPECT_NEAR(benchmark_per_member_year(b, years, 3, 1, -1), 11010 * 1.05 * 1.05 * 1.03, 1e-9);
  b.risk_adjusted = false;
  EXPECT_NEAR(benchmark_per_member_year(b, years, 3, 1, -1), 11010 * 1.05 * 1.05, 1e-9);
  // Regional blend 25% of 12,000.
  b.regional_weight = 0.25;
  b.regional_pmpy = 12000;
  EXPECT_NEAR(benchmark_per_member_year(b, years, 3, 0, -1), (0.75 * 11010 + 0.25 * 12000) * 1.05, 1e-9);
}

TEST(Benchmark, RebasingUsesTheYearsJustBeforeTheNewAgreement) {
  // Baseline 2 years, agreements of 2 performance years: year 2 (0-based) starts the second
  // agreement, whose base is performance years 0 and 1.
  const YearTallies years = {tally(100, 1e6, 1.0), tally(100, 1e6, 1.0), tally(100, 0.8e6, 1.0), tally(100, 0.9e6, 1.0),
                             tally(100, 0, 1.0)};
  BenchmarkTerms b;
  b.agreement_years = 2;
  b.risk_adjusted = false;
  EXPECT_NEAR(benchmark_per_member_year(b, years, 2, 0, -1), 10000, 1e-9);
  EXPECT_NEAR(benchmark_per_member_year(b, years, 2, 1, -1), 10000, 1e-9);
  EXPECT_NEAR(benchmark_per_member_year(b, years, 2, 2, -1), 0.5 * 8000 + 0.5 * 9000, 1e-9);  // the ratchet
}

TEST(Benchmark, FixedPerMemberYearTrendedAndRiskAdjusted) {
  const YearTallies years = {tally(100, 1e6, 1.0), tally(100, 0, 1.2), tally(100, 0, 1.2)};
  BenchmarkTerms b;
  b.method = BenchmarkMethod::fixed;
  b.fixed_pmpy = 12000;
  b.trend = 0.03;
  EXPECT_NEAR(benchmark_per_member_year(b, years, 1, 1, -1), 12000 * 1.03 * 1.03 * 1.2, 1e-9);
  b.risk_adjusted = false;
  EXPECT_NEAR(benchmark_per_member_year(b, years, 1, 0, -1), 12000 * 1.03, 1e-9);
}

// A simulated panel with a one-sided and a two-sided contract (built in code until the
// scenario files carry these contracts in the tests of the parser).
Scenario shared_scenario(std::int64_t members, std::int64_t replications, double truncation) {
  Scenario s = testing::full_scenario(members, replications, 4096);
  ContractConfig one;
  one.name = "mssp";
  one.terms = default_terms(ContractType::shared_savings);
  shared_terms(one).truncation = truncation;
  shared_terms(one).msr_size_based = true;
  ContractConfig two = one;
  two.name = "enhanced";
  two.terms = default_terms(ContractType::shared_risk);
  shared_terms(two).sharing_rate = 0.75;
  shared_terms(two).minimum_savings_rate = 0.0;
  shared_terms(two).msr_size_based = false;
  shared_terms(two).loss_sharing_rate = 0.4;
  shared_terms(two).loss_cap_benchmark = 0.05;
  s.contracts.push_back(one);
  s.contracts.push_back(two);
  return s;
}

TEST(SharedSavingsRuns, TruncatedClaimsAreTheSumOfCappedMemberClaims) {
  const Simulation sim(shared_scenario(1500, 1, 20000));
  const auto& model = sim.population();
  ASSERT_EQ(model.truncation_points.size(), 1u);
  std::vector<double> expected(model.total_years, 0.0), total(model.total_years, 0.0);
  YearTallies tallies(model.total_years);
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), tallies, [&](const MemberYear& r) {
    expected[r.year] += std::min(r.total_claims(), 20000.0);
    total[r.year] += r.total_claims();
  });
  for (int y = 0; y < model.total_years; ++y) {
    EXPECT_EQ(tallies[y].truncated_claims[0], expected[y]);
    EXPECT_LT(tallies[y].truncated_claims[0], total[y]);  // some members exceed 20,000
  }
}

TEST(SharedSavingsRuns, PayerAndProviderLedgersAddUp) {
  const Simulation sim(shared_scenario(3000, 40, 50000));
  const RunResults r = run_simulation(sim);
  const auto& ffs = r.contract("ffs");
  for (const char* name : {"mssp", "enhanced"}) {
    const auto& c = r.contract(name);
    for (std::int64_t rep = 0; rep < r.replications; ++rep)
      for (int y = 0; y < r.years; ++y) {
        const double claims = ffs.metric("payer_spend").values(rep, y);
        const double savings = c.metric("shared_savings").values(rep, y);
        const double losses = c.metric("shared_losses").values(rep, y);
        const double benchmark = c.metric("benchmark").values(rep, y);
        EXPECT_NEAR(c.metric("payer_spend").values(rep, y), claims + savings - losses, 1e-9 * claims);
        EXPECT_NEAR(c.metric("provider_revenue").values(rep, y),
                    ffs.metric("provider_revenue").values(rep, y) + savings - losses, 1e-6);
        EXPECT_LE(savings, 0.10 * benchmark * (1 + 1e-12));  // the savings cap
        EXPECT_LE(losses, 0.05 * benchmark * (1 + 1e-12));   // the loss cap
        EXPECT_GE(savings, 0.0);
        EXPECT_GE(losses, 0.0);
        EXPECT_FALSE(savings > 0 && losses > 0);
      }
  }
  // One-sided: never a loss.
  for (double v : r.contract("mssp").metric("shared_losses").values.values) EXPECT_EQ(v, 0.0);
}

TEST(SharedSavingsRuns, DiscountAndWithholdLowerTheBenchmarkOfTheSameClaims) {
  Scenario s = shared_scenario(2000, 6, 0);
  ContractConfig reach = s.contracts.back();
  reach.name = "reach";
  shared_terms(reach).benchmark.discount = 0.04;
  shared_terms(reach).quality_withhold = 0.05;
  shared_terms(reach).quality_score = 0.5;
  s.contracts.push_back(reach);
  const RunResults r = run_simulation(Simulation(s));
  const auto& plain = r.contract("enhanced").metric("benchmark");
  const auto& reduced = r.contract("reach").metric("benchmark");
  for (std::int64_t rep = 0; rep < r.replications; ++rep)
    for (int y = 0; y < r.years; ++y) {
      EXPECT_NEAR(reduced.values(rep, y), plain.values(rep, y) * 0.96 * (1 - 0.05 * 0.5), 1e-9 * plain.values(rep, y));
      EXPECT_EQ(r.contract("reach").metric("benchmark_spending").values(rep, y),
                r.contract("enhanced").metric("benchmark_spending").values(rep, y));
    }
}

TEST(SharedSavingsRuns, TruncationPercentileIsResolvedOnTheReferencePopulation) {
  Scenario s = shared_scenario(3000, 2, 0);
  shared_terms(s.contracts[3]).truncation_percentile = 0.99;  // "mssp"
  const Simulation sim(s);
  const double amount = shared_terms(sim.scenario().contracts[3]).truncation;
  ASSERT_GT(amount, 0.0);
  // The amount is a property of the scenario, not of the run: another seed prices the
  // same contract.
  Scenario reseeded = s;
  reseeded.simulation.seed = s.simulation.seed + 1;
  EXPECT_EQ(shared_terms(Simulation(reseeded).scenario().contracts[3]).truncation, amount);
  // It is the 99th percentile of the scenario's members in the last baseline year: in an
  // independent population of that year (the run's own seed and replication 0), 1% of
  // members lie above it. The SE combines this population's binomial error with the
  // reference's (10^6 members).
  Scenario independent = s;
  independent.contracts.clear();
  independent.population.size = 200000;
  const PopulationModel model(independent);
  const int year = model.warmup_years + model.baseline_years - 1;
  double above = 0, members = 0;
  YearTallies scratch(model.total_years);
  simulate_block(model, 0, 0, 200000, scratch, [&](const MemberYear& m) {
    if (m.year != year) return;
    members += 1;
    above += m.total_claims() > amount;
  });
  EXPECT_EQ(members, 200000);
  const double se = std::sqrt(0.01 * 0.99 / members + 0.01 * 0.99 / 1e6);
  EXPECT_NEAR(above / members, 0.01, 4 * se);
  // The results carry the amount the engine used.
  const RunResults r = run_simulation(sim);
  ASSERT_EQ(r.contract("mssp").attributes.size(), 1u);
  EXPECT_EQ(r.contract("mssp").attributes[0].second, amount);
}

// No true effect: spending's expectation equals a fixed benchmark, so savings come from
// chance alone. P(savings paid) falls as the panel grows, and the size-based MSR keeps it
// small.
double probability_of_savings(std::int64_t members, bool size_based_msr, double msr) {
  // Expected spending per member-year: 6 x 100 + 0.25 x 10,000 = 3,100 (no deaths, frailty mean 1).
  const std::string yaml = testing::simple_scenario_yaml(
      "  name: no_effect\n  replications: 400\n  years: 1\n  baseline_years: 0\n  seed: 17\n",
      "  size: " + std::to_string(members) +
          "\n  frailty: {shape: 1.0, persistence: 0.5}\n"
          "  age_bands:\n    - {min_age: 65, max_age: 99, share: 1, mortality: 0}\n",
      testing::services_only("{rate: 6, fee: 100, delivered_by: provider}",
                             "{rate: 0.25, fee: 10000, delivered_by: others}"),
      "  - {name: ffs, type: fee_for_service}\n");
  Scenario s = testing::parse(yaml);
  ContractConfig c;
  c.name = "ss";
  c.terms = default_terms(ContractType::shared_savings);
  shared_terms(c).benchmark.method = BenchmarkMethod::fixed;
  shared_terms(c).benchmark.fixed_pmpy = 3100;
  shared_terms(c).benchmark.risk_adjusted = false;
  shared_terms(c).msr_size_based = size_based_msr;
  shared_terms(c).minimum_savings_rate = msr;
  s.contracts.push_back(c);
  const RunResults r = run_simulation(Simulation(s));
  double paid = 0;
  for (double v : r.contract("ss").metric("savings_paid").values.values) paid += v;
  return paid / r.replications;
}

TEST(SharedSavingsRuns, ChanceOfPayingForNothingFallsWithPanelSize) {
  const int n = 400;
  const double small = probability_of_savings(1000, false, 0.02);
  const double large = probability_of_savings(10000, false, 0.02);
  const double se = std::sqrt((small * (1 - small) + large * (1 - large)) / n);
  EXPECT_GT(small - large, 4 * se) << "P(paid) " << small << " at 1,000 members, " << large << " at 10,000";
  // The MSSP table (3.0% at 10,000 members) keeps the chance small: about 5% here.
  const double mssp = probability_of_savings(10000, true, 0.0);
  EXPECT_LT(mssp, large);
  EXPECT_LT(mssp, 0.10);
}

}  // namespace
}  // namespace pmsim
