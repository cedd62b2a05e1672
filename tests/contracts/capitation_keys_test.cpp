// The keys of capitation contracts beyond the PMPM (quality withhold, stop-loss, corridors):
// read, defaults, written back, and their errors by key path.

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
using testing::expect_valid;

const testing::YamlDocument kCapitation = testing::capitation_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();

TEST(ScenarioCapitation, FullContractParses) {
  const Scenario s = parse_scenario(kCapitation, "cap.yaml");
  ASSERT_EQ(s.contracts.size(), 3u);
  const ContractConfig& global = s.contracts[0];
  EXPECT_EQ(global.type(), ContractType::capitation);
  CapitationTerms expected;
  expected.pmpm = 805;
  expected.risk_adjusted = true;
  expected.quality_withhold = 0.02;
  expected.quality_score = 0.8;
  expected.stop_loss = {{100000, 0.9, 12}};
  expected.corridors = {{0.0, 1.0}, {0.05, 0.5}};
  EXPECT_EQ(global.as<CapitationTerms>(), expected);

  const CapitationTerms& primary = s.contracts[1].as<CapitationTerms>();
  EXPECT_EQ(primary.pmpm, 75);
  EXPECT_EQ(primary.covered, (std::array<bool, kCategoryCount>{true, false, false, false, false, false, true}));
  EXPECT_TRUE(primary.stop_loss.empty());
  EXPECT_TRUE(primary.corridors.empty());
  // A truncation equal to a stop-loss attachment is the same amount.
  EXPECT_EQ(shared_terms(s.contracts[2]).truncation, 100000);
}

TEST(ScenarioCapitation, Defaults) {
  const Scenario s = parse_scenario(edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                                         "  - {name: cap, type: capitation, pmpm: 100}\n"
                                         "  - {name: cap2, type: capitation, pmpm: 100, corridors: [],\n"
                                         "     stop_loss: {attachment: 5e4, coinsurance: 0}}"),
                                    "d.yaml");
  ASSERT_EQ(s.contracts.size(), 2u);
  const CapitationTerms& t = s.contracts[0].as<CapitationTerms>();
  CapitationTerms expected;
  expected.pmpm = 100;
  EXPECT_EQ(t, expected);
  EXPECT_TRUE(t.risk_adjusted);
  EXPECT_EQ(t.quality_withhold, 0.0);
  EXPECT_EQ(t.quality_score, 1.0);
  EXPECT_TRUE(t.stop_loss.empty());
  EXPECT_TRUE(t.corridors.empty());
  // Inside stop_loss, premium_pmpm defaults to 0.
  expected.stop_loss = {{50000, 0, 0}};
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>(), expected);
}

TEST(ScenarioCapitation, RoundTrip) {
  const Scenario s = parse_scenario(kCapitation, "a.yaml");
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
  EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  EXPECT_NE(out.find("\n    covers: all\n    quality_withhold: 0.02\n    quality_score: 0.8\n"
                     "    stop_loss:\n      attachment: 100000\n      coinsurance: 0.9\n"
                     "      premium_pmpm: 12\n    corridors:\n      - {from: 0, rate: 1}\n"
                     "      - {from: 0.05, rate: 0.5}\n"),
            std::string::npos)
      << out;
  // No stop-loss: no stop_loss map; no corridors: [].
  EXPECT_NE(out.find("\n    covers: [primary_care, outpatient]\n    quality_withhold: 0\n"
                     "    quality_score: 1\n    corridors: []\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("stop_loss"), out.rfind("stop_loss")) << out;

  // Awkward values round-trip too.
  Scenario d = s;
  CapitationTerms& c = d.contracts[0].as<CapitationTerms>();
  c.quality_withhold = 1.0 / 3.0;
  c.quality_score = 0.1 + 0.2;
  c.stop_loss = {{1e12, 5e-324, 1e7}};
  c.corridors = {{0, 1.0 / 7.0}, {5e-324, 0.25}, {10, 0}};
  const std::string dout = to_yaml(d);
  EXPECT_EQ(parse_scenario(dout, "d.yaml"), d) << dout;
}

TEST(ScenarioCapitation, StopLossNeedsGlobalCapitation) {
  expect_error(edit(kCapitation, "    covers: [primary_care, outpatient]",
                    "    covers: [primary_care, outpatient]\n"
                    "    stop_loss: {attachment: 50000, coinsurance: 0.8}"),
               "contracts[1].stop_loss",
               "individual stop-loss needs a global "
               "capitation (covers: all)");
  expect_error(edit(kCapitation, "    covers: all", "    covers: [inpatient]"), "contracts[0].stop_loss",
               "individual stop-loss needs a global "
               "capitation (covers: all)");
  // Every category listed is a global capitation.
  expect_valid(kCapitation.with(
      "contracts[0].covers", "[primary_care, specialist, emergency, inpatient, readmission, post_acute, outpatient]"));
  // An invalid covers is reported on its own.
  expect_error(edit(kCapitation, "    covers: all", "    covers: [inpatent]"), "contracts[0].covers[0]",
               "unknown value 'inpatent'; did you mean "
               "'inpatient'? (accepted: primary_care, specialist, emergency, inpatient, "
               "readmission, post_acute, outpatient)");
}

TEST(ScenarioCapitation, StopLossErrors) {
  expect_error(edit(kCapitation, "      attachment: 100000\n", ""), "contracts[0].stop_loss",
               "missing required key 'attachment'");
  expect_error(edit(kCapitation, "      coinsurance: 0.9\n", ""), "contracts[0].stop_loss",
               "missing required key 'coinsurance'");
  expect_error(edit(kCapitation, "      attachment: 100000", "      attachment: 0"),
               "contracts[0].stop_loss.attachment", "must be > 0 and <= 1e12, got 0");
  expect_error(edit(kCapitation, "      coinsurance: 0.9", "      coinsurance: 1.5"),
               "contracts[0].stop_loss.coinsurance", "must be in [0, 1], got 1.5");
  expect_error(edit(kCapitation, "      premium_pmpm: 12", "      premium_pmpm: -1"),
               "contracts[0].stop_loss.premium_pmpm", "must be in [0, 1e7], got -1");
  expect_errors(edit(kCapitation, "      coinsurance: 0.9", "      coinsurence: 0.9"),
                {{"contracts[0].stop_loss", "missing required key 'coinsurance'"},
                 {"contracts[0].stop_loss.coinsurence",
                  "unknown key; did you mean "
                  "'coinsurance'? (accepted: attachment, coinsurance, premium_pmpm, provided_by, payment, "
                  "lag_months)"}});
  expect_error(edit(kCapitation,
                    "    stop_loss:\n      attachment: 100000\n      coinsurance: 0.9\n"
                    "      premium_pmpm: 12\n",
                    "    stop_loss: 100000\n"),
               "contracts[0].stop_loss",
               "expected a map or a list of maps (the individual stop-loss of a capitation contract: "
               "attachment, coinsurance, premium_pmpm, provided_by, payment, lag_months; a number is the "
               "stop-loss of a bundled_payment contract), got '100000'");
  expect_error(edit(kCapitation, "    quality_withhold: 0.02", "    quality_withhold: 1.02"),
               "contracts[0].quality_withhold", "must be in [0, 1], got 1.02");
  expect_error(edit(kCapitation, "    quality_score: 0.8", "    quality_score: -0.8"), "contracts[0].quality_score",
               "must be in [0, 1], got -0.8");
}

TEST(ScenarioCapitation, CorridorErrors) {
  expect_error(edit(kCapitation, "{from: 0.05, rate: 0.5}", "{from: 0.0, rate: 0.5}"), "contracts[0].corridors[1].from",
               "corridor bands must be in strictly "
               "ascending order of 'from': expected > 0 (the previous band's from), got 0.0");
  expect_error(edit(kCapitation, "{from: 0.0, rate: 1.0}", "{from: 0.01, rate: 1.0}"), "contracts[0].corridors[0].from",
               "the first corridor band must start "
               "at 0, got 0.01");
  expect_error(edit(kCapitation, "{from: 0.05, rate: 0.5}", "{from: 0.05, rate: 2}"), "contracts[0].corridors[1].rate",
               "must be in [0, 1], got 2");
}

TEST(ScenarioCapitation, AtMostFourDistinctMemberAmounts) {
  // 100000 (twice in kCapitation), 200000, 300000 (twice), 400000: four distinct amounts.
  const std::string four =
      std::string(kCapitation) +
      "  - {name: t2, type: shared_savings, benchmark: {method: fixed, pmpy: 1}, truncation: 2e5}\n"
      "  - {name: t3, type: shared_risk, benchmark: {method: fixed, pmpy: 1}, truncation: 3e5}\n"
      "  - {name: cap4, type: capitation, pmpm: 1, stop_loss: {attachment: 4e5, coinsurance: 1}}\n"
      "  - {name: t3b, type: shared_savings, benchmark: {method: fixed, pmpy: 1},\n"
      "     truncation: 3e5}\n"
      "  - {name: t0, type: shared_savings, benchmark: {method: fixed, pmpy: 1}, truncation: 0}\n";
  expect_valid(four);
  expect_error(four +
                   "  - {name: t5, type: shared_risk, benchmark: {method: fixed, pmpy: 1}, "
                   "truncation: 250000}\n",
               "contracts[8].truncation",
               "at most 4 distinct per-member truncation or "
               "stop-loss amounts per scenario; 250000 would be distinct amount number 5 (the first 4: "
               "100000, 200000, 300000, 400000)");
  expect_error(four +
                   "  - name: cap5\n    type: capitation\n    pmpm: 1\n"
                   "    stop_loss: {attachment: 1, coinsurance: 1}\n",
               "contracts[8].stop_loss.attachment",
               "at most 4 distinct per-member "
               "truncation or stop-loss amounts per scenario; 1 would be distinct amount number 5 (the "
               "first 4: 100000, 200000, 300000, 400000)");
}

TEST(ScenarioCapitation, AtMostFourDistinctMemberAmountsWithPercentiles) {
  // 100000 (twice in kCapitation), 200000, 300000, percentile 0.99 (twice): four distinct
  // amounts; a percentile of 0 (off) counts for nothing, and an attachment of 0.99 (currency)
  // differs from the percentile 0.99.
  const std::string fixed = "{name: %, type: shared_savings, benchmark: {method: fixed, pmpy: 1}";
  auto shared = [&](const std::string& name, const std::string& keys) {
    return "  - " + edit(fixed, "%", name) + ", " + keys + "}\n";
  };
  const std::string four = std::string(kCapitation) + shared("t2", "truncation: 2e5") +
                           shared("t3", "truncation: 3e5") + shared("p99", "truncation_percentile: 0.99") +
                           shared("p99b", "truncation_percentile: 0.990") + shared("p0", "truncation_percentile: 0");
  expect_valid(four);
  expect_error(four + shared("p95", "truncation_percentile: 0.95"), "contracts[8].truncation_percentile",
               "at most 4 distinct per-member "
               "truncation or stop-loss amounts per scenario; percentile 0.95 would be distinct "
               "amount number 5 (the first 4: 100000, 200000, 300000, percentile 0.99)");
  expect_error(four +
                   "  - {name: cap5, type: capitation, pmpm: 1,\n"
                   "     stop_loss: {attachment: 0.99, coinsurance: 1}}\n",
               "contracts[8].stop_loss.attachment",
               "at most 4 distinct per-member "
               "truncation or stop-loss amounts per scenario; 0.99 would be distinct amount "
               "number 5 (the first 4: 100000, 200000, 300000, percentile 0.99)");
  // A percentile beyond four distinct amounts.
  const std::string amounts = std::string(kCapitation) + shared("t2", "truncation: 2e5") +
                              shared("t3", "truncation: 3e5") + shared("t4", "truncation: 4e5");
  expect_valid(amounts);
  expect_error(amounts + shared("p99", "truncation_percentile: 0.99"), "contracts[6].truncation_percentile",
               "at most 4 distinct per-member "
               "truncation or stop-loss amounts per scenario; percentile 0.99 would be distinct "
               "amount number 5 (the first 4: 100000, 200000, 300000, 400000)");
}

TEST(ScenarioCapitation, KeysOfAnotherContractType) {
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  expect_error(edit(kMinimal, ffs,
                    "  - name: ffs\n    type: fee_for_service\n"
                    "    stop_loss: {attachment: 1, coinsurance: 1}"),
               "contracts[0].stop_loss",
               "unknown key; 'stop_loss' applies only to "
               "capitation and bundled_payment contracts (accepted: name, type, payer, preset, include)");
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    quality_withhold: 0.02"),
               "contracts[0].quality_withhold",
               "unknown key; 'quality_withhold' "
               "applies only to capitation, shared_savings and shared_risk contracts (accepted: name, type, payer, "
               "preset, include)");
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    quality_score: 1"),
               "contracts[0].quality_score",
               "unknown key; 'quality_score' applies "
               "only to capitation, shared_savings, shared_risk and pay_for_performance contracts "
               "(accepted: name, type, payer, preset, include)");
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    corridors: []"),
               "contracts[0].corridors",
               "unknown key; 'corridors' applies only to "
               "capitation and shared_risk contracts (accepted: name, type, payer, preset, include)");
  expect_error(edit(kCapitation, "    truncation: 100000",
                    "    truncation: 100000\n    stop_loss: {attachment: 1, coinsurance: 1}"),
               "contracts[2].stop_loss",
               "unknown key; 'stop_loss' applies only to "
               "capitation and bundled_payment contracts (accepted: name, type, payer, benchmark, "
               "truncation, truncation_percentile, minimum_savings_rate, sharing_rate, "
               "quality_score, savings_cap, quality_withhold, quality_measures, settlement, preset, include)");
  // A contract whose type is invalid gets no unknown-key errors for contract keys.
  expect_error(edit(kCapitation, "    type: capitation\n    pmpm: 805", "    type: capitaton\n    pmpm: 805"),
               "contracts[0].type",
               "unknown value 'capitaton'; did you mean "
               "'capitation'? (accepted: fee_for_service, capitation, shared_savings, "
               "shared_risk, pay_for_performance, cost_per_outcome, "
               "bundled_payment, blend, transition)");
}

}  // namespace
}  // namespace pmsim
