// The keys of shared_savings and shared_risk contracts: read, defaults, written back, and their
// errors by key path.

#include <gtest/gtest.h>

#include <string>

#include "config/scenario.h"
#include "contract_scenarios.h"
#include "scenario/scenario_yaml.h"
#include "scenario_errors.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::edit;
using testing::errors_of;
using testing::expect_error;
using testing::expect_errors;
using testing::expect_valid;

const testing::YamlDocument kShared = testing::shared_savings_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();
const testing::YamlDocument kFull = testing::detailed_scenario();

TEST(ScenarioShared, FullContractsParse) {
  const Scenario s = parse_scenario(kShared, "shared.yaml");
  ASSERT_EQ(s.contracts.size(), 3u);

  const ContractConfig& mssp = s.contracts[0];
  EXPECT_EQ(mssp.type(), ContractType::shared_savings);
  SharedSavingsTerms one;
  one.benchmark.method = BenchmarkMethod::historical;
  one.benchmark.baseline_weights = {0.1, 0.3, 0.6};
  one.benchmark.trend = 0.03;
  one.benchmark.risk_adjusted = false;
  one.benchmark.risk_growth_cap = 0.05;
  one.benchmark.regional_weight = 0.25;
  one.benchmark.regional_pmpy = 11000;
  one.benchmark.agreement_years = 5;
  one.truncation = 100000;
  one.msr_size_based = true;
  one.minimum_savings_rate = 0.0;
  one.sharing_rate = 0.4;
  one.quality_score = 0.9;
  one.savings_cap = 0.08;
  EXPECT_EQ(shared_terms(mssp), one);

  const ContractConfig& enhanced = s.contracts[1];
  EXPECT_EQ(enhanced.type(), ContractType::shared_risk);
  SharedSavingsTerms two;
  two.benchmark.method = BenchmarkMethod::fixed;
  two.benchmark.fixed_pmpy = 12000;
  two.benchmark.trend = -0.01;
  two.minimum_savings_rate = 0.02;
  two.mlr_size_based = true;
  two.loss_rate_from_quality = true;
  two.loss_rate_min = 0.4;
  two.loss_rate_max = 0.75;
  two.loss_cap_benchmark = 0.15;
  two.loss_cap_revenue = 0.05;
  two.corridors = {{0.0, 0.5}, {0.05, 0.35}};
  EXPECT_EQ(shared_terms(enhanced), two);

  const SharedSavingsTerms& linear = shared_terms(s.contracts[2]);
  EXPECT_EQ(s.contracts[2].type(), ContractType::shared_risk);
  EXPECT_FALSE(linear.mlr_size_based);
  EXPECT_EQ(linear.minimum_loss_rate, 0.01);
  EXPECT_FALSE(linear.loss_rate_from_quality);
  EXPECT_EQ(linear.loss_sharing_rate, 0.6);
  EXPECT_EQ(linear.benchmark, BenchmarkTerms{});
}

TEST(ScenarioShared, Defaults) {
  const std::string text = edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                                "  - {name: one, type: shared_savings}\n  - {name: two, type: shared_risk}");
  const Scenario s = parse_scenario(text, "d.yaml");
  ASSERT_EQ(s.contracts.size(), 2u);
  EXPECT_EQ(s.contracts[0].type(), ContractType::shared_savings);
  EXPECT_EQ(s.contracts[1].type(), ContractType::shared_risk);
  for (const ContractConfig& c : s.contracts) {
    const SharedSavingsTerms& t = shared_terms(c);
    EXPECT_EQ(t.benchmark.method, BenchmarkMethod::historical);
    EXPECT_TRUE(t.benchmark.baseline_weights.empty());
    EXPECT_EQ(t.benchmark.trend, 0.0);
    EXPECT_TRUE(t.benchmark.risk_adjusted);
    EXPECT_EQ(t.benchmark.risk_growth_cap, 0.03);
    EXPECT_EQ(t.benchmark.regional_weight, 0.0);
    EXPECT_EQ(t.benchmark.agreement_years, 0);
    EXPECT_EQ(t.truncation, 0.0);
    EXPECT_EQ(t.truncation_percentile, 0.0);
    EXPECT_FALSE(t.msr_size_based);
    EXPECT_EQ(t.minimum_savings_rate, 0.0);
    EXPECT_EQ(t.sharing_rate, 0.5);
    EXPECT_EQ(t.quality_score, 1.0);
    EXPECT_EQ(t.savings_cap, 0.10);
    EXPECT_EQ(t.minimum_loss_rate, 0.0);
    EXPECT_EQ(t.loss_sharing_rate, 0.3);
    EXPECT_EQ(t.loss_rate_min, 0.0);
    EXPECT_EQ(t.loss_rate_max, 1.0);
    EXPECT_EQ(t.loss_cap_benchmark, 0.0);
    EXPECT_EQ(t.loss_cap_revenue, 0.0);
    EXPECT_TRUE(t.corridors.empty());
  }
  // An empty list is the same as no weights (equal weights), and no corridors.
  const std::string empty_lists =
      edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
           "  - {name: two, type: shared_risk, benchmark: {baseline_weights: []}, corridors: []}");
  EXPECT_EQ(shared_terms(parse_scenario(empty_lists, "e.yaml").contracts[0]), SharedSavingsTerms{});
  // A fixed benchmark needs no baseline.
  const std::string fixed = edit(edit(kMinimal, "  name: minimal", "  name: minimal\n  baseline_years: 0"),
                                 "  - {name: ffs, type: fee_for_service}",
                                 "  - {name: one, type: shared_savings, benchmark: {method: fixed, pmpy: 1.5e4}}");
  const BenchmarkTerms b = shared_terms(parse_scenario(fixed, "f.yaml").contracts[0]).benchmark;
  EXPECT_EQ(b.method, BenchmarkMethod::fixed);
  EXPECT_EQ(b.fixed_pmpy, 15000.0);
  EXPECT_TRUE(b.risk_adjusted);
}

TEST(ScenarioShared, RoundTrip) {
  const Scenario s = parse_scenario(kShared, "a.yaml");
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
  EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  EXPECT_NE(out.find("\n    type: shared_savings\n    benchmark:\n      method: historical\n"
                     "      baseline_weights: [0.1, 0.3, 0.6]\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\n    minimum_savings_rate: mssp\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    minimum_savings_rate: 0.02\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    minimum_loss_rate: mssp\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    loss_sharing_rate: from_quality\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    loss_sharing_bounds: [0.4, 0.75]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    corridors:\n      - {from: 0, rate: 0.5}\n"
                     "      - {from: 0.05, rate: 0.35}\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\n      method: fixed\n      trend: -0.01\n      risk_adjusted: true\n"
                     "      risk_growth_cap: 0.03\n      discount: 0\n      pmpy: 12000\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\n    corridors: []\n"), std::string::npos) << out;  // risk_linear
  // One-sided contracts have no two-sided keys; fixed benchmarks no historical keys.
  const auto enhanced = out.find("name: enhanced");
  EXPECT_EQ(out.substr(0, enhanced).find("loss_"), std::string::npos) << out;
  EXPECT_EQ(out.find("regional_weight", enhanced), out.find("regional_weight", out.find("name: risk_linear")));

  // Defaults, and awkward values, round-trip too.
  Scenario d = parse_scenario(edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                                   "  - {name: one, type: shared_savings}\n  - {name: two, type: shared_risk}"),
                              "d.yaml");
  shared_terms(d.contracts[0]).benchmark.trend = 0.1 + 0.2;
  shared_terms(d.contracts[0]).truncation = 1e12;
  shared_terms(d.contracts[1]).truncation_percentile = 0.1 + 0.2;
  shared_terms(d.contracts[1]).benchmark.baseline_weights = {1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0};
  shared_terms(d.contracts[1]).benchmark.risk_growth_cap = 1e-300;
  shared_terms(d.contracts[1]).corridors = {{0, 1.0 / 7.0}, {5e-324, 0.25}, {10, 0}};
  const std::string dout = to_yaml(d);
  EXPECT_NE(dout.find("\n      baseline_weights: []\n"), std::string::npos) << dout;
  EXPECT_NE(dout.find("\n    truncation: 1000000000000\n    truncation_percentile: 0\n"), std::string::npos) << dout;
  EXPECT_NE(dout.find("\n    truncation_percentile: 0.30000000000000004\n"), std::string::npos) << dout;
  EXPECT_EQ(parse_scenario(dout, "e.yaml"), d) << dout;
}

TEST(ScenarioShared, BaselineWeightErrors) {
  expect_error(edit(kShared, "[0.1, 0.3, 0.6]", "[0.1, 0.3, 0.5]"), "contracts[0].benchmark.baseline_weights",
               "the baseline weights must "
               "sum to 1 (within 1e-6), got 0.9");
  expect_error(edit(kShared, "[0.1, 0.3, 0.6]", "[0.4, 0.6]"), "contracts[0].benchmark.baseline_weights",
               "expected 3 values (one per "
               "baseline year, simulation.baseline_years), got 2");
  expect_errors(kShared.with("contracts[0].benchmark.baseline_weights", "[0.1, 1.3, -0.4]"),
                {{"contracts[0].benchmark.baseline_weights[1]", "must be in [0, 1], got 1.3"},
                 {"contracts[0].benchmark.baseline_weights[2]", "must be in [0, 1], got -0.4"}});
  expect_error(edit(kShared, "[0.1, 0.3, 0.6]", "0.5"), "contracts[0].benchmark.baseline_weights",
               "expected a sequence, got "
               "'0.5'");
}

TEST(ScenarioShared, CorridorErrors) {
  expect_error(edit(kShared, "{from: 0, rate: 0.5}", "{from: 0.01, rate: 0.5}"), "contracts[1].corridors[0].from",
               "the first corridor band must start "
               "at 0, got 0.01");
  expect_error(edit(kShared, "{from: 0.05, rate: 0.35}", "{from: 0, rate: 0.35}"), "contracts[1].corridors[1].from",
               "corridor bands must be in strictly "
               "ascending order of 'from': expected > 0 (the previous band's from), got 0");
  expect_error(edit(kShared, "{from: 0.05, rate: 0.35}", "{from: 0.05, rate: 1.35}"), "contracts[1].corridors[1].rate",
               "must be in [0, 1], got 1.35");
  expect_error(edit(kShared, "{from: 0.05, rate: 0.35}", "{from: 0.05}"), "contracts[1].corridors[1]",
               "missing required key 'rate'");
  std::string many = "    corridors: [";
  for (int i = 0; i < 17; ++i) {
    many += (i > 0 ? ", {from: " : "{from: ") + std::to_string(i) + ", rate: 0}";
  }
  expect_error(std::string(kShared) + many + "]\n", "contracts[2].corridors", "must have at most 16 items, got 17");
}

TEST(ScenarioShared, RateOrWordErrors) {
  expect_error(edit(kShared, "minimum_savings_rate: mssp", "minimum_savings_rate: msp"),
               "contracts[0].minimum_savings_rate",
               "unknown value 'msp'; did you mean "
               "'mssp'? (accepted: mssp, or a number in [0, 1])");
  expect_error(edit(kShared, "minimum_savings_rate: mssp", "minimum_savings_rate: 2"),
               "contracts[0].minimum_savings_rate", "must be in [0, 1], got 2");
  expect_error(edit(kShared, "minimum_loss_rate: mssp", "minimum_loss_rate: [mssp]"), "contracts[1].minimum_loss_rate",
               "expected 'mssp' or a number in [0, "
               "1], got a sequence");
  expect_error(edit(kShared, "loss_sharing_rate: from_quality", "loss_sharing_rate: quality"),
               "contracts[1].loss_sharing_rate",
               "unknown value 'quality' (accepted: "
               "from_quality, or a number in [0, 1])");
  expect_error(edit(kShared, "[0.4, 0.75]", "[0.8, 0.75]"), "contracts[1].loss_sharing_bounds",
               "the minimum (0.8) must be <= the "
               "maximum (0.75)");
  expect_error(edit(kShared, "[0.4, 0.75]", "[0.4]"), "contracts[1].loss_sharing_bounds",
               "expected a sequence of two numbers "
               "[min, max], got a sequence of 1 items");
}

TEST(ScenarioShared, TruncationPercentile) {
  // Parses, on both shared types; 0 (off) may go with a truncation amount.
  const std::string text = edit(edit(kShared, "    minimum_savings_rate: 0.02",
                                     "    minimum_savings_rate: 0.02\n    truncation_percentile: 0.99"),
                                "    truncation: 100000", "    truncation: 100000\n    truncation_percentile: 0");
  const Scenario s = parse_scenario(text, "p.yaml");
  EXPECT_EQ(shared_terms(s.contracts[0]).truncation, 100000);
  EXPECT_EQ(shared_terms(s.contracts[0]).truncation_percentile, 0.0);
  EXPECT_EQ(shared_terms(s.contracts[1]).truncation, 0.0);
  EXPECT_EQ(shared_terms(s.contracts[1]).truncation_percentile, 0.99);
  EXPECT_EQ(shared_terms(s.contracts[2]).truncation_percentile, 0.0);
  SharedSavingsTerms expected = shared_terms(parse_scenario(kShared, "a.yaml").contracts[1]);
  expected.truncation_percentile = 0.99;
  EXPECT_EQ(shared_terms(s.contracts[1]), expected);
  const std::string mssp_only = edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                                     "  - {name: one, type: shared_savings, truncation_percentile: 0.95}");
  EXPECT_EQ(shared_terms(parse_scenario(mssp_only, "m.yaml").contracts[0]).truncation_percentile, 0.95);

  // Round trip: written for every shared contract, 0 when off.
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
  EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  EXPECT_NE(out.find("\n    truncation: 0\n    truncation_percentile: 0.99\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    truncation: 100000\n    truncation_percentile: 0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("truncation_percentile", out.find("name: risk_linear")), std::string::npos) << out;

  // Out of range: [0, 1).
  const std::string p = "    minimum_savings_rate: 0.02\n    truncation_percentile: ";
  expect_error(edit(kShared, "    minimum_savings_rate: 0.02", p + "1.0"), "contracts[1].truncation_percentile",
               "must be >= 0 and < 1, got 1.0");
  expect_error(edit(kShared, "    minimum_savings_rate: 0.02", p + "-0.1"), "contracts[1].truncation_percentile",
               "must be >= 0 and < 1, got -0.1");
  expect_error(edit(kShared, "    minimum_savings_rate: 0.02", p + "99"), "contracts[1].truncation_percentile",
               "must be >= 0 and < 1, got 99");

  // Both a positive amount and a positive percentile.
  expect_error(edit(kShared, "    truncation: 100000", "    truncation: 100000\n    truncation_percentile: 0.99"),
               "contracts[0].truncation_percentile",
               "give either truncation (an amount) or "
               "truncation_percentile, not both");
  expect_valid(kShared.with("contracts[0].truncation", "0").with("contracts[0].truncation_percentile", "0.99"));

  // Only shared contracts have it.
  expect_error(edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                    "  - {name: ffs, type: fee_for_service, truncation_percentile: 0.99}"),
               "contracts[0].truncation_percentile",
               "unknown key; "
               "'truncation_percentile' applies only to shared_savings and shared_risk contracts "
               "(accepted: name, type, payer, preset, include)");
}

TEST(ScenarioShared, KeysOfAnotherContractType) {
  expect_error(edit(kShared, "    savings_cap: 0.08", "    savings_cap: 0.08\n    minimum_loss_rate: 0.02"),
               "contracts[0].minimum_loss_rate",
               "unknown key; 'minimum_loss_rate' "
               "applies only to shared_risk contracts (accepted: name, type, payer, benchmark, "
               "truncation, truncation_percentile, minimum_savings_rate, sharing_rate, "
               "quality_score, savings_cap, quality_withhold, quality_measures, settlement, preset, include)");
  expect_error(edit(kShared, "    savings_cap: 0.08", "    savings_cap: 0.08\n    corridors: []"),
               "contracts[0].corridors",
               "unknown key; 'corridors' applies only to "
               "capitation and shared_risk contracts (accepted: name, type, payer, benchmark, truncation, "
               "truncation_percentile, minimum_savings_rate, sharing_rate, quality_score, "
               "savings_cap, quality_withhold, quality_measures, settlement, preset, include)");
  expect_error(edit(kShared, "    savings_cap: 0.08", "    savings_cap: 0.08\n    pmpm: 10"), "contracts[0].pmpm",
               "unknown key; 'pmpm' applies only to capitation "
               "contracts (accepted: name, type, payer, benchmark, truncation, truncation_percentile, "
               "minimum_savings_rate, sharing_rate, quality_score, savings_cap, quality_withhold, quality_measures, "
               "settlement, preset, include)");
  const auto risk_adjusted =
      errors_of(edit(kShared, "    savings_cap: 0.08", "    savings_cap: 0.08\n    risk_adjusted: true"));
  ASSERT_EQ(risk_adjusted.size(), 1u);
  EXPECT_NE(risk_adjusted[0].find("(did you mean benchmark.risk_adjusted?)"), std::string::npos) << risk_adjusted[0];
  expect_error(edit(kFull, "    type: fee_for_service", "    type: fee_for_service\n    sharing_rate: 1"),
               "contracts[0].sharing_rate",
               "unknown key; 'sharing_rate' applies only "
               "to shared_savings and shared_risk contracts (accepted: name, type, payer, preset, include)");
  expect_error(
      edit(kFull, "    pmpm: 950", "    pmpm: 950\n    loss_cap_revenue: 0.1"), "contracts[1].loss_cap_revenue",
      "unknown key; 'loss_cap_revenue' "
      "applies only to shared_risk contracts (accepted: name, type, payer, pmpm, prepayment, risk_adjusted, "
      "covers, quality_withhold, quality_score, stop_loss, corridors, quality_measures, settlement, preset, include)");
  // A misspelt shared key still gets a suggestion.
  expect_error(edit(kShared, "    sharing_rate: 0.4", "    sharing_rte: 0.4"), "contracts[0].sharing_rte",
               "unknown key; did you mean 'sharing_rate'? "
               "(accepted: name, type, payer, benchmark, truncation, truncation_percentile, "
               "minimum_savings_rate, sharing_rate, quality_score, savings_cap, quality_withhold, quality_measures, "
               "settlement, preset, include)");
}

TEST(ScenarioShared, BenchmarkErrors) {
  expect_error(edit(kShared, "      agreement_years: 5", "      agreement_years: 5\n      pmpy: 12000"),
               "contracts[0].benchmark.pmpy",
               "unknown key; 'pmpy' applies only to "
               "benchmark method fixed (accepted: method, baseline_weights, trend, risk_adjusted, "
               "risk_growth_cap, discount, regional_weight, regional_pmpy, agreement_years)");
  expect_error(
      edit(kShared, "{method: fixed, pmpy: 12000, trend: -0.01}", "{method: fixed, pmpy: 12000, regional_weight: 0.5}"),
      "contracts[1].benchmark.regional_weight",
      "unknown key; "
      "'regional_weight' applies only to benchmark method historical (accepted: method, "
      "trend, risk_adjusted, risk_growth_cap, discount, pmpy)");
  expect_error(edit(kShared, "{method: fixed, pmpy: 12000, trend: -0.01}", "{method: fixed}"), "contracts[1].benchmark",
               "missing required key 'pmpy'");
  expect_error(edit(kShared, "{method: fixed, pmpy: 12000, trend: -0.01}", "{method: fixed, pmpy: 0}"),
               "contracts[1].benchmark.pmpy", "must be > 0 and <= 1e9, got 0");
  expect_error(edit(kShared, "{method: fixed,", "{method: fixd,"), "contracts[1].benchmark.method",
               "unknown value 'fixd'; did you mean "
               "'fixed'? (accepted: historical, fixed)");
  expect_error(edit(kShared, "      regional_pmpy: 11000\n", ""), "contracts[0].benchmark",
               "missing key 'regional_pmpy', required when "
               "regional_weight > 0 (regional_weight is 0.25)");
  expect_error(edit(kShared, "      regional_pmpy: 11000", "      regional_pmpy: 0"),
               "contracts[0].benchmark.regional_pmpy",
               "must be > 0 when "
               "regional_weight > 0 (regional_weight is 0.25), got 0");
  expect_error(edit(kShared, "      trend: 0.03", "      trend: -0.6"), "contracts[0].benchmark.trend",
               "must be in [-0.5, 1], got -0.6");
  expect_error(edit(kShared, "      agreement_years: 5", "      agreement_years: 5.0"),
               "contracts[0].benchmark.agreement_years",
               "expected an integer, got "
               "'5.0'");
}

TEST(ScenarioShared, HistoricalNeedsBaselineYears) {
  expect_errors(kShared.with("simulation.baseline_years", "0"),
                {{"contracts[0].benchmark.method",
                  "benchmark method historical needs "
                  "simulation.baseline_years >= 1, got 0"},
                 {"contracts[2]",
                  "the default benchmark (method historical) needs "
                  "simulation.baseline_years >= 1, got 0; give a benchmark with method fixed and "
                  "pmpy instead"}});
}

}  // namespace
}  // namespace pmsim
