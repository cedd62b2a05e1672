// Quality: simulated outcomes against exact expectations under the Poisson-gamma model,
// measure scores by hand, and the contracts' use of the computed score.
#include <gtest/gtest.h>

#include <cmath>
#include <boost/math/distributions/negative_binomial.hpp>

#include "contracts/quality.h"
#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

TEST(QualityScore, MeasuresScoreLinearlyBetweenThresholdAndBenchmark) {
  const QualityMeasure higher_better{QualityMeasureKind::screening_rate, 0.5, 0.8, 1};
  EXPECT_DOUBLE_EQ(measure_score(higher_better, 0.4), 0.0);
  EXPECT_DOUBLE_EQ(measure_score(higher_better, 0.5), 0.0);
  EXPECT_NEAR(measure_score(higher_better, 0.62), 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(measure_score(higher_better, 0.9), 1.0);
  const QualityMeasure lower_better{QualityMeasureKind::readmission_rate, 0.20, 0.15, 1};
  EXPECT_DOUBLE_EQ(measure_score(lower_better, 0.22), 0.0);
  EXPECT_NEAR(measure_score(lower_better, 0.18), 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(measure_score(lower_better, 0.10), 1.0);
}

TEST(QualityScore, WeightedMeanOfTheMeasuresOfTheYear) {
  YearTally y;
  y.member_months = 12000;  // 1,000 member-years
  y.counts[static_cast<int>(Category::inpatient)] = 200;
  y.counts[static_cast<int>(Category::readmission)] = 36;  // 18%
  y.counts[static_cast<int>(Category::emergency)] = 500;   // 500 per 1,000
  y.members = 1000;
  y.screened = 620;  // 62%
  y.control_eligible = 250;
  y.controlled = 150;           // 60%
  y.avoidable_admissions = 30;  // 30 per 1,000
  EXPECT_NEAR(measure_value(QualityMeasureKind::readmission_rate, y), 0.18, 1e-15);
  EXPECT_NEAR(measure_value(QualityMeasureKind::ed_visits_per_1000, y), 500, 1e-12);
  EXPECT_NEAR(measure_value(QualityMeasureKind::screening_rate, y), 0.62, 1e-15);
  EXPECT_NEAR(measure_value(QualityMeasureKind::control_rate, y), 0.60, 1e-15);
  EXPECT_NEAR(measure_value(QualityMeasureKind::avoidable_admissions_per_1000, y), 30, 1e-12);
  const std::vector<QualityMeasure> measures = {
      {QualityMeasureKind::readmission_rate, 0.20, 0.15, 1},  // 0.4
      {QualityMeasureKind::screening_rate, 0.5, 0.8, 2},      // 0.4
      {QualityMeasureKind::control_rate, 0.4, 0.6, 1},        // 1.0
  };
  EXPECT_NEAR(quality_score(measures, y), (0.4 + 2 * 0.4 + 1.0) / 4, 1e-12);
}

// A panel with Poisson-gamma primary care visits (rate 4, frailty shape 0.8), everyone with
// the controlled condition, no deaths: the outcomes have exact expectations.
constexpr double kVisits = 4.0, kShape = 0.8, kScreen = 0.2, kBase = 0.3, kPerVisit = 0.08, kMax = 0.7;
constexpr double kAvoidable = 0.25;

Scenario quality_scenario(int members, int replications) {
  Scenario s = testing::parse(
      testing::simple_scenario_yaml("  name: quality\n  replications: " + std::to_string(replications) +
                                        "\n  years: 2\n  baseline_years: 0\n  seed: 5\n",
                                    "  size: " + std::to_string(members) +
                                        "\n  frailty: {shape: 0.8, persistence: 0.5}\n"
                                        "  age_bands:\n    - {min_age: 65, max_age: 99, share: 1, mortality: 0}\n"
                                        "  conditions:\n    - {name: diabetes, prevalence: 1.0}\n",
                                    testing::services_only("{rate: 4, fee: 100, delivered_by: provider}",
                                                           "{rate: 0.3, fee: 10000, delivered_by: others}"),
                                    "  - {name: ffs, type: fee_for_service}\n"));
  s.quality.screening_per_visit = kScreen;
  s.quality.controlled_condition = "diabetes";
  s.quality.control_base = kBase;
  s.quality.control_per_visit = kPerVisit;
  s.quality.control_max = kMax;
  s.quality.avoidable_share = kAvoidable;
  return s;
}

double total(const RunResults& r, const char* name) {
  double sum = 0;
  for (double v : r.population_metric(name).values.values) sum += v;
  return sum;
}

TEST(QualityOutcomes, MatchTheirExactExpectations) {
  const RunResults r = run_simulation(Simulation(quality_scenario(2000, 100)));
  const double n = total(r, "members");
  ASSERT_EQ(n, 2000.0 * 2 * 100);
  // Visits N ~ negative binomial (Poisson-gamma): E[z^N] = (1 + mean (1 - z) / k)^-k.
  const double p_screen = 1 - std::pow(1 + kVisits * kScreen / kShape, -kShape);
  EXPECT_NEAR(total(r, "screened") / n, p_screen, 4 * std::sqrt(p_screen * (1 - p_screen) / n));
  // Control: E[min(max, base + per-visit x N)] over the same distribution.
  const boost::math::negative_binomial_distribution<double> visits(kShape, kShape / (kShape + kVisits));
  double p_control = 0;
  for (int k = 0; k < 400; ++k) p_control += boost::math::pdf(visits, k) * std::min(kMax, kBase + kPerVisit * k);
  EXPECT_EQ(total(r, "control_eligible"), n);
  EXPECT_NEAR(total(r, "controlled") / n, p_control, 4 * std::sqrt(p_control * (1 - p_control) / n));
  // Avoidable admissions: binomial in the admissions.
  const double admissions = total(r, "counts/inpatient");
  EXPECT_NEAR(total(r, "avoidable_admissions") / admissions, kAvoidable,
              4 * std::sqrt(kAvoidable * (1 - kAvoidable) / admissions));
}

TEST(QualityOutcomes, ContractsUseTheComputedScore) {
  Scenario s = quality_scenario(1500, 20);
  ContractConfig cap;
  cap.name = "cap";
  cap.terms = default_terms(ContractType::capitation);
  cap.as<CapitationTerms>().pmpm = 500;
  cap.as<CapitationTerms>().quality_withhold = 0.05;
  cap.quality_measures = {{QualityMeasureKind::screening_rate, 0.3, 0.6, 2},
                          {QualityMeasureKind::control_rate, 0.4, 0.7, 1}};
  s.contracts.push_back(cap);
  const RunResults r = run_simulation(Simulation(s));
  const auto& c = r.contract("cap");
  const auto& p = r;
  for (std::int64_t rep = 0; rep < r.replications; ++rep)
    for (int y = 0; y < r.years; ++y) {
      const double screening =
          p.population_metric("screened").values(rep, y) / p.population_metric("members").values(rep, y);
      const double control =
          p.population_metric("controlled").values(rep, y) / p.population_metric("control_eligible").values(rep, y);
      const double q =
          (2 * std::clamp((screening - 0.3) / 0.3, 0.0, 1.0) + std::clamp((control - 0.4) / 0.3, 0.0, 1.0)) / 3;
      EXPECT_NEAR(c.metric("quality_score").values(rep, y), q, 1e-12);
      EXPECT_GT(q, 0.0);
      EXPECT_LT(q, 1.0);
      EXPECT_NEAR(c.metric("quality_adjustment").values(rep, y),
                  -0.05 * c.metric("revenue_capitation").values(rep, y) * (1 - q), 1e-6);
    }
}

}  // namespace
}  // namespace pmsim
