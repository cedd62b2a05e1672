// The quality section and the contracts' quality measures: read, defaults, written back, and
// their errors by key path.

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

const testing::YamlDocument kQuality = testing::quality_scenario();
const testing::YamlDocument kMinimal = testing::minimal_scenario();
const testing::YamlDocument kShared = testing::shared_savings_scenario();
const testing::YamlDocument kCapitation = testing::capitation_scenario();

TEST(ScenarioQuality, SectionAndMeasuresParse) {
  const Scenario s = parse_scenario(kQuality, "quality.yaml");
  EXPECT_EQ(s.quality, (QualityConfig{0.15, "diabetes", 0.45, 0.04, 0.9, 0.15}));
  ASSERT_EQ(s.contracts.size(), 4u);
  EXPECT_TRUE(s.contracts[0].quality_measures.empty());
  EXPECT_EQ(s.contracts[1].quality_measures,
            (std::vector<QualityMeasure>{{QualityMeasureKind::readmission_rate, 0.20, 0.15, 1.0},
                                         {QualityMeasureKind::screening_rate, 0.5, 0.8, 2.0}}));
  EXPECT_EQ(shared_terms(s.contracts[1]).quality_score, 1.0);
  EXPECT_EQ(s.contracts[2].quality_measures,
            (std::vector<QualityMeasure>{{QualityMeasureKind::control_rate, 0.4, 0.7, 1.0},
                                         {QualityMeasureKind::avoidable_admissions_per_1000, 40, 20, 0.5},
                                         {QualityMeasureKind::ed_visits_per_1000, 700, 500, 1.0}}));
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().quality_withhold, 0.02);
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().quality_score, 1.0);
  EXPECT_TRUE(s.contracts[3].quality_measures.empty());
  EXPECT_EQ(shared_terms(s.contracts[3]).quality_score, 0.9);
  EXPECT_EQ(to_string(QualityMeasureKind::avoidable_admissions_per_1000), "avoidable_admissions_per_1000");
}

TEST(ScenarioQuality, Defaults) {
  const Scenario s = parse_scenario(kMinimal, "min.yaml");
  EXPECT_EQ(s.quality, QualityConfig{});
  EXPECT_EQ(s.quality, (QualityConfig{0.0, "", 0.0, 0.0, 1.0, 0.0}));
  EXPECT_TRUE(s.contracts[0].quality_measures.empty());
  // An empty section, and a section with only some keys.
  const std::string empty_section = edit(kQuality, R"(quality:
  screening_per_visit: 0.15
  controlled_condition: diabetes
  control_base: 0.45
  control_per_visit: 0.04
  control_max: 0.9
  avoidable_share: 0.15
)",
                                         "quality: {screening_per_visit: 0.2, avoidable_share: 0.1}\n");
  const Scenario partial = parse_scenario(
      edit(empty_section, "      - {measure: control_rate, threshold: 0.4, benchmark: 0.7}\n", ""), "q.yaml");
  EXPECT_EQ(partial.quality, (QualityConfig{0.2, "", 0.0, 0.0, 1.0, 0.1}));
  // A measure's weight defaults to 1.
  EXPECT_EQ(partial.contracts[2].quality_measures[1].weight, 1.0);
  // An explicit empty list of measures; quality_score may then be given.
  const Scenario listed = parse_scenario(
      edit(kQuality, "    quality_score: 0.9", "    quality_score: 0.9\n    quality_measures: []"), "q.yaml");
  EXPECT_TRUE(listed.contracts[3].quality_measures.empty());
  EXPECT_EQ(shared_terms(listed.contracts[3]).quality_score, 0.9);
}

TEST(ScenarioQuality, RoundTrip) {
  for (const std::string& text : {kQuality.text(), kMinimal.text(), kShared.text(), kCapitation.text()}) {
    const Scenario s = parse_scenario(text, "a.yaml");
    const std::string out = to_yaml(s);
    EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
    EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  }
  const std::string out = to_yaml(parse_scenario(kQuality, "a.yaml"));
  EXPECT_NE(out.find("\nquality:\n  screening_per_visit: 0.15\n  controlled_condition: diabetes\n"
                     "  control_base: 0.45\n  control_per_visit: 0.04\n  control_max: 0.9\n"
                     "  avoidable_share: 0.15\nrisk_adjustment:\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\n    quality_measures:\n"
                     "      - {measure: readmission_rate, threshold: 0.2, benchmark: 0.15, "
                     "weight: 1}\n"
                     "      - {measure: screening_rate, threshold: 0.5, benchmark: 0.8, "
                     "weight: 2}\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\n    quality_score: 0.9\n    savings_cap: 0.1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    quality_measures: []\n"), std::string::npos) << out;
  // A computed quality score: no quality_score key (it would conflict with the measures).
  const auto cap = out.find("\n  - name: cap\n");
  const auto risk = out.find("\n  - name: risk\n");
  ASSERT_NE(cap, std::string::npos);
  ASSERT_NE(risk, std::string::npos);
  EXPECT_EQ(out.substr(cap, risk - cap).find("quality_score"), std::string::npos) << out;

  // No quality section: every key written, the condition as an empty string.
  const std::string min_out = to_yaml(parse_scenario(kMinimal, "a.yaml"));
  EXPECT_NE(min_out.find("\nquality:\n  screening_per_visit: 0\n  controlled_condition: \"\"\n"
                         "  control_base: 0\n  control_per_visit: 0\n  control_max: 1\n"
                         "  avoidable_share: 0\n"),
            std::string::npos)
      << min_out;

  // A condition name that needs quoting, and awkward numbers.
  Scenario s = parse_scenario(kQuality, "a.yaml");
  s.population.conditions[1].name = "null";
  s.quality.controlled_condition = "null";
  s.quality.control_base = 0.1 + 0.2;
  s.contracts[1].quality_measures[0].threshold = 1.0 / 3.0;
  s.contracts[1].quality_measures[0].weight = 1e-300;
  const std::string awkward = to_yaml(s);
  EXPECT_EQ(parse_scenario(awkward, "b.yaml"), s) << awkward;
}

TEST(ScenarioQuality, UnknownConditionWithSuggestion) {
  expect_error(edit(kQuality, "controlled_condition: diabetes", "controlled_condition: diabets"),
               "quality.controlled_condition",
               "unknown condition 'diabets'; did you "
               "mean 'diabetes'? (the conditions of population.conditions: diabetes, chf)");
  // Its control_rate measure is not reported on top.
  expect_error(edit(kQuality, "controlled_condition: diabetes", "controlled_condition: copd"),
               "quality.controlled_condition",
               "unknown condition 'copd' (the "
               "conditions of population.conditions: diabetes, chf)");
  // No condition at all.
  const std::string none = edit(kQuality, R"(  conditions:
    - {name: diabetes, prevalence: 0.25}
    - {name: chf, prevalence: 0.1}
)",
                                "");
  expect_error(none, "quality.controlled_condition",
               "unknown condition 'diabetes' "
               "(population.conditions is empty)");
  // A condition whose name is invalid (reported) is not reported again here.
  expect_error(edit(kQuality, "{name: diabetes,", "{name: diabetes!,"), "population.conditions[0].name",
               "may contain only letters, digits "
               "and '_', got 'diabetes!'");
  // Unknown keys of the section get suggestions.
  expect_error(edit(kQuality, "  avoidable_share: 0.15", "  avoidable_share: 0.15\n  control_mx: 1"),
               "quality.control_mx",
               "unknown key; did you mean "
               "'control_max'? (accepted: screening_per_visit, controlled_condition, "
               "control_base, control_per_visit, control_max, avoidable_share)");
  expect_error(edit(kQuality, "  screening_per_visit: 0.15", "  screening_per_visit: 1.5"),
               "quality.screening_per_visit", "must be in [0, 1], got 1.5");
}

TEST(ScenarioQuality, ControlKeysNeedCondition) {
  const std::string text = edit(edit(kQuality, "  controlled_condition: diabetes\n", ""),
                                "      - {measure: control_rate, threshold: 0.4, benchmark: 0.7}\n", "");
  const std::string needs = "needs quality.controlled_condition (the condition whose control it describes)";
  expect_errors(
      text, {{"quality.control_base", needs}, {"quality.control_per_visit", needs}, {"quality.control_max", needs}});
  // An explicit empty condition is none, too.
  expect_error(edit(edit(edit(text, "  control_per_visit: 0.04\n", ""), "  control_max: 0.9\n", ""),
                    "  control_base: 0.45", "  controlled_condition: \"\"\n  control_base: 0.45"),
               "quality.control_base",
               "needs quality.controlled_condition (the "
               "condition whose control it describes)");
  // At their defaults (as to_yaml writes them) they are accepted.
  const Scenario s = parse_scenario(
      edit(edit(edit(text, "control_base: 0.45", "control_base: 0"), "control_per_visit: 0.04", "control_per_visit: 0"),
           "control_max: 0.9", "control_max: 1"),
      "s.yaml");
  EXPECT_EQ(s.quality, (QualityConfig{0.15, "", 0.0, 0.0, 1.0, 0.15}));
}

TEST(ScenarioQuality, ControlMaxBelowBase) {
  expect_error(edit(kQuality, "  control_max: 0.9", "  control_max: 0.3"), "quality.control_max",
               "must be >= control_base (0.45), got 0.3");
  // Equal is fine.
  EXPECT_EQ(parse_scenario(edit(kQuality, "  control_max: 0.9", "  control_max: 0.45"), "s").quality.control_max, 0.45);
}

TEST(ScenarioQuality, BadMeasureName) {
  expect_error(edit(kQuality, "measure: readmission_rate", "measure: readmision_rate"),
               "contracts[1].quality_measures[0].measure",
               "unknown value "
               "'readmision_rate'; did you mean 'readmission_rate'? (accepted: readmission_rate, "
               "ed_visits_per_1000, screening_rate, control_rate, avoidable_admissions_per_1000)");
  expect_error(edit(kQuality, "{measure: readmission_rate, ", "{"), "contracts[1].quality_measures[0]",
               "missing required key 'measure'");
  expect_error(edit(kQuality, "threshold: 0.5, benchmark: 0.8, weight: 2", "threshold: 0.5, benchmark: 0.8, weight: 0"),
               "contracts[1].quality_measures[1].weight",
               "must be > 0 and <= 1000, "
               "got 0");
  expect_error(edit(kQuality, "threshold: 0.20,", "threshold: -1,"), "contracts[1].quality_measures[0].threshold",
               "must be in [0, 1e6], "
               "got -1");
  expect_error(edit(kQuality, "weight: 2}", "weight: 2, wieght: 1}"), "contracts[1].quality_measures[1].wieght",
               "unknown key; did you mean "
               "'weight'? (accepted: measure, threshold, benchmark, weight)");
  std::string nine;
  for (int i = 0; i < 9; ++i) nine += "- {measure: readmission_rate, threshold: 0.2, benchmark: 0.15}\n";
  expect_error(kQuality.with("contracts[1].quality_measures", nine), "contracts[1].quality_measures",
               "must have at most 8 items, got 9");
}

TEST(ScenarioQuality, ThresholdEqualsBenchmark) {
  expect_error(edit(kQuality, "threshold: 0.5, benchmark: 0.8", "threshold: 0.5, benchmark: 0.50"),
               "contracts[1].quality_measures[1].benchmark",
               "must differ from "
               "threshold (0.5; the measure scores 0 at the threshold and 1 at the benchmark), "
               "got 0.50");
  expect_error(edit(kQuality, "threshold: 0.4, benchmark: 0.7}", "threshold: 0.4}"), "contracts[2].quality_measures[0]",
               "missing required key 'benchmark'");
}

TEST(ScenarioQuality, MeasureNeedsSetting) {
  expect_error(edit(kQuality, "  screening_per_visit: 0.15", "  screening_per_visit: 0"),
               "contracts[1].quality_measures[1].measure",
               "measure 'screening_rate' "
               "needs quality.screening_per_visit > 0");
  expect_error(edit(kQuality, "  avoidable_share: 0.15", "  avoidable_share: 0"),
               "contracts[2].quality_measures[1].measure",
               "measure "
               "'avoidable_admissions_per_1000' needs quality.avoidable_share > 0");
  // Without a quality section, all three are off.
  const std::string no_section = edit(kQuality, R"(quality:
  screening_per_visit: 0.15
  controlled_condition: diabetes
  control_base: 0.45
  control_per_visit: 0.04
  control_max: 0.9
  avoidable_share: 0.15
)",
                                      "");
  expect_errors(no_section, {{"contracts[1].quality_measures[1].measure",
                              "measure "
                              "'screening_rate' needs quality.screening_per_visit > 0"},
                             {"contracts[2].quality_measures[0].measure",
                              "measure 'control_rate' "
                              "needs quality.controlled_condition"},
                             {"contracts[2].quality_measures[1].measure",
                              "measure "
                              "'avoidable_admissions_per_1000' needs quality.avoidable_share > 0"}});
  // An invalid setting (reported) is not reported again at the measures.
  expect_error(edit(kQuality, "  screening_per_visit: 0.15", "  screening_per_visit: high"),
               "quality.screening_per_visit", "expected a number, got 'high'");
}

TEST(ScenarioQuality, MeasuresOnFeeForService) {
  expect_error(edit(kQuality, "    type: fee_for_service", "    type: fee_for_service\n    quality_measures: []"),
               "contracts[0].quality_measures",
               "unknown key; 'quality_measures' "
               "applies only to capitation, shared_savings, shared_risk and pay_for_performance "
               "contracts (accepted: name, type, payer, preset, include)");
}

TEST(ScenarioQuality, QualityScoreAndMeasures) {
  expect_error(edit(kQuality, "    quality_withhold: 0.02", "    quality_withhold: 0.02\n    quality_score: 0.8"),
               "contracts[2].quality_score",
               "the quality score is computed from "
               "quality_measures; remove one of them");
  expect_error(edit(kQuality, "    quality_score: 0.9",
                    "    quality_score: 0.9\n    quality_measures:\n"
                    "      - {measure: ed_visits_per_1000, threshold: 700, benchmark: 500}"),
               "contracts[3].quality_score",
               "the quality score is computed from "
               "quality_measures; remove one of them");
}

}  // namespace
}  // namespace pmsim
