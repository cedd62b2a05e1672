// Calibration of the default scenario against the published Medicare FFS figures
// (../shared/domain/calibration.md): every statistic computed by compute_calibration from
// one large simulated population must lie inside its band. A failure here means a change
// to the population model or to scenarios/default.yaml moved the simulated population away
// from what it is meant to reproduce; `pmsim calibrate scenarios/default.yaml` prints every
// statistic next to its target.

#include <gtest/gtest.h>

#include <string>

#include "calibration.h"
#include "engine.h"
#include "scenario.h"
#include "scenario_yaml.h"

namespace pmsim {
namespace {

constexpr std::int64_t kMembers = 300000;     // large enough that sampling noise << band
constexpr std::int64_t kSmallMembers = 100000;  // for the persistence extremes

const Scenario& default_scenario() {
  static const Scenario s = load_scenario(std::string(PMSIM_SOURCE_DIR) + "/scenarios/default.yaml");
  return s;
}

// The statistics of the default scenario, computed once for the whole file.
const CalibrationReport& report() {
  static const CalibrationReport r = compute_calibration(default_scenario(), kMembers, 0, 1);
  return r;
}

// Checks lo <= value <= hi, naming the statistic and its published figure on failure.
::testing::AssertionResult in_band(double value, double lo, double hi, const char* published) {
  if (value >= lo && value <= hi) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "simulated " << value << " outside the band [" << lo
                                       << ", " << hi << "]; published: " << published;
}

// One test with one check per statistic: the 300,000-member population is simulated once
// (ctest runs every TEST in a process of its own).
TEST(Calibration, DefaultScenarioReproducesThePublishedFigures) {
  const CalibrationReport& r = report();
  EXPECT_TRUE(in_band(r.top1_share, 0.13, 0.18, "top 1% of Medicare FFS beneficiaries account for 14.9% of spending"));
  EXPECT_TRUE(in_band(r.top5_share, 0.39, 0.46, "top 5% account for 41.5% of spending"));
  EXPECT_TRUE(in_band(r.top10_share, 0.57, 0.63, "top 10% account for 60.0% of spending"));
  EXPECT_TRUE(in_band(r.top20_share, 0.76, 0.82, "top 20% account for 79.1% of spending"));
  EXPECT_TRUE(in_band(r.top50_share, 0.94, 0.975, "top 50% account for 95.7% of spending"));
  EXPECT_TRUE(in_band(r.mortality, 0.035, 0.045, "annual mortality of beneficiaries about 4% (4.0% in 2014)"));
  EXPECT_TRUE(in_band(r.decedent_spending_share, 0.20, 0.30,
                      "decedents account for about a quarter of spending in their last year"));
  EXPECT_TRUE(in_band(r.readmission_rate, 0.15, 0.19, "30-day readmission rate 15-19% of admissions"));
  EXPECT_TRUE(in_band(r.admissions_per_1000, 250, 300, "inpatient admissions 250-300 per 1,000 beneficiaries per year"));
  EXPECT_TRUE(in_band(r.spending_per_member_year, 11000, 13000,
                      "per-capita FFS spending of the order of $11,000-13,000 per year"));
  EXPECT_TRUE(in_band(r.inpatient_per_member_year, 2500, 3500, "inpatient payments about $3,000 per beneficiary per year"));
  EXPECT_TRUE(in_band(r.top5_stay_top5, 0.25, 0.35,
                      "about 30% of the top 5% are in the top 5% the next year (MEPS 1996-97)"));
  EXPECT_TRUE(in_band(r.top5_stay_top10, 0.40, 0.50,
                      "about 45% of the top 5% are in the top 10% the next year (MEPS 1996-97)"));
}

// The model must be able to express both "independent years" and "permanent frailty": the
// persistence statistic has to respond to the frailty persistence parameter. (With the
// default scenario the shares are about 0.07 / 0.13 with persistence 0 and 0.34 / 0.51 with
// 0.999; chronic conditions keep some persistence even with independent frailty.)
TEST(Calibration, PersistenceDistinguishesIndependentFromPermanentFrailty) {
  Scenario independent = default_scenario();
  independent.population.frailty.persistence = 0.0;
  Scenario permanent = default_scenario();
  permanent.population.frailty.persistence = 0.999;
  const CalibrationReport a = compute_calibration(independent, kSmallMembers, 0, 1);
  const CalibrationReport b = compute_calibration(permanent, kSmallMembers, 0, 1);
  EXPECT_LT(a.top5_stay_top5 + 0.15, b.top5_stay_top5)
      << "top 5% staying in the top 5%: " << a.top5_stay_top5 << " with independent years, "
      << b.top5_stay_top5 << " with permanent frailty";
  EXPECT_LT(a.top5_stay_top10 + 0.15, b.top5_stay_top10)
      << "top 5% in the top 10% next year: " << a.top5_stay_top10 << " with independent years, "
      << b.top5_stay_top10 << " with permanent frailty";
}

// The joint-replacement episodes of scenarios/bundled_payment.yaml against the published
// 90-day LEJR episode figures (calibration.md, "Episodes").
TEST(Calibration, JointReplacementEpisodesReproduceThePublishedFigures) {
  Scenario s = load_scenario(std::string(PMSIM_SOURCE_DIR) + "/scenarios/bundled_payment.yaml");
  s.population.size = 200000;
  const Simulation sim(s);
  const ContractConfig* lejr = nullptr;
  for (const auto& c : s.contracts)
    if (c.name == "bpci_lejr") lejr = &c;
  ASSERT_NE(lejr, nullptr);
  const int e = episode_index(sim.population().episode_definitions, lejr->bundle.episode);
  ASSERT_GE(e, 0);
  EpisodeTally sum;
  for (const auto& t : simulate_population(sim, 0)) sum.add(t.episodes[e]);
  ASSERT_GT(sum.episodes, 10000);
  EXPECT_TRUE(in_band(sum.spending / sum.episodes, 20000, 25000,
                      "90-day LEJR episode mean about $20,000-25,000 at FFS prices"));
  EXPECT_TRUE(in_band(sum.with_post_acute / sum.episodes, 0.28, 0.40,
                      "about a third of LEJR episodes discharged to institutional post-acute care"));
}

}  // namespace
}  // namespace pmsim
