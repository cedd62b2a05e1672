// The errors in the keys of bundled_payment contracts (episode, target, stop-gain and
// stop-loss), and of its keys on other types, by key path.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/scenario.h"
#include "contract_scenarios.h"
#include "scenario/scenario_yaml.h"
#include "scenario_errors.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::edit;
using testing::expect_error;
using testing::expect_errors;
using testing::expect_valid;

const testing::YamlDocument kBundle = testing::bundled_payment_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();

//! The accepted keys of a bundled_payment contract, as error messages list them.
const char* const kBundleKeys =
    "(accepted: name, type, payer, episode, target, stop_gain, stop_loss, settlement, preset, include)";

TEST(ScenarioBundle, EpisodeErrors) {
  expect_error(edit(kBundle, "    episode: {trigger_probability: 0.02}\n", ""), "contracts[1]",
               "missing required key 'episode'");
  expect_error(edit(kBundle, "    episode: {trigger_probability: 0.02}", "    episode: 0.02"), "contracts[1].episode",
               "expected a map, got '0.02'");
  // trigger_probability defaults to 1 (every eligible admission anchors an episode).
  EXPECT_EQ(parse_scenario(edit(kBundle, "      trigger_probability: 0.05\n", ""), "s.yaml")
                .contracts[0]
                .as<BundleTerms>()
                .episode.trigger_probability,
            1.0);
  expect_error(edit(kBundle, "{trigger_probability: 0.02}", "{trigger_probability: 1.02}"),
               "contracts[1].episode.trigger_probability",
               "must be in [0, 1], got "
               "1.02");
  expect_error(edit(kBundle, "      window_days: 60", "      window_days: 0"), "contracts[0].episode.window_days",
               "must be in [1, 365], got 0");
  expect_error(edit(kBundle, "      window_days: 60", "      window_days: 366"), "contracts[0].episode.window_days",
               "must be in [1, 365], got 366");
  expect_error(edit(kBundle, "      window_days: 60", "      window_days: 60.5"), "contracts[0].episode.window_days",
               "expected an integer, got '60.5'");
  expect_error(edit(kBundle, "      spending_cap: 80000", "      spending_cap: -1"),
               "contracts[0].episode.spending_cap", "must be in [0, 1e9], got -1");
  expect_error(edit(kBundle, "      spending_cap: 80000", "      spending_cap: 2e9"),
               "contracts[0].episode.spending_cap", "must be in [0, 1e9], got 2e9");
  // Unknown keys, with a suggestion.
  expect_error(edit(kBundle, "      window_days: 60", "      window_day: 60"), "contracts[0].episode.window_day",
               "unknown key; did you mean "
               "'window_days'? (accepted: trigger_probability, trigger_condition, trigger_type, window_days, "
               "includes, spending_cap)");
  expect_error(edit(kBundle, "{trigger_probability: 0.02}", "{trigger_probability: 0.02, anchor: inpatient}"),
               "contracts[1].episode.anchor",
               "unknown key (accepted: "
               "trigger_probability, trigger_condition, trigger_type, window_days, includes, spending_cap)");
}

TEST(ScenarioBundle, IncludesErrors) {
  const std::string includes = "includes: [inpatient, readmission, post_acute]";
  expect_error(edit(kBundle, includes, "includes: []"), "contracts[0].episode.includes", "must not be empty");
  expect_error(edit(kBundle, includes, "includes: [inpatient, readmission, inpatient]"),
               "contracts[0].episode.includes[2]", "duplicate category 'inpatient'");
  expect_error(edit(kBundle, includes, "includes: [inpatient, readmision, post_acute]"),
               "contracts[0].episode.includes[1]",
               "unknown value 'readmision'; did "
               "you mean 'readmission'? (accepted: primary_care, specialist, emergency, "
               "inpatient, readmission, post_acute, outpatient)");
  expect_error(edit(kBundle, includes, "includes: none"), "contracts[0].episode.includes",
               "expected 'all' or a sequence of "
               "category names, got 'none'");
}

TEST(ScenarioBundle, TriggerConditionErrors) {
  expect_error(edit(kBundle, "trigger_condition: heart_failure", "trigger_condition: heart_falure"),
               "contracts[0].episode.trigger_condition",
               "unknown condition "
               "'heart_falure'; did you mean 'heart_failure'? (the conditions of "
               "population.conditions: heart_failure, diabetes)");
  expect_error(edit(kBundle, "trigger_condition: heart_failure", "trigger_condition: copd"),
               "contracts[0].episode.trigger_condition",
               "unknown condition 'copd' "
               "(the conditions of population.conditions: heart_failure, diabetes)");
  expect_error(edit(kBundle,
                    "  conditions:\n    - {name: heart_failure, prevalence: 0.1}\n"
                    "    - {name: diabetes, prevalence: 0.25}\n",
                    ""),
               "contracts[0].episode.trigger_condition",
               "unknown condition "
               "'heart_failure' (population.conditions is empty)");
  expect_error(edit(kBundle, "trigger_condition: heart_failure", "trigger_condition: [heart_failure]"),
               "contracts[0].episode.trigger_condition",
               "expected a string, got a "
               "sequence");
  // A condition whose name is invalid (reported) is not reported again here.
  expect_error(edit(kBundle, "{name: heart_failure,", "{name: heart-failure,"), "population.conditions[0].name",
               "may contain only letters, digits "
               "and '_', got 'heart-failure'");
}

TEST(ScenarioBundle, TargetErrors) {
  expect_error(edit(kBundle, "      discount: 0.02", "      discont: 0.02"), "contracts[0].target.discont",
               "unknown key; did you mean 'discount'? "
               "(accepted: method, discount, baseline_weights, trend, risk_adjusted)");
  expect_error(edit(kBundle, "      price: 25000", "      price: 25000\n      colour: blue"),
               "contracts[1].target.colour",
               "unknown key (accepted: method, price, "
               "trend, risk_adjusted)");
  expect_error(edit(kBundle, "      method: fixed", "      method: fixd"), "contracts[1].target.method",
               "unknown value 'fixd'; did you mean "
               "'fixed'? (accepted: historical, fixed)");
  expect_error(edit(kBundle, "      discount: 0.02", "      discount: 1"), "contracts[0].target.discount",
               "must be >= 0 and < 1, got 1");
  expect_error(edit(kBundle, "      discount: 0.02", "      discount: -0.02"), "contracts[0].target.discount",
               "must be >= 0 and < 1, got -0.02");
  expect_error(edit(kBundle, "      trend: 0.03", "      trend: 1.5"), "contracts[0].target.trend",
               "must be in [-0.5, 1], got 1.5");
  expect_error(edit(kBundle, "      risk_adjusted: true", "      risk_adjusted: yes"),
               "contracts[0].target.risk_adjusted",
               "expected a boolean (true or "
               "false), got 'yes'");
  expect_error(
      edit(kBundle, "    target:\n      method: fixed\n      price: 25000\n      trend: 0.02\n", "    target: 25000\n"),
      "contracts[1].target", "expected a map, got '25000'");
}

TEST(ScenarioBundle, TargetKeysOfTheOtherMethod) {
  expect_error(edit(kBundle, "      price: 25000", "      price: 25000\n      discount: 0.05"),
               "contracts[1].target.discount",
               "unknown key; 'discount' applies only "
               "to target method historical (accepted: method, price, trend, risk_adjusted)");
  expect_error(edit(kBundle, "      price: 25000", "      price: 25000\n      baseline_weights: [0.2, 0.3, 0.5]"),
               "contracts[1].target.baseline_weights",
               "unknown key; "
               "'baseline_weights' applies only to target method historical (accepted: method, "
               "price, trend, risk_adjusted)");
  expect_error(edit(kBundle, "      discount: 0.02", "      discount: 0.02\n      price: 25000"),
               "contracts[0].target.price",
               "unknown key; 'price' applies only to "
               "target method fixed (accepted: method, discount, baseline_weights, trend, "
               "risk_adjusted)");
  // The default method is historical.
  expect_error(edit(kBundle, "      method: fixed\n", ""), "contracts[1].target.price",
               "unknown key; 'price' applies only to "
               "target method fixed (accepted: method, discount, baseline_weights, trend, "
               "risk_adjusted)");
  expect_error(edit(kBundle, "      price: 25000\n", ""), "contracts[1].target", "missing required key 'price'");
  // An invalid method: no errors about the keys of either method.
  expect_error(edit(kBundle, "      method: historical", "      method: historic"), "contracts[0].target.method",
               "unknown value 'historic'; did you mean "
               "'historical'? (accepted: historical, fixed)");
}

TEST(ScenarioBundle, BaselineWeightErrors) {
  expect_error(edit(kBundle, "[0.2, 0.3, 0.5]", "[0.2, 0.3, 0.4]"), "contracts[0].target.baseline_weights",
               "the baseline weights must sum "
               "to 1 (within 1e-6), got 0.9");
  expect_error(edit(kBundle, "[0.2, 0.3, 0.5]", "[0.5, 0.5]"), "contracts[0].target.baseline_weights",
               "expected 3 values (one per "
               "baseline year, simulation.baseline_years), got 2");
  expect_errors(edit(kBundle, "[0.2, 0.3, 0.5]", "[0.2, 1.3, -0.5]"), {{"contracts[0].target.baseline_weights[1]",
                                                                        "must be in [0, 1], got "
                                                                        "1.3"},
                                                                       {"contracts[0].target.baseline_weights[2]",
                                                                        "must be in [0, 1], got "
                                                                        "-0.5"}});
  expect_error(edit(kBundle, "[0.2, 0.3, 0.5]", "all"), "contracts[0].target.baseline_weights",
               "expected a sequence, got "
               "'all'");
  // With the number of baseline years.
  const Scenario two = parse_scenario(
      edit(edit(kBundle, "  name: bundle", "  name: bundle\n  baseline_years: 2"), "[0.2, 0.3, 0.5]", "[0.25, 0.75]"),
      "s.yaml");
  EXPECT_EQ(two.contracts[0].as<BundleTerms>().baseline_weights, (std::vector<double>{0.25, 0.75}));
}

TEST(ScenarioBundle, HistoricalTargetNeedsBaselineYears) {
  const std::string none = edit(kBundle, "  name: bundle", "  name: bundle\n  baseline_years: 0");
  const std::string why =
      "needs simulation.baseline_years >= 1, got 0 (the historical target is taken from the "
      "episodes of the baseline years)";
  // At the method; the baseline weights, which cannot be right, are not reported on top.
  expect_error(none, "contracts[0].target.method", "target method historical " + why);
  // At the target map without a method, and at the contract without a target.
  const std::string more =
      "    stop_loss: 0\n"
      "  - {name: c, type: bundled_payment, episode: {trigger_probability: 1}}\n"
      "  - {name: d, type: bundled_payment, episode: {trigger_probability: 1},\n"
      "     target: {trend: 0.01}}\n";
  expect_errors(edit(none, "    stop_loss: 0\n", more),
                {{"contracts[0].target.method", "target method historical " + why},
                 {"contracts[2]", "the default target (method historical) " + why +
                                      "; give a target with method fixed and price instead"},
                 {"contracts[3].target", "target method historical " + why}});
  // A fixed target needs no baseline.
  const std::string fixed = edit(edit(none, "      method: historical", "      method: fixed\n      price: 1"),
                                 "      discount: 0.02\n      baseline_weights: [0.2, 0.3, 0.5]\n", "");
  expect_valid(fixed);
}

TEST(ScenarioBundle, StopGainAndStopLoss) {
  expect_error(edit(kBundle, "    stop_gain: 0.1", "    stop_gain: 1.1"), "contracts[0].stop_gain",
               "must be in [0, 1], got 1.1");
  expect_error(edit(kBundle, "    stop_loss: 0.05", "    stop_loss: -0.05"), "contracts[0].stop_loss",
               "must be in [0, 1], got -0.05");
  expect_error(edit(kBundle, "    stop_loss: 0.05", "    stop_loss: 5%"), "contracts[0].stop_loss",
               "expected a number, got '5%'");
  // stop_loss means a number on a bundle and a map on a capitation: a wrong shape says so.
  expect_error(edit(kBundle, "    stop_loss: 0.05", "    stop_loss: {attachment: 100000, coinsurance: 0.9}"),
               "contracts[0].stop_loss",
               "expected a number (the stop-loss of a "
               "bundled_payment contract, a share of the year's total target; the stop_loss map is "
               "the individual stop-loss of capitation contracts), got a map");
  expect_error(edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    stop_loss: 0.2"), "contracts[2].stop_loss",
               "expected a map or a list of maps (the individual stop-loss of a capitation contract: "
               "attachment, coinsurance, premium_pmpm, provided_by, payment, lag_months; a number is the "
               "stop-loss of a bundled_payment contract), got '0.2'");
  // The capitation's stop_loss map still parses next to a bundle's number.
  const Scenario s = parse_scenario(
      edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    stop_loss: {attachment: 1e5, coinsurance: 1}"), "s.yaml");
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().stop_loss.at(0).attachment, 1e5);
  EXPECT_EQ(s.contracts[0].as<BundleTerms>().stop_loss, 0.05);
}

TEST(ScenarioBundle, BundleKeysOnOtherContractTypes) {
  const std::string cap_keys =
      "(accepted: name, type, payer, pmpm, prepayment, risk_adjusted, covers, quality_withhold, quality_score, "
      "stop_loss, corridors, quality_measures, settlement, preset, include)";
  expect_error(edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    stop_gain: 0.2"), "contracts[2].stop_gain",
               "unknown key; 'stop_gain' applies only to "
               "bundled_payment contracts " +
                   cap_keys);
  expect_error(edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    episode: {trigger_probability: 1}"),
               "contracts[2].episode",
               "unknown key; 'episode' applies only to "
               "bundled_payment contracts " +
                   cap_keys);
  expect_error(edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    target: {method: fixed, price: 1}"),
               "contracts[2].target",
               "unknown key; 'target' applies only to "
               "bundled_payment contracts " +
                   cap_keys);
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    stop_loss: 0.2"),
               "contracts[0].stop_loss",
               "unknown key; 'stop_loss' applies only to "
               "capitation and bundled_payment contracts (accepted: name, type, payer, preset, include)");
  expect_error(edit(kMinimal, ffs,
                    "  - name: mssp\n    type: shared_savings\n"
                    "    target: {method: fixed, price: 1}"),
               "contracts[0].target",
               "unknown key; 'target' applies only to "
               "bundled_payment contracts (accepted: name, type, payer, benchmark, truncation, "
               "truncation_percentile, minimum_savings_rate, sharing_rate, quality_score, "
               "savings_cap, quality_withhold, quality_measures, settlement, preset, include)");
}

TEST(ScenarioBundle, OtherContractKeysOnBundle) {
  const std::string at = "    stop_loss: 0.05";
  auto with = [&](const std::string& line) { return edit(kBundle, at, at + "\n" + line); };
  const std::string keys = std::string(" ") + kBundleKeys;
  expect_error(with("    pmpm: 900"), "contracts[0].pmpm",
               "unknown key; 'pmpm' applies only to capitation "
               "contracts" +
                   keys);
  expect_error(with("    covers: all"), "contracts[0].covers",
               "unknown key; 'covers' applies only to "
               "capitation and cost_per_outcome contracts (did you mean episode.includes?)" +
                   keys);
  expect_error(with("    risk_adjusted: true"), "contracts[0].risk_adjusted",
               "unknown key; 'risk_adjusted' applies "
               "only to capitation contracts (did you mean target.risk_adjusted?)" +
                   keys);
  expect_error(with("    quality_score: 0.9"), "contracts[0].quality_score",
               "unknown key; 'quality_score' applies "
               "only to capitation, shared_savings, shared_risk and pay_for_performance "
               "contracts" +
                   keys);
  expect_error(with("    quality_measures: []"), "contracts[0].quality_measures",
               "unknown key; 'quality_measures' "
               "applies only to capitation, shared_savings, shared_risk and pay_for_performance "
               "contracts" +
                   keys);
  expect_error(with("    benchmark: {method: fixed, pmpy: 12000}"), "contracts[0].benchmark",
               "unknown key; 'benchmark' applies only to "
               "shared_savings and shared_risk contracts (did you mean target?)" +
                   keys);
  expect_error(with("    corridors: []"), "contracts[0].corridors",
               "unknown key; 'corridors' applies only to "
               "capitation and shared_risk contracts" +
                   keys);
  expect_error(with("    success: no_readmission"), "contracts[0].success",
               "unknown key; 'success' applies only to "
               "cost_per_outcome contracts" +
                   keys);
  // A key of the episode or of the target given at the contract's level.
  expect_error(with("    discount: 0.05"), "contracts[0].discount",
               "unknown key; 'discount' belongs in target "
               "(did you mean target.discount?)" +
                   keys);
  expect_error(with("    window_days: 30"), "contracts[0].window_days",
               "unknown key; 'window_days' belongs in "
               "episode (did you mean episode.window_days?)" +
                   keys);
  // A misspelt key of the type itself gets a suggestion.
  expect_error(edit(kBundle, "    stop_gain: 0.1", "    stop_gian: 0.1"), "contracts[0].stop_gian",
               "unknown key; did you mean 'stop_gain'? " + std::string(kBundleKeys));
  // A misspelt type suggests bundled_payment, and its keys raise no errors on top.
  expect_error(edit(kBundle, "    type: bundled_payment", "    type: bundled_paymnt"), "contracts[0].type",
               "unknown value 'bundled_paymnt'; did you mean "
               "'bundled_payment'? (accepted: fee_for_service, capitation, shared_savings, "
               "shared_risk, pay_for_performance, cost_per_outcome, bundled_payment, blend, transition)");
}

TEST(ScenarioBundle, AtMostFourDistinctEpisodes) {
  // hf_bundle, lejr, b3 and b4: four distinct episodes; b4_again and lejr_again are the same
  // as b4 and lejr once the defaults are filled in, whatever their targets.
  const std::string four = std::string(kBundle) +
                           "  - {name: b3, type: bundled_payment, episode: {trigger_probability: 0.03}}\n"
                           "  - {name: b4, type: bundled_payment, episode: {trigger_probability: 0.04}}\n"
                           "  - {name: b4_again, type: bundled_payment, episode: {trigger_probability: 0.04,\n"
                           "     window_days: 90}, stop_gain: 0}\n"
                           "  - {name: lejr_again, type: bundled_payment, episode: {trigger_probability: 0.02,\n"
                           "     includes: all}, target: {method: fixed, price: 1}}\n";
  expect_valid(four);
  expect_error(four +
                   "  - {name: b5, type: bundled_payment, episode: {trigger_probability: 0.04, "
                   "window_days: 30}}\n",
               "contracts[7].episode",
               "at most 4 distinct episodes per scenario "
               "(bundled_payment contracts whose episodes are the same, defaults filled in, share "
               "one); this would be distinct episode number 5 (the first 4 are those of the "
               "contracts hf_bundle, lejr, b3, b4)");
}

}  // namespace
}  // namespace pmsim
