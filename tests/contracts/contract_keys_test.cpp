// Each contract type's declared keys (contract_keys, contracts/contract_keys.h) are exactly
// the keys its reader accepts: a contract using all of them parses, an unknown key lists them
// (and nothing else) as accepted, and each of them, given a value nothing accepts, is
// reported, so that a key read but not declared, or declared but not read, fails here.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "contracts/contract_types.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"
#include "util/words.h"

namespace pmsim {
namespace {

// A scenario in which every key of every type can take a valid value: conditions, an
// admission type, the quality outcomes simulated, two payers, a baseline, and two
// fee-for-service contracts (one per payer) for a blend's components and a transition's stages.
const std::string kScenario =
    std::string(R"(simulation:
  name: keys
  years: 3
  baseline_years: 2
population:
  size: 100
  age_bands:
    - {min_age: 65, max_age: 69, share: 1, mortality: 0.01}
  conditions:
    - {name: diabetes, prevalence: 0.2}
services:
)") +
    testing::services_only("{rate: 1, fee: 100, delivered_by: provider}", "{rate: 1, fee: 100, delivered_by: others}") +
    R"(admission_types:
  - {name: hip, share: 0.5}
quality:
  screening_per_visit: 0.1
  controlled_condition: diabetes
  avoidable_share: 0.1
payers:
  - {name: a, share: 0.5}
  - {name: b, share: 0.5}
contracts:
)";
const char* const kOtherContracts = R"(  - {name: ffs_a, type: fee_for_service, payer: a}
  - {name: ffs_b, type: fee_for_service, payer: b}
)";

using Keys = std::vector<std::pair<std::string, std::string>>;  // key, value (flow YAML)

//! A valid value for every key of each type, in the order the type declares them.
const std::map<std::string, Keys>& examples() {
  static const std::map<std::string, Keys> all = {
      {"fee_for_service", {{"payer", "a"}}},
      {"capitation",
       {{"payer", "a"},
        {"pmpm", "100"},
        {"prepayment", "quarterly"},
        {"risk_adjusted", "false"},
        {"covers", "all"},
        {"quality_withhold", "0.02"},
        {"quality_score", "0.9"},
        {"stop_loss", "{attachment: 50000, coinsurance: 0.8}"},
        {"corridors", "[{from: 0, rate: 0.5}]"},
        {"quality_measures", "[{measure: screening_rate, threshold: 0.1, benchmark: 0.5}]"},
        {"settlement", "{interim: quarterly, interim_lag_months: 1, lag_months: 3}"}}},
      {"shared_savings",
       {{"payer", "a"},
        {"benchmark", "{method: historical, trend: 0.01}"},
        {"truncation", "100000"},
        {"truncation_percentile", "0"},
        {"minimum_savings_rate", "mssp"},
        {"sharing_rate", "0.5"},
        {"quality_score", "0.9"},
        {"savings_cap", "0.1"},
        {"quality_withhold", "0.02"},
        {"quality_measures", "[{measure: control_rate, threshold: 0.2, benchmark: 0.6}]"},
        {"settlement", "{lag_months: 9}"}}},
      {"shared_risk",
       {{"payer", "a"},
        {"benchmark", "{method: fixed, pmpy: 12000}"},
        {"truncation", "100000"},
        {"truncation_percentile", "0"},
        {"minimum_savings_rate", "0.02"},
        {"sharing_rate", "0.5"},
        {"quality_score", "0.9"},
        {"savings_cap", "0.1"},
        {"quality_withhold", "0.02"},
        {"minimum_loss_rate", "mssp"},
        {"loss_sharing_rate", "from_quality"},
        {"loss_sharing_bounds", "[0.3, 0.7]"},
        {"loss_cap_benchmark", "0.05"},
        {"loss_cap_revenue", "0.1"},
        {"corridors", "[{from: 0, rate: 0.5}, {from: 0.05, rate: 0.2}]"},
        {"quality_measures", "[{measure: readmission_rate, threshold: 0.2, benchmark: 0.1}]"},
        {"settlement", "{interim: semiannual}"}}},
      {"pay_for_performance",
       {{"payer", "a"},
        {"withhold", "0.02"},
        {"withhold_slope", "1.5"},
        {"readmission_penalty", "{expected_rate: 0.15}"},
        {"scale", "0.01"},
        {"scale_threshold", "0.5"},
        {"quality_score", "0.9"},
        {"quality_measures", "[{measure: avoidable_admissions_per_1000, threshold: 50, benchmark: 20}]"},
        {"settlement", "{interim: monthly}"}}},
      {"cost_per_outcome",
       {{"payer", "a"},
        {"success", "no_readmission"},
        {"price_per_success", "100"},
        {"base_per_attempt", "10"},
        {"covers", "[inpatient]"},
        {"settlement", "{lag_months: 0}"}}},
      {"bundled_payment",
       {{"payer", "a"},
        {"episode", "{trigger_probability: 0.5, trigger_type: hip, trigger_condition: diabetes}"},
        {"target", "{method: fixed, price: 20000}"},
        {"stop_gain", "0.2"},
        {"stop_loss", "0.2"},
        {"settlement", "{interim: quarterly}"}}},
      {"blend", {{"components", "[ffs_a, ffs_b]"}}},
      {"transition", {{"stages", "[{from_year: 1, contract: ffs_a}]"}, {"payer", "a"}}},
  };
  return all;
}

//! Keys that exclude each other: given both, the contract is refused.
std::set<std::string> excluded_by(const std::string& key) {
  if (key == "quality_score") return {"quality_measures"};
  if (key == "quality_measures") return {"quality_score"};
  return {};
}

std::vector<std::string> declared_keys(ContractType type) {
  const ContractTerms terms = default_terms(type);
  const auto keys = std::visit([](const auto& t) { return contract_keys(t); }, terms);
  return {keys.begin(), keys.end()};
}

//! The scenario with contract 0 of `type` with `keys` (and `extra`, a line of flow YAML).
std::string scenario_with(ContractType type, const Keys& keys, const std::string& extra = "") {
  std::string contract = "  - {name: under_test, type: " + std::string(to_string(type));
  for (const auto& [key, value] : keys) contract += ", " + key + ": " + value;
  contract += extra + "}\n";
  return kScenario + contract + kOtherContracts;
}

//! The example of `type` without the keys in `left_out`.
Keys example_without(ContractType type, const std::set<std::string>& left_out) {
  Keys keys;
  for (const auto& kv : examples().at(std::string(to_string(type))))
    if (!left_out.count(kv.first)) keys.push_back(kv);
  return keys;
}
//! A valid example of `type`: quality measured, not also given.
Keys valid_example(ContractType type) { return example_without(type, {"quality_score"}); }

std::vector<std::string> errors_of(const std::string& yaml) {
  try {
    parse_scenario(yaml, "k.yaml");
  } catch (const ScenarioError& e) {
    return e.messages();
  }
  return {};
}

std::vector<ContractType> all_types() {
  std::vector<ContractType> types;
  for (std::size_t i = 0; i < kContractTypeCount; ++i) types.push_back(static_cast<ContractType>(i));
  return types;
}

TEST(ContractKeys, TheExamplesUseEveryDeclaredKeyInItsOrder) {
  for (ContractType type : all_types()) {
    ASSERT_TRUE(examples().count(std::string(to_string(type)))) << to_string(type) << " has no example here";
    std::vector<std::string> keys;
    for (const auto& kv : examples().at(std::string(to_string(type)))) keys.push_back(kv.first);
    EXPECT_EQ(keys, declared_keys(type)) << to_string(type);
  }
}

TEST(ContractKeys, AContractWithEveryDeclaredKeyParses) {
  for (ContractType type : all_types()) {
    for (const char* left_out : {"quality_measures", "quality_score"}) {
      const auto errors = errors_of(scenario_with(type, example_without(type, {left_out})));
      EXPECT_TRUE(errors.empty()) << to_string(type) << " without " << left_out << ": " << join(errors, "\n");
    }
  }
}

TEST(ContractKeys, AnUnknownKeyIsRefusedAndTheDeclaredKeysAreTheAcceptedOnes) {
  for (ContractType type : all_types()) {
    const auto errors = errors_of(scenario_with(type, valid_example(type), ", not_a_key: 1"));
    ASSERT_EQ(errors.size(), 1u) << to_string(type) << ": " << join(errors, "\n");
    const std::string accepted = "(accepted: name, type, " + join(declared_keys(type)) + ", preset, include)";
    EXPECT_NE(errors[0].find("contracts[0].not_a_key: unknown key"), std::string::npos) << errors[0];
    EXPECT_NE(errors[0].find(accepted), std::string::npos) << to_string(type) << ": " << errors[0];
  }
}

TEST(ContractKeys, EachDeclaredKeyIsRead) {
  for (ContractType type : all_types()) {
    for (const std::string& key : declared_keys(type)) {
      Keys keys = excluded_by(key).empty() ? valid_example(type) : example_without(type, excluded_by(key));
      for (auto& kv : keys)
        if (kv.first == key) kv.second = "[[0]]";  // a value no key accepts
      const auto errors = errors_of(scenario_with(type, keys));
      const std::string at = " contracts[0]." + key;
      bool reported = false;
      for (const std::string& e : errors) {
        const auto p = e.find(at);
        reported =
            reported || (p != std::string::npos && std::string(":[.").find(e[p + at.size()]) != std::string::npos);
      }
      EXPECT_TRUE(reported) << to_string(type) << "." << key << " was not read: " << join(errors, "\n");
    }
  }
}

TEST(ContractKeys, AKeyOfAnotherTypeSaysWhichTypesItAppliesTo) {
  const auto errors = errors_of(
      scenario_with(ContractType::fee_for_service, valid_example(ContractType::fee_for_service), ", savings_cap: 0.1"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("'savings_cap' applies only to shared_savings and shared_risk contracts"), std::string::npos)
      << errors[0];
}

}  // namespace
}  // namespace pmsim
