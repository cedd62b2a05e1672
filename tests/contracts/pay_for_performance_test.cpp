// Pay-for-performance: the withhold with slope (Hospital VBP), the readmission penalty with
// its cap (HRRP) and the symmetric scale (MIPS), by hand on one priced year.
#include <gtest/gtest.h>

#include "contracts/pricing.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr double kRevenue = 1e6;  // the provider's FFS revenue in the test year

// A year with 1e6 of provider-delivered primary care, 1e6 of inpatient claims by others,
// 100 index admissions and the given number of readmissions.
YearTallies year_with(double readmissions) {
  YearTally t;
  t.member_months = 12000;
  t.risk_member_months = 12000;
  t.claims[static_cast<int>(Category::primary_care)] = kRevenue;
  t.claims[static_cast<int>(Category::inpatient)] = 1e6;
  t.counts[static_cast<int>(Category::inpatient)] = 100;
  t.counts[static_cast<int>(Category::readmission)] = readmissions;
  return {t};
}

PricingContext context() {
  Scenario s = testing::full_scenario(100, 1, 64);  // primary care delivered by the provider
  s.simulation.baseline_years = 0;
  s.provider.fixed_costs = 0;
  return PricingContext(s, {});
}

Ledger price(const PayForPerformanceTerms& terms, double readmissions = 15) {
  ContractConfig c;
  c.name = "p4p";
  c.terms = default_terms(ContractType::pay_for_performance);
  c.as<PayForPerformanceTerms>() = terms;
  return price_year(c, context(), year_with(readmissions), 0);
}

TEST(PayForPerformance, WithholdIsEarnedBackWithSlope) {
  PayForPerformanceTerms t;
  t.withhold = 0.02;
  t.withhold_slope = 1.5;
  t.quality_score = 0.8;  // earns back 0.02 x 0.8 x 1.5 = 2.4%: a 0.4% bonus
  EXPECT_NEAR(price(t)[PayForPerformanceValue::quality_adjustment], kRevenue * 0.004, 1e-6);
  t.quality_score = 0.5;  // earns back 1.5%: a 0.5% loss
  EXPECT_NEAR(price(t)[PayForPerformanceValue::quality_adjustment], -kRevenue * 0.005, 1e-6);
}

TEST(PayForPerformance, ReadmissionPenaltyGrowsWithTheExcessUpToTheCap) {
  PayForPerformanceTerms t;
  t.expected_readmission_rate = 0.15;
  t.readmission_multiplier = 0.1;
  t.readmission_penalty_cap = 0.03;
  EXPECT_EQ(price(t, 12)[PayForPerformanceValue::readmission_penalty], 0.0);  // better than expected
  EXPECT_NEAR(price(t, 18)[PayForPerformanceValue::readmission_penalty], kRevenue * 0.02, 1e-6);  // excess ratio 1.2
  EXPECT_NEAR(price(t, 30)[PayForPerformanceValue::readmission_penalty], kRevenue * 0.03, 1e-6);  // ratio 2: capped
}

TEST(PayForPerformance, SymmetricScaleAroundTheThreshold) {
  PayForPerformanceTerms t;
  t.scale = 0.09;
  t.scale_threshold = 0.75;
  t.quality_score = 1.0;
  EXPECT_NEAR(price(t)[PayForPerformanceValue::quality_adjustment], kRevenue * 0.09, 1e-6);
  t.quality_score = 0.75;
  EXPECT_NEAR(price(t)[PayForPerformanceValue::quality_adjustment], 0.0, 1e-6);
  t.quality_score = 0.375;
  EXPECT_NEAR(price(t)[PayForPerformanceValue::quality_adjustment], -kRevenue * 0.045, 1e-6);
  t.quality_score = 0.0;
  EXPECT_NEAR(price(t)[PayForPerformanceValue::quality_adjustment], -kRevenue * 0.09, 1e-6);
}

TEST(PayForPerformance, LedgersAddUp) {
  PayForPerformanceTerms t;
  t.withhold = 0.02;
  t.quality_score = 0.6;
  t.expected_readmission_rate = 0.15;
  const Ledger l = price(t, 18);
  EXPECT_NEAR(l.revenue,
              kRevenue + l[PayForPerformanceValue::quality_adjustment] - l[PayForPerformanceValue::readmission_penalty],
              1e-6);
  EXPECT_NEAR(l.payer_spend,
              2e6 + l[PayForPerformanceValue::quality_adjustment] - l[PayForPerformanceValue::readmission_penalty],
              1e-6);
  EXPECT_NEAR(l.payer_savings,
              -(l[PayForPerformanceValue::quality_adjustment] - l[PayForPerformanceValue::readmission_penalty]), 1e-6);
}

}  // namespace
}  // namespace pmsim
