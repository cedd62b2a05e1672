// Cost per successful outcome: successes, attempts and payments by hand, and the member
// count behind "no avoidable admission" against its exact expectation.
#include <gtest/gtest.h>

#include <cmath>

#include "contracts/pricing.h"
#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

YearTallies outcome_year() {
  YearTally t;
  t.member_months = 12000;
  t.risk_member_months = 12000;
  t.members = 1000;
  t.control_eligible = 200;
  t.controlled = 120;
  t.members_with_avoidable = 40;
  t.counts[static_cast<int>(Category::inpatient)] = 100;
  t.counts[static_cast<int>(Category::readmission)] = 17;
  t.claims[static_cast<int>(Category::primary_care)] = 5e5;  // delivered by the provider
  t.claims[static_cast<int>(Category::inpatient)] = 1e6;     // by others
  return {t};
}

Ledger price(OutcomeTerms terms) {
  Scenario s = testing::full_scenario(100, 1, 64);  // primary care: provider, cost 85/110
  s.simulation.baseline_years = 0;
  s.provider.fixed_costs = 0;
  ContractConfig c;
  c.name = "cpso";
  c.terms = default_terms(ContractType::cost_per_outcome);
  c.as<OutcomeTerms>() = terms;
  return price_year(c, PricingContext(s, {}), outcome_year(), 0);
}

TEST(CostPerOutcome, SuccessesAndAttemptsByDefinition) {
  OutcomeTerms t;
  t.price_per_success = 1000;
  t.base_per_attempt = 50;
  t.success = SuccessDefinition::condition_controlled;
  Ledger l = price(t);
  EXPECT_EQ(l[OutcomeValue::attempts], 200);
  EXPECT_EQ(l[OutcomeValue::successes], 120);
  EXPECT_DOUBLE_EQ(l[OutcomeValue::outcome_payment], 1000 * 120 + 50 * 200);
  t.success = SuccessDefinition::no_avoidable_admission;
  l = price(t);
  EXPECT_EQ(l[OutcomeValue::attempts], 1000);
  EXPECT_EQ(l[OutcomeValue::successes], 960);
  t.success = SuccessDefinition::no_readmission;
  l = price(t);
  EXPECT_EQ(l[OutcomeValue::attempts], 100);
  EXPECT_EQ(l[OutcomeValue::successes], 83);
}

TEST(CostPerOutcome, AddOnToFfsOrInPlaceOfItForCoveredCategories) {
  OutcomeTerms t;
  t.price_per_success = 1000;
  const Ledger add_on = price(t);
  EXPECT_DOUBLE_EQ(add_on.revenue, 5e5 + 120000);
  EXPECT_DOUBLE_EQ(add_on.payer_spend, 1.5e6 + 120000);
  t.covered[static_cast<int>(Category::primary_care)] = true;
  const Ledger in_place = price(t);
  EXPECT_DOUBLE_EQ(in_place.ffs_revenue, 0.0);
  EXPECT_DOUBLE_EQ(in_place.revenue, 120000);
  EXPECT_NEAR(in_place.delivery_cost, 5e5 * 85.0 / 110.0, 1e-6);  // it still delivers the care
  EXPECT_DOUBLE_EQ(in_place.payer_spend, 1e6 + 120000);
  EXPECT_NEAR(in_place.margin, 120000 - 5e5 * 85.0 / 110.0, 1e-6);
}

TEST(CostPerOutcome, MembersWithoutAvoidableAdmissionMatchTheirExpectation) {
  // Admissions N ~ Poisson-gamma (rate 0.3, shape 0.8), avoidable ~ Binomial(N, 0.25):
  // P(at least one avoidable) = 1 - E[0.75^N] = 1 - (1 + 0.3 x 0.25 / 0.8)^-0.8.
  Scenario s = testing::parse(testing::simple_scenario_yaml(
      "  name: avoidable\n  replications: 50\n  years: 2\n  baseline_years: 0\n  seed: 9\n",
      "  size: 4000\n  frailty: {shape: 0.8, persistence: 0.5}\n"
      "  age_bands:\n    - {min_age: 65, max_age: 99, share: 1, mortality: 0}\n",
      testing::services_only("{rate: 4, fee: 100, delivered_by: provider}",
                             "{rate: 0.3, fee: 10000, delivered_by: others}"),
      "  - {name: ffs, type: fee_for_service}\n"));
  s.quality.avoidable_share = 0.25;
  const RunResults r = run_simulation(Simulation(s));
  double members = 0, with_avoidable = 0;
  for (double v : r.population_metric("members").values.values) members += v;
  for (double v : r.population_metric("members_with_avoidable").values.values) with_avoidable += v;
  const double p = 1 - std::pow(1 + 0.3 * 0.25 / 0.8, -0.8);
  EXPECT_NEAR(with_avoidable / members, p, 4 * std::sqrt(p * (1 - p) / members));
}

}  // namespace
}  // namespace pmsim
