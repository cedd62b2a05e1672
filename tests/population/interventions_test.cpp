// Care-transformation interventions: a known effect on admissions (ramped), targeting the
// top of the risk distribution, and the provider's costs by hand from the enrolment.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/statistics.h"
#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr int kInpatient = static_cast<int>(Category::inpatient);

// The stationary panel with a condition (a quarter of members, twice the risk) that never
// starts later, so the risk distribution does not move.
Scenario stationary(std::int64_t members, std::int64_t replications) {
  return testing::stationary_panel(
      "care", members, replications, 12,
      "  conditions: [{name: chf, prevalence: 0.25, risk_score: 1.0, utilization: {inpatient: 2}}]\n",
      "  - {name: ffs, type: fee_for_service}\n");
}

InterventionConfig care_management() {
  InterventionConfig iv;
  iv.name = "care_management";
  iv.effects[kInpatient] = 0.8;
  iv.ramp = {0.5, 1.0};  // x 0.9 in its first year, x 0.8 from its second
  return iv;
}

TEST(Interventions, AKnownEffectScalesExpectedAdmissionsAsItRampsUp) {
  Scenario base = stationary(3000, 150);
  Scenario treated = base;
  treated.interventions = {care_management()};
  const RunResults a = run_simulation(Simulation(base));
  const RunResults b = run_simulation(Simulation(treated));
  const Metric& before = a.population_metric("counts/inpatient");
  const Metric& after = b.population_metric("counts/inpatient");
  const double factor[] = {1.0, 0.9, 0.8, 0.8};  // baseline year, then performance years 1-3
  for (int y = 0; y < 4; ++y) {
    std::vector<double> gap;
    for (std::int64_t r = 0; r < a.replications; ++r)
      gap.push_back(after.values(r, y) - factor[y] * before.values(r, y));
    const Summary g = summarize(gap);
    if (y == 0) {
      EXPECT_EQ(g.get("sd"), 0.0);  // before the start: the very same draws
    } else {
      EXPECT_NEAR(g.get("mean"), 0.0, 4 * g.get("mc_se")) << "year " << y;
    }
  }
}

TEST(Interventions, TargetingTheTopOfTheRiskDistributionEnrolsItsShare) {
  // Top 20% by risk: the threshold falls among the members with the condition (25%), who
  // are all targeted; 60% of them enrol: 15% of the panel, the same members every year.
  Scenario s = stationary(20000, 1);
  InterventionConfig iv = care_management();
  iv.target_top_risk_share = 0.2;
  iv.enrollment = 0.6;
  s.interventions = {iv};
  const Simulation sim(s);
  EXPECT_GT(sim.scenario().interventions[0].risk_threshold, 1.0);
  const RunResults r = run_simulation(sim);
  const Metric& enrolled = r.population_metric("enrolled/care_management");
  const double n = 20000;
  EXPECT_EQ(enrolled.values(0, 0), 0.0);  // the baseline year: not started
  EXPECT_NEAR(enrolled.values(0, 1), 0.15 * n, 4 * std::sqrt(n * 0.15 * 0.85));
  EXPECT_EQ(enrolled.values(0, 1), enrolled.values(0, 2));
}

TEST(Interventions, CostsLandOnTheProvider) {
  Scenario s = stationary(2000, 3);
  InterventionConfig iv = care_management();
  iv.start_year = 2;
  iv.cost_per_member_year = 100;
  iv.caseload = 150;
  iv.fte_salary = 90000;
  iv.one_time_cost = 400000;
  iv.amortisation_years = 2;
  s.interventions = {iv};
  const RunResults r = run_simulation(Simulation(s));
  const Metric& cost = r.contract("ffs").metric("provider_intervention_cost");
  const Metric& enrolled = r.population_metric("enrolled/care_management");
  for (std::int64_t row = 0; row < r.replications; ++row) {
    EXPECT_EQ(cost.values(row, 0), 0.0);
    for (int y = 1; y < 3; ++y) {
      const double e = enrolled.values(row, y + 1);  // population columns: the baseline year first
      EXPECT_NEAR(cost.values(row, y), e * 100 + e / 150 * 90000 + 200000, 1e-6) << y;
    }
  }
}

TEST(Interventions, OutcomeGainsLiftScreeningAndControlByTheirExactAmounts) {
  // Same uniforms with and without the programme: a member's control flips only if its
  // uniform falls in [q, q + 0.1), probability 0.1 exactly (q <= 0.8); screening with visits
  // V ~ Poisson(6 F), F ~ Gamma(1, 1), rises by E[(1 - p)^V - (1 - p - g)^V]
  // = 1 / (1 + 6 p) - 1 / (1 + 6 (p + g)).
  Scenario base = stationary(20000, 1);
  base.quality.screening_per_visit = 0.1;
  base.quality.controlled_condition = "chf";
  base.quality.control_base = 0.3;
  base.quality.control_per_visit = 0.02;
  base.quality.control_max = 0.8;
  Scenario treated = base;
  InterventionConfig iv;
  iv.name = "coaching";
  iv.screening_gain = 0.05;
  iv.control_gain = 0.1;
  treated.interventions = {iv};
  const YearTallies a = simulate_population(Simulation(base), 0);
  const YearTallies b = simulate_population(Simulation(treated), 0);
  const YearTally& x = a[1];  // the first performance year
  const YearTally& y = b[1];
  EXPECT_EQ(x.control_eligible, y.control_eligible);
  EXPECT_EQ(x.counts, y.counts);  // no effect on use
  const double n = x.control_eligible;
  EXPECT_NEAR(y.controlled - x.controlled, 0.1 * n, 4 * std::sqrt(n * 0.1 * 0.9));
  const double members = x.members;
  const double gain = 1.0 / (1 + 6 * 0.1) - 1.0 / (1 + 6 * 0.15);
  EXPECT_NEAR(y.screened - x.screened, gain * members, 4 * std::sqrt(members * gain * (1 - gain)));
  EXPECT_GE(y.screened, x.screened);
}

}  // namespace
}  // namespace pmsim
