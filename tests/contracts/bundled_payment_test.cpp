// Bundled payments: episode windows and their year-end crossings, targets and reconciliation
// by hand; on simulated runs, the episodes' contents against their exact expectations and
// the payer identity spend = claims + reconciliation.
#include <gtest/gtest.h>

#include <cmath>
#include <tbb/task_arena.h>

#include "contracts/bundled_payment.h"
#include "engine/engine.h"
#include "population/episodes.h"
#include "population/population_generator.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

// --- Episode windows -------------------------------------------------------------------

TEST(EpisodeSegments, AnchorsOpenWindowsAndJoinOpenOnes) {
  const std::vector<double> days = {10, 50, 100, 300};
  const auto s = episode_segments(0, days, 90);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].start, 10);
  EXPECT_EQ(s[0].window_end, 100);
  EXPECT_EQ(s[0].anchors, 2);  // day 50 is inside [10, 100)
  EXPECT_EQ(s[1].start, 100);  // day 100 is at the end of the first window: a new episode
  EXPECT_EQ(s[1].anchors, 1);
  EXPECT_EQ(s[2].start, 300);
  EXPECT_EQ(s[2].window_end, 390);  // crosses the year end by 25 days
  for (const auto& seg : s) EXPECT_FALSE(seg.carried);
}

TEST(EpisodeSegments, AWindowCarriedFromLastYearComesFirstAndTakesAnchorsInsideIt) {
  const std::vector<double> days = {20, 40};
  const auto s = episode_segments(25, days, 90);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_TRUE(s[0].carried);
  EXPECT_EQ(s[0].start, 0);
  EXPECT_EQ(s[0].window_end, 25);
  EXPECT_EQ(s[0].anchors, 1);  // day 20 joins the carried episode
  EXPECT_EQ(s[1].start, 40);
  EXPECT_EQ(s[1].window_end, 130);
  EXPECT_TRUE(episode_segments(0, {}, 90).empty());
}

// --- Targets and reconciliation ----------------------------------------------------------

EpisodeTally episodes_of(double n, double spending, double risk) {
  EpisodeTally t;
  t.episodes = n;
  t.spending = spending;
  t.capped_spending = spending;
  t.risk = risk;
  return t;
}

TEST(EpisodeTarget, WeightedTrendedBaselineLessTheDiscount) {
  BundleTerms b;
  b.discount = 0.03;
  b.trend = 0.02;
  b.baseline_weights = {0.1, 0.3, 0.6};
  const std::vector<EpisodeTally> baseline = {episodes_of(10, 200000, 10), episodes_of(20, 420000, 22),
                                              episodes_of(40, 880000, 48)};
  // Means 20,000, 21,000, 22,000 trended to the base year: x 1.02^2, x 1.02, x 1.
  const double base = 0.1 * 20000 * 1.0404 + 0.3 * 21000 * 1.02 + 0.6 * 22000;
  const EpisodeTarget t = episode_target(b, baseline, 1);
  EXPECT_TRUE(t.defined);
  EXPECT_NEAR(t.price, base * 1.02 * 1.02 * 0.97, 1e-6);
  EXPECT_NEAR(t.reference_risk, 0.1 * 1.0 + 0.3 * 1.1 + 0.6 * 1.2, 1e-12);
}

TEST(EpisodeTarget, BaselineYearsWithoutEpisodesAreLeftOutAndNoneLeavesNoTarget) {
  BundleTerms b;
  b.discount = 0;
  const std::vector<EpisodeTally> one = {episodes_of(0, 0, 0), episodes_of(4, 100000, 4)};
  EXPECT_NEAR(episode_target(b, one, 0).price, 25000, 1e-9);
  const std::vector<EpisodeTally> none = {episodes_of(0, 0, 0)};
  EXPECT_FALSE(episode_target(b, none, 0).defined);
  EXPECT_EQ(reconcile_episodes(b, episode_target(b, none, 0), episodes_of(5, 1e5, 5)).reconciliation, 0);
}

TEST(EpisodeTarget, FixedPriceIsTrendedAndNotDiscounted) {
  BundleTerms b;
  b.target_method = TargetMethod::fixed;
  b.target_price = 20000;
  b.trend = 0.05;
  const EpisodeTarget t = episode_target(b, {}, 2);
  EXPECT_NEAR(t.price, 20000 * std::pow(1.05, 3), 1e-9);
  EXPECT_EQ(t.reference_risk, 1.0);
}

TEST(Reconciliation, GainsAndLossesWithinTheStopGainAndStopLoss) {
  BundleTerms b;  // 20% each way
  EpisodeTarget t{20000, 1.0, true};
  // 10 episodes: target 200,000.
  auto at = [&](double spending) { return reconcile_episodes(b, t, episodes_of(10, spending, 10)); };
  EXPECT_NEAR(at(190000).reconciliation, 10000, 1e-9);
  EXPECT_FALSE(at(190000).cap_binding);
  EXPECT_NEAR(at(225000).reconciliation, -25000, 1e-9);
  EXPECT_NEAR(at(160000).reconciliation, 40000, 1e-9);  // exactly at the stop-gain
  EXPECT_FALSE(at(160000).cap_binding);
  EXPECT_NEAR(at(150000).reconciliation, 40000, 1e-9);  // beyond it
  EXPECT_TRUE(at(150000).cap_binding);
  EXPECT_NEAR(at(260000).reconciliation, -40000, 1e-9);  // stop-loss
  EXPECT_TRUE(at(260000).cap_binding);
  b.stop_loss = 0;  // one-sided: upside only
  EXPECT_EQ(at(260000).reconciliation, 0);
  EXPECT_EQ(at(200000).target, 200000);
}

TEST(Reconciliation, RiskAdjustedTargetsScaleWithTheEpisodesRisk) {
  BundleTerms b;
  b.risk_adjusted = true;
  EpisodeTarget t{20000, 1.25, true};
  // 10 episodes of total risk 15 (mean 1.5): each target 20,000 x 1.5 / 1.25 = 24,000.
  const BundleSettlement s = reconcile_episodes(b, t, episodes_of(10, 230000, 15));
  EXPECT_NEAR(s.target, 240000, 1e-9);
  EXPECT_NEAR(s.reconciliation, 10000, 1e-9);
}

// --- Episodes of simulated members -------------------------------------------------------

// Nobody dies or leaves, so every episode that ends has its whole window; rates that do not
// depend on frailty, so what falls in a window is independent of what anchors it.
Scenario episode_scenario(double trigger, std::array<bool, kCategoryCount> included, int window = 90) {
  Scenario s = testing::parse(testing::simple_scenario_yaml(
      "  {name: episodes, replications: 1, years: 4, baseline_years: 1, seed: 77}\n",
      "  size: 40000\n  churn: 0\n  frailty: {shape: 1.0, persistence: 0.5}\n"
      "  age_bands: [{min_age: 70, max_age: 70, share: 1, mortality: 0, risk_score: 1}]\n"
      "  conditions: [{name: hf, prevalence: 0.3, risk_score: 0.5, utilization: {inpatient: 2}}]\n",
      "  primary_care: {rate: 6, fee: 100, delivered_by: provider, unit_cost: 80, frailty_exponent: 0}\n"
      "  specialist: {rate: 0, fee: 0, delivered_by: others}\n"
      "  emergency: {rate: 0, fee: 0, delivered_by: others}\n"
      "  inpatient: {rate: 0.3, fee: 10000, delivered_by: others, severity_cv: 0.8}\n"
      "  readmission: {rate: 0.2, fee: 9000, delivered_by: others, frailty_exponent: 0}\n"
      "  post_acute: {rate: 0.35, fee: 8000, delivered_by: others, frailty_exponent: 0, severity_cv: 0.5,"
      " severity_distribution: gamma}\n"
      "  outpatient: {rate: 0, fee: 0, delivered_by: others}\n",
      "  - {name: ffs, type: fee_for_service}\n"));
  ContractConfig c;
  c.name = "bundle";
  c.terms = default_terms(ContractType::bundled_payment);
  c.as<BundleTerms>().episode.trigger_probability = trigger;
  c.as<BundleTerms>().episode.window_days = window;
  c.as<BundleTerms>().episode.included = included;
  s.contracts.push_back(c);
  return s;
}

constexpr int kPrimaryCare = static_cast<int>(Category::primary_care);
constexpr int kInpatient = static_cast<int>(Category::inpatient);
constexpr int kPostAcute = static_cast<int>(Category::post_acute);

std::array<bool, kCategoryCount> only(std::initializer_list<int> categories) {
  std::array<bool, kCategoryCount> a{};
  for (int c : categories) a[c] = true;
  return a;
}

// The sum over every simulated year of replication 0.
EpisodeTally all_years(const Simulation& sim, double* admissions = nullptr) {
  EpisodeTally sum;
  const YearTallies tallies = simulate_population(sim, 0);
  for (const auto& t : tallies) {
    sum.add(t.episodes[0]);
    if (admissions) *admissions += t.counts[kInpatient];
  }
  return sum;
}

TEST(Episodes, AnchorsAreTheTriggerShareOfAdmissions) {
  const double p = 0.4;
  const Simulation sim(episode_scenario(p, only({kInpatient})));
  double admissions = 0;
  const EpisodeTally e = all_years(sim, &admissions);
  ASSERT_GT(admissions, 10000);
  EXPECT_NEAR(e.anchors, p * admissions, 4 * std::sqrt(admissions * p * (1 - p)));
  EXPECT_LE(e.episodes, e.anchors);  // joins and open episodes at the horizon
}

TEST(Episodes, ATimedServiceFillsTheWholeWindowAcrossYearEnds) {
  // Primary care: Poisson(6) a year, uniform in time, so each complete 90-day window holds
  // Poisson(6 x 90 / 365) visits. About a quarter of the windows cross a year end: losing
  // their second part would cost about an eighth of the visits.
  const Simulation sim(episode_scenario(0.5, only({kPrimaryCare})));
  const EpisodeTally e = all_years(sim);
  ASSERT_GT(e.episodes, 10000);
  const double mean = 6.0 * 90 / 365;
  EXPECT_NEAR(e.spending / e.episodes, 100 * mean, 4 * 100 * std::sqrt(mean / e.episodes));
}

TEST(Episodes, ALongerWindowHoldsProportionallyMore) {
  const Simulation sim(episode_scenario(0.5, only({kPrimaryCare}), 300));
  const EpisodeTally e = all_years(sim);
  const double mean = 6.0 * 300 / 365;
  EXPECT_NEAR(e.spending / e.episodes, 100 * mean, 4 * 100 * std::sqrt(mean / e.episodes));
}

TEST(Episodes, ReadmissionsAndPostAcuteStaysFollowTheEpisodesStays) {
  // Each stay is readmitted with probability 0.2 and each stay or readmission goes on to
  // post-acute care with probability 0.35, whichever episode it belongs to.
  const Simulation sim(episode_scenario(0.5, only({kInpatient, static_cast<int>(Category::readmission), kPostAcute})));
  const EpisodeTally e = all_years(sim);
  ASSERT_GT(e.stays, 10000);
  EXPECT_NEAR(e.readmissions, 0.2 * e.stays, 4 * std::sqrt(e.stays * 0.2 * 0.8));
  const double post_acute_trials = e.stays + e.readmissions;
  EXPECT_NEAR(e.post_acute_stays, 0.35 * post_acute_trials, 4 * std::sqrt(post_acute_trials * 0.35 * 0.65));
  // P(episode has a post-acute stay) <= 1 and at least that of a single-stay episode.
  EXPECT_GE(e.with_post_acute / e.episodes, 0.35 - 4 * std::sqrt(0.35 * 0.65 / e.episodes));
}

TEST(Episodes, SpendingOfStaysIsTheirUnitCostsExactlyInDistribution) {
  // Lognormal stays (each unit its own factor, CV 0.8) and gamma post-acute stays (a beta
  // share of the member's gamma sum, CV 0.5): mean fee per unit, SD fee x CV per unit.
  const Simulation stays(episode_scenario(0.5, only({kInpatient})));
  const EpisodeTally s = all_years(stays);
  EXPECT_NEAR(s.spending / s.stays, 10000, 4 * 10000 * 0.8 / std::sqrt(s.stays));
  const Simulation post_acute(episode_scenario(0.5, only({kPostAcute})));
  const EpisodeTally p = all_years(post_acute);
  ASSERT_GT(p.post_acute_stays, 3000);
  EXPECT_NEAR(p.spending / p.post_acute_stays, 8000, 4 * 8000 * 0.5 / std::sqrt(p.post_acute_stays));
}

TEST(Episodes, ATriggerConditionLimitsAnchorsToItsMembers) {
  Scenario s = episode_scenario(0.6, only({kInpatient}));
  s.contracts.back().as<BundleTerms>().episode.trigger_condition = "hf";
  const Simulation sim(s);
  const auto& model = sim.population();
  YearTallies tallies(static_cast<std::size_t>(model.total_years));
  double admissions_with_hf = 0;
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), tallies, [&](const MemberYear& m) {
    if (m.conditions & 1u) admissions_with_hf += m.counts[kInpatient];
  });
  double anchors = 0;
  for (const auto& t : tallies) anchors += t.episodes[0].anchors;
  ASSERT_GT(admissions_with_hf, 5000);
  EXPECT_NEAR(anchors, 0.6 * admissions_with_hf, 4 * std::sqrt(admissions_with_hf * 0.6 * 0.4));
}

TEST(Episodes, EveryEndedEpisodeCoversItsWholeWindowWhenNobodyLeaves) {
  const Simulation sim(episode_scenario(0.5, only({kPrimaryCare})));
  const EpisodeTally e = all_years(sim);
  EXPECT_NEAR(e.days, 90 * e.episodes, 1e-9 * e.days);
}

TEST(Episodes, MembersWhoLeaveEndTheirEpisodesAtTheExit) {
  // Everyone dies in the year, in a uniform month: windows are cut at the death, and what
  // falls in them is still the visit rate (6 a year) times the days they covered.
  Scenario s = episode_scenario(0.5, only({kPrimaryCare}));
  s.population.age_bands[0].mortality = 1.0;
  const Simulation sim(s);
  const EpisodeTally e = all_years(sim);
  ASSERT_GT(e.episodes, 3000);
  EXPECT_LT(e.days, 0.8 * 90 * e.episodes);
  const double visits = 6.0 * e.days / 365;
  EXPECT_NEAR(e.spending / 100, visits, 4 * std::sqrt(visits));
}

// --- Contracts on simulated runs ---------------------------------------------------------

Scenario bundle_on_full_scenario(double stop) {
  Scenario s = testing::full_scenario(4000, 30, 512);
  ContractConfig c;
  c.name = "bundle";
  c.terms = default_terms(ContractType::bundled_payment);
  c.as<BundleTerms>().episode.trigger_probability = 0.3;
  c.as<BundleTerms>().episode.spending_cap = 60000;
  c.as<BundleTerms>().stop_gain = stop;
  c.as<BundleTerms>().stop_loss = stop;
  c.as<BundleTerms>().risk_adjusted = true;
  s.contracts.push_back(c);
  return s;
}

const Metric& metric(const ContractResults& c, const std::string& name) {
  for (const auto& m : c.metrics)
    if (m.name == name) return m;
  throw std::runtime_error("no metric " + name);
}

TEST(BundledPayment, PayerSpendIsClaimsPlusReconciliationWithinItsCaps) {
  const Simulation sim(bundle_on_full_scenario(0.05));
  const RunResults r = run_simulation(sim);
  const ContractResults& bundle = r.contracts.back();
  const ContractResults& ffs = r.contracts.front();
  int binding = 0, paid = 0, owed = 0;
  for (std::int64_t row = 0; row < r.replications; ++row) {
    for (int y = 0; y < r.years; ++y) {
      const double recon = metric(bundle, "reconciliation").values(row, y);
      const double target = metric(bundle, "episode_target").values(row, y);
      const double claims = metric(ffs, "payer_spend").values(row, y);
      EXPECT_NEAR(metric(bundle, "payer_spend").values(row, y), claims + recon, 1e-6 * claims);
      EXPECT_NEAR(metric(bundle, "payer_savings").values(row, y), -recon, 1e-6 * claims);
      EXPECT_NEAR(metric(bundle, "provider_revenue").values(row, y),
                  metric(ffs, "provider_revenue").values(row, y) + recon, 1e-6 * claims);
      EXPECT_LE(std::abs(recon), 0.05 * target * (1 + 1e-12));
      EXPECT_GT(metric(bundle, "episodes").values(row, y), 0);
      binding += metric(bundle, "cap_binding").values(row, y) > 0;
      paid += metric(bundle, "reconciliation_paid").values(row, y) > 0;
      owed += metric(bundle, "repayment_owed").values(row, y) > 0;
    }
  }
  // With 5% caps on a few hundred episodes a year, the caps bind often, both ways occur.
  EXPECT_GT(binding, 0);
  EXPECT_GT(paid, 0);
  EXPECT_GT(owed, 0);
}

TEST(BundledPayment, AddingABundleChangesNoOtherNumberAndRunsBitIdenticalOnAnyThreads) {
  Scenario without = bundle_on_full_scenario(0.2);
  without.contracts.pop_back();
  const Simulation a(without), b(bundle_on_full_scenario(0.2));
  RunOptions few;
  few.replications = 4;
  const RunResults ra = run_simulation(a, few);
  RunResults one, two;
  tbb::task_arena(1).execute([&] { one = run_simulation(b, few); });
  tbb::task_arena(2).execute([&] { two = run_simulation(b, few); });
  for (std::size_t c = 0; c < ra.contracts.size(); ++c)
    for (std::size_t m = 0; m < ra.contracts[c].metrics.size(); ++m)
      EXPECT_EQ(ra.contracts[c].metrics[m].values.values, one.contracts[c].metrics[m].values.values)
          << ra.contracts[c].name << "/" << ra.contracts[c].metrics[m].name;
  for (std::size_t m = 0; m < ra.population.size(); ++m)
    EXPECT_EQ(ra.population[m].values.values, one.population[m].values.values) << ra.population[m].name;
  for (std::size_t m = 0; m < one.contracts.back().metrics.size(); ++m)
    EXPECT_EQ(one.contracts.back().metrics[m].values.values, two.contracts.back().metrics[m].values.values)
        << one.contracts.back().metrics[m].name;
}

}  // namespace
}  // namespace pmsim
