// The keys of bundled_payment contracts (episode, target, stop-gain and stop-loss): read, their
// defaults and a fixed target, and written back.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
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

const testing::YamlDocument kBundle = testing::bundled_payment_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();

TEST(ScenarioBundle, FullContractsParse) {
  const Scenario s = parse_scenario(kBundle, "bundle.yaml");
  ASSERT_EQ(s.contracts.size(), 3u);
  const ContractConfig& hf = s.contracts[0];
  EXPECT_EQ(hf.name, "hf_bundle");
  EXPECT_EQ(hf.type(), ContractType::bundled_payment);
  BundleTerms expected;
  expected.episode.trigger_probability = 0.05;
  expected.episode.trigger_condition = "heart_failure";
  expected.episode.window_days = 60;
  expected.episode.included = {false, false, false, true, true, true, false};
  expected.episode.spending_cap = 80000;
  expected.target_method = TargetMethod::historical;
  expected.discount = 0.02;
  expected.baseline_weights = {0.2, 0.3, 0.5};
  expected.trend = 0.03;
  expected.risk_adjusted = true;
  expected.stop_gain = 0.1;
  expected.stop_loss = 0.05;
  EXPECT_EQ(hf.as<BundleTerms>(), expected);
  EXPECT_TRUE(hf.quality_measures.empty());

  const ContractConfig& lejr = s.contracts[1];
  EXPECT_EQ(lejr.type(), ContractType::bundled_payment);
  BundleTerms fixed;
  fixed.episode.trigger_probability = 0.02;
  fixed.target_method = TargetMethod::fixed;
  fixed.target_price = 25000;
  fixed.trend = 0.02;
  fixed.stop_loss = 0;
  EXPECT_EQ(lejr.as<BundleTerms>(), fixed);
  // A capitation contract keeps its terms and leaves the bundle terms alone.
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().pmpm, 900);
  EXPECT_EQ(to_string(ContractType::bundled_payment), "bundled_payment");
  EXPECT_EQ(to_string(TargetMethod::historical), "historical");
  EXPECT_EQ(to_string(TargetMethod::fixed), "fixed");
}

TEST(ScenarioBundle, Defaults) {
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  const Scenario s = parse_scenario(
      edit(kMinimal, ffs, "  - {name: b, type: bundled_payment, episode: {trigger_probability: 0.05}}"), "d.yaml");
  ASSERT_EQ(s.contracts.size(), 1u);
  const BundleTerms& t = s.contracts[0].as<BundleTerms>();
  BundleTerms expected;
  expected.episode.trigger_probability = 0.05;
  EXPECT_EQ(t, expected);
  EXPECT_EQ(t.episode.trigger_condition, "");
  EXPECT_EQ(t.episode.trigger_type, "");
  EXPECT_EQ(t.episode.window_days, 90);
  EXPECT_EQ(t.episode.included, (std::array<bool, kCategoryCount>{true, true, true, true, true, true, true}));
  EXPECT_EQ(t.episode.spending_cap, 0.0);
  EXPECT_EQ(t.target_method, TargetMethod::historical);
  EXPECT_EQ(t.discount, 0.03);
  EXPECT_TRUE(t.baseline_weights.empty());
  EXPECT_EQ(t.target_price, 0.0);
  EXPECT_EQ(t.trend, 0.0);
  EXPECT_FALSE(t.risk_adjusted);
  EXPECT_EQ(t.stop_gain, 0.2);
  EXPECT_EQ(t.stop_loss, 0.2);
  // The defaults written out, an empty target map and an explicit empty condition: the same.
  const Scenario explicit_defaults =
      parse_scenario(edit(kMinimal, ffs,
                          "  - name: b\n    type: bundled_payment\n"
                          "    episode: {trigger_probability: 0.05, trigger_condition: \"\", window_days: 90,\n"
                          "              includes: all, spending_cap: 0}\n"
                          "    target: {method: historical, discount: 0.03, baseline_weights: [], trend: 0,\n"
                          "             risk_adjusted: false}\n"
                          "    stop_gain: 0.2\n    stop_loss: 0.2\n"
                          "  - {name: c, type: bundled_payment, episode: {trigger_probability: 0.05},\n"
                          "     target: {}}"),
                     "e.yaml");
  ASSERT_EQ(explicit_defaults.contracts.size(), 2u);
  EXPECT_EQ(explicit_defaults.contracts[0].as<BundleTerms>(), expected);
  EXPECT_EQ(explicit_defaults.contracts[1].as<BundleTerms>(), expected);
  // Every category listed is all of them.
  const Scenario listed =
      parse_scenario(edit(kMinimal, ffs,
                          "  - {name: b, type: bundled_payment, episode: {trigger_probability: 0.05, includes: "
                          "[outpatient, post_acute, readmission, inpatient, emergency, specialist, "
                          "primary_care]}}"),
                     "l.yaml");
  EXPECT_EQ(listed.contracts[0].as<BundleTerms>(), expected);
}

TEST(ScenarioBundle, FixedTarget) {
  // A fixed target needs no baseline; the historical keys keep their defaults.
  const std::string text = edit(edit(kMinimal, "  name: minimal", "  name: minimal\n  baseline_years: 0"),
                                "  - {name: ffs, type: fee_for_service}",
                                "  - name: b\n    type: bundled_payment\n    episode: {trigger_probability: 1}\n"
                                "    target: {method: fixed, price: 1e9, trend: -0.5, risk_adjusted: true}");
  const Scenario s = parse_scenario(text, "f.yaml");
  const BundleTerms& t = s.contracts[0].as<BundleTerms>();
  EXPECT_EQ(t.target_method, TargetMethod::fixed);
  EXPECT_EQ(t.target_price, 1e9);
  EXPECT_EQ(t.trend, -0.5);
  EXPECT_TRUE(t.risk_adjusted);
  EXPECT_EQ(t.discount, 0.03);
  EXPECT_TRUE(t.baseline_weights.empty());
  EXPECT_EQ(t.episode.trigger_probability, 1.0);
  expect_error(edit(text, "price: 1e9", "price: 0"), "contracts[0].target.price", "must be > 0 and <= 1e9, got 0");
  expect_error(edit(text, "price: 1e9", "price: 1.5e9"), "contracts[0].target.price",
               "must be > 0 and <= 1e9, got 1.5e9");
}

TEST(ScenarioBundle, RoundTrip) {
  const Scenario s = parse_scenario(kBundle, "a.yaml");
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
  EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  // Every key, in the documented order; a historical target has no price, a fixed one no
  // discount or baseline weights.
  EXPECT_NE(
      out.find("\n  - name: hf_bundle\n    type: bundled_payment\n    episode:\n"
               "      trigger_probability: 0.05\n      trigger_condition: heart_failure\n      trigger_type: \"\"\n"
               "      window_days: 60\n      includes: [inpatient, readmission, post_acute]\n"
               "      spending_cap: 80000\n    target:\n      method: historical\n"
               "      discount: 0.02\n      baseline_weights: [0.2, 0.3, 0.5]\n"
               "      trend: 0.03\n      risk_adjusted: true\n    stop_gain: 0.1\n"
               "    stop_loss: 0.05\n  - name: lejr\n"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("\n  - name: lejr\n    type: bundled_payment\n    episode:\n"
                     "      trigger_probability: 0.02\n      trigger_condition: \"\"\n      trigger_type: \"\"\n"
                     "      window_days: 90\n      includes: all\n      spending_cap: 0\n"
                     "    target:\n      method: fixed\n      price: 25000\n      trend: 0.02\n"
                     "      risk_adjusted: false\n    stop_gain: 0.2\n    stop_loss: 0\n"
                     "  - name: cap\n"),
            std::string::npos)
      << out;
  // No keys of other types on a bundled_payment contract, and no bundle keys on the others.
  const auto first = out.find("  - name: hf_bundle\n");
  const auto cap = out.find("  - name: cap\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(cap, std::string::npos);
  const std::string bundles = out.substr(first, cap - first);
  for (const char* key :
       {"pmpm", "covers", "quality_score", "quality_measures", "benchmark", "corridors", "attachment"}) {
    EXPECT_EQ(bundles.find(key), std::string::npos) << key << "\n" << out;
  }
  for (const char* key : {"episode", "target", "stop_gain", "stop_loss"}) {
    EXPECT_EQ(out.find(key, cap), std::string::npos) << key << "\n" << out;
  }

  // Defaults (historical) and awkward values round-trip too, with either method.
  Scenario d = parse_scenario(edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                                   "  - {name: b, type: bundled_payment, episode: {trigger_probability: 0.05}}"),
                              "d.yaml");
  const std::string dout = to_yaml(d);
  EXPECT_NE(dout.find("\n    target:\n      method: historical\n      discount: 0.03\n"
                      "      baseline_weights: []\n      trend: 0\n      risk_adjusted: false\n"
                      "    stop_gain: 0.2\n    stop_loss: 0.2\n"),
            std::string::npos)
      << dout;
  EXPECT_EQ(parse_scenario(dout, "e.yaml"), d) << dout;
  BundleTerms& t = d.contracts[0].as<BundleTerms>();
  t.episode.trigger_probability = 0.1 + 0.2;
  t.episode.trigger_condition = "";
  t.episode.window_days = 365;
  t.episode.spending_cap = 1.0 / 3.0;
  t.discount = std::nextafter(1.0, 0.0);
  t.baseline_weights = {1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0};
  t.trend = 1e-300;
  t.stop_gain = 5e-324;
  t.stop_loss = 1;
  for (int k = 0; k < kCategoryCount; ++k) {
    t.episode.included = {};
    t.episode.included[static_cast<std::size_t>(k)] = true;
    const std::string awkward = to_yaml(d);
    EXPECT_EQ(parse_scenario(awkward, "f.yaml"), d) << awkward;
  }
  t.target_method = TargetMethod::fixed;
  t.discount = BundleTerms{}.discount;
  t.baseline_weights.clear();
  t.target_price = 1.0 / 7.0;
  t.risk_adjusted = true;
  const std::string fixed = to_yaml(d);
  EXPECT_EQ(parse_scenario(fixed, "g.yaml"), d) << fixed;
}

}  // namespace
}  // namespace pmsim
