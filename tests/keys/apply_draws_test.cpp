// A replication's drawn values applied to the scenario's structs by key path
// (keys/parameter_values.h): the same scenario as reading the file with the drawn value
// written in, for the keys the parser does not store one to one as well; and the rules
// between keys a draw can break (keys/scenario_rules.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "keys/parameter_values.h"
#include "keys/scenario_rules.h"
#include "random/parameter_distribution.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

// Each uncertain value of the scenario below: its placeholder, its distribution, its key path.
struct Uncertain {
  std::string placeholder;
  std::string distribution;
  std::string key;
};
const std::vector<Uncertain> kUncertain = {
    {"@ALL@", "{distribution: uniform, min: 1.1, max: 1.3}", "population.conditions[0].utilization.all"},
    {"@PREVALENCE@", "{distribution: beta, mean: 0.1, sd: 0.02}", "population.conditions[1].prevalence[0]"},
    {"@RATE@", "{distribution: gamma, mean: 0.15, sd: 0.015}", "services.inpatient.rate"},
    {"@CV@", "{distribution: uniform, min: 0, max: 1}", "services.inpatient.severity_cv"},
    {"@MSR@", "{distribution: uniform, min: 0.01, max: 0.03}", "contracts[1].minimum_savings_rate"},
    {"@LOW@", "{distribution: uniform, min: 0.1, max: 0.3}", "contracts[1].loss_sharing_bounds[0]"},
    {"@CAP@", "{distribution: uniform, min: 0.02, max: 0.06}", "contracts[1].loss_cap_benchmark"},
    {"@PMPM@", "{distribution: normal, mean: 900, sd: 50}", "contracts[2].pmpm"},
};

// Every special case: `all` of a table of factors (inpatient given by name), severity_cv,
// a word-or-number key, items of lists, and a contract whose terms follow a schedule (terms
// by year).
const std::string kScenario = R"(simulation: {name: keys, replications: 4, years: 3, baseline_years: 1, seed: 5}
population:
  size: 200
  age_bands:
    - {min_age: 65, max_age: 74, share: 0.5, mortality: 0.02}
    - {min_age: 75, max_age: 84, share: 0.5, mortality: 0.05}
  conditions:
    - {name: diabetes, prevalence: [0.2, 0.3], utilization: {all: @ALL@, inpatient: 1.5}}
    - {name: copd, prevalence: [@PREVALENCE@, 0.1]}
services:
  primary_care: {rate: 6, fee: 100, delivered_by: provider, unit_cost: 80}
  specialist: {rate: 0, fee: 0, delivered_by: others}
  emergency: {rate: 0, fee: 0, delivered_by: others}
  inpatient: {rate: @RATE@, fee: 12000, delivered_by: others, severity_cv: @CV@}
  readmission: {rate: 0, fee: 0, delivered_by: others}
  post_acute: {rate: 0, fee: 0, delivered_by: others}
  outpatient: {rate: 0, fee: 0, delivered_by: others}
provider: {fixed_costs: 100000, reserves: 50000}
contracts:
  - {name: ffs, type: fee_for_service}
  - name: aco
    type: shared_risk
    benchmark: {method: fixed, pmpy: 10000}
    minimum_savings_rate: @MSR@
    loss_sharing_rate: {1: 0.3, 3: 0.5}
    loss_sharing_bounds: [@LOW@, {1: 0.8, 2: 0.35}]
    loss_cap_benchmark: @CAP@
  - {name: cap, type: capitation, pmpm: @PMPM@}
)";

// The scenario's text with each placeholder replaced by its distribution, or by `number`.
std::string scenario_text(const std::map<std::string, std::string>& numbers = {}) {
  std::string text = kScenario;
  for (const Uncertain& u : kUncertain) {
    const auto it = numbers.find(u.placeholder);
    text.replace(text.find(u.placeholder), u.placeholder.size(), it == numbers.end() ? u.distribution : it->second);
  }
  return text;
}

std::vector<double> nominal_values(const Scenario& s) {
  std::vector<double> values;
  for (const UncertainParameter& p : s.uncertain) values.push_back(nominal_value(p.distribution));
  return values;
}

std::size_t index_of(const Scenario& s, const std::string& key) {
  for (std::size_t j = 0; j < s.uncertain.size(); ++j)
    if (s.uncertain[j].key == key) return j;
  ADD_FAILURE() << "no uncertain parameter " << key;
  return 0;
}

std::vector<std::filesystem::path> scenario_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(PMSIM_SOURCE_DIR "/scenarios"))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  return files;
}

TEST(ApplyDraws, TheNominalValuesChangeNothing) {
  const Scenario s = parse_scenario(scenario_text(), "keys.yaml");
  ASSERT_EQ(s.uncertain.size(), kUncertain.size());
  Scenario applied = s;
  apply_parameter_values(applied, nominal_values(s));
  EXPECT_EQ(applied, s);
}

// The oracle: the file with the drawn value written as a number in place of its distribution.
TEST(ApplyDraws, AValueSetsExactlyTheFieldsOfItsKey) {
  const Scenario s = parse_scenario(scenario_text(), "keys.yaml");
  const std::vector<std::pair<std::string, std::string>> draws = {
      {"@ALL@", "1.15"},  {"@PREVALENCE@", "0.12"}, {"@RATE@", "0.16"}, {"@CV@", "0.25"}, {"@CV@", "0"},
      {"@MSR@", "0.015"}, {"@LOW@", "0.15"},        {"@CAP@", "0.03"},  {"@PMPM@", "950"}};
  for (const auto& [placeholder, number] : draws) {
    SCOPED_TRACE(placeholder + " = " + number);
    std::string key;
    for (const Uncertain& u : kUncertain)
      if (u.placeholder == placeholder) key = u.key;
    Scenario applied = s;
    std::vector<double> values = nominal_values(s);
    values[index_of(s, key)] = std::stod(number);
    apply_parameter_values(applied, values);

    Scenario expected = parse_scenario(scenario_text({{placeholder, number}}), "keys.yaml");
    expected.uncertain = s.uncertain;  // the oracle has the value as a number
    EXPECT_EQ(applied, expected);
    EXPECT_NE(applied, s);
  }
}

TEST(ApplyDraws, TermsByYearGetTheDrawnValueToo) {
  const Scenario s = parse_scenario(scenario_text(), "keys.yaml");
  ASSERT_EQ(s.contracts[1].by_year.size(), 3u);
  Scenario applied = s;
  std::vector<double> values = nominal_values(s);
  values[index_of(s, "contracts[1].loss_cap_benchmark")] = 0.05;
  apply_parameter_values(applied, values);
  EXPECT_EQ(shared_terms(applied.contracts[1]).loss_cap_benchmark, 0.05);
  for (const ContractConfig& year : applied.contracts[1].by_year)
    EXPECT_EQ(shared_terms(year).loss_cap_benchmark, 0.05);
}

TEST(ApplyDraws, AValueForEveryCategoryIsHeldByEachCategoryNotNamed) {
  const Scenario s = parse_scenario(scenario_text(), "keys.yaml");
  const UncertainParameter& all = s.uncertain[index_of(s, "population.conditions[0].utilization.all")];
  std::vector<std::string> expected;
  for (std::string_view name : kCategoryNames)
    if (name != "inpatient") expected.push_back("population.conditions[0].utilization." + std::string(name));
  EXPECT_EQ(all.stored_at, expected);
  // The resolved scenario writes it where it was given, and reads back the same.
  const std::string yaml = to_yaml(s);
  EXPECT_NE(yaml.find("        all: {distribution: uniform, min: 1.1, max: 1.3}\n        inpatient: 1.5\n"),
            std::string::npos)
      << yaml;
  EXPECT_EQ(parse_scenario(yaml, "resolved.yaml"), s);
}

TEST(ApplyDraws, EveryKeyOfEveryScenarioIsFoundAndKeepsTheRules) {
  int uncertain = 0;
  for (const auto& file : scenario_files()) {
    SCOPED_TRACE(file.filename().string());
    const Scenario s = load_scenario(file.string());
    EXPECT_EQ(describe(broken_rules(s)), "");
    for (const UncertainParameter& p : s.uncertain) EXPECT_FALSE(p.stored_at.empty()) << p.key;
    Scenario applied = s;
    EXPECT_NO_THROW(apply_parameter_values(applied, nominal_values(s)));
    EXPECT_EQ(applied, s);
    uncertain += static_cast<int>(s.uncertain.size());
  }
  EXPECT_GT(uncertain, 0);  // scenarios/parameter_uncertainty.yaml
}

TEST(ApplyDraws, AKeyWithoutAFieldIsAnError) {
  Scenario s = parse_scenario(scenario_text(), "keys.yaml");
  s.uncertain[0].stored_at = {"services.inpatient.no_such_key"};
  EXPECT_THROW(apply_parameter_values(s, nominal_values(s)), std::logic_error);
}

TEST(DrawnValueRules, ARuleBetweenKeysIsCheckedWithEachYearsTerms) {
  const Scenario s = parse_scenario(scenario_text(), "keys.yaml");
  EXPECT_TRUE(broken_rules(s).empty());
  Scenario applied = s;
  std::vector<double> values = nominal_values(s);
  values[index_of(s, "contracts[1].loss_sharing_bounds[0]")] = 0.5;  // above year 2's maximum
  apply_parameter_values(applied, values);
  EXPECT_EQ(describe(broken_rules(applied)),
            "contracts[1].loss_sharing_bounds: the minimum (0.5) must be <= the maximum (0.35) (with the terms of "
            "performance year 2)");
}

// control_base drawn above control_max in about 1 replication in 6.
TEST(DrawnValueRules, ADrawThatBreaksARuleStopsTheRunNamingTheReplication) {
  std::string text = scenario_text();
  text.replace(text.find("provider:"), 0,
               "quality: {controlled_condition: diabetes, control_base: {distribution: uniform, min: 0.3, max: 0.9}, "
               "control_max: 0.8}\n");
  const Simulation nominal(parse_scenario(text, "keys.yaml"));
  std::string message;
  for (std::uint32_t r = 0; r < 100 && message.empty(); ++r) {
    try {
      nominal.for_replication(r);
    } catch (const std::runtime_error& e) {
      message = e.what();
      const std::vector<double> drawn = draw_parameters(nominal.scenario(), r);
      const double base = drawn[index_of(nominal.scenario(), "quality.control_base")];
      EXPECT_GT(base, 0.8);
      EXPECT_EQ(message, "replication " + std::to_string(r) +
                             ": the drawn values of the uncertain parameters break a rule of the scenario:\n"
                             "quality.control_max: must be >= control_base (" +
                             format_number(base) + "), got 0.8");
    }
  }
  EXPECT_FALSE(message.empty());
}

}  // namespace
}  // namespace pmsim
