// The keys of pay_for_performance contracts: read, defaults, written back, and their errors by
// key path.

#include <gtest/gtest.h>

#include <cmath>
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

const testing::YamlDocument kP4P = testing::pay_for_performance_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();

TEST(ScenarioP4P, FullContractParses) {
  const Scenario s = parse_scenario(kP4P, "p4p.yaml");
  ASSERT_EQ(s.contracts.size(), 3u);
  const ContractConfig& vbp = s.contracts[0];
  EXPECT_EQ(vbp.type(), ContractType::pay_for_performance);
  PayForPerformanceTerms expected;
  expected.withhold = 0.02;
  expected.withhold_slope = 1.5;
  expected.expected_readmission_rate = 0.15;
  expected.readmission_multiplier = 0.1;
  expected.readmission_penalty_cap = 0.05;
  expected.scale = 0.09;
  expected.scale_threshold = 0.6;
  expected.quality_score = 0.8;
  EXPECT_EQ(vbp.as<PayForPerformanceTerms>(), expected);
  EXPECT_TRUE(vbp.quality_measures.empty());

  const ContractConfig& measured = s.contracts[1];
  EXPECT_EQ(measured.type(), ContractType::pay_for_performance);
  PayForPerformanceTerms measured_terms;
  measured_terms.withhold = 0.01;
  EXPECT_EQ(measured.as<PayForPerformanceTerms>(), measured_terms);
  EXPECT_EQ(measured.quality_measures,
            (std::vector<QualityMeasure>{{QualityMeasureKind::readmission_rate, 0.20, 0.15, 1.0},
                                         {QualityMeasureKind::ed_visits_per_1000, 700, 500, 2.0}}));
  // Other contract types leave the p4p terms at their defaults.
}

TEST(ScenarioP4P, Defaults) {
  const Scenario s =
      parse_scenario(edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                          "  - {name: p4p, type: pay_for_performance}\n"
                          "  - {name: hrrp, type: pay_for_performance, readmission_penalty: {expected_rate: 0.2}}\n"
                          "  - {name: empty, type: pay_for_performance, quality_score: 0.5, quality_measures: []}"),
                     "d.yaml");
  ASSERT_EQ(s.contracts.size(), 3u);
  const PayForPerformanceTerms& t = s.contracts[0].as<PayForPerformanceTerms>();
  EXPECT_EQ(t, PayForPerformanceTerms{});
  EXPECT_EQ(t.withhold, 0.0);
  EXPECT_EQ(t.withhold_slope, 1.0);
  EXPECT_EQ(t.expected_readmission_rate, 0.0);  // penalty off
  EXPECT_EQ(t.readmission_multiplier, 1.0);
  EXPECT_EQ(t.readmission_penalty_cap, 0.03);
  EXPECT_EQ(t.scale, 0.0);
  EXPECT_EQ(t.scale_threshold, 0.75);
  EXPECT_EQ(t.quality_score, 1.0);
  EXPECT_TRUE(s.contracts[0].quality_measures.empty());
  // Inside readmission_penalty, multiplier defaults to 1 and cap to 0.03.
  PayForPerformanceTerms hrrp;
  hrrp.expected_readmission_rate = 0.2;
  EXPECT_EQ(s.contracts[1].as<PayForPerformanceTerms>(), hrrp);
  // An explicit empty list of measures; quality_score may then be given.
  EXPECT_EQ(s.contracts[2].as<PayForPerformanceTerms>().quality_score, 0.5);
  EXPECT_TRUE(s.contracts[2].quality_measures.empty());
}

TEST(ScenarioP4P, RoundTrip) {
  const Scenario s = parse_scenario(kP4P, "a.yaml");
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
  EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  EXPECT_NE(out.find("\n    type: pay_for_performance\n    withhold: 0.02\n"
                     "    withhold_slope: 1.5\n    readmission_penalty:\n"
                     "      expected_rate: 0.15\n      multiplier: 0.1\n      cap: 0.05\n"
                     "    scale: 0.09\n    scale_threshold: 0.6\n    quality_score: 0.8\n"
                     "    quality_measures: []\n"),
            std::string::npos)
      << out;
  // Penalty off: no readmission_penalty map; measures given: no quality_score.
  EXPECT_NE(out.find("\n    type: pay_for_performance\n    withhold: 0.01\n"
                     "    withhold_slope: 1\n    scale: 0\n    scale_threshold: 0.75\n"
                     "    quality_measures:\n"
                     "      - {measure: readmission_rate, threshold: 0.2, benchmark: 0.15, "
                     "weight: 1}\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("readmission_penalty"), out.rfind("readmission_penalty")) << out;
  const auto measured = out.find("  - name: p4p_measured\n");
  const auto cap = out.find("  - name: cap\n");
  ASSERT_NE(measured, std::string::npos);
  ASSERT_NE(cap, std::string::npos);
  EXPECT_EQ(out.substr(measured, cap - measured).find("quality_score"), std::string::npos) << out;

  // Awkward values round-trip too.
  Scenario d = s;
  PayForPerformanceTerms& p = d.contracts[0].as<PayForPerformanceTerms>();
  p.withhold = 1.0 / 3.0;
  p.withhold_slope = 10;
  p.expected_readmission_rate = 5e-324;
  p.readmission_multiplier = 100;
  p.readmission_penalty_cap = 0.1 + 0.2;
  p.scale = 1;
  p.scale_threshold = std::nextafter(1.0, 0.0);
  p.quality_score = 1.0 / 7.0;
  const std::string dout = to_yaml(d);
  EXPECT_EQ(parse_scenario(dout, "d.yaml"), d) << dout;
}

TEST(ScenarioP4P, ReadmissionPenaltyErrors) {
  expect_error(edit(kP4P, "      expected_rate: 0.15\n", ""), "contracts[0].readmission_penalty",
               "missing required key "
               "'expected_rate'");
  expect_error(edit(kP4P, "      expected_rate: 0.15", "      expected_rate: 0"),
               "contracts[0].readmission_penalty.expected_rate",
               "must be > 0 and "
               "<= 1, got 0");
  expect_error(edit(kP4P, "      expected_rate: 0.15", "      expected_rate: 1.5"),
               "contracts[0].readmission_penalty.expected_rate",
               "must be > 0 and "
               "<= 1, got 1.5");
  expect_error(edit(kP4P, "      multiplier: 0.1", "      multiplier: 101"),
               "contracts[0].readmission_penalty.multiplier",
               "must be in [0, 100], "
               "got 101");
  expect_error(edit(kP4P, "      cap: 0.05", "      cap: -0.01"), "contracts[0].readmission_penalty.cap",
               "must be in [0, 1], got -0.01");
  expect_error(edit(kP4P, "      multiplier: 0.1", "      multipler: 0.1"),
               "contracts[0].readmission_penalty.multipler",
               "unknown key; did you "
               "mean 'multiplier'? (accepted: expected_rate, multiplier, cap)");
  expect_error(edit(kP4P,
                    "    readmission_penalty:\n      expected_rate: 0.15\n"
                    "      multiplier: 0.1\n      cap: 0.05\n",
                    "    readmission_penalty: 0.15\n"),
               "contracts[0].readmission_penalty", "expected a map, got '0.15'");
}

TEST(ScenarioP4P, RangeErrors) {
  expect_error(edit(kP4P, "    scale_threshold: 0.6", "    scale_threshold: 0"), "contracts[0].scale_threshold",
               "must be > 0 and < 1, got 0");
  expect_error(edit(kP4P, "    scale_threshold: 0.6", "    scale_threshold: 1"), "contracts[0].scale_threshold",
               "must be > 0 and < 1, got 1");
  expect_error(edit(kP4P, "    withhold: 0.02", "    withhold: 1.5"), "contracts[0].withhold",
               "must be in [0, 1], got 1.5");
  expect_error(edit(kP4P, "    withhold: 0.02", "    withhold: -0.02"), "contracts[0].withhold",
               "must be in [0, 1], got -0.02");
  expect_error(edit(kP4P, "    withhold_slope: 1.5", "    withhold_slope: 11"), "contracts[0].withhold_slope",
               "must be in [0, 10], got 11");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 1.09"), "contracts[0].scale", "must be in [0, 1], got 1.09");
  expect_error(edit(kP4P, "    quality_score: 0.8", "    quality_score: 1.8"), "contracts[0].quality_score",
               "must be in [0, 1], got 1.8");
}

TEST(ScenarioP4P, KeysOfAnotherContractType) {
  expect_error(edit(kP4P, "    withhold: 0.01", "    withhold: 0.01\n    pmpm: 900"), "contracts[1].pmpm",
               "unknown key; 'pmpm' applies only to capitation "
               "contracts (accepted: name, type, payer, withhold, withhold_slope, readmission_penalty, "
               "scale, scale_threshold, quality_score, quality_measures, settlement, preset, include)");
  expect_error(
      edit(kP4P, "    scale: 0.09", "    scale: 0.09\n    quality_withhold: 0.02"), "contracts[0].quality_withhold",
      "unknown key; 'quality_withhold' "
      "applies only to capitation, shared_savings and shared_risk contracts (accepted: name, type, payer, withhold, "
      "withhold_slope, readmission_penalty, scale, scale_threshold, quality_score, "
      "quality_measures, settlement, preset, include)");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 0.09\n    sharing_rate: 0.5"), "contracts[0].sharing_rate",
               "unknown key; 'sharing_rate' applies only "
               "to shared_savings and shared_risk contracts (accepted: name, type, payer, withhold, "
               "withhold_slope, readmission_penalty, scale, scale_threshold, quality_score, "
               "quality_measures, settlement, preset, include)");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 0.09\n    corridors: []"), "contracts[0].corridors",
               "unknown key; 'corridors' applies only to "
               "capitation and shared_risk contracts (accepted: name, type, payer, withhold, "
               "withhold_slope, readmission_penalty, scale, scale_threshold, quality_score, "
               "quality_measures, settlement, preset, include)");
  // A misspelt key of the type itself gets a suggestion.
  expect_error(
      edit(kP4P, "    scale_threshold: 0.6", "    scale_treshold: 0.6"), "contracts[0].scale_treshold",
      "unknown key; did you mean "
      "'scale_threshold'? (accepted: name, type, payer, withhold, withhold_slope, "
      "readmission_penalty, scale, scale_threshold, quality_score, quality_measures, settlement, preset, include)");
  // The p4p keys on other types.
  expect_error(edit(kP4P, "    pmpm: 900", "    pmpm: 900\n    withhold: 0.02"), "contracts[2].withhold",
               "unknown key; 'withhold' applies only to "
               "pay_for_performance contracts (accepted: name, type, payer, pmpm, prepayment, risk_adjusted, covers, "
               "quality_withhold, quality_score, stop_loss, corridors, quality_measures, settlement, preset, include)");
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  expect_error(edit(kMinimal, ffs,
                    "  - name: ffs\n    type: fee_for_service\n"
                    "    readmission_penalty: {expected_rate: 0.15}"),
               "contracts[0].readmission_penalty",
               "unknown key; 'readmission_penalty' "
               "applies only to pay_for_performance contracts (accepted: name, type, payer, preset, include)");
  expect_error(edit(kMinimal, ffs,
                    "  - name: mssp\n    type: shared_savings\n"
                    "    benchmark: {method: fixed, pmpy: 12000}\n    scale_threshold: 0.5"),
               "contracts[0].scale_threshold",
               "unknown key; 'scale_threshold' "
               "applies only to pay_for_performance contracts (accepted: name, type, payer, benchmark, "
               "truncation, truncation_percentile, minimum_savings_rate, sharing_rate, "
               "quality_score, savings_cap, quality_withhold, quality_measures, settlement, preset, include)");
  // A misspelt type suggests pay_for_performance, and its keys raise no errors on top.
  expect_error(edit(kP4P, "    type: pay_for_performance\n    withhold: 0.02",
                    "    type: pay_for_performence\n    withhold: 0.02"),
               "contracts[0].type",
               "unknown value 'pay_for_performence'; did you "
               "mean 'pay_for_performance'? (accepted: fee_for_service, capitation, "
               "shared_savings, shared_risk, pay_for_performance, cost_per_outcome, "
               "bundled_payment, blend, transition)");
}

TEST(ScenarioP4P, QualityScoreAndMeasures) {
  expect_error(edit(kP4P, "    withhold: 0.01", "    withhold: 0.01\n    quality_score: 0.8"),
               "contracts[1].quality_score",
               "the quality score is computed from "
               "quality_measures; remove one of them");
  // Measures are checked as for the other types.
  expect_error(edit(kP4P, "{measure: readmission_rate, threshold: 0.20, benchmark: 0.15}",
                    "{measure: screening_rate, threshold: 0.5, benchmark: 0.8}"),
               "contracts[1].quality_measures[0].measure",
               "measure "
               "'screening_rate' needs quality.screening_per_visit > 0");
}

}  // namespace
}  // namespace pmsim
