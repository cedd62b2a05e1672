// The keys of cost_per_outcome contracts: read, defaults, written back, and their errors by key
// path.

#include <gtest/gtest.h>

#include <array>
#include <string>

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

const testing::YamlDocument kOutcome = testing::cost_per_outcome_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();
const testing::YamlDocument kP4P = testing::pay_for_performance_scenario();

TEST(ScenarioOutcome, FullContractParses) {
  const Scenario s = parse_scenario(kOutcome, "outcome.yaml");
  ASSERT_EQ(s.contracts.size(), 4u);
  const ContractConfig& diabetes = s.contracts[0];
  EXPECT_EQ(diabetes.name, "diabetes_cpso");
  EXPECT_EQ(diabetes.type(), ContractType::cost_per_outcome);
  OutcomeTerms expected;
  expected.success = SuccessDefinition::condition_controlled;
  expected.price_per_success = 1200;
  expected.base_per_attempt = 100;
  expected.covered[static_cast<std::size_t>(Category::primary_care)] = true;
  expected.covered[static_cast<std::size_t>(Category::outpatient)] = true;
  EXPECT_EQ(diabetes.as<OutcomeTerms>(), expected);
  EXPECT_TRUE(diabetes.quality_measures.empty());

  const OutcomeTerms& episodes = s.contracts[2].as<OutcomeTerms>();
  EXPECT_EQ(episodes.success, SuccessDefinition::no_readmission);
  EXPECT_EQ(episodes.price_per_success, 2500.5);
  EXPECT_EQ(episodes.base_per_attempt, 0);
  EXPECT_EQ(episodes.covered, (std::array<bool, kCategoryCount>{true, true, true, true, true, true, true}));
  // A capitation contract keeps its terms and leaves the outcome terms alone.
  EXPECT_EQ(s.contracts[3].as<CapitationTerms>().pmpm, 900);
}

TEST(ScenarioOutcome, Defaults) {
  const Scenario s = parse_scenario(kOutcome, "outcome.yaml");
  const OutcomeTerms& avoided = s.contracts[1].as<OutcomeTerms>();
  EXPECT_EQ(avoided.success, SuccessDefinition::no_avoidable_admission);
  EXPECT_EQ(avoided.price_per_success, 50);
  EXPECT_EQ(avoided.base_per_attempt, 0);
  EXPECT_EQ(avoided.covered, (std::array<bool, kCategoryCount>{}));  // none: an add-on to FFS
  // An empty covers list means none too.
  const Scenario e = parse_scenario(
      edit(kOutcome, "    price_per_success: 50\n", "    price_per_success: 50\n    covers: []\n"), "outcome.yaml");
  EXPECT_EQ(e.contracts[1].as<OutcomeTerms>(), avoided);
  // no_readmission needs no quality setting; no quality section at all is fine.
  const Scenario r = parse_scenario(edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                                         "  - {name: episodes, type: cost_per_outcome, success: no_readmission, "
                                         "price_per_success: 10}"),
                                    "outcome.yaml");
  ASSERT_EQ(r.contracts.size(), 1u);
  OutcomeTerms expected;
  expected.success = SuccessDefinition::no_readmission;
  expected.price_per_success = 10;
  EXPECT_EQ(r.contracts[0].as<OutcomeTerms>(), expected);
}

TEST(ScenarioOutcome, RoundTrip) {
  const Scenario s = parse_scenario(kOutcome, "a.yaml");
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
  EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  // Some, none and all categories covered.
  EXPECT_NE(out.find("\n    type: cost_per_outcome\n    success: condition_controlled\n"
                     "    price_per_success: 1200\n    base_per_attempt: 100\n"
                     "    covers: [primary_care, outpatient]\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\n    type: cost_per_outcome\n    success: no_avoidable_admission\n"
                     "    price_per_success: 50\n    base_per_attempt: 0\n    covers: []\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\n    type: cost_per_outcome\n    success: no_readmission\n"
                     "    price_per_success: 2500.5\n    base_per_attempt: 0\n    covers: all\n"),
            std::string::npos)
      << out;
  // No keys of other types on a cost_per_outcome contract.
  const auto first = out.find("  - name: diabetes_cpso\n");
  const auto cap = out.find("  - name: cap\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(cap, std::string::npos);
  const std::string outcome_part = out.substr(first, cap - first);
  for (const char* key : {"pmpm", "quality_score", "quality_measures", "withhold", "benchmark", "corridors"}) {
    EXPECT_EQ(outcome_part.find(key), std::string::npos) << key << "\n" << out;
  }

  // Awkward values and every single category round-trip too.
  Scenario d = s;
  OutcomeTerms& t = d.contracts[1].as<OutcomeTerms>();
  t.price_per_success = 1.0 / 3.0;
  t.base_per_attempt = 1e9;
  for (int k = 0; k < kCategoryCount; ++k) {
    t.covered = {};
    t.covered[static_cast<std::size_t>(k)] = true;
    const std::string dout = to_yaml(d);
    EXPECT_EQ(parse_scenario(dout, "d.yaml"), d) << dout;
  }
  t.covered.fill(true);
  t.covered[0] = false;
  const std::string dout = to_yaml(d);
  EXPECT_EQ(parse_scenario(dout, "d.yaml"), d) << dout;
}

TEST(ScenarioOutcome, MissingKeys) {
  expect_error(edit(kOutcome, "    success: condition_controlled\n", ""), "contracts[0]",
               "missing required key 'success'");
  expect_error(edit(kOutcome, "    price_per_success: 50\n", ""), "contracts[1]",
               "missing required key 'price_per_success'");
  // A misspelt key: the missing key and the suggestion.
  expect_errors(edit(kOutcome, "    success: no_readmission", "    sucess: no_readmission"),
                {{"contracts[2]", "missing required key 'success'"},
                 {"contracts[2].sucess",
                  "unknown key; did you mean 'success'? "
                  "(accepted: name, type, payer, success, price_per_success, base_per_attempt, covers, settlement, "
                  "preset, include)"}});
}

TEST(ScenarioOutcome, BadSuccessName) {
  expect_error(edit(kOutcome, "    success: condition_controlled", "    success: condition_controled"),
               "contracts[0].success",
               "unknown value 'condition_controled'; did you "
               "mean 'condition_controlled'? (accepted: condition_controlled, "
               "no_avoidable_admission, no_readmission)");
  expect_error(edit(kOutcome, "    success: no_readmission", "    success: [no_readmission]"), "contracts[2].success",
               "expected one of: condition_controlled, "
               "no_avoidable_admission, no_readmission, got a sequence");
}

TEST(ScenarioOutcome, SuccessNeedsQualitySetting) {
  expect_error(edit(kOutcome,
                    "  controlled_condition: diabetes\n  control_base: 0.45\n"
                    "  control_per_visit: 0.04\n",
                    ""),
               "contracts[0].success",
               "success condition_controlled needs "
               "quality.controlled_condition");
  // An explicitly empty condition is no condition.
  expect_error(edit(kOutcome,
                    "  controlled_condition: diabetes\n  control_base: 0.45\n"
                    "  control_per_visit: 0.04\n",
                    "  controlled_condition: \"\"\n"),
               "contracts[0].success",
               "success condition_controlled needs "
               "quality.controlled_condition");
}

TEST(ScenarioOutcome, SuccessNeedsAvoidableAdmissions) {
  expect_error(edit(kOutcome, "  avoidable_share: 0.15", "  avoidable_share: 0"), "contracts[1].success",
               "success no_avoidable_admission needs "
               "quality.avoidable_share > 0");
  // Without a quality section both settings are off.
  const std::string no_quality = edit(kOutcome,
                                      "quality:\n  controlled_condition: diabetes\n  control_base: 0.45\n"
                                      "  control_per_visit: 0.04\n  avoidable_share: 0.15\n",
                                      "");
  expect_errors(no_quality, {{"contracts[0].success",
                              "success condition_controlled needs "
                              "quality.controlled_condition"},
                             {"contracts[1].success",
                              "success no_avoidable_admission needs "
                              "quality.avoidable_share > 0"}});
}

TEST(ScenarioOutcome, RangeErrors) {
  expect_error(edit(kOutcome, "    price_per_success: 1200", "    price_per_success: -1"),
               "contracts[0].price_per_success", "must be in [0, 1e9], got -1");
  expect_error(edit(kOutcome, "    price_per_success: 1200", "    price_per_success: 2e9"),
               "contracts[0].price_per_success", "must be in [0, 1e9], got 2e9");
  expect_error(edit(kOutcome, "    base_per_attempt: 100", "    base_per_attempt: -100"),
               "contracts[0].base_per_attempt", "must be in [0, 1e9], got -100");
}

TEST(ScenarioOutcome, CoversErrors) {
  expect_error(edit(kOutcome, "    covers: [primary_care, outpatient]", "    covers: [primary_care, primary_care]"),
               "contracts[0].covers[1]", "duplicate category 'primary_care'");
  expect_error(edit(kOutcome, "    covers: [primary_care, outpatient]", "    covers: [primary_care, outpatent]"),
               "contracts[0].covers[1]",
               "unknown value 'outpatent'; did you mean "
               "'outpatient'? (accepted: primary_care, specialist, emergency, inpatient, "
               "readmission, post_acute, outpatient)");
  expect_error(edit(kOutcome, "    covers: all", "    covers: none"), "contracts[2].covers",
               "expected 'all' or a sequence of category "
               "names, got 'none'");
  // An empty list stays an error for capitation.
  expect_error(edit(kOutcome, "    pmpm: 900", "    pmpm: 900\n    covers: []"), "contracts[3].covers",
               "must not be empty");
}

TEST(ScenarioOutcome, KeysOfAnotherContractType) {
  expect_error(edit(kOutcome, "    price_per_success: 50", "    price_per_success: 50\n    pmpm: 900"),
               "contracts[1].pmpm",
               "unknown key; 'pmpm' applies only to capitation "
               "contracts (accepted: name, type, payer, success, price_per_success, base_per_attempt, "
               "covers, settlement, preset, include)");
  expect_error(edit(kOutcome, "    price_per_success: 50", "    price_per_success: 50\n    quality_score: 0.9"),
               "contracts[1].quality_score",
               "unknown key; 'quality_score' applies "
               "only to capitation, shared_savings, shared_risk and pay_for_performance contracts "
               "(accepted: name, type, payer, success, price_per_success, base_per_attempt, covers, settlement, "
               "preset, include)");
  expect_error(edit(kOutcome, "    pmpm: 900", "    pmpm: 900\n    price_per_success: 10"),
               "contracts[3].price_per_success",
               "unknown key; 'price_per_success' "
               "applies only to cost_per_outcome contracts (accepted: name, type, payer, pmpm, prepayment, "
               "risk_adjusted, covers, quality_withhold, quality_score, stop_loss, corridors, "
               "quality_measures, settlement, preset, include)");
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    success: no_readmission"),
               "contracts[0].success",
               "unknown key; 'success' applies only to "
               "cost_per_outcome contracts (accepted: name, type, payer, preset, include)");
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    covers: all"), "contracts[0].covers",
               "unknown key; 'covers' applies only to "
               "capitation and cost_per_outcome contracts (accepted: name, type, payer, preset, include)");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 0.09\n    base_per_attempt: 5"),
               "contracts[0].base_per_attempt",
               "unknown key; 'base_per_attempt' "
               "applies only to cost_per_outcome contracts (accepted: name, type, payer, withhold, "
               "withhold_slope, readmission_penalty, scale, scale_threshold, quality_score, "
               "quality_measures, settlement, preset, include)");
  // A misspelt type suggests cost_per_outcome, and its keys raise no errors on top.
  expect_error(edit(kOutcome, "    type: cost_per_outcome\n    success: condition_controlled",
                    "    type: cost_per_outcom\n    success: condition_controlled"),
               "contracts[0].type",
               "unknown value 'cost_per_outcom'; did you mean "
               "'cost_per_outcome'? (accepted: fee_for_service, capitation, shared_savings, "
               "shared_risk, pay_for_performance, cost_per_outcome, "
               "bundled_payment, blend, transition)");
}

}  // namespace
}  // namespace pmsim
