// The examples of docs/scenarios.md are valid scenarios.

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "config/scenario.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

constexpr std::string_view kFence = "```yaml\n";

//! docs/scenarios.md, whole.
std::string scenarios_doc() {
  const std::string path = std::string(PMSIM_SOURCE_DIR) + "/docs/scenarios.md";
  std::ifstream f(path);
  EXPECT_TRUE(f) << path;
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

//! The text of the ```yaml block whose fence starts at `begin`; nullopt without one.
std::optional<std::string> yaml_block(const std::string& doc, std::size_t begin) {
  if (begin == std::string::npos) return std::nullopt;
  const auto end = doc.find("```", begin + kFence.size());
  if (end == std::string::npos) return std::nullopt;
  return doc.substr(begin + kFence.size(), end - begin - kFence.size());
}

//! The block in place of the contracts of the first example (the first ```yaml block), parsed.
Scenario parse_in_place_of_contracts(const std::string& doc, const std::optional<std::string>& block,
                                     const std::string& file_name = "scenarios.md") {
  const auto first = doc.find(kFence);
  const auto first_contracts = doc.find("\ncontracts:\n", first);
  if (first == std::string::npos || first_contracts == std::string::npos || !block) {
    ADD_FAILURE() << "no first example, or no block to put in place of its contracts";
    return {};
  }
  return parse_scenario(doc.substr(first + kFence.size(), first_contracts + 1 - first - kFence.size()) + *block,
                        file_name);
}

//! The contracts example whose ```yaml block starts with "contracts:" and the contract
//! `first_contract`, in place of the first example's contracts.
Scenario parse_contracts_example(const std::string& first_contract) {
  const std::string doc = scenarios_doc();
  return parse_in_place_of_contracts(
      doc, yaml_block(doc, doc.find(std::string(kFence) + "contracts:\n  - name: " + first_contract + "\n")));
}

//! Where the ```yaml block with a quality section and then the contract `contract` starts.
std::size_t quality_example_at(const std::string& doc, const std::string& contract) {
  const auto name = doc.find("\ncontracts:\n  - name: " + contract + "\n");
  return name == std::string::npos ? name : doc.rfind(std::string(kFence) + "quality:\n", name);
}

// The example of docs/scenarios.md (its first ```yaml block) is a valid scenario.
TEST(ScenarioDocs, ExampleParses) {
  const std::string doc = scenarios_doc();
  const auto example = yaml_block(doc, doc.find(kFence));
  ASSERT_TRUE(example);
  const Scenario s = parse_scenario(*example, "scenarios.md");
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
  EXPECT_EQ(global.stop_loss.at(0).attachment, 100000);
  EXPECT_EQ(global.corridors.size(), 2u);
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().quality_withhold, 0.05);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
  // The layered stop-loss with monthly recoveries and interim settlements.
  const Scenario layered = parse_contracts_example("layered_cap");
  ASSERT_EQ(layered.contracts.size(), 1u);
  const auto& layers = layered.contracts[0].as<CapitationTerms>().stop_loss;
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].provided_by, StopLossCarrier::payer);
  EXPECT_EQ(layers[0].payment, RecoveryPayment::monthly);
  EXPECT_EQ(layers[1].attachment, 500000);
  EXPECT_EQ(layered.contracts[0].settlement, (SettlementTiming{3, 2, 6}));
}

// The shared savings / shared risk example of docs/scenarios.md (the ```yaml block that starts
// with "contracts:" and mssp_basic) is valid in place of the first example's contracts.
TEST(ScenarioDocs, PresetsExampleParses) {
  // Its included file, beside the scenario file.
  const auto dir = std::filesystem::temp_directory_path() / "pmsim_docs_presets_example";
  std::filesystem::create_directories(dir / "terms");
  std::ofstream(dir / "terms/commercial_aco.yaml") << "preset: mssp_basic_c\nsharing_rate: 0.45\n";
  const std::string doc = scenarios_doc();
  const Scenario s = parse_in_place_of_contracts(
      doc, yaml_block(doc, doc.find(std::string(kFence) + "contracts:\n  - name: aco\n")), (dir / "s.yaml").string());
  std::filesystem::remove_all(dir);
  ASSERT_EQ(s.contracts.size(), 3u);
  const auto& aco = s.contracts[0].as<SharedRiskTerms>();
  EXPECT_EQ(aco.sharing_rate, 0.6);
  EXPECT_EQ(aco.benchmark.trend, 0.03);
  EXPECT_EQ(aco.loss_cap_benchmark, 0.15);
  EXPECT_EQ(s.contracts[1].as<BundleTerms>().stop_loss, 0.10);
  EXPECT_EQ(s.contracts[2].as<SharedRiskTerms>().sharing_rate, 0.45);
}

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
  const std::string doc = scenarios_doc();
  const auto begin = quality_example_at(doc, "mssp_quality");
  ASSERT_NE(begin, std::string::npos);
  const Scenario s = parse_in_place_of_contracts(doc, yaml_block(doc, begin));
  EXPECT_EQ(s.quality, (QualityConfig{0.15, "diabetes", 0.45, 0.04, 0.9, 0.15}));
  ASSERT_EQ(s.contracts.size(), 2u);
  EXPECT_EQ(s.contracts[0].quality_measures.size(), 2u);
  EXPECT_EQ(s.contracts[1].quality_measures.size(), 3u);
  EXPECT_EQ(parse_scenario(to_yaml(s), "x"), s);
  // The quality section's own example is the same section.
  const auto section = doc.find(std::string(kFence) + "quality:\n");
  ASSERT_LT(section, begin);
  const auto section_block = yaml_block(doc, section);
  ASSERT_TRUE(section_block);
  EXPECT_EQ(*section_block, doc.substr(begin + kFence.size(), doc.find("contracts:", begin) - begin - kFence.size()));
}

// The cost-per-outcome example of docs/scenarios.md (the ```yaml block with a quality section and
// the contract diabetes_cpso) is valid in place of the first example's contracts.
TEST(ScenarioDocs, CostPerOutcomeExampleParses) {
  const std::string doc = scenarios_doc();
  const auto begin = quality_example_at(doc, "diabetes_cpso");
  ASSERT_NE(begin, std::string::npos);
  const Scenario s = parse_in_place_of_contracts(doc, yaml_block(doc, begin));
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
