// Calibration of the default scenario against the published Medicare FFS figures
// (docs/calibration.md): every statistic computed by compute_calibration from
// one large simulated population must lie inside its band; and of commercial_meps.yaml
// against the MEPS figures, within 4 SEs. A failure here means a change
// to the population model or to scenarios/default.yaml moved the simulated population away
// from what it is meant to reproduce; `pmsim calibrate scenarios/default.yaml` prints every
// statistic next to its target.

#include <gtest/gtest.h>

#include <string>

#include "analysis/calibration.h"
#include "analysis/calibration_targets.h"
#include "config/scenario.h"
#include "engine/engine.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

constexpr std::int64_t kMembers = 300000;       // large enough that sampling noise << band
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
  return ::testing::AssertionFailure() << "simulated " << value << " outside the band [" << lo << ", " << hi
                                       << "]; published: " << published;
}

// One test with one check per statistic: the 300,000-member population is simulated once
// (ctest runs every TEST in a process of its own).
TEST(Calibration, DefaultScenarioReproducesThePublishedFigures) {
  const CalibrationReport& r = report();
  EXPECT_TRUE(
      in_band(r.estimate.top1_share, 0.13, 0.18, "top 1% of Medicare FFS beneficiaries account for 14.9% of spending"));
  EXPECT_TRUE(in_band(r.estimate.top5_share, 0.39, 0.46, "top 5% account for 41.5% of spending"));
  EXPECT_TRUE(in_band(r.estimate.top10_share, 0.57, 0.63, "top 10% account for 60.0% of spending"));
  EXPECT_TRUE(in_band(r.estimate.top20_share, 0.76, 0.82, "top 20% account for 79.1% of spending"));
  EXPECT_TRUE(in_band(r.estimate.top50_share, 0.94, 0.975, "top 50% account for 95.7% of spending"));
  EXPECT_TRUE(in_band(r.estimate.mortality, 0.035, 0.045, "annual mortality of beneficiaries about 4% (4.0% in 2014)"));
  EXPECT_TRUE(in_band(r.estimate.decedent_spending_share, 0.20, 0.30,
                      "decedents account for about a quarter of spending in their last year"));
  EXPECT_TRUE(in_band(r.estimate.readmission_rate, 0.15, 0.19, "30-day readmission rate 15-19% of admissions"));
  EXPECT_TRUE(in_band(r.estimate.admissions_per_1000, 250, 300,
                      "inpatient admissions 250-300 per 1,000 beneficiaries per year"));
  EXPECT_TRUE(in_band(r.estimate.spending_per_member_year, 11000, 13000,
                      "per-capita FFS spending of the order of $11,000-13,000 per year"));
  EXPECT_TRUE(in_band(r.estimate.inpatient_per_member_year, 2500, 3500,
                      "inpatient payments about $3,000 per beneficiary per year"));
  EXPECT_TRUE(in_band(r.estimate.top5_stay_top5, 0.25, 0.35,
                      "about 30% of the top 5% are in the top 5% the next year (MEPS 1996-97)"));
  EXPECT_TRUE(in_band(r.estimate.top5_stay_top10, 0.40, 0.50,
                      "about 45% of the top 5% are in the top 10% the next year (MEPS 1996-97)"));
}

// The model must be able to express both "independent years" and "permanent frailty": the
// persistence statistic has to respond to the frailty persistence parameter. (With the
// default scenario the shares are about 0.07 / 0.13 with persistence 0 and 0.33 / 0.50 with
// 0.999; chronic conditions keep some persistence even with independent frailty.)
TEST(Calibration, PersistenceDistinguishesIndependentFromPermanentFrailty) {
  Scenario independent = default_scenario();
  independent.population.frailty.persistence = 0.0;
  Scenario permanent = default_scenario();
  permanent.population.frailty.persistence = 0.999;
  const CalibrationReport a = compute_calibration(independent, kSmallMembers, 0, 1);
  const CalibrationReport b = compute_calibration(permanent, kSmallMembers, 0, 1);
  EXPECT_LT(a.estimate.top5_stay_top5 + 0.15, b.estimate.top5_stay_top5)
      << "top 5% staying in the top 5%: " << a.estimate.top5_stay_top5 << " with independent years, "
      << b.estimate.top5_stay_top5 << " with permanent frailty";
  EXPECT_LT(a.estimate.top5_stay_top10 + 0.15, b.estimate.top5_stay_top10)
      << "top 5% in the top 10% next year: " << a.estimate.top5_stay_top10 << " with independent years, "
      << b.estimate.top5_stay_top10 << " with permanent frailty";
}

// scenarios/commercial_meps.yaml against the MEPS 2019 figures of docs/calibration.md ("US civilian
// population, MEPS 2019 (the commercial panel)" and "Persistence of high spending"; the set
// meps_2019 of calibration_targets.cpp holds each figure with its source). Unlike the
// Medicare figures these have no band: each must agree within 4 SEs of the difference, the
// SE combining the sampling error of the survey (28,512 persons; the SD of the statistic over
// batches of that many simulated members), the rounding of the figure and the Monte Carlo SE
// of the simulated value. 12 batches: enough for the SDs (about +-20%), in a few seconds.
constexpr std::int64_t kMepsBatches = 12;

const Scenario& commercial_scenario() {
  static const Scenario s = load_scenario(std::string(PMSIM_SOURCE_DIR) + "/scenarios/commercial_meps.yaml");
  return s;
}

CalibrationReport meps_report(const Scenario& s) {
  const CalibrationTargetSet& meps = *find_calibration_target_set("meps_2019");
  return compute_calibration(s, kMepsBatches * meps.survey_sample, 0, 1, meps.survey_sample);
}

TEST(Calibration, CommercialScenarioReproducesTheMepsFigures) {
  const CalibrationTargetSet& meps = default_calibration_target_set(commercial_scenario().population);
  ASSERT_EQ(meps.name, "meps_2019") << "an under-65 panel is held to the general population's figures";
  const CalibrationReport r = meps_report(commercial_scenario());
  ASSERT_EQ(r.batches, kMepsBatches);
  const auto checks = check_targets(r, meps);
  ASSERT_EQ(checks.size(), 11u);
  for (const TargetCheck& c : checks) {
    EXPECT_TRUE(c.checked && c.pass) << c.target->label << ": simulated " << c.simulated << " +- " << c.simulation_se
                                     << ", published " << c.target->source << " (SE " << c.published_se
                                     << "), accepted " << c.low << " to " << c.high;
  }
}

// The check has power: a population moderately off (frailty of shape 1.1 instead of 0.86, a
// thinner tail; persistence 0.3 instead of 0.68) misses the figures it moves by 6 SEs or more
// (simulated, 342,144 members: top 20% 0.785 against 0.805-0.823 accepted, bottom 50% 0.042
// against 0.027-0.033, top 5% staying 0.180 against 0.2225-0.3775).
TEST(Calibration, MepsCheckRejectsAPopulationWithAThinnerTailAndLessPersistence) {
  Scenario s = commercial_scenario();
  s.population.frailty.shape = 1.1;
  s.population.frailty.persistence = 0.3;
  const CalibrationReport r = meps_report(s);
  int rejected = 0;
  for (const TargetCheck& c : check_targets(r, *find_calibration_target_set("meps_2019"))) {
    const std::string& label = c.target->label;
    if (label != "share of spending, top 20%" && label != "share of spending, bottom 50%" &&
        label != "top 5% staying in top 5% next year")
      continue;
    ++rejected;
    EXPECT_FALSE(c.pass) << label << ": simulated " << c.simulated << ", accepted " << c.low << " to " << c.high;
  }
  EXPECT_EQ(rejected, 3);
}

// The default set follows the panel's ages; every default scenario is a Medicare panel.
TEST(Calibration, TargetSetFollowsTheAgesOfThePanel) {
  EXPECT_EQ(default_calibration_target_set(default_scenario().population).name, "medicare_ffs");
  PopulationConfig mixed = default_scenario().population;
  mixed.age_bands = {{.min_age = 40, .max_age = 64, .share = 0.6}, {.min_age = 65, .max_age = 90, .share = 0.4}};
  EXPECT_EQ(default_calibration_target_set(mixed).name, "meps_2019");
  mixed.age_bands[0].share = 0.4;
  mixed.age_bands[1].share = 0.6;
  EXPECT_EQ(default_calibration_target_set(mixed).name, "medicare_ffs");
  EXPECT_EQ(find_calibration_target_set("nope"), nullptr);
}

// The joint-replacement episodes of scenarios/bundled_payment.yaml against the published
// 90-day LEJR episode figures (docs/calibration.md, "Episodes").
TEST(Calibration, JointReplacementEpisodesReproduceThePublishedFigures) {
  Scenario s = load_scenario(std::string(PMSIM_SOURCE_DIR) + "/scenarios/bundled_payment.yaml");
  s.population.size = 200000;
  const Simulation sim(s);
  const ContractConfig* lejr = nullptr;
  for (const auto& c : s.contracts)
    if (c.name == "bpci_lejr") lejr = &c;
  ASSERT_NE(lejr, nullptr);
  const int e = episode_index(sim.population().episode_definitions, lejr->as<BundleTerms>().episode);
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
