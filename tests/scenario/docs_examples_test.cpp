// The examples of docs/scenarios.md are valid scenarios.

#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <iterator>
#include <string>

#include "config/scenario.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

//! The contracts example of docs/scenarios.md whose ```yaml block starts with "contracts:" and
//! the contract `first_contract`, in place of the first example's contracts.
Scenario parse_contracts_example(const std::string& first_contract) {
  const std::string path = std::string(PMSIM_SOURCE_DIR) + "/docs/scenarios.md";
  std::ifstream f(path);
  EXPECT_TRUE(f) << path;
  const std::string doc((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const auto first = doc.find("```yaml\n");
  const auto first_contracts = doc.find("\ncontracts:\n", first);
  const auto begin = doc.find("```yaml\ncontracts:\n  - name: " + first_contract + "\n");
  const auto end = doc.find("```", begin + 8);
  if (first == std::string::npos || first_contracts == std::string::npos || begin == std::string::npos ||
      end == std::string::npos) {
    ADD_FAILURE() << "no contracts example starting with " << first_contract;
    return {};
  }
  const std::string text =
      doc.substr(first + 8, first_contracts + 1 - first - 8) + doc.substr(begin + 8, end - begin - 8);
  return parse_scenario(text, "scenarios.md");
}

// The example of docs/scenarios.md (its first ```yaml block) is a valid scenario.
TEST(ScenarioDocs, ExampleParses) {
  const std::string path = std::string(PMSIM_SOURCE_DIR) + "/docs/scenarios.md";
  std::ifstream f(path);
  ASSERT_TRUE(f) << path;
  const std::string doc((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const auto begin = doc.find("```yaml\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = doc.find("```", begin + 8);
  ASSERT_NE(end, std::string::npos);
  const Scenario s = parse_scenario(doc.substr(begin + 8, end - begin - 8), "scenarios.md");
  EXPECT_EQ(s.simulation.name, "example");
  EXPECT_EQ(s.contracts.size(), 3u);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
}

// The capitation example of docs/scenarios.md is valid in place of the first example's
// contracts.
TEST(ScenarioDocs, CapitationExampleParses) {
  const Scenario s = parse_contracts_example("global_cap");
  ASSERT_EQ(s.contracts.size(), 2u);
  const CapitationTerms& global = s.contracts[0].as<CapitationTerms>();
  EXPECT_EQ(s.contracts[0].type(), ContractType::capitation);
  EXPECT_EQ(global.stop_loss_attachment, 100000);
  EXPECT_EQ(global.corridors.size(), 2u);
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().quality_withhold, 0.05);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
}

// The shared savings / shared risk example of docs/scenarios.md (the ```yaml block that starts
// with "contracts:" and mssp_basic) is valid in place of the first example's contracts.
TEST(ScenarioDocs, SharedContractsExampleParses) {
  const Scenario s = parse_contracts_example("mssp_basic");
  ASSERT_EQ(s.contracts.size(), 3u);
  EXPECT_EQ(s.contracts[0].type(), ContractType::shared_savings);
  EXPECT_TRUE(shared_terms(s.contracts[0]).msr_size_based);
  EXPECT_EQ(s.contracts[1].type(), ContractType::shared_risk);
  EXPECT_TRUE(shared_terms(s.contracts[1]).loss_rate_from_quality);
  EXPECT_EQ(s.contracts[2].type(), ContractType::shared_risk);
  EXPECT_EQ(shared_terms(s.contracts[2]).corridors.size(), 3u);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
}

// The pay-for-performance example of docs/scenarios.md (the ```yaml block that starts with
// "contracts:" and hospital_vbp) is valid in place of the first example's contracts.
TEST(ScenarioDocs, PayForPerformanceExampleParses) {
  const Scenario s = parse_contracts_example("hospital_vbp");
  ASSERT_EQ(s.contracts.size(), 2u);
  EXPECT_EQ(s.contracts[0].type(), ContractType::pay_for_performance);
  PayForPerformanceTerms vbp;
  vbp.withhold = 0.02;
  vbp.withhold_slope = 1.5;
  vbp.expected_readmission_rate = 0.15;
  vbp.readmission_multiplier = 0.1;
  vbp.readmission_penalty_cap = 0.03;
  vbp.scale = 0.09;
  vbp.scale_threshold = 0.75;
  vbp.quality_score = 0.8;
  EXPECT_EQ(s.contracts[0].as<PayForPerformanceTerms>(), vbp);
  EXPECT_EQ(s.contracts[1].type(), ContractType::pay_for_performance);
  EXPECT_EQ(s.contracts[1].as<PayForPerformanceTerms>().scale, 0.09);
  EXPECT_EQ(s.contracts[1].quality_measures.size(), 2u);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
}

// The quality example of docs/scenarios.md (the ```yaml block with the quality section and the
// contracts mssp_quality and cap_quality) is valid in place of the first example's contracts.
TEST(ScenarioDocs, QualityExampleParses) {
  const std::string path = std::string(PMSIM_SOURCE_DIR) + "/docs/scenarios.md";
  std::ifstream f(path);
  ASSERT_TRUE(f) << path;
  const std::string doc((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const auto first = doc.find("```yaml\n");
  const auto first_contracts = doc.find("\ncontracts:\n", first);
  const auto name = doc.find("\ncontracts:\n  - name: mssp_quality\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(first_contracts, std::string::npos);
  ASSERT_NE(name, std::string::npos);
  const auto begin = doc.rfind("```yaml\nquality:\n", name);
  ASSERT_NE(begin, std::string::npos);
  const auto end = doc.find("```", begin + 8);
  ASSERT_NE(end, std::string::npos);
  const std::string text =
      doc.substr(first + 8, first_contracts + 1 - first - 8) + doc.substr(begin + 8, end - begin - 8);
  const Scenario s = parse_scenario(text, "scenarios.md");
  EXPECT_EQ(s.quality, (QualityConfig{0.15, "diabetes", 0.45, 0.04, 0.9, 0.15}));
  ASSERT_EQ(s.contracts.size(), 2u);
  EXPECT_EQ(s.contracts[0].quality_measures.size(), 2u);
  EXPECT_EQ(s.contracts[1].quality_measures.size(), 3u);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
  // The quality section's own example is the same section.
  const auto section = doc.find("```yaml\nquality:\n");
  ASSERT_LT(section, begin);
  const auto section_end = doc.find("```", section + 8);
  EXPECT_EQ(doc.substr(section + 8, section_end - section - 8),
            doc.substr(begin + 8, doc.find("contracts:", begin) - begin - 8));
}

// The cost-per-outcome example of docs/scenarios.md (the ```yaml block with a quality section and
// the contract diabetes_cpso) is valid in place of the first example's contracts.
TEST(ScenarioDocs, CostPerOutcomeExampleParses) {
  const std::string path = std::string(PMSIM_SOURCE_DIR) + "/docs/scenarios.md";
  std::ifstream f(path);
  ASSERT_TRUE(f) << path;
  const std::string doc((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const auto first = doc.find("```yaml\n");
  const auto first_contracts = doc.find("\ncontracts:\n", first);
  const auto name = doc.find("\ncontracts:\n  - name: diabetes_cpso\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(first_contracts, std::string::npos);
  ASSERT_NE(name, std::string::npos);
  const auto begin = doc.rfind("```yaml\nquality:\n", name);
  ASSERT_NE(begin, std::string::npos);
  const auto end = doc.find("```", begin + 8);
  ASSERT_NE(end, std::string::npos);
  const std::string text =
      doc.substr(first + 8, first_contracts + 1 - first - 8) + doc.substr(begin + 8, end - begin - 8);
  const Scenario s = parse_scenario(text, "scenarios.md");
  ASSERT_EQ(s.contracts.size(), 3u);
  OutcomeTerms diabetes;
  diabetes.success = SuccessDefinition::condition_controlled;
  diabetes.price_per_success = 1200;
  diabetes.base_per_attempt = 100;
  diabetes.covered[static_cast<std::size_t>(Category::primary_care)] = true;
  EXPECT_EQ(s.contracts[0].type(), ContractType::cost_per_outcome);
  EXPECT_EQ(s.contracts[0].as<OutcomeTerms>(), diabetes);
  EXPECT_EQ(s.contracts[1].as<OutcomeTerms>().success, SuccessDefinition::no_avoidable_admission);
  EXPECT_EQ(s.contracts[1].as<OutcomeTerms>().covered, (std::array<bool, kCategoryCount>{}));
  EXPECT_EQ(s.contracts[2].as<OutcomeTerms>().success, SuccessDefinition::no_readmission);
  EXPECT_EQ(s.contracts[2].as<OutcomeTerms>().base_per_attempt, 500);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
}

// The bundled payment example of docs/scenarios.md (the ```yaml block that starts with
// "contracts:" and lejr_bundle) is valid in place of the first example's contracts.
TEST(ScenarioDocs, BundledPaymentExampleParses) {
  const Scenario s = parse_contracts_example("lejr_bundle");
  ASSERT_EQ(s.contracts.size(), 2u);
  BundleTerms lejr;
  lejr.episode.trigger_probability = 0.05;
  lejr.episode.window_days = 90;
  lejr.episode.spending_cap = 150000;
  lejr.target_method = TargetMethod::historical;
  lejr.discount = 0.03;
  lejr.baseline_weights = {0.1, 0.3, 0.6};
  lejr.trend = 0.02;
  lejr.risk_adjusted = true;
  EXPECT_EQ(s.contracts[0].type(), ContractType::bundled_payment);
  EXPECT_EQ(s.contracts[0].as<BundleTerms>(), lejr);
  const BundleTerms& diabetes = s.contracts[1].as<BundleTerms>();
  EXPECT_EQ(s.contracts[1].type(), ContractType::bundled_payment);
  EXPECT_EQ(diabetes.episode.trigger_condition, "diabetes");
  EXPECT_EQ(diabetes.episode.included,
            (std::array<bool, kCategoryCount>{false, false, false, true, true, true, false}));
  EXPECT_EQ(diabetes.target_method, TargetMethod::fixed);
  EXPECT_EQ(diabetes.target_price, 30000);
  EXPECT_EQ(diabetes.stop_loss, 0.0);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
}

}  // namespace
}  // namespace pmsim
