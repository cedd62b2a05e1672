// Admission types: the split of index admissions, their costs, readmissions and post-acute
// stays against the exact expectations, and bundles anchored on one type.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr int kInpatient = static_cast<int>(Category::inpatient);
constexpr int kReadmission = static_cast<int>(Category::readmission);
constexpr int kPostAcute = static_cast<int>(Category::post_acute);

// No frailty or condition effects on readmissions and post-acute care, nobody leaves: each
// stay of type k is readmitted with probability 0.2 x readmission_factor, etc.
Scenario typed_scenario(std::vector<AdmissionType> types) {
  Scenario s = testing::parse(testing::simple_scenario_yaml(
      "  {name: typed, replications: 1, years: 3, baseline_years: 1, seed: 91}\n",
      "  size: 40000\n  churn: 0\n  frailty: {shape: 1.0, persistence: 0.5}\n"
      "  age_bands: [{min_age: 70, max_age: 70, share: 1, mortality: 0, risk_score: 1}]\n",
      "  primary_care: {rate: 6, fee: 100, delivered_by: provider, unit_cost: 80, frailty_exponent: 0}\n"
      "  specialist: {rate: 0, fee: 0, delivered_by: others}\n"
      "  emergency: {rate: 0, fee: 0, delivered_by: others}\n"
      "  inpatient: {rate: 0.4, fee: 10000, delivered_by: others, severity_cv: 0.5}\n"
      "  readmission: {rate: 0.2, fee: 9000, delivered_by: others, frailty_exponent: 0}\n"
      "  post_acute: {rate: 0.3, fee: 8000, delivered_by: others, frailty_exponent: 0}\n"
      "  outpatient: {rate: 0, fee: 0, delivered_by: others}\n",
      "  - {name: ffs, type: fee_for_service}\n"));
  s.admission_types = std::move(types);
  return s;
}

YearTally all_years(const YearTallies& tallies) {
  YearTally sum;
  for (const auto& t : tallies) sum.add(t);
  return sum;
}

TEST(AdmissionTypes, CostsReadmissionsAndPostAcuteFollowTheMix) {
  // 30% of stays are joint replacements: 1.8 x the cost, a quarter of the readmissions,
  // a third more post-acute care.
  const double s = 0.3, cost = 1.8, readmit = 0.25, post = 4.0 / 3.0;
  const Simulation sim(typed_scenario({{"joint", s, cost, readmit, post}}));
  const YearTally t = all_years(simulate_population(sim, 0));
  const double n = t.counts[kInpatient];
  ASSERT_GT(n, 30000);
  // Cost per stay: a mixture of unit factors of mean 1 and CV 0.5 at two prices.
  const double mean = 10000 * (1 - s + s * cost);
  const double second = 10000.0 * 10000 * 1.25 * (1 - s + s * cost * cost);
  EXPECT_NEAR(t.claims[kInpatient] / n, mean, 4 * std::sqrt((second - mean * mean) / n));
  // Readmissions: Bernoulli per stay with the stay's probability (binomial given the split).
  const double p_readmit = 0.2 * (1 - s + s * readmit);
  EXPECT_NEAR(t.counts[kReadmission], n * p_readmit, 4 * std::sqrt(n * p_readmit * (1 - p_readmit)));
  // Post-acute: per stay or readmission; E = 0.3 n [(1 - s)(1 + 0.2) + s post (1 + 0.2 readmit)].
  const double expected = 0.3 * n * ((1 - s) * 1.2 + s * post * (1 + 0.2 * readmit));
  EXPECT_NEAR(t.counts[kPostAcute], expected, 4 * std::sqrt(expected));
}

TEST(AdmissionTypes, NeutralTypesLeaveTheDistributionUnchanged) {
  const Simulation plain(typed_scenario({}));
  const Simulation labelled(typed_scenario({{"a", 0.4, 1, 1, 1}, {"b", 0.2, 1, 1, 1}}));
  const YearTally x = all_years(simulate_population(plain, 0));
  const YearTally y = all_years(simulate_population(labelled, 0));
  EXPECT_EQ(x.counts[kInpatient], y.counts[kInpatient]);  // the split draws nothing of the counts stream
  const double n = x.counts[kInpatient];
  EXPECT_NEAR(y.counts[kReadmission] - x.counts[kReadmission], 0, 4 * std::sqrt(2 * n * 0.2 * 0.8));
  EXPECT_NEAR(y.claims[kInpatient] / n, x.claims[kInpatient] / n, 4 * 10000 * 0.5 * std::sqrt(2 / n));
}

ContractConfig bundle_on(const std::string& type, double probability, int window,
                         std::array<bool, kCategoryCount> included) {
  ContractConfig c;
  c.name = "bundle";
  c.terms = default_terms(ContractType::bundled_payment);
  c.as<BundleTerms>().episode.trigger_type = type;
  c.as<BundleTerms>().episode.trigger_probability = probability;
  c.as<BundleTerms>().episode.window_days = window;
  c.as<BundleTerms>().episode.included = included;
  return c;
}

EpisodeTally episodes_of(const Simulation& sim) {
  EpisodeTally sum;
  for (const auto& t : simulate_population(sim, 0)) sum.add(t.episodes[0]);
  return sum;
}

TEST(AdmissionTypes, EpisodesAnchoredOnATypeHaveItsProfile) {
  // Every stay is a joint replacement: the episodes' stays cost 1.8 x the fee, are readmitted
  // at 0.2 x 0.25 and go on to post-acute care at 0.3 x 4/3.
  Scenario s = typed_scenario({{"joint", 1.0, 1.8, 0.25, 4.0 / 3.0}});
  s.contracts.push_back(bundle_on("joint", 0.5, 90, {false, false, false, true, false, false, false}));
  const EpisodeTally e = episodes_of(Simulation(s));
  ASSERT_GT(e.stays, 8000);
  EXPECT_NEAR(e.spending / e.stays, 18000, 4 * 18000 * 0.5 / std::sqrt(e.stays));
  EXPECT_NEAR(e.readmissions, 0.05 * e.stays, 4 * std::sqrt(e.stays * 0.05 * 0.95));
  const double trials = e.stays + e.readmissions;
  EXPECT_NEAR(e.post_acute_stays, 0.4 * trials, 4 * std::sqrt(trials * 0.4 * 0.6));
}

TEST(AdmissionTypes, AnchorsComeOnlyFromTheTriggerType) {
  // Half the stays are typed and never readmitted. Anchored on them, with a one-day window
  // that other stays almost never fall in (about 1 in 400 episodes), the episodes hold
  // almost no readmission; anchored on any stay they would hold 0.1 per stay.
  Scenario s = typed_scenario({{"joint", 0.5, 1.0, 0.0, 1.0}});
  s.contracts.push_back(bundle_on("joint", 0.7, 1, {false, false, false, true, true, false, false}));
  const YearTallies tallies = simulate_population(Simulation(s), 0);
  EpisodeTally e;
  for (const auto& t : tallies) e.add(t.episodes[0]);
  ASSERT_GT(e.stays, 5000);
  EXPECT_LT(e.readmissions, 0.01 * e.stays);
  // Each stay is typed (1/2) and anchors (0.7): anchors ~ Binomial(stays, 0.35).
  const double n = all_years(tallies).counts[kInpatient];
  EXPECT_NEAR(e.anchors, 0.35 * n, 4 * std::sqrt(n * 0.35 * 0.65));
}

TEST(AdmissionTypes, TypesWithARateAddAdmissionsOfTheirOwn) {
  // 0.02 elective stays per member-year on top of the panel's admissions: with frailty
  // exponent 0 a Poisson count per member-year, so the anchors of a bundle on every one of
  // them are Poisson with mean 0.02 x member-years.
  AdmissionType elective{"elective", 0.0, 1.2, 0.3, 0.5, 0.02, 0.0};
  Scenario s = typed_scenario({elective});
  s.contracts.push_back(bundle_on("elective", 1.0, 30, {false, false, false, true, false, false, false}));
  const Simulation sim(s);
  const YearTallies tallies = simulate_population(sim, 0);
  EpisodeTally e;
  for (const auto& t : tallies) e.add(t.episodes[0]);
  const YearTally all = all_years(tallies);
  const double expected = 0.02 * all.member_years();
  EXPECT_NEAR(e.anchors, expected, 4 * std::sqrt(expected));
  // The panel's own admissions are untouched: Poisson(0.4) a member-year with frailty (its
  // SD bounded by a frailty correlation of 1 across the years of a member).
  const double own = all.counts[kInpatient] - e.anchors;
  const double years = static_cast<double>(tallies.size());
  const double sd = std::sqrt(all.member_years() * 0.4 + 40000 * years * years * 0.4 * 0.4);
  EXPECT_NEAR(own, 0.4 * all.member_years(), 4 * sd);
  // Frailty exponent 1: still 0.02 a member-year on average.
  elective.frailty_exponent = 1.0;
  Scenario frail = typed_scenario({elective});
  frail.contracts.push_back(s.contracts.back());
  EpisodeTally f;
  for (const auto& t : simulate_population(Simulation(frail), 0)) f.add(t.episodes[0]);
  const double bound = std::sqrt(expected + 40000 * years * years * 0.02 * 0.02);
  EXPECT_NEAR(f.anchors, expected, 4 * bound);
}

}  // namespace
}  // namespace pmsim
