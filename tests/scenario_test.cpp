// Tests of the scenario file format: parsing, defaults, round trip and error messages.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "config/scenario.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

// Line numbers in the error tests below refer to this text (line 1 = "simulation:").
const char* const kFull = R"(simulation:
  name: full_test
  replications: 200
  years: 4
  baseline_years: 2
  seed: 18446744073709551615
  block_size: 512
population:
  size: 25000
  churn: 0.05
  sex:
    female_share: 0.56
    female_mortality: 0.8
    female_risk_score: 0.95
    female_utilization: 1.1
  frailty:
    shape: 2.5
    persistence: 0.6
    mortality_exponent: 1.0
  age_bands:
    - {min_age: 65, max_age: 69, share: 0.30, mortality: 0.012, risk_score: 0.45, utilization: 0.8}
    - {min_age: 70, max_age: 79, share: 0.45, mortality: 0.03, risk_score: 0.6}
    - {min_age: 80, max_age: 120, share: 0.25, mortality: 0.09}
  conditions:
    - name: diabetes
      prevalence: 0.25
      incidence: 0.01
      risk_score: 0.3
      mortality: 1.2
      utilization: {all: 1.3, inpatient: 1.6}
    - name: chf
      prevalence: [0.05, 0.1, 0.2]
services:
  primary_care: {rate: 6.0, fee: 110, delivered_by: provider, unit_cost: 85}
  specialist: {rate: 4, fee: 180, delivered_by: others, frailty_exponent: 1.5}
  emergency: {rate: 0.6, fee: 900, delivered_by: others, end_of_life: 3}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others, severity_cv: 1.2}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: provider, unit_cost: 500}
provider:
  fixed_costs: 1.0e6
  reserves: -2.5e5
contracts:
  - name: ffs
    type: fee_for_service
  - name: global_cap
    type: capitation
    pmpm: 950
  - name: partial-cap
    type: capitation
    pmpm: 310.5
    risk_adjusted: false
    covers: [primary_care, outpatient]
)";

// The smallest valid scenario: only required keys.
const char* const kMinimal = R"(simulation:
  name: minimal
population:
  size: 100
  age_bands:
    - {min_age: 65, max_age: 120, share: 1, mortality: 0.04}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider}
  specialist: {rate: 4, fee: 180, delivered_by: others}
  emergency: {rate: 0.6, fee: 900, delivered_by: others}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: others}
contracts:
  - {name: ffs, type: fee_for_service}
)";

// Shared savings and shared risk contracts; line numbers in the tests below refer to this text.
const char* const kShared = R"(simulation:
  name: shared
population:
  size: 20000
  age_bands:
    - {min_age: 65, max_age: 120, share: 1, mortality: 0.04}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider}
  specialist: {rate: 4, fee: 180, delivered_by: others}
  emergency: {rate: 0.6, fee: 900, delivered_by: others}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: others}
contracts:
  - name: mssp
    type: shared_savings
    benchmark:
      method: historical
      baseline_weights: [0.1, 0.3, 0.6]
      trend: 0.03
      risk_adjusted: false
      risk_growth_cap: 0.05
      regional_weight: 0.25
      regional_pmpy: 11000
      agreement_years: 5
    truncation: 100000
    minimum_savings_rate: mssp
    sharing_rate: 0.4
    quality_score: 0.9
    savings_cap: 0.08
  - name: enhanced
    type: shared_risk
    benchmark: {method: fixed, pmpy: 12000, trend: -0.01}
    minimum_savings_rate: 0.02
    minimum_loss_rate: mssp
    loss_sharing_rate: from_quality
    loss_sharing_bounds: [0.4, 0.75]
    loss_cap_benchmark: 0.15
    loss_cap_revenue: 0.05
    corridors:
      - {from: 0, rate: 0.5}
      - {from: 0.05, rate: 0.35}
  - name: risk_linear
    type: shared_risk
    minimum_loss_rate: 0.01
    loss_sharing_rate: 0.6
)";

// Capitation contracts with the quality withhold, stop-loss and corridor keys; line numbers in
// the tests below refer to this text.
const char* const kCapitation = R"(simulation:
  name: capitation
population:
  size: 20000
  age_bands:
    - {min_age: 65, max_age: 120, share: 1, mortality: 0.04}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider}
  specialist: {rate: 4, fee: 180, delivered_by: others}
  emergency: {rate: 0.6, fee: 900, delivered_by: others}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: others}
contracts:
  - name: global_cap
    type: capitation
    pmpm: 805
    risk_adjusted: true
    covers: all
    quality_withhold: 0.02
    quality_score: 0.8
    stop_loss:
      attachment: 100000
      coinsurance: 0.9
      premium_pmpm: 12
    corridors:
      - {from: 0.0, rate: 1.0}
      - {from: 0.05, rate: 0.5}
  - name: primary_cap
    type: capitation
    pmpm: 75
    covers: [primary_care, outpatient]
  - name: mssp
    type: shared_savings
    benchmark: {method: fixed, pmpy: 12000}
    truncation: 100000
)";

// The quality section and quality measures; line numbers in the tests below refer to this text.
const char* const kQuality = R"(simulation:
  name: quality
population:
  size: 20000
  age_bands:
    - {min_age: 65, max_age: 120, share: 1, mortality: 0.04}
  conditions:
    - {name: diabetes, prevalence: 0.25}
    - {name: chf, prevalence: 0.1}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider}
  specialist: {rate: 4, fee: 180, delivered_by: others}
  emergency: {rate: 0.6, fee: 900, delivered_by: others}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: others}
quality:
  screening_per_visit: 0.15
  controlled_condition: diabetes
  control_base: 0.45
  control_per_visit: 0.04
  control_max: 0.9
  avoidable_share: 0.15
contracts:
  - name: ffs
    type: fee_for_service
  - name: mssp
    type: shared_savings
    benchmark: {method: fixed, pmpy: 12000}
    quality_measures:
      - {measure: readmission_rate, threshold: 0.20, benchmark: 0.15, weight: 1}
      - {measure: screening_rate, threshold: 0.5, benchmark: 0.8, weight: 2}
  - name: cap
    type: capitation
    pmpm: 900
    quality_withhold: 0.02
    quality_measures:
      - {measure: control_rate, threshold: 0.4, benchmark: 0.7}
      - {measure: avoidable_admissions_per_1000, threshold: 40, benchmark: 20, weight: 0.5}
      - {measure: ed_visits_per_1000, threshold: 700, benchmark: 500}
  - name: risk
    type: shared_risk
    benchmark: {method: fixed, pmpy: 12000}
    quality_score: 0.9
)";

// Pay-for-performance contracts; line numbers in the tests below refer to this text.
const char* const kP4P = R"(simulation:
  name: p4p
population:
  size: 20000
  age_bands:
    - {min_age: 65, max_age: 120, share: 1, mortality: 0.04}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider}
  specialist: {rate: 4, fee: 180, delivered_by: others}
  emergency: {rate: 0.6, fee: 900, delivered_by: others}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: others}
contracts:
  - name: hospital_vbp
    type: pay_for_performance
    withhold: 0.02
    withhold_slope: 1.5
    readmission_penalty:
      expected_rate: 0.15
      multiplier: 0.1
      cap: 0.05
    scale: 0.09
    scale_threshold: 0.6
    quality_score: 0.8
  - name: p4p_measured
    type: pay_for_performance
    withhold: 0.01
    quality_measures:
      - {measure: readmission_rate, threshold: 0.20, benchmark: 0.15}
      - {measure: ed_visits_per_1000, threshold: 700, benchmark: 500, weight: 2}
  - name: cap
    type: capitation
    pmpm: 900
)";

// Cost-per-outcome contracts; line numbers in the tests below refer to this text.
const char* const kOutcome = R"(simulation:
  name: outcome
population:
  size: 20000
  age_bands:
    - {min_age: 65, max_age: 120, share: 1, mortality: 0.04}
  conditions:
    - {name: diabetes, prevalence: 0.25}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider}
  specialist: {rate: 4, fee: 180, delivered_by: others}
  emergency: {rate: 0.6, fee: 900, delivered_by: others}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: others}
quality:
  controlled_condition: diabetes
  control_base: 0.45
  control_per_visit: 0.04
  avoidable_share: 0.15
contracts:
  - name: diabetes_cpso
    type: cost_per_outcome
    success: condition_controlled
    price_per_success: 1200
    base_per_attempt: 100
    covers: [primary_care, outpatient]
  - name: avoided
    type: cost_per_outcome
    success: no_avoidable_admission
    price_per_success: 50
  - name: episodes
    type: cost_per_outcome
    success: no_readmission
    price_per_success: 2500.5
    base_per_attempt: 0
    covers: all
  - name: cap
    type: capitation
    pmpm: 900
)";

// Bundled payment contracts; line numbers in the tests below refer to this text.
const char* const kBundle = R"(simulation:
  name: bundle
population:
  size: 20000
  age_bands:
    - {min_age: 65, max_age: 120, share: 1, mortality: 0.04}
  conditions:
    - {name: heart_failure, prevalence: 0.1}
    - {name: diabetes, prevalence: 0.25}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider}
  specialist: {rate: 4, fee: 180, delivered_by: others}
  emergency: {rate: 0.6, fee: 900, delivered_by: others}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: others}
contracts:
  - name: hf_bundle
    type: bundled_payment
    episode:
      trigger_probability: 0.05
      trigger_condition: heart_failure
      window_days: 60
      includes: [inpatient, readmission, post_acute]
      spending_cap: 80000
    target:
      method: historical
      discount: 0.02
      baseline_weights: [0.2, 0.3, 0.5]
      trend: 0.03
      risk_adjusted: true
    stop_gain: 0.1
    stop_loss: 0.05
  - name: lejr
    type: bundled_payment
    episode: {trigger_probability: 0.02}
    target:
      method: fixed
      price: 25000
      trend: 0.02
    stop_loss: 0
  - name: cap
    type: capitation
    pmpm: 900
)";

//! kFull with the first occurrence of `from` replaced by `to` (which must exist).
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

//! The messages of parsing `text` (empty if it parses).
std::vector<std::string> errors_of(const std::string& text) {
  try {
    parse_scenario(text, "s.yaml");
  } catch (const ScenarioError& e) {
    return e.messages();
  }
  return {};
}

//! Parsing `text` fails with exactly `message`.
void expect_error(const std::string& text, const std::string& message) {
  const auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], message);
}

TEST(ScenarioNames, ToString) {
  EXPECT_EQ(to_string(Category::primary_care), "primary_care");
  EXPECT_EQ(to_string(Category::post_acute), "post_acute");
  EXPECT_EQ(to_string(Category::outpatient), "outpatient");
  EXPECT_EQ(to_string(ContractType::fee_for_service), "fee_for_service");
  EXPECT_EQ(to_string(ContractType::capitation), "capitation");
  EXPECT_EQ(to_string(ContractType::shared_savings), "shared_savings");
  EXPECT_EQ(to_string(ContractType::shared_risk), "shared_risk");
  EXPECT_EQ(to_string(ContractType::pay_for_performance), "pay_for_performance");
  EXPECT_EQ(to_string(ContractType::cost_per_outcome), "cost_per_outcome");
  EXPECT_EQ(to_string(SuccessDefinition::condition_controlled), "condition_controlled");
  EXPECT_EQ(to_string(SuccessDefinition::no_avoidable_admission), "no_avoidable_admission");
  EXPECT_EQ(to_string(SuccessDefinition::no_readmission), "no_readmission");
  EXPECT_EQ(to_string(Deliverer::provider), "provider");
  EXPECT_EQ(to_string(Deliverer::others), "others");
}

TEST(ScenarioParse, FullScenario) {
  const Scenario s = parse_scenario(kFull, "full.yaml");
  EXPECT_EQ(s.simulation.name, "full_test");
  EXPECT_EQ(s.simulation.replications, 200);
  EXPECT_EQ(s.simulation.years, 4);
  EXPECT_EQ(s.simulation.baseline_years, 2);
  EXPECT_EQ(s.simulation.seed, 18446744073709551615ULL);
  EXPECT_EQ(s.simulation.block_size, 512);

  const PopulationConfig& p = s.population;
  EXPECT_EQ(p.size, 25000);
  EXPECT_EQ(p.churn, 0.05);
  EXPECT_EQ(p.sex, (SexEffects{0.56, 0.8, 0.95, 1.1}));
  EXPECT_EQ(p.frailty, (FrailtyConfig{2.5, 0.6, 1.0}));
  ASSERT_EQ(p.age_bands.size(), 3u);
  EXPECT_EQ(p.age_bands[0], (AgeBand{65, 69, 0.30, 0.012, 0.45, 0.8}));
  EXPECT_EQ(p.age_bands[1], (AgeBand{70, 79, 0.45, 0.03, 0.6, 1.0}));
  EXPECT_EQ(p.age_bands[2], (AgeBand{80, 120, 0.25, 0.09, 1.0, 1.0}));

  ASSERT_EQ(p.conditions.size(), 2u);
  const ConditionConfig& d = p.conditions[0];
  EXPECT_EQ(d.name, "diabetes");
  EXPECT_EQ(d.prevalence, (std::vector<double>{0.25, 0.25, 0.25}));
  EXPECT_EQ(d.incidence, 0.01);
  EXPECT_EQ(d.risk_score, 0.3);
  EXPECT_EQ(d.mortality, 1.2);
  EXPECT_EQ(d.utilization, (CategoryFactors{1.3, 1.3, 1.3, 1.6, 1.3, 1.3, 1.3}));
  const ConditionConfig& chf = p.conditions[1];
  EXPECT_EQ(chf.prevalence, (std::vector<double>{0.05, 0.1, 0.2}));
  EXPECT_EQ(chf.incidence, 0.0);
  EXPECT_EQ(chf.risk_score, 0.0);
  EXPECT_EQ(chf.mortality, 1.0);
  EXPECT_EQ(chf.utilization, unit_factors());

  for (int k = 0; k < kCategoryCount; ++k) {
    EXPECT_EQ(s.services[static_cast<std::size_t>(k)].category, static_cast<Category>(k));
  }
  const ServiceConfig& pc = s.service(Category::primary_care);
  EXPECT_EQ(pc.rate, 6.0);
  EXPECT_EQ(pc.fee, 110.0);
  EXPECT_EQ(pc.delivered_by, Deliverer::provider);
  EXPECT_EQ(pc.unit_cost, 85.0);
  EXPECT_EQ(pc.severity, (SeverityConfig{false, 0.0}));
  EXPECT_EQ(pc.frailty_exponent, 1.0);
  EXPECT_EQ(pc.end_of_life, 1.0);
  EXPECT_EQ(s.service(Category::specialist).delivered_by, Deliverer::others);
  EXPECT_EQ(s.service(Category::specialist).frailty_exponent, 1.5);
  EXPECT_EQ(s.service(Category::emergency).end_of_life, 3.0);
  EXPECT_EQ(s.service(Category::inpatient).severity, (SeverityConfig{true, 1.2}));
  EXPECT_EQ(s.service(Category::readmission).rate, 0.15);
  EXPECT_EQ(s.service(Category::outpatient).unit_cost, 500.0);

  EXPECT_EQ(s.provider.fixed_costs, 1.0e6);
  EXPECT_EQ(s.provider.reserves, -2.5e5);

  ASSERT_EQ(s.contracts.size(), 3u);
  EXPECT_EQ(s.contracts[0].name, "ffs");
  EXPECT_EQ(s.contracts[0].type(), ContractType::fee_for_service);
  EXPECT_EQ(s.contracts[1].type(), ContractType::capitation);
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().pmpm, 950.0);
  EXPECT_TRUE(s.contracts[1].as<CapitationTerms>().risk_adjusted);
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().covered,
            (std::array<bool, kCategoryCount>{true, true, true, true, true, true, true}));
  EXPECT_EQ(s.contracts[2].name, "partial-cap");
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().pmpm, 310.5);
  EXPECT_FALSE(s.contracts[2].as<CapitationTerms>().risk_adjusted);
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().covered,
            (std::array<bool, kCategoryCount>{true, false, false, false, false, false, true}));
}

TEST(ScenarioParse, DefaultsAreFilledIn) {
  const Scenario s = parse_scenario(kMinimal, "min.yaml");
  EXPECT_EQ(s.simulation.replications, 1000);
  EXPECT_EQ(s.simulation.years, 5);
  EXPECT_EQ(s.simulation.baseline_years, 3);
  EXPECT_EQ(s.simulation.seed, 1u);
  EXPECT_EQ(s.simulation.block_size, 1024);
  EXPECT_EQ(s.population.churn, 0.0);
  EXPECT_EQ(s.population.sex, (SexEffects{0.5, 1.0, 1.0, 1.0}));
  EXPECT_EQ(s.population.frailty, (FrailtyConfig{1.0, 0.5, 0.0}));
  EXPECT_EQ(s.population.age_bands[0].risk_score, 1.0);
  EXPECT_EQ(s.population.age_bands[0].utilization, 1.0);
  EXPECT_TRUE(s.population.conditions.empty());
  for (const ServiceConfig& sv : s.services) {
    EXPECT_EQ(sv.unit_cost, 0.0);
    EXPECT_EQ(sv.frailty_exponent, 1.0);
    EXPECT_EQ(sv.end_of_life, 1.0);
    EXPECT_EQ(sv.severity, (SeverityConfig{false, 0.0}));
  }
  EXPECT_EQ(s.provider, (ProviderConfig{0.0, 0.0}));
  const std::string cap =
      edit(kMinimal, "{name: ffs, type: fee_for_service}", "{name: cap, type: capitation, pmpm: 900}");
  const CapitationTerms terms = parse_scenario(cap, "cap.yaml").contracts[0].as<CapitationTerms>();
  EXPECT_TRUE(terms.risk_adjusted);
  EXPECT_EQ(terms.covered, CapitationTerms{}.covered);
}

TEST(ScenarioRoundTrip, ParseOfToYamlIsIdentity) {
  for (const char* text : {kFull, kMinimal}) {
    const Scenario s = parse_scenario(text, "a.yaml");
    const std::string out = to_yaml(s);
    EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
    EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  }
}

TEST(ScenarioRoundTrip, AwkwardNumbersAndNames) {
  Scenario s = parse_scenario(kFull, "a.yaml");
  s.simulation.name = "1.5";  // valid name that would read back as a number unquoted
  s.population.churn = 0.1 + 0.2;
  s.population.frailty.shape = 1e-300;
  s.population.sex.female_share = 1.0 / 3.0;
  s.provider.fixed_costs = 999999999999999.9;
  s.provider.reserves = -1e15;
  s.population.conditions[1].name = "null";
  s.population.conditions[1].prevalence = {5e-324, 0.1 + 0.7, 1.0};
  s.services[3].severity = {true, 0.123456789012345678};
  s.contracts[0].name = "-";
  s.simulation.seed = 0;
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
}

TEST(ScenarioRoundTrip, OutputIsReadable) {
  const std::string out = to_yaml(parse_scenario(kFull, "a.yaml"));
  EXPECT_NE(out.find("\n  seed: 18446744073709551615\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n  fixed_costs: 1000000\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n      prevalence: [0.25, 0.25, 0.25]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    covers: all\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    covers: [primary_care, outpatient]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    severity_cv: 1.2\n"), std::string::npos) << out;
  // Categories in enum order.
  std::size_t last = 0;
  for (auto name : kCategoryNames) {
    const auto pos = out.find("\n  " + std::string(name) + ":\n");
    ASSERT_NE(pos, std::string::npos) << name;
    EXPECT_GT(pos, last);
    last = pos;
  }
}

// ---- errors -------------------------------------------------------------------------------

TEST(ScenarioErrors, UnknownKeyWithSuggestion) {
  expect_error(edit(kFull, "    persistence: 0.6", "    persistance: 0.6"),
               "s.yaml:18:5: population.frailty.persistance: unknown key; did you mean "
               "'persistence'? (accepted: shape, persistence, mortality_exponent)");
  // Case-insensitive match.
  expect_error(edit(kFull, "  churn: 0.05", "  Churn: 0.05"),
               "s.yaml:10:3: population.Churn: unknown key; did you mean 'churn'? (accepted: "
               "size, churn, age_out, sex, frailty, age_bands, conditions)");
  // No suggestion for something far from every accepted key.
  expect_error(edit(kFull, "  reserves: -2.5e5", "  reserves: -2.5e5\n  colour: blue"),
               "s.yaml:44:3: provider.colour: unknown key (accepted: fixed_costs, reserves, claims_lag_months, "
               "settlement_lag_months)");
}

TEST(ScenarioErrors, UnknownKeyInListItem) {
  // A misspelt required key: missing, and unknown with a suggestion.
  const auto renamed = errors_of(edit(kFull, "share: 0.45,", "shares: 0.45,"));
  EXPECT_EQ(renamed,
            (std::vector<std::string>{"s.yaml:22:7: population.age_bands[1]: missing required key 'share'",
                                      "s.yaml:22:34: population.age_bands[1].shares: unknown key; did you mean "
                                      "'share'? (accepted: min_age, max_age, share, mortality, risk_score, "
                                      "utilization)"}));
  const auto errors = errors_of(edit(kFull, "risk_score: 0.6}", "risk_scor: 0.6}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "s.yaml:22:64: population.age_bands[1].risk_scor: unknown key; did you mean "
            "'risk_score'? (accepted: min_age, max_age, share, mortality, risk_score, "
            "utilization)");
}

TEST(ScenarioErrors, WrongType) {
  expect_error(edit(kFull, "  churn: 0.05", "  churn: [0.05]"),
               "s.yaml:10:10: population.churn: expected a number, got a sequence");
  expect_error(edit(kFull, "  years: 4", "  years: 3.5"),
               "s.yaml:4:10: simulation.years: expected an integer, got '3.5'");
  expect_error(edit(kFull, "  churn: 0.05", "  churn: \"0.05\""),
               "s.yaml:10:10: population.churn: expected a number, got the quoted string '0.05'");
  expect_error(edit(kFull, "    risk_adjusted: false", "    risk_adjusted: no"),
               "s.yaml:53:20: contracts[2].risk_adjusted: expected a boolean (true or false), "
               "got 'no'");
  // An empty value is reported at its key.
  expect_error(edit(kFull, "  churn: 0.05", "  churn:"),
               "s.yaml:10:3: population.churn: expected a number, got an empty value");
  expect_error(edit(kFull, "    female_share: 0.56", "    female_share: {x: 1}"),
               "s.yaml:12:19: population.sex.female_share: expected a number in [0, 1] or a distribution "
               "({distribution: normal, mean: ..., sd: ...}), got a map");
  expect_error(edit(kFull, "  reserves: -2.5e5", "  reserves: -2.5e5\nsimulation: 3"),
               "s.yaml:44:1: simulation: duplicate key (first given at line 1)");
}

TEST(ScenarioErrors, OutOfRange) {
  expect_error(edit(kFull, "  churn: 0.05", "  churn: 1.5"),
               "s.yaml:10:10: population.churn: must be in [0, 1], got 1.5");
  expect_error(edit(kFull, "    shape: 2.5", "    shape: 0"),
               "s.yaml:17:12: population.frailty.shape: must be > 0 and <= 1000, got 0");
  expect_error(edit(kFull, "mortality: 0.09}", "mortality: 1}"),
               "s.yaml:23:59: population.age_bands[2].mortality: must be >= 0 and < 1, got 1");
  expect_error(edit(kFull, "  years: 4", "  years: 51"), "s.yaml:4:10: simulation.years: must be in [1, 50], got 51");
  expect_error(edit(kFull, "  seed: 18446744073709551615", "  seed: 18446744073709551616"),
               "s.yaml:6:9: simulation.seed: must be in [0, 18446744073709551615], got "
               "18446744073709551616");
  expect_error(edit(kFull, "  seed: 18446744073709551615", "  seed: -1"),
               "s.yaml:6:9: simulation.seed: must be in [0, 18446744073709551615], got -1");
  // Admission-driven categories take a probability.
  expect_error(edit(kFull, "readmission: {rate: 0.15,", "readmission: {rate: 1.5,"),
               "s.yaml:38:23: services.readmission.rate: must be in [0, 1], got 1.5");
  expect_error(edit(kFull, "    pmpm: 950", "    pmpm: 1e8"),
               "s.yaml:49:11: contracts[1].pmpm: must be in [0, 1e7], got 1e8");
}

TEST(ScenarioErrors, MissingRequiredKey) {
  expect_error(edit(kFull, "rate: 0.6, fee: 900,", "fee: 900,"),
               "s.yaml:36:14: services.emergency: missing required key 'rate'");
  expect_error(edit(kFull, "  size: 25000\n", ""), "s.yaml:9:3: population: missing required key 'size'");
  expect_error(edit(kFull, "    pmpm: 950\n", ""), "s.yaml:47:5: contracts[1]: missing required key 'pmpm'");
}

TEST(ScenarioErrors, MissingServiceCategory) {
  expect_error(edit(kFull, "  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}\n", ""),
               "s.yaml:34:3: services: missing required key 'post_acute'");
  EXPECT_EQ(errors_of(edit(kFull, "  specialist:", "  specialists:")),
            (std::vector<std::string>{"s.yaml:34:3: services: missing required key 'specialist'",
                                      "s.yaml:35:3: services.specialists: unknown key; did you mean 'specialist'? "
                                      "(accepted: primary_care, specialist, emergency, inpatient, readmission, "
                                      "post_acute, outpatient)"}));
}

TEST(ScenarioErrors, SharesMustSumToOne) {
  expect_error(edit(kFull, "share: 0.25,", "share: 0.2,"),
               "s.yaml:21:5: population.age_bands: the shares of the age bands must sum to 1 "
               "(within 1e-6), got 0.95");
}

TEST(ScenarioErrors, BandsMustBeContiguousAndOrdered) {
  expect_error(edit(kFull, "{min_age: 80,", "{min_age: 81,"),
               "s.yaml:23:17: population.age_bands[2].min_age: age bands must be in ascending "
               "order and contiguous: expected 80 (previous band's max_age + 1), got 81");
  expect_error(edit(kFull, "{min_age: 65, max_age: 69,", "{min_age: 65, max_age: 60,"),
               "s.yaml:21:30: population.age_bands[0].max_age: must be >= min_age (65), got 60");
}

TEST(ScenarioErrors, PrevalenceListOfWrongLength) {
  expect_error(edit(kFull, "prevalence: [0.05, 0.1, 0.2]", "prevalence: [0.05, 0.1]"),
               "s.yaml:32:19: population.conditions[1].prevalence: expected 3 values (one per "
               "age band), got 2");
  expect_error(edit(kFull, "prevalence: [0.05, 0.1, 0.2]", "prevalence: [0.05, 1.1, 0.2]"),
               "s.yaml:32:26: population.conditions[1].prevalence[1]: must be in [0, 1], got 1.1");
}

TEST(ScenarioErrors, DuplicateNames) {
  expect_error(edit(kFull, "  - name: global_cap", "  - name: ffs"),
               "s.yaml:47:11: contracts[1].name: duplicate contract name 'ffs' (first given at "
               "line 45)");
  expect_error(edit(kFull, "- name: chf", "- name: diabetes"),
               "s.yaml:31:13: population.conditions[1].name: duplicate condition name 'diabetes' "
               "(first given at line 25)");
  expect_error(edit(kFull, "  churn: 0.05", "  churn: 0.05\n  churn: 0.1"),
               "s.yaml:11:3: population.churn: duplicate key (first given at line 10)");
}

TEST(ScenarioErrors, BadNames) {
  expect_error(edit(kFull, "  name: full_test", "  name: full test"),
               "s.yaml:2:9: simulation.name: may contain only letters, digits, '_', '.' and '-', "
               "got 'full test'");
  expect_error(edit(kFull, "  - name: ffs", "  - name: " + std::string(65, 'x')),
               "s.yaml:45:11: contracts[0].name: must be at most 64 characters long, got 65");
}

TEST(ScenarioErrors, BadEnumValue) {
  expect_error(edit(kFull, "delivered_by: provider, unit_cost: 85", "delivered_by: provder, unit_cost: 85"),
               "s.yaml:34:53: services.primary_care.delivered_by: unknown value 'provder'; did "
               "you mean 'provider'? (accepted: provider, others)");
  expect_error(edit(kFull, "    type: capitation\n    pmpm: 950", "    type: cap\n    pmpm: 950"),
               "s.yaml:48:11: contracts[1].type: unknown value 'cap' (accepted: fee_for_service, "
               "capitation, shared_savings, shared_risk, pay_for_performance, cost_per_outcome, "
               "bundled_payment, blend, transition)");
  expect_error(edit(kFull, "covers: [primary_care, outpatient]", "covers: [primary_care, er]"),
               "s.yaml:54:28: contracts[2].covers[1]: unknown value 'er' (accepted: "
               "primary_care, specialist, emergency, inpatient, readmission, post_acute, "
               "outpatient)");
  expect_error(edit(kFull, "covers: [primary_care, outpatient]", "covers: [outpatient, outpatient]"),
               "s.yaml:54:26: contracts[2].covers[1]: duplicate category 'outpatient'");
  expect_error(edit(kFull, "utilization: {all: 1.3, inpatient: 1.6}", "utilization: {all: 1.3, inpatent: 1.6}"),
               "s.yaml:30:31: population.conditions[0].utilization.inpatent: unknown key; did "
               "you mean 'inpatient'? (accepted: all, primary_care, specialist, emergency, "
               "inpatient, readmission, post_acute, outpatient)");
}

TEST(ScenarioErrors, CapitationKeyOnFeeForService) {
  expect_error(edit(kFull, "    type: fee_for_service", "    type: fee_for_service\n    pmpm: 10"),
               "s.yaml:47:5: contracts[0].pmpm: unknown key; 'pmpm' applies only to capitation "
               "contracts (accepted: name, type, payer)");
}

TEST(ScenarioErrors, YamlSyntaxError) {
  expect_error(edit(kFull, "prevalence: [0.05, 0.1, 0.2]", "prevalence: [0.05, 0.1"),
               "s.yaml:33:9: YAML syntax error: end of sequence flow not found");
  expect_error("a: 1\n  b: 2\n", "s.yaml:2:4: YAML syntax error: illegal map value");
  expect_error("",
               "s.yaml: empty document; expected a map with the keys simulation, "
               "population, services, provider, quality and contracts");
  expect_error("- 1\n", "s.yaml:1:1: expected a map, got a sequence");
}

TEST(ScenarioErrors, UnreadableFile) {
  const std::string path = std::string(PMSIM_SOURCE_DIR) + "/tests/no_such_scenario.yaml";
  try {
    load_scenario(path);
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot read file: No such file or directory");
  }
  try {
    load_scenario(PMSIM_SOURCE_DIR);  // a directory
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), std::string(PMSIM_SOURCE_DIR) + ": cannot read file: Is a directory");
  }
}

TEST(ScenarioErrors, LoadScenarioNamesTheFile) {
  const std::string path = ::testing::TempDir() + "pmsim_scenario_test.yaml";
  {
    std::ofstream f(path);
    f << edit(kFull, "  churn: 0.05", "  churn: 2");
  }
  try {
    load_scenario(path);
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), path + ":10:10: population.churn: must be in [0, 1], got 2");
  }
  {
    std::ofstream f(path);
    f << kFull;
  }
  EXPECT_EQ(load_scenario(path), parse_scenario(kFull, "x"));
  std::remove(path.c_str());
}

TEST(ScenarioErrors, AllErrorsAreReportedInFileOrder) {
  std::string text = kFull;
  text = edit(text, "  years: 4", "  years: 0");
  text = edit(text, "    persistence: 0.6", "    persistance: 0.6");
  text = edit(text, "prevalence: [0.05, 0.1, 0.2]", "prevalence: [0.05]");
  text = edit(text, "delivered_by: others, end_of_life: 3", "end_of_life: 3");
  text = edit(text, "    type: fee_for_service", "    type: fee_for_service\n    covers: all");
  const auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 5u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0], "s.yaml:4:10: simulation.years: must be in [1, 50], got 0");
  EXPECT_EQ(errors[1].rfind("s.yaml:18:5: population.frailty.persistance: unknown key", 0), 0u);
  EXPECT_EQ(errors[2].rfind("s.yaml:32:19: population.conditions[1].prevalence: expected 3", 0), 0u);
  EXPECT_EQ(errors[3], "s.yaml:36:14: services.emergency: missing required key 'delivered_by'");
  EXPECT_EQ(errors[4].rfind("s.yaml:47:5: contracts[0].covers: unknown key;", 0), 0u);
  // what() is the messages, one per line.
  try {
    parse_scenario(text, "s.yaml");
  } catch (const ScenarioError& e) {
    std::string joined;
    for (const auto& m : errors) joined += (joined.empty() ? "" : "\n") + m;
    EXPECT_EQ(std::string(e.what()), joined);
  }
}

// ---- shared savings and shared risk contracts ----------------------------------------------

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
                     "      risk_growth_cap: 0.03\n      pmpy: 12000\n"),
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
  expect_error(edit(kShared, "[0.1, 0.3, 0.6]", "[0.1, 0.3, 0.5]"),
               "s.yaml:20:25: contracts[0].benchmark.baseline_weights: the baseline weights must "
               "sum to 1 (within 1e-6), got 0.9");
  expect_error(edit(kShared, "[0.1, 0.3, 0.6]", "[0.4, 0.6]"),
               "s.yaml:20:25: contracts[0].benchmark.baseline_weights: expected 3 values (one per "
               "baseline year, simulation.baseline_years), got 2");
  EXPECT_EQ(
      errors_of(edit(kShared, "[0.1, 0.3, 0.6]", "[0.1, 1.3, -0.4]")),
      (std::vector<std::string>{"s.yaml:20:31: contracts[0].benchmark.baseline_weights[1]: must be in [0, 1], got "
                                "1.3",
                                "s.yaml:20:36: contracts[0].benchmark.baseline_weights[2]: must be in [0, 1], got "
                                "-0.4"}));
  expect_error(edit(kShared, "[0.1, 0.3, 0.6]", "0.5"),
               "s.yaml:20:25: contracts[0].benchmark.baseline_weights: expected a sequence, got "
               "'0.5'");
}

TEST(ScenarioShared, CorridorErrors) {
  expect_error(edit(kShared, "{from: 0, rate: 0.5}", "{from: 0.01, rate: 0.5}"),
               "s.yaml:42:16: contracts[1].corridors[0].from: the first corridor band must start "
               "at 0, got 0.01");
  expect_error(edit(kShared, "{from: 0.05, rate: 0.35}", "{from: 0, rate: 0.35}"),
               "s.yaml:43:16: contracts[1].corridors[1].from: corridor bands must be in strictly "
               "ascending order of 'from': expected > 0 (the previous band's from), got 0");
  expect_error(edit(kShared, "{from: 0.05, rate: 0.35}", "{from: 0.05, rate: 1.35}"),
               "s.yaml:43:28: contracts[1].corridors[1].rate: must be in [0, 1], got 1.35");
  expect_error(edit(kShared, "{from: 0.05, rate: 0.35}", "{from: 0.05}"),
               "s.yaml:43:9: contracts[1].corridors[1]: missing required key 'rate'");
  std::string many = "    corridors: [";
  for (int i = 0; i < 17; ++i) {
    many += (i > 0 ? ", {from: " : "{from: ") + std::to_string(i) + ", rate: 0}";
  }
  expect_error(std::string(kShared) + many + "]\n",
               "s.yaml:48:16: contracts[2].corridors: must have at most 16 items, got 17");
}

TEST(ScenarioShared, RateOrWordErrors) {
  expect_error(edit(kShared, "minimum_savings_rate: mssp", "minimum_savings_rate: msp"),
               "s.yaml:28:27: contracts[0].minimum_savings_rate: unknown value 'msp'; did you mean "
               "'mssp'? (accepted: mssp, or a number in [0, 1])");
  expect_error(edit(kShared, "minimum_savings_rate: mssp", "minimum_savings_rate: 2"),
               "s.yaml:28:27: contracts[0].minimum_savings_rate: must be in [0, 1], got 2");
  expect_error(edit(kShared, "minimum_loss_rate: mssp", "minimum_loss_rate: [mssp]"),
               "s.yaml:36:24: contracts[1].minimum_loss_rate: expected 'mssp' or a number in [0, "
               "1], got a sequence");
  expect_error(edit(kShared, "loss_sharing_rate: from_quality", "loss_sharing_rate: quality"),
               "s.yaml:37:24: contracts[1].loss_sharing_rate: unknown value 'quality' (accepted: "
               "from_quality, or a number in [0, 1])");
  expect_error(edit(kShared, "[0.4, 0.75]", "[0.8, 0.75]"),
               "s.yaml:38:26: contracts[1].loss_sharing_bounds: the minimum (0.8) must be <= the "
               "maximum (0.75)");
  expect_error(edit(kShared, "[0.4, 0.75]", "[0.4]"),
               "s.yaml:38:26: contracts[1].loss_sharing_bounds: expected a sequence of two numbers "
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
  expect_error(edit(kShared, "    minimum_savings_rate: 0.02", p + "1.0"),
               "s.yaml:36:28: contracts[1].truncation_percentile: must be >= 0 and < 1, got 1.0");
  expect_error(edit(kShared, "    minimum_savings_rate: 0.02", p + "-0.1"),
               "s.yaml:36:28: contracts[1].truncation_percentile: must be >= 0 and < 1, got -0.1");
  expect_error(edit(kShared, "    minimum_savings_rate: 0.02", p + "99"),
               "s.yaml:36:28: contracts[1].truncation_percentile: must be >= 0 and < 1, got 99");

  // Both a positive amount and a positive percentile.
  expect_error(edit(kShared, "    truncation: 100000", "    truncation: 100000\n    truncation_percentile: 0.99"),
               "s.yaml:28:28: contracts[0].truncation_percentile: give either truncation (an amount) or "
               "truncation_percentile, not both");
  EXPECT_EQ(errors_of(edit(kShared, "    truncation: 100000", "    truncation: 0\n    truncation_percentile: 0.99")),
            std::vector<std::string>{});

  // Only shared contracts have it.
  expect_error(edit(kMinimal, "  - {name: ffs, type: fee_for_service}",
                    "  - {name: ffs, type: fee_for_service, truncation_percentile: 0.99}"),
               "s.yaml:16:40: contracts[0].truncation_percentile: unknown key; "
               "'truncation_percentile' applies only to shared_savings and shared_risk contracts "
               "(accepted: name, type, payer)");
}

TEST(ScenarioShared, KeysOfAnotherContractType) {
  expect_error(edit(kShared, "    savings_cap: 0.08", "    savings_cap: 0.08\n    minimum_loss_rate: 0.02"),
               "s.yaml:32:5: contracts[0].minimum_loss_rate: unknown key; 'minimum_loss_rate' "
               "applies only to shared_risk contracts (accepted: name, type, payer, benchmark, "
               "truncation, truncation_percentile, minimum_savings_rate, sharing_rate, "
               "quality_score, savings_cap, quality_measures)");
  expect_error(edit(kShared, "    savings_cap: 0.08", "    savings_cap: 0.08\n    corridors: []"),
               "s.yaml:32:5: contracts[0].corridors: unknown key; 'corridors' applies only to "
               "capitation and shared_risk contracts (accepted: name, type, payer, benchmark, truncation, "
               "truncation_percentile, minimum_savings_rate, sharing_rate, quality_score, "
               "savings_cap, quality_measures)");
  expect_error(edit(kShared, "    savings_cap: 0.08", "    savings_cap: 0.08\n    pmpm: 10"),
               "s.yaml:32:5: contracts[0].pmpm: unknown key; 'pmpm' applies only to capitation "
               "contracts (accepted: name, type, payer, benchmark, truncation, truncation_percentile, "
               "minimum_savings_rate, sharing_rate, quality_score, savings_cap, quality_measures)");
  const auto risk_adjusted =
      errors_of(edit(kShared, "    savings_cap: 0.08", "    savings_cap: 0.08\n    risk_adjusted: true"));
  ASSERT_EQ(risk_adjusted.size(), 1u);
  EXPECT_NE(risk_adjusted[0].find("(did you mean benchmark.risk_adjusted?)"), std::string::npos) << risk_adjusted[0];
  expect_error(edit(kFull, "    type: fee_for_service", "    type: fee_for_service\n    sharing_rate: 1"),
               "s.yaml:47:5: contracts[0].sharing_rate: unknown key; 'sharing_rate' applies only "
               "to shared_savings and shared_risk contracts (accepted: name, type, payer)");
  expect_error(edit(kFull, "    pmpm: 950", "    pmpm: 950\n    loss_cap_revenue: 0.1"),
               "s.yaml:50:5: contracts[1].loss_cap_revenue: unknown key; 'loss_cap_revenue' "
               "applies only to shared_risk contracts (accepted: name, type, payer, pmpm, prepayment, risk_adjusted, "
               "covers, quality_withhold, quality_score, stop_loss, corridors, quality_measures)");
  // A misspelt shared key still gets a suggestion.
  expect_error(edit(kShared, "    sharing_rate: 0.4", "    sharing_rte: 0.4"),
               "s.yaml:29:5: contracts[0].sharing_rte: unknown key; did you mean 'sharing_rate'? "
               "(accepted: name, type, payer, benchmark, truncation, truncation_percentile, "
               "minimum_savings_rate, sharing_rate, quality_score, savings_cap, quality_measures)");
}

TEST(ScenarioShared, BenchmarkErrors) {
  expect_error(edit(kShared, "      agreement_years: 5", "      agreement_years: 5\n      pmpy: 12000"),
               "s.yaml:27:7: contracts[0].benchmark.pmpy: unknown key; 'pmpy' applies only to "
               "benchmark method fixed (accepted: method, baseline_weights, trend, risk_adjusted, "
               "risk_growth_cap, regional_weight, regional_pmpy, agreement_years)");
  expect_error(
      edit(kShared, "{method: fixed, pmpy: 12000, trend: -0.01}", "{method: fixed, pmpy: 12000, regional_weight: 0.5}"),
      "s.yaml:34:45: contracts[1].benchmark.regional_weight: unknown key; "
      "'regional_weight' applies only to benchmark method historical (accepted: method, "
      "trend, risk_adjusted, risk_growth_cap, pmpy)");
  expect_error(edit(kShared, "{method: fixed, pmpy: 12000, trend: -0.01}", "{method: fixed}"),
               "s.yaml:34:16: contracts[1].benchmark: missing required key 'pmpy'");
  expect_error(edit(kShared, "{method: fixed, pmpy: 12000, trend: -0.01}", "{method: fixed, pmpy: 0}"),
               "s.yaml:34:38: contracts[1].benchmark.pmpy: must be > 0 and <= 1e9, got 0");
  expect_error(edit(kShared, "{method: fixed,", "{method: fixd,"),
               "s.yaml:34:25: contracts[1].benchmark.method: unknown value 'fixd'; did you mean "
               "'fixed'? (accepted: historical, fixed)");
  expect_error(edit(kShared, "      regional_pmpy: 11000\n", ""),
               "s.yaml:19:7: contracts[0].benchmark: missing key 'regional_pmpy', required when "
               "regional_weight > 0 (regional_weight is 0.25)");
  expect_error(edit(kShared, "      regional_pmpy: 11000", "      regional_pmpy: 0"),
               "s.yaml:25:22: contracts[0].benchmark.regional_pmpy: must be > 0 when "
               "regional_weight > 0 (regional_weight is 0.25), got 0");
  expect_error(edit(kShared, "      trend: 0.03", "      trend: -0.6"),
               "s.yaml:21:14: contracts[0].benchmark.trend: must be in [-0.5, 1], got -0.6");
  expect_error(edit(kShared, "      agreement_years: 5", "      agreement_years: 5.0"),
               "s.yaml:26:24: contracts[0].benchmark.agreement_years: expected an integer, got "
               "'5.0'");
}

TEST(ScenarioShared, HistoricalNeedsBaselineYears) {
  const auto errors = errors_of(edit(kShared, "  name: shared", "  name: shared\n  baseline_years: 0"));
  EXPECT_EQ(errors,
            (std::vector<std::string>{"s.yaml:20:15: contracts[0].benchmark.method: benchmark method historical needs "
                                      "simulation.baseline_years >= 1, got 0",
                                      "s.yaml:45:5: contracts[2]: the default benchmark (method historical) needs "
                                      "simulation.baseline_years >= 1, got 0; give a benchmark with method fixed and "
                                      "pmpy instead"}));
}

// ---- capitation: quality withhold, stop-loss, corridors -------------------------------------

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
  expected.stop_loss_attachment = 100000;
  expected.stop_loss_coinsurance = 0.9;
  expected.stop_loss_premium_pmpm = 12;
  expected.corridors = {{0.0, 1.0}, {0.05, 0.5}};
  EXPECT_EQ(global.as<CapitationTerms>(), expected);

  const CapitationTerms& primary = s.contracts[1].as<CapitationTerms>();
  EXPECT_EQ(primary.pmpm, 75);
  EXPECT_EQ(primary.covered, (std::array<bool, kCategoryCount>{true, false, false, false, false, false, true}));
  EXPECT_EQ(primary.stop_loss_attachment, 0.0);
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
  EXPECT_EQ(t.stop_loss_attachment, 0.0);
  EXPECT_EQ(t.stop_loss_coinsurance, 0.0);
  EXPECT_EQ(t.stop_loss_premium_pmpm, 0.0);
  EXPECT_TRUE(t.corridors.empty());
  // Inside stop_loss, premium_pmpm defaults to 0.
  expected.stop_loss_attachment = 50000;
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
  c.stop_loss_attachment = 1e12;
  c.stop_loss_coinsurance = 5e-324;
  c.stop_loss_premium_pmpm = 1e7;
  c.corridors = {{0, 1.0 / 7.0}, {5e-324, 0.25}, {10, 0}};
  const std::string dout = to_yaml(d);
  EXPECT_EQ(parse_scenario(dout, "d.yaml"), d) << dout;
}

TEST(ScenarioCapitation, StopLossNeedsGlobalCapitation) {
  expect_error(edit(kCapitation, "    covers: [primary_care, outpatient]",
                    "    covers: [primary_care, outpatient]\n"
                    "    stop_loss: {attachment: 50000, coinsurance: 0.8}"),
               "s.yaml:34:16: contracts[1].stop_loss: individual stop-loss needs a global "
               "capitation (covers: all)");
  expect_error(edit(kCapitation, "    covers: all", "    covers: [inpatient]"),
               "s.yaml:24:7: contracts[0].stop_loss: individual stop-loss needs a global "
               "capitation (covers: all)");
  // Every category listed is a global capitation.
  EXPECT_EQ(errors_of(edit(kCapitation, "    covers: all",
                           "    covers: [primary_care, specialist, emergency, inpatient, "
                           "readmission, post_acute, outpatient]")),
            std::vector<std::string>{});
  // An invalid covers is reported on its own.
  expect_error(edit(kCapitation, "    covers: all", "    covers: [inpatent]"),
               "s.yaml:20:14: contracts[0].covers[0]: unknown value 'inpatent'; did you mean "
               "'inpatient'? (accepted: primary_care, specialist, emergency, inpatient, "
               "readmission, post_acute, outpatient)");
}

TEST(ScenarioCapitation, StopLossErrors) {
  expect_error(edit(kCapitation, "      attachment: 100000\n", ""),
               "s.yaml:24:7: contracts[0].stop_loss: missing required key 'attachment'");
  expect_error(edit(kCapitation, "      coinsurance: 0.9\n", ""),
               "s.yaml:24:7: contracts[0].stop_loss: missing required key 'coinsurance'");
  expect_error(edit(kCapitation, "      attachment: 100000", "      attachment: 0"),
               "s.yaml:24:19: contracts[0].stop_loss.attachment: must be > 0 and <= 1e12, got 0");
  expect_error(edit(kCapitation, "      coinsurance: 0.9", "      coinsurance: 1.5"),
               "s.yaml:25:20: contracts[0].stop_loss.coinsurance: must be in [0, 1], got 1.5");
  expect_error(edit(kCapitation, "      premium_pmpm: 12", "      premium_pmpm: -1"),
               "s.yaml:26:21: contracts[0].stop_loss.premium_pmpm: must be in [0, 1e7], got -1");
  EXPECT_EQ(errors_of(edit(kCapitation, "      coinsurance: 0.9", "      coinsurence: 0.9")),
            (std::vector<std::string>{"s.yaml:24:7: contracts[0].stop_loss: missing required key 'coinsurance'",
                                      "s.yaml:25:7: contracts[0].stop_loss.coinsurence: unknown key; did you mean "
                                      "'coinsurance'? (accepted: attachment, coinsurance, premium_pmpm)"}));
  expect_error(edit(kCapitation,
                    "    stop_loss:\n      attachment: 100000\n      coinsurance: 0.9\n"
                    "      premium_pmpm: 12\n",
                    "    stop_loss: 100000\n"),
               "s.yaml:23:16: contracts[0].stop_loss: expected a map (the individual stop-loss "
               "of a capitation contract: attachment, coinsurance, premium_pmpm; a number is the "
               "stop-loss of a bundled_payment contract), got '100000'");
  expect_error(edit(kCapitation, "    quality_withhold: 0.02", "    quality_withhold: 1.02"),
               "s.yaml:21:23: contracts[0].quality_withhold: must be in [0, 1], got 1.02");
  expect_error(edit(kCapitation, "    quality_score: 0.8", "    quality_score: -0.8"),
               "s.yaml:22:20: contracts[0].quality_score: must be in [0, 1], got -0.8");
}

TEST(ScenarioCapitation, CorridorErrors) {
  expect_error(edit(kCapitation, "{from: 0.05, rate: 0.5}", "{from: 0.0, rate: 0.5}"),
               "s.yaml:29:16: contracts[0].corridors[1].from: corridor bands must be in strictly "
               "ascending order of 'from': expected > 0 (the previous band's from), got 0.0");
  expect_error(edit(kCapitation, "{from: 0.0, rate: 1.0}", "{from: 0.01, rate: 1.0}"),
               "s.yaml:28:16: contracts[0].corridors[0].from: the first corridor band must start "
               "at 0, got 0.01");
  expect_error(edit(kCapitation, "{from: 0.05, rate: 0.5}", "{from: 0.05, rate: 2}"),
               "s.yaml:29:28: contracts[0].corridors[1].rate: must be in [0, 1], got 2");
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
  EXPECT_EQ(errors_of(four), std::vector<std::string>{});
  expect_error(four +
                   "  - {name: t5, type: shared_risk, benchmark: {method: fixed, pmpy: 1}, "
                   "truncation: 250000}\n",
               "s.yaml:44:84: contracts[8].truncation: at most 4 distinct per-member truncation or "
               "stop-loss amounts per scenario; 250000 would be distinct amount number 5 (the first 4: "
               "100000, 200000, 300000, 400000)");
  expect_error(four +
                   "  - name: cap5\n    type: capitation\n    pmpm: 1\n"
                   "    stop_loss: {attachment: 1, coinsurance: 1}\n",
               "s.yaml:47:29: contracts[8].stop_loss.attachment: at most 4 distinct per-member "
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
  EXPECT_EQ(errors_of(four), std::vector<std::string>{});
  expect_error(four + shared("p95", "truncation_percentile: 0.95"),
               "s.yaml:43:99: contracts[8].truncation_percentile: at most 4 distinct per-member "
               "truncation or stop-loss amounts per scenario; percentile 0.95 would be distinct "
               "amount number 5 (the first 4: 100000, 200000, 300000, percentile 0.99)");
  expect_error(four +
                   "  - {name: cap5, type: capitation, pmpm: 1,\n"
                   "     stop_loss: {attachment: 0.99, coinsurance: 1}}\n",
               "s.yaml:44:30: contracts[8].stop_loss.attachment: at most 4 distinct per-member "
               "truncation or stop-loss amounts per scenario; 0.99 would be distinct amount "
               "number 5 (the first 4: 100000, 200000, 300000, percentile 0.99)");
  // A percentile beyond four distinct amounts.
  const std::string amounts = std::string(kCapitation) + shared("t2", "truncation: 2e5") +
                              shared("t3", "truncation: 3e5") + shared("t4", "truncation: 4e5");
  EXPECT_EQ(errors_of(amounts), std::vector<std::string>{});
  expect_error(amounts + shared("p99", "truncation_percentile: 0.99"),
               "s.yaml:41:99: contracts[6].truncation_percentile: at most 4 distinct per-member "
               "truncation or stop-loss amounts per scenario; percentile 0.99 would be distinct "
               "amount number 5 (the first 4: 100000, 200000, 300000, 400000)");
}

TEST(ScenarioCapitation, KeysOfAnotherContractType) {
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  expect_error(edit(kMinimal, ffs,
                    "  - name: ffs\n    type: fee_for_service\n"
                    "    stop_loss: {attachment: 1, coinsurance: 1}"),
               "s.yaml:18:5: contracts[0].stop_loss: unknown key; 'stop_loss' applies only to "
               "capitation and bundled_payment contracts (accepted: name, type, payer)");
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    quality_withhold: 0.02"),
               "s.yaml:18:5: contracts[0].quality_withhold: unknown key; 'quality_withhold' "
               "applies only to capitation contracts (accepted: name, type, payer)");
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    quality_score: 1"),
               "s.yaml:18:5: contracts[0].quality_score: unknown key; 'quality_score' applies "
               "only to capitation, shared_savings, shared_risk and pay_for_performance contracts "
               "(accepted: name, type, payer)");
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    corridors: []"),
               "s.yaml:18:5: contracts[0].corridors: unknown key; 'corridors' applies only to "
               "capitation and shared_risk contracts (accepted: name, type, payer)");
  expect_error(edit(kCapitation, "    truncation: 100000",
                    "    truncation: 100000\n    stop_loss: {attachment: 1, coinsurance: 1}"),
               "s.yaml:38:5: contracts[2].stop_loss: unknown key; 'stop_loss' applies only to "
               "capitation and bundled_payment contracts (accepted: name, type, payer, benchmark, "
               "truncation, truncation_percentile, minimum_savings_rate, sharing_rate, "
               "quality_score, savings_cap, quality_measures)");
  // A contract whose type is invalid gets no unknown-key errors for contract keys.
  expect_error(edit(kCapitation, "    type: capitation\n    pmpm: 805", "    type: capitaton\n    pmpm: 805"),
               "s.yaml:17:11: contracts[0].type: unknown value 'capitaton'; did you mean "
               "'capitation'? (accepted: fee_for_service, capitation, shared_savings, "
               "shared_risk, pay_for_performance, cost_per_outcome, "
               "bundled_payment, blend, transition)");
}

// ---- quality section and quality measures -------------------------------------------------

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
  for (const char* text : {kQuality, kMinimal, kShared, kCapitation}) {
    const Scenario s = parse_scenario(text, "a.yaml");
    const std::string out = to_yaml(s);
    EXPECT_EQ(parse_scenario(out, "b.yaml"), s) << out;
    EXPECT_EQ(to_yaml(parse_scenario(out, "b.yaml")), out);
  }
  const std::string out = to_yaml(parse_scenario(kQuality, "a.yaml"));
  EXPECT_NE(out.find("\nquality:\n  screening_per_visit: 0.15\n  controlled_condition: diabetes\n"
                     "  control_base: 0.45\n  control_per_visit: 0.04\n  control_max: 0.9\n"
                     "  avoidable_share: 0.15\ncontracts:\n"),
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
               "s.yaml:20:25: quality.controlled_condition: unknown condition 'diabets'; did you "
               "mean 'diabetes'? (the conditions of population.conditions: diabetes, chf)");
  // Its control_rate measure is not reported on top.
  expect_error(edit(kQuality, "controlled_condition: diabetes", "controlled_condition: copd"),
               "s.yaml:20:25: quality.controlled_condition: unknown condition 'copd' (the "
               "conditions of population.conditions: diabetes, chf)");
  // No condition at all.
  const std::string none = edit(kQuality, R"(  conditions:
    - {name: diabetes, prevalence: 0.25}
    - {name: chf, prevalence: 0.1}
)",
                                "");
  expect_error(none,
               "s.yaml:17:25: quality.controlled_condition: unknown condition 'diabetes' "
               "(population.conditions is empty)");
  // A condition whose name is invalid (reported) is not reported again here.
  expect_error(edit(kQuality, "{name: diabetes,", "{name: diabetes!,"),
               "s.yaml:8:14: population.conditions[0].name: may contain only letters, digits "
               "and '_', got 'diabetes!'");
  // Unknown keys of the section get suggestions.
  expect_error(edit(kQuality, "  avoidable_share: 0.15", "  avoidable_share: 0.15\n  control_mx: 1"),
               "s.yaml:25:3: quality.control_mx: unknown key; did you mean "
               "'control_max'? (accepted: screening_per_visit, controlled_condition, "
               "control_base, control_per_visit, control_max, avoidable_share)");
  expect_error(edit(kQuality, "  screening_per_visit: 0.15", "  screening_per_visit: 1.5"),
               "s.yaml:19:24: quality.screening_per_visit: must be in [0, 1], got 1.5");
}

TEST(ScenarioQuality, ControlKeysNeedCondition) {
  const std::string text = edit(edit(kQuality, "  controlled_condition: diabetes\n", ""),
                                "      - {measure: control_rate, threshold: 0.4, benchmark: 0.7}\n", "");
  const auto errors = errors_of(text);
  EXPECT_EQ(errors,
            (std::vector<std::string>{"s.yaml:20:17: quality.control_base: needs quality.controlled_condition (the "
                                      "condition whose control it describes)",
                                      "s.yaml:21:22: quality.control_per_visit: needs quality.controlled_condition "
                                      "(the condition whose control it describes)",
                                      "s.yaml:22:16: quality.control_max: needs quality.controlled_condition (the "
                                      "condition whose control it describes)"}));
  // An explicit empty condition is none, too.
  expect_error(edit(edit(edit(text, "  control_per_visit: 0.04\n", ""), "  control_max: 0.9\n", ""),
                    "  control_base: 0.45", "  controlled_condition: \"\"\n  control_base: 0.45"),
               "s.yaml:21:17: quality.control_base: needs quality.controlled_condition (the "
               "condition whose control it describes)");
  // At their defaults (as to_yaml writes them) they are accepted.
  const Scenario s = parse_scenario(
      edit(edit(edit(text, "control_base: 0.45", "control_base: 0"), "control_per_visit: 0.04", "control_per_visit: 0"),
           "control_max: 0.9", "control_max: 1"),
      "s.yaml");
  EXPECT_EQ(s.quality, (QualityConfig{0.15, "", 0.0, 0.0, 1.0, 0.15}));
}

TEST(ScenarioQuality, ControlMaxBelowBase) {
  expect_error(edit(kQuality, "  control_max: 0.9", "  control_max: 0.3"),
               "s.yaml:23:16: quality.control_max: must be >= control_base (0.45), got 0.3");
  // Equal is fine.
  EXPECT_EQ(parse_scenario(edit(kQuality, "  control_max: 0.9", "  control_max: 0.45"), "s").quality.control_max, 0.45);
}

TEST(ScenarioQuality, BadMeasureName) {
  expect_error(edit(kQuality, "measure: readmission_rate", "measure: readmision_rate"),
               "s.yaml:32:19: contracts[1].quality_measures[0].measure: unknown value "
               "'readmision_rate'; did you mean 'readmission_rate'? (accepted: readmission_rate, "
               "ed_visits_per_1000, screening_rate, control_rate, avoidable_admissions_per_1000)");
  expect_error(edit(kQuality, "{measure: readmission_rate, ", "{"),
               "s.yaml:32:9: contracts[1].quality_measures[0]: missing required key 'measure'");
  expect_error(edit(kQuality, "threshold: 0.5, benchmark: 0.8, weight: 2", "threshold: 0.5, benchmark: 0.8, weight: 0"),
               "s.yaml:33:75: contracts[1].quality_measures[1].weight: must be > 0 and <= 1000, "
               "got 0");
  expect_error(edit(kQuality, "threshold: 0.20,", "threshold: -1,"),
               "s.yaml:32:48: contracts[1].quality_measures[0].threshold: must be in [0, 1e6], "
               "got -1");
  expect_error(edit(kQuality, "weight: 2}", "weight: 2, wieght: 1}"),
               "s.yaml:33:78: contracts[1].quality_measures[1].wieght: unknown key; did you mean "
               "'weight'? (accepted: measure, threshold, benchmark, weight)");
  std::string nine = "    quality_measures:\n";
  for (int i = 0; i < 9; ++i) {
    nine += "      - {measure: readmission_rate, threshold: 0.2, benchmark: 0.15}\n";
  }
  const auto errors = errors_of(edit(kQuality, R"(    quality_measures:
      - {measure: readmission_rate, threshold: 0.20, benchmark: 0.15, weight: 1}
      - {measure: screening_rate, threshold: 0.5, benchmark: 0.8, weight: 2}
)",
                                     nine));
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0].rfind("s.yaml:32:7: contracts[1].quality_measures: ", 0), 0u) << errors[0];
}

TEST(ScenarioQuality, ThresholdEqualsBenchmark) {
  expect_error(edit(kQuality, "threshold: 0.5, benchmark: 0.8", "threshold: 0.5, benchmark: 0.50"),
               "s.yaml:33:62: contracts[1].quality_measures[1].benchmark: must differ from "
               "threshold (0.5; the measure scores 0 at the threshold and 1 at the benchmark), "
               "got 0.50");
  expect_error(edit(kQuality, "threshold: 0.4, benchmark: 0.7}", "threshold: 0.4}"),
               "s.yaml:39:9: contracts[2].quality_measures[0]: missing required key 'benchmark'");
}

TEST(ScenarioQuality, MeasureNeedsSetting) {
  expect_error(edit(kQuality, "  screening_per_visit: 0.15", "  screening_per_visit: 0"),
               "s.yaml:33:19: contracts[1].quality_measures[1].measure: measure 'screening_rate' "
               "needs quality.screening_per_visit > 0");
  expect_error(edit(kQuality, "  avoidable_share: 0.15", "  avoidable_share: 0"),
               "s.yaml:40:19: contracts[2].quality_measures[1].measure: measure "
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
  EXPECT_EQ(errors_of(no_section),
            (std::vector<std::string>{"s.yaml:26:19: contracts[1].quality_measures[1].measure: measure "
                                      "'screening_rate' needs quality.screening_per_visit > 0",
                                      "s.yaml:32:19: contracts[2].quality_measures[0].measure: measure 'control_rate' "
                                      "needs quality.controlled_condition",
                                      "s.yaml:33:19: contracts[2].quality_measures[1].measure: measure "
                                      "'avoidable_admissions_per_1000' needs quality.avoidable_share > 0"}));
  // An invalid setting (reported) is not reported again at the measures.
  expect_error(edit(kQuality, "  screening_per_visit: 0.15", "  screening_per_visit: high"),
               "s.yaml:19:24: quality.screening_per_visit: expected a number, got 'high'");
}

TEST(ScenarioQuality, MeasuresOnFeeForService) {
  expect_error(edit(kQuality, "    type: fee_for_service", "    type: fee_for_service\n    quality_measures: []"),
               "s.yaml:28:5: contracts[0].quality_measures: unknown key; 'quality_measures' "
               "applies only to capitation, shared_savings, shared_risk and pay_for_performance "
               "contracts (accepted: name, type, payer)");
}

TEST(ScenarioQuality, QualityScoreAndMeasures) {
  expect_error(edit(kQuality, "    quality_withhold: 0.02", "    quality_withhold: 0.02\n    quality_score: 0.8"),
               "s.yaml:38:20: contracts[2].quality_score: the quality score is computed from "
               "quality_measures; remove one of them");
  expect_error(edit(kQuality, "    quality_score: 0.9",
                    "    quality_score: 0.9\n    quality_measures:\n"
                    "      - {measure: ed_visits_per_1000, threshold: 700, benchmark: 500}"),
               "s.yaml:45:20: contracts[3].quality_score: the quality score is computed from "
               "quality_measures; remove one of them");
}

// ---- pay for performance ------------------------------------------------------------------

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
  expect_error(edit(kP4P, "      expected_rate: 0.15\n", ""),
               "s.yaml:21:7: contracts[0].readmission_penalty: missing required key "
               "'expected_rate'");
  expect_error(edit(kP4P, "      expected_rate: 0.15", "      expected_rate: 0"),
               "s.yaml:21:22: contracts[0].readmission_penalty.expected_rate: must be > 0 and "
               "<= 1, got 0");
  expect_error(edit(kP4P, "      expected_rate: 0.15", "      expected_rate: 1.5"),
               "s.yaml:21:22: contracts[0].readmission_penalty.expected_rate: must be > 0 and "
               "<= 1, got 1.5");
  expect_error(edit(kP4P, "      multiplier: 0.1", "      multiplier: 101"),
               "s.yaml:22:19: contracts[0].readmission_penalty.multiplier: must be in [0, 100], "
               "got 101");
  expect_error(edit(kP4P, "      cap: 0.05", "      cap: -0.01"),
               "s.yaml:23:12: contracts[0].readmission_penalty.cap: must be in [0, 1], got -0.01");
  expect_error(edit(kP4P, "      multiplier: 0.1", "      multipler: 0.1"),
               "s.yaml:22:7: contracts[0].readmission_penalty.multipler: unknown key; did you "
               "mean 'multiplier'? (accepted: expected_rate, multiplier, cap)");
  expect_error(edit(kP4P,
                    "    readmission_penalty:\n      expected_rate: 0.15\n"
                    "      multiplier: 0.1\n      cap: 0.05\n",
                    "    readmission_penalty: 0.15\n"),
               "s.yaml:20:26: contracts[0].readmission_penalty: expected a map, got '0.15'");
}

TEST(ScenarioP4P, RangeErrors) {
  expect_error(edit(kP4P, "    scale_threshold: 0.6", "    scale_threshold: 0"),
               "s.yaml:25:22: contracts[0].scale_threshold: must be > 0 and < 1, got 0");
  expect_error(edit(kP4P, "    scale_threshold: 0.6", "    scale_threshold: 1"),
               "s.yaml:25:22: contracts[0].scale_threshold: must be > 0 and < 1, got 1");
  expect_error(edit(kP4P, "    withhold: 0.02", "    withhold: 1.5"),
               "s.yaml:18:15: contracts[0].withhold: must be in [0, 1], got 1.5");
  expect_error(edit(kP4P, "    withhold: 0.02", "    withhold: -0.02"),
               "s.yaml:18:15: contracts[0].withhold: must be in [0, 1], got -0.02");
  expect_error(edit(kP4P, "    withhold_slope: 1.5", "    withhold_slope: 11"),
               "s.yaml:19:21: contracts[0].withhold_slope: must be in [0, 10], got 11");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 1.09"),
               "s.yaml:24:12: contracts[0].scale: must be in [0, 1], got 1.09");
  expect_error(edit(kP4P, "    quality_score: 0.8", "    quality_score: 1.8"),
               "s.yaml:26:20: contracts[0].quality_score: must be in [0, 1], got 1.8");
}

TEST(ScenarioP4P, KeysOfAnotherContractType) {
  expect_error(edit(kP4P, "    withhold: 0.01", "    withhold: 0.01\n    pmpm: 900"),
               "s.yaml:30:5: contracts[1].pmpm: unknown key; 'pmpm' applies only to capitation "
               "contracts (accepted: name, type, payer, withhold, withhold_slope, readmission_penalty, "
               "scale, scale_threshold, quality_score, quality_measures)");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 0.09\n    quality_withhold: 0.02"),
               "s.yaml:25:5: contracts[0].quality_withhold: unknown key; 'quality_withhold' "
               "applies only to capitation contracts (accepted: name, type, payer, withhold, "
               "withhold_slope, readmission_penalty, scale, scale_threshold, quality_score, "
               "quality_measures)");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 0.09\n    sharing_rate: 0.5"),
               "s.yaml:25:5: contracts[0].sharing_rate: unknown key; 'sharing_rate' applies only "
               "to shared_savings and shared_risk contracts (accepted: name, type, payer, withhold, "
               "withhold_slope, readmission_penalty, scale, scale_threshold, quality_score, "
               "quality_measures)");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 0.09\n    corridors: []"),
               "s.yaml:25:5: contracts[0].corridors: unknown key; 'corridors' applies only to "
               "capitation and shared_risk contracts (accepted: name, type, payer, withhold, "
               "withhold_slope, readmission_penalty, scale, scale_threshold, quality_score, "
               "quality_measures)");
  // A misspelt key of the type itself gets a suggestion.
  expect_error(edit(kP4P, "    scale_threshold: 0.6", "    scale_treshold: 0.6"),
               "s.yaml:25:5: contracts[0].scale_treshold: unknown key; did you mean "
               "'scale_threshold'? (accepted: name, type, payer, withhold, withhold_slope, "
               "readmission_penalty, scale, scale_threshold, quality_score, quality_measures)");
  // The p4p keys on other types.
  expect_error(edit(kP4P, "    pmpm: 900", "    pmpm: 900\n    withhold: 0.02"),
               "s.yaml:36:5: contracts[2].withhold: unknown key; 'withhold' applies only to "
               "pay_for_performance contracts (accepted: name, type, payer, pmpm, prepayment, risk_adjusted, covers, "
               "quality_withhold, quality_score, stop_loss, corridors, quality_measures)");
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  expect_error(edit(kMinimal, ffs,
                    "  - name: ffs\n    type: fee_for_service\n"
                    "    readmission_penalty: {expected_rate: 0.15}"),
               "s.yaml:18:5: contracts[0].readmission_penalty: unknown key; 'readmission_penalty' "
               "applies only to pay_for_performance contracts (accepted: name, type, payer)");
  expect_error(edit(kMinimal, ffs,
                    "  - name: mssp\n    type: shared_savings\n"
                    "    benchmark: {method: fixed, pmpy: 12000}\n    scale_threshold: 0.5"),
               "s.yaml:19:5: contracts[0].scale_threshold: unknown key; 'scale_threshold' "
               "applies only to pay_for_performance contracts (accepted: name, type, payer, benchmark, "
               "truncation, truncation_percentile, minimum_savings_rate, sharing_rate, "
               "quality_score, savings_cap, quality_measures)");
  // A misspelt type suggests pay_for_performance, and its keys raise no errors on top.
  expect_error(edit(kP4P, "    type: pay_for_performance\n    withhold: 0.02",
                    "    type: pay_for_performence\n    withhold: 0.02"),
               "s.yaml:17:11: contracts[0].type: unknown value 'pay_for_performence'; did you "
               "mean 'pay_for_performance'? (accepted: fee_for_service, capitation, "
               "shared_savings, shared_risk, pay_for_performance, cost_per_outcome, "
               "bundled_payment, blend, transition)");
}

TEST(ScenarioP4P, QualityScoreAndMeasures) {
  expect_error(edit(kP4P, "    withhold: 0.01", "    withhold: 0.01\n    quality_score: 0.8"),
               "s.yaml:30:20: contracts[1].quality_score: the quality score is computed from "
               "quality_measures; remove one of them");
  // Measures are checked as for the other types.
  expect_error(edit(kP4P, "{measure: readmission_rate, threshold: 0.20, benchmark: 0.15}",
                    "{measure: screening_rate, threshold: 0.5, benchmark: 0.8}"),
               "s.yaml:31:19: contracts[1].quality_measures[0].measure: measure "
               "'screening_rate' needs quality.screening_per_visit > 0");
}

// ---- cost per successful outcome ----------------------------------------------------------

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
  expect_error(edit(kOutcome, "    success: condition_controlled\n", ""),
               "s.yaml:23:5: contracts[0]: missing required key 'success'");
  expect_error(edit(kOutcome, "    price_per_success: 50\n", ""),
               "s.yaml:29:5: contracts[1]: missing required key 'price_per_success'");
  // A misspelt key: the missing key and the suggestion.
  EXPECT_EQ(errors_of(edit(kOutcome, "    success: no_readmission", "    sucess: no_readmission")),
            (std::vector<std::string>{
                "s.yaml:33:5: contracts[2]: missing required key 'success'",
                "s.yaml:35:5: contracts[2].sucess: unknown key; did you mean 'success'? "
                "(accepted: name, type, payer, success, price_per_success, base_per_attempt, covers)"}));
}

TEST(ScenarioOutcome, BadSuccessName) {
  expect_error(edit(kOutcome, "    success: condition_controlled", "    success: condition_controled"),
               "s.yaml:25:14: contracts[0].success: unknown value 'condition_controled'; did you "
               "mean 'condition_controlled'? (accepted: condition_controlled, "
               "no_avoidable_admission, no_readmission)");
  expect_error(edit(kOutcome, "    success: no_readmission", "    success: [no_readmission]"),
               "s.yaml:35:14: contracts[2].success: expected one of: condition_controlled, "
               "no_avoidable_admission, no_readmission, got a sequence");
}

TEST(ScenarioOutcome, SuccessNeedsQualitySetting) {
  expect_error(edit(kOutcome,
                    "  controlled_condition: diabetes\n  control_base: 0.45\n"
                    "  control_per_visit: 0.04\n",
                    ""),
               "s.yaml:22:14: contracts[0].success: success condition_controlled needs "
               "quality.controlled_condition");
  // An explicitly empty condition is no condition.
  expect_error(edit(kOutcome,
                    "  controlled_condition: diabetes\n  control_base: 0.45\n"
                    "  control_per_visit: 0.04\n",
                    "  controlled_condition: \"\"\n"),
               "s.yaml:23:14: contracts[0].success: success condition_controlled needs "
               "quality.controlled_condition");
}

TEST(ScenarioOutcome, SuccessNeedsAvoidableAdmissions) {
  expect_error(edit(kOutcome, "  avoidable_share: 0.15", "  avoidable_share: 0"),
               "s.yaml:31:14: contracts[1].success: success no_avoidable_admission needs "
               "quality.avoidable_share > 0");
  // Without a quality section both settings are off.
  const std::string no_quality = edit(kOutcome,
                                      "quality:\n  controlled_condition: diabetes\n  control_base: 0.45\n"
                                      "  control_per_visit: 0.04\n  avoidable_share: 0.15\n",
                                      "");
  EXPECT_EQ(errors_of(no_quality),
            (std::vector<std::string>{"s.yaml:20:14: contracts[0].success: success condition_controlled needs "
                                      "quality.controlled_condition",
                                      "s.yaml:26:14: contracts[1].success: success no_avoidable_admission needs "
                                      "quality.avoidable_share > 0"}));
}

TEST(ScenarioOutcome, RangeErrors) {
  expect_error(edit(kOutcome, "    price_per_success: 1200", "    price_per_success: -1"),
               "s.yaml:26:24: contracts[0].price_per_success: must be in [0, 1e9], got -1");
  expect_error(edit(kOutcome, "    price_per_success: 1200", "    price_per_success: 2e9"),
               "s.yaml:26:24: contracts[0].price_per_success: must be in [0, 1e9], got 2e9");
  expect_error(edit(kOutcome, "    base_per_attempt: 100", "    base_per_attempt: -100"),
               "s.yaml:27:23: contracts[0].base_per_attempt: must be in [0, 1e9], got -100");
}

TEST(ScenarioOutcome, CoversErrors) {
  expect_error(edit(kOutcome, "    covers: [primary_care, outpatient]", "    covers: [primary_care, primary_care]"),
               "s.yaml:28:28: contracts[0].covers[1]: duplicate category 'primary_care'");
  expect_error(edit(kOutcome, "    covers: [primary_care, outpatient]", "    covers: [primary_care, outpatent]"),
               "s.yaml:28:28: contracts[0].covers[1]: unknown value 'outpatent'; did you mean "
               "'outpatient'? (accepted: primary_care, specialist, emergency, inpatient, "
               "readmission, post_acute, outpatient)");
  expect_error(edit(kOutcome, "    covers: all", "    covers: none"),
               "s.yaml:38:13: contracts[2].covers: expected 'all' or a sequence of category "
               "names, got 'none'");
  // An empty list stays an error for capitation.
  expect_error(edit(kOutcome, "    pmpm: 900", "    pmpm: 900\n    covers: []"),
               "s.yaml:42:13: contracts[3].covers: must not be empty");
}

TEST(ScenarioOutcome, KeysOfAnotherContractType) {
  expect_error(edit(kOutcome, "    price_per_success: 50", "    price_per_success: 50\n    pmpm: 900"),
               "s.yaml:33:5: contracts[1].pmpm: unknown key; 'pmpm' applies only to capitation "
               "contracts (accepted: name, type, payer, success, price_per_success, base_per_attempt, "
               "covers)");
  expect_error(edit(kOutcome, "    price_per_success: 50", "    price_per_success: 50\n    quality_score: 0.9"),
               "s.yaml:33:5: contracts[1].quality_score: unknown key; 'quality_score' applies "
               "only to capitation, shared_savings, shared_risk and pay_for_performance contracts "
               "(accepted: name, type, payer, success, price_per_success, base_per_attempt, covers)");
  expect_error(edit(kOutcome, "    pmpm: 900", "    pmpm: 900\n    price_per_success: 10"),
               "s.yaml:42:5: contracts[3].price_per_success: unknown key; 'price_per_success' "
               "applies only to cost_per_outcome contracts (accepted: name, type, payer, pmpm, prepayment, "
               "risk_adjusted, covers, quality_withhold, quality_score, stop_loss, corridors, "
               "quality_measures)");
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    success: no_readmission"),
               "s.yaml:18:5: contracts[0].success: unknown key; 'success' applies only to "
               "cost_per_outcome contracts (accepted: name, type, payer)");
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    covers: all"),
               "s.yaml:18:5: contracts[0].covers: unknown key; 'covers' applies only to "
               "capitation and cost_per_outcome contracts (accepted: name, type, payer)");
  expect_error(edit(kP4P, "    scale: 0.09", "    scale: 0.09\n    base_per_attempt: 5"),
               "s.yaml:25:5: contracts[0].base_per_attempt: unknown key; 'base_per_attempt' "
               "applies only to cost_per_outcome contracts (accepted: name, type, payer, withhold, "
               "withhold_slope, readmission_penalty, scale, scale_threshold, quality_score, "
               "quality_measures)");
  // A misspelt type suggests cost_per_outcome, and its keys raise no errors on top.
  expect_error(edit(kOutcome, "    type: cost_per_outcome\n    success: condition_controlled",
                    "    type: cost_per_outcom\n    success: condition_controlled"),
               "s.yaml:24:11: contracts[0].type: unknown value 'cost_per_outcom'; did you mean "
               "'cost_per_outcome'? (accepted: fee_for_service, capitation, shared_savings, "
               "shared_risk, pay_for_performance, cost_per_outcome, "
               "bundled_payment, blend, transition)");
}

// ---- bundled payment ----------------------------------------------------------------------

//! The accepted keys of a bundled_payment contract, as error messages list them.
const char* const kBundleKeys = "(accepted: name, type, payer, episode, target, stop_gain, stop_loss)";

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
  expect_error(edit(text, "price: 1e9", "price: 0"),
               "s.yaml:20:36: contracts[0].target.price: must be > 0 and <= 1e9, got 0");
  expect_error(edit(text, "price: 1e9", "price: 1.5e9"),
               "s.yaml:20:36: contracts[0].target.price: must be > 0 and <= 1e9, got 1.5e9");
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

TEST(ScenarioBundle, EpisodeErrors) {
  expect_error(edit(kBundle, "    episode: {trigger_probability: 0.02}\n", ""),
               "s.yaml:35:5: contracts[1]: missing required key 'episode'");
  expect_error(edit(kBundle, "    episode: {trigger_probability: 0.02}", "    episode: 0.02"),
               "s.yaml:37:14: contracts[1].episode: expected a map, got '0.02'");
  // trigger_probability defaults to 1 (every eligible admission anchors an episode).
  EXPECT_EQ(parse_scenario(edit(kBundle, "      trigger_probability: 0.05\n", ""), "s.yaml")
                .contracts[0]
                .as<BundleTerms>()
                .episode.trigger_probability,
            1.0);
  expect_error(edit(kBundle, "{trigger_probability: 0.02}", "{trigger_probability: 1.02}"),
               "s.yaml:37:36: contracts[1].episode.trigger_probability: must be in [0, 1], got "
               "1.02");
  expect_error(edit(kBundle, "      window_days: 60", "      window_days: 0"),
               "s.yaml:24:20: contracts[0].episode.window_days: must be in [1, 365], got 0");
  expect_error(edit(kBundle, "      window_days: 60", "      window_days: 366"),
               "s.yaml:24:20: contracts[0].episode.window_days: must be in [1, 365], got 366");
  expect_error(edit(kBundle, "      window_days: 60", "      window_days: 60.5"),
               "s.yaml:24:20: contracts[0].episode.window_days: expected an integer, got '60.5'");
  expect_error(edit(kBundle, "      spending_cap: 80000", "      spending_cap: -1"),
               "s.yaml:26:21: contracts[0].episode.spending_cap: must be in [0, 1e9], got -1");
  expect_error(edit(kBundle, "      spending_cap: 80000", "      spending_cap: 2e9"),
               "s.yaml:26:21: contracts[0].episode.spending_cap: must be in [0, 1e9], got 2e9");
  // Unknown keys, with a suggestion.
  expect_error(edit(kBundle, "      window_days: 60", "      window_day: 60"),
               "s.yaml:24:7: contracts[0].episode.window_day: unknown key; did you mean "
               "'window_days'? (accepted: trigger_probability, trigger_condition, trigger_type, window_days, "
               "includes, spending_cap)");
  expect_error(edit(kBundle, "{trigger_probability: 0.02}", "{trigger_probability: 0.02, anchor: inpatient}"),
               "s.yaml:37:42: contracts[1].episode.anchor: unknown key (accepted: "
               "trigger_probability, trigger_condition, trigger_type, window_days, includes, spending_cap)");
}

TEST(ScenarioBundle, IncludesErrors) {
  const std::string includes = "includes: [inpatient, readmission, post_acute]";
  expect_error(edit(kBundle, includes, "includes: []"),
               "s.yaml:25:17: contracts[0].episode.includes: must not be empty");
  expect_error(edit(kBundle, includes, "includes: [inpatient, readmission, inpatient]"),
               "s.yaml:25:42: contracts[0].episode.includes[2]: duplicate category 'inpatient'");
  expect_error(edit(kBundle, includes, "includes: [inpatient, readmision, post_acute]"),
               "s.yaml:25:29: contracts[0].episode.includes[1]: unknown value 'readmision'; did "
               "you mean 'readmission'? (accepted: primary_care, specialist, emergency, "
               "inpatient, readmission, post_acute, outpatient)");
  expect_error(edit(kBundle, includes, "includes: none"),
               "s.yaml:25:17: contracts[0].episode.includes: expected 'all' or a sequence of "
               "category names, got 'none'");
}

TEST(ScenarioBundle, TriggerConditionErrors) {
  expect_error(edit(kBundle, "trigger_condition: heart_failure", "trigger_condition: heart_falure"),
               "s.yaml:23:26: contracts[0].episode.trigger_condition: unknown condition "
               "'heart_falure'; did you mean 'heart_failure'? (the conditions of "
               "population.conditions: heart_failure, diabetes)");
  expect_error(edit(kBundle, "trigger_condition: heart_failure", "trigger_condition: copd"),
               "s.yaml:23:26: contracts[0].episode.trigger_condition: unknown condition 'copd' "
               "(the conditions of population.conditions: heart_failure, diabetes)");
  expect_error(edit(kBundle,
                    "  conditions:\n    - {name: heart_failure, prevalence: 0.1}\n"
                    "    - {name: diabetes, prevalence: 0.25}\n",
                    ""),
               "s.yaml:20:26: contracts[0].episode.trigger_condition: unknown condition "
               "'heart_failure' (population.conditions is empty)");
  expect_error(edit(kBundle, "trigger_condition: heart_failure", "trigger_condition: [heart_failure]"),
               "s.yaml:23:26: contracts[0].episode.trigger_condition: expected a string, got a "
               "sequence");
  // A condition whose name is invalid (reported) is not reported again here.
  expect_error(edit(kBundle, "{name: heart_failure,", "{name: heart-failure,"),
               "s.yaml:8:14: population.conditions[0].name: may contain only letters, digits "
               "and '_', got 'heart-failure'");
}

TEST(ScenarioBundle, TargetErrors) {
  expect_error(edit(kBundle, "      discount: 0.02", "      discont: 0.02"),
               "s.yaml:29:7: contracts[0].target.discont: unknown key; did you mean 'discount'? "
               "(accepted: method, discount, baseline_weights, trend, risk_adjusted)");
  expect_error(edit(kBundle, "      price: 25000", "      price: 25000\n      colour: blue"),
               "s.yaml:41:7: contracts[1].target.colour: unknown key (accepted: method, price, "
               "trend, risk_adjusted)");
  expect_error(edit(kBundle, "      method: fixed", "      method: fixd"),
               "s.yaml:39:15: contracts[1].target.method: unknown value 'fixd'; did you mean "
               "'fixed'? (accepted: historical, fixed)");
  expect_error(edit(kBundle, "      discount: 0.02", "      discount: 1"),
               "s.yaml:29:17: contracts[0].target.discount: must be >= 0 and < 1, got 1");
  expect_error(edit(kBundle, "      discount: 0.02", "      discount: -0.02"),
               "s.yaml:29:17: contracts[0].target.discount: must be >= 0 and < 1, got -0.02");
  expect_error(edit(kBundle, "      trend: 0.03", "      trend: 1.5"),
               "s.yaml:31:14: contracts[0].target.trend: must be in [-0.5, 1], got 1.5");
  expect_error(edit(kBundle, "      risk_adjusted: true", "      risk_adjusted: yes"),
               "s.yaml:32:22: contracts[0].target.risk_adjusted: expected a boolean (true or "
               "false), got 'yes'");
  expect_error(
      edit(kBundle, "    target:\n      method: fixed\n      price: 25000\n      trend: 0.02\n", "    target: 25000\n"),
      "s.yaml:38:13: contracts[1].target: expected a map, got '25000'");
}

TEST(ScenarioBundle, TargetKeysOfTheOtherMethod) {
  expect_error(edit(kBundle, "      price: 25000", "      price: 25000\n      discount: 0.05"),
               "s.yaml:41:7: contracts[1].target.discount: unknown key; 'discount' applies only "
               "to target method historical (accepted: method, price, trend, risk_adjusted)");
  expect_error(edit(kBundle, "      price: 25000", "      price: 25000\n      baseline_weights: [0.2, 0.3, 0.5]"),
               "s.yaml:41:7: contracts[1].target.baseline_weights: unknown key; "
               "'baseline_weights' applies only to target method historical (accepted: method, "
               "price, trend, risk_adjusted)");
  expect_error(edit(kBundle, "      discount: 0.02", "      discount: 0.02\n      price: 25000"),
               "s.yaml:30:7: contracts[0].target.price: unknown key; 'price' applies only to "
               "target method fixed (accepted: method, discount, baseline_weights, trend, "
               "risk_adjusted)");
  // The default method is historical.
  expect_error(edit(kBundle, "      method: fixed\n", ""),
               "s.yaml:39:7: contracts[1].target.price: unknown key; 'price' applies only to "
               "target method fixed (accepted: method, discount, baseline_weights, trend, "
               "risk_adjusted)");
  expect_error(edit(kBundle, "      price: 25000\n", ""),
               "s.yaml:39:7: contracts[1].target: missing required key 'price'");
  // An invalid method: no errors about the keys of either method.
  expect_error(edit(kBundle, "      method: historical", "      method: historic"),
               "s.yaml:28:15: contracts[0].target.method: unknown value 'historic'; did you mean "
               "'historical'? (accepted: historical, fixed)");
}

TEST(ScenarioBundle, BaselineWeightErrors) {
  expect_error(edit(kBundle, "[0.2, 0.3, 0.5]", "[0.2, 0.3, 0.4]"),
               "s.yaml:30:25: contracts[0].target.baseline_weights: the baseline weights must sum "
               "to 1 (within 1e-6), got 0.9");
  expect_error(edit(kBundle, "[0.2, 0.3, 0.5]", "[0.5, 0.5]"),
               "s.yaml:30:25: contracts[0].target.baseline_weights: expected 3 values (one per "
               "baseline year, simulation.baseline_years), got 2");
  EXPECT_EQ(errors_of(edit(kBundle, "[0.2, 0.3, 0.5]", "[0.2, 1.3, -0.5]")),
            (std::vector<std::string>{"s.yaml:30:31: contracts[0].target.baseline_weights[1]: must be in [0, 1], got "
                                      "1.3",
                                      "s.yaml:30:36: contracts[0].target.baseline_weights[2]: must be in [0, 1], got "
                                      "-0.5"}));
  expect_error(edit(kBundle, "[0.2, 0.3, 0.5]", "all"),
               "s.yaml:30:25: contracts[0].target.baseline_weights: expected a sequence, got "
               "'all'");
  // With the number of baseline years.
  const Scenario two = parse_scenario(
      edit(edit(kBundle, "  name: bundle", "  name: bundle\n  baseline_years: 2"), "[0.2, 0.3, 0.5]", "[0.25, 0.75]"),
      "s.yaml");
  EXPECT_EQ(two.contracts[0].as<BundleTerms>().baseline_weights, (std::vector<double>{0.25, 0.75}));
}

TEST(ScenarioBundle, HistoricalTargetNeedsBaselineYears) {
  const std::string none = edit(kBundle, "  name: bundle", "  name: bundle\n  baseline_years: 0");
  const std::string why =
      "needs simulation.baseline_years >= 1, got 0 (the historical target is taken from the "
      "episodes of the baseline years)";
  // At the method; the baseline weights, which cannot be right, are not reported on top.
  expect_error(none, "s.yaml:29:15: contracts[0].target.method: target method historical " + why);
  // At the target map without a method, and at the contract without a target.
  const std::string more =
      "    stop_loss: 0\n"
      "  - {name: c, type: bundled_payment, episode: {trigger_probability: 1}}\n"
      "  - {name: d, type: bundled_payment, episode: {trigger_probability: 1},\n"
      "     target: {trend: 0.01}}\n";
  EXPECT_EQ(errors_of(edit(none, "    stop_loss: 0\n", more)),
            (std::vector<std::string>{"s.yaml:29:15: contracts[0].target.method: target method historical " + why,
                                      "s.yaml:44:5: contracts[2]: the default target (method historical) " + why +
                                          "; give a target with method fixed and price instead",
                                      "s.yaml:46:14: contracts[3].target: target method historical " + why}));
  // A fixed target needs no baseline.
  const std::string fixed = edit(edit(none, "      method: historical", "      method: fixed\n      price: 1"),
                                 "      discount: 0.02\n      baseline_weights: [0.2, 0.3, 0.5]\n", "");
  EXPECT_EQ(errors_of(fixed), std::vector<std::string>{});
}

TEST(ScenarioBundle, StopGainAndStopLoss) {
  expect_error(edit(kBundle, "    stop_gain: 0.1", "    stop_gain: 1.1"),
               "s.yaml:33:16: contracts[0].stop_gain: must be in [0, 1], got 1.1");
  expect_error(edit(kBundle, "    stop_loss: 0.05", "    stop_loss: -0.05"),
               "s.yaml:34:16: contracts[0].stop_loss: must be in [0, 1], got -0.05");
  expect_error(edit(kBundle, "    stop_loss: 0.05", "    stop_loss: 5%"),
               "s.yaml:34:16: contracts[0].stop_loss: expected a number, got '5%'");
  // stop_loss means a number on a bundle and a map on a capitation: a wrong shape says so.
  expect_error(edit(kBundle, "    stop_loss: 0.05", "    stop_loss: {attachment: 100000, coinsurance: 0.9}"),
               "s.yaml:34:16: contracts[0].stop_loss: expected a number (the stop-loss of a "
               "bundled_payment contract, a share of the year's total target; the stop_loss map is "
               "the individual stop-loss of capitation contracts), got a map");
  expect_error(edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    stop_loss: 0.2"),
               "s.yaml:46:16: contracts[2].stop_loss: expected a map (the individual stop-loss of "
               "a capitation contract: attachment, coinsurance, premium_pmpm; a number is the "
               "stop-loss of a bundled_payment contract), got '0.2'");
  // The capitation's stop_loss map still parses next to a bundle's number.
  const Scenario s = parse_scenario(
      edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    stop_loss: {attachment: 1e5, coinsurance: 1}"), "s.yaml");
  EXPECT_EQ(s.contracts[2].as<CapitationTerms>().stop_loss_attachment, 1e5);
  EXPECT_EQ(s.contracts[0].as<BundleTerms>().stop_loss, 0.05);
}

TEST(ScenarioBundle, BundleKeysOnOtherContractTypes) {
  const std::string cap_keys =
      "(accepted: name, type, payer, pmpm, prepayment, risk_adjusted, covers, quality_withhold, quality_score, "
      "stop_loss, corridors, quality_measures)";
  expect_error(edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    stop_gain: 0.2"),
               "s.yaml:46:5: contracts[2].stop_gain: unknown key; 'stop_gain' applies only to "
               "bundled_payment contracts " +
                   cap_keys);
  expect_error(edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    episode: {trigger_probability: 1}"),
               "s.yaml:46:5: contracts[2].episode: unknown key; 'episode' applies only to "
               "bundled_payment contracts " +
                   cap_keys);
  expect_error(edit(kBundle, "    pmpm: 900", "    pmpm: 900\n    target: {method: fixed, price: 1}"),
               "s.yaml:46:5: contracts[2].target: unknown key; 'target' applies only to "
               "bundled_payment contracts " +
                   cap_keys);
  const std::string ffs = "  - {name: ffs, type: fee_for_service}";
  expect_error(edit(kMinimal, ffs, "  - name: ffs\n    type: fee_for_service\n    stop_loss: 0.2"),
               "s.yaml:18:5: contracts[0].stop_loss: unknown key; 'stop_loss' applies only to "
               "capitation and bundled_payment contracts (accepted: name, type, payer)");
  expect_error(edit(kMinimal, ffs,
                    "  - name: mssp\n    type: shared_savings\n"
                    "    target: {method: fixed, price: 1}"),
               "s.yaml:18:5: contracts[0].target: unknown key; 'target' applies only to "
               "bundled_payment contracts (accepted: name, type, payer, benchmark, truncation, "
               "truncation_percentile, minimum_savings_rate, sharing_rate, quality_score, "
               "savings_cap, quality_measures)");
}

TEST(ScenarioBundle, OtherContractKeysOnBundle) {
  const std::string at = "    stop_loss: 0.05";
  auto with = [&](const std::string& line) { return edit(kBundle, at, at + "\n" + line); };
  const std::string keys = std::string(" ") + kBundleKeys;
  expect_error(with("    pmpm: 900"),
               "s.yaml:35:5: contracts[0].pmpm: unknown key; 'pmpm' applies only to capitation "
               "contracts" +
                   keys);
  expect_error(with("    covers: all"),
               "s.yaml:35:5: contracts[0].covers: unknown key; 'covers' applies only to "
               "capitation and cost_per_outcome contracts (did you mean episode.includes?)" +
                   keys);
  expect_error(with("    risk_adjusted: true"),
               "s.yaml:35:5: contracts[0].risk_adjusted: unknown key; 'risk_adjusted' applies "
               "only to capitation contracts (did you mean target.risk_adjusted?)" +
                   keys);
  expect_error(with("    quality_score: 0.9"),
               "s.yaml:35:5: contracts[0].quality_score: unknown key; 'quality_score' applies "
               "only to capitation, shared_savings, shared_risk and pay_for_performance "
               "contracts" +
                   keys);
  expect_error(with("    quality_measures: []"),
               "s.yaml:35:5: contracts[0].quality_measures: unknown key; 'quality_measures' "
               "applies only to capitation, shared_savings, shared_risk and pay_for_performance "
               "contracts" +
                   keys);
  expect_error(with("    benchmark: {method: fixed, pmpy: 12000}"),
               "s.yaml:35:5: contracts[0].benchmark: unknown key; 'benchmark' applies only to "
               "shared_savings and shared_risk contracts (did you mean target?)" +
                   keys);
  expect_error(with("    corridors: []"),
               "s.yaml:35:5: contracts[0].corridors: unknown key; 'corridors' applies only to "
               "capitation and shared_risk contracts" +
                   keys);
  expect_error(with("    success: no_readmission"),
               "s.yaml:35:5: contracts[0].success: unknown key; 'success' applies only to "
               "cost_per_outcome contracts" +
                   keys);
  // A key of the episode or of the target given at the contract's level.
  expect_error(with("    discount: 0.05"),
               "s.yaml:35:5: contracts[0].discount: unknown key; 'discount' belongs in target "
               "(did you mean target.discount?)" +
                   keys);
  expect_error(with("    window_days: 30"),
               "s.yaml:35:5: contracts[0].window_days: unknown key; 'window_days' belongs in "
               "episode (did you mean episode.window_days?)" +
                   keys);
  // A misspelt key of the type itself gets a suggestion.
  expect_error(
      edit(kBundle, "    stop_gain: 0.1", "    stop_gian: 0.1"),
      "s.yaml:33:5: contracts[0].stop_gian: unknown key; did you mean 'stop_gain'? " + std::string(kBundleKeys));
  // A misspelt type suggests bundled_payment, and its keys raise no errors on top.
  expect_error(edit(kBundle, "    type: bundled_payment", "    type: bundled_paymnt"),
               "s.yaml:20:11: contracts[0].type: unknown value 'bundled_paymnt'; did you mean "
               "'bundled_payment'? (accepted: fee_for_service, capitation, shared_savings, "
               "shared_risk, pay_for_performance, cost_per_outcome, bundled_payment, blend, transition)");
}

TEST(ScenarioBundle, AtMostFourDistinctEpisodes) {
  // hf_bundle, lejr, b3 and b4: four distinct episodes; b4_again and lejr_again are the same
  // as b4 and lejr once the defaults are filled in, whatever their targets.
  const std::string four = std::string(kBundle) +
                           "  - {name: b3, type: bundled_payment, episode: {trigger_probability: 0.03}}\n"
                           "  - {name: b4, type: bundled_payment, episode: {trigger_probability: 0.04}}\n"
                           "  - {name: b4_again, type: bundled_payment, episode: {trigger_probability: 0.04,\n"
                           "     window_days: 90}, stop_gain: 0}\n"
                           "  - {name: lejr_again, type: bundled_payment, episode: {trigger_probability: 0.02,\n"
                           "     includes: all}, target: {method: fixed, price: 1}}\n";
  EXPECT_EQ(errors_of(four), std::vector<std::string>{});
  expect_error(four +
                   "  - {name: b5, type: bundled_payment, episode: {trigger_probability: 0.04, "
                   "window_days: 30}}\n",
               "s.yaml:52:48: contracts[7].episode: at most 4 distinct episodes per scenario "
               "(bundled_payment contracts whose episodes are the same, defaults filled in, share "
               "one); this would be distinct episode number 5 (the first 4 are those of the "
               "contracts hf_bundle, lejr, b3, b4)");
}

}  // namespace
}  // namespace pmsim

namespace pmsim {
namespace {

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

namespace pmsim {
namespace {

// Admission types, payers with a blend, shocks, interventions and cash timing: a scenario
// with all of them, built on kMinimal.
std::string with_everything() {
  return edit(kMinimal, "contracts:\n  - {name: ffs, type: fee_for_service}\n",
              "admission_types:\n"
              "  - {name: joint, rate: 0.0136, frailty_exponent: 0.25, cost_factor: 1.15}\n"
              "  - {name: chf, share: 0.1, readmission_factor: 1.3}\n"
              "provider: {fixed_costs: 1000, claims_lag_months: 2, settlement_lag_months: 9}\n"
              "payers:\n  - {name: medicare, share: 0.7}\n  - {name: commercial, share: 0.3}\n"
              "shocks:\n"
              "  - {name: pandemic, year: 2, duration_months: 4, utilization: {all: 0.7, inpatient: 0.8}}\n"
              "  - {name: inflation, probability: 0.1, cost: 1.05, price: 1.02}\n"
              "interventions:\n"
              "  - {name: care, start_year: 2, target_top_risk_share: 0.1, enrollment: 0.6,\n"
              "     effects: {inpatient: 0.8, emergency: 0.88}, ramp: [0.5, 1], cost_per_member_year: 100,\n"
              "     caseload: 150, fte_salary: 90000, one_time_cost: 5.0e5, amortisation_years: 5}\n"
              "contracts:\n"
              "  - {name: aco, type: shared_savings, payer: medicare}\n"
              "  - {name: cap, type: capitation, payer: commercial, pmpm: 300, prepayment: quarterly}\n"
              "  - {name: provider, type: blend, components: [aco, cap]}\n"
              "  - {name: lejr, type: bundled_payment, episode: {trigger_type: joint}}\n");
}

TEST(ScenarioTransitionsAndMix, EverythingParsesAndRoundTrips) {
  const Scenario s = parse_scenario(with_everything(), "s.yaml");
  ASSERT_EQ(s.admission_types.size(), 2u);
  EXPECT_EQ(s.admission_types[0].rate, 0.0136);
  EXPECT_EQ(s.admission_types[0].frailty_exponent, 0.25);
  EXPECT_EQ(s.admission_types[1].share, 0.1);
  EXPECT_EQ(s.provider.claims_lag_months, 2);
  EXPECT_EQ(s.provider.settlement_lag_months, 9);
  ASSERT_EQ(s.payers.size(), 2u);
  EXPECT_EQ(s.payers[1].name, "commercial");
  ASSERT_EQ(s.shocks.size(), 2u);
  EXPECT_EQ(s.shocks[0].year, 2);
  EXPECT_EQ(s.shocks[0].utilization[static_cast<int>(Category::emergency)], 0.7);
  EXPECT_EQ(s.shocks[0].utilization[static_cast<int>(Category::inpatient)], 0.8);
  EXPECT_EQ(s.shocks[1].probability, 0.1);
  ASSERT_EQ(s.interventions.size(), 1u);
  EXPECT_EQ(s.interventions[0].ramp, (std::vector<double>{0.5, 1}));
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().prepayment, Prepayment::quarterly);
  EXPECT_EQ(s.contracts[2].type(), ContractType::blend);
  EXPECT_EQ(s.contracts[2].as<BlendTerms>().components, (std::vector<std::string>{"aco", "cap"}));
  EXPECT_EQ(s.contracts[3].as<BundleTerms>().episode.trigger_type, "joint");
  EXPECT_EQ(s.contracts[3].as<BundleTerms>().episode.trigger_probability, 1.0);
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "r.yaml"), s) << out;
}

TEST(ScenarioTransitionsAndMix, Errors) {
  const std::string all = with_everything();
  auto first_error = [](const std::string& text) {
    const auto e = errors_of(text);
    return e.empty() ? std::string() : e[0];
  };
  EXPECT_NE(first_error(edit(all, "{name: chf, share: 0.1,", "{name: chf, share: 0.1, rate: 0.1,"))
                .find("give exactly one of 'share'"),
            std::string::npos);
  EXPECT_NE(first_error(edit(all, "share: 0.3}", "share: 0.4}")).find("must add up to 1"), std::string::npos);
  EXPECT_NE(first_error(edit(all, "payer: commercial,", "payer: comercial,")).find("did you mean 'commercial'"),
            std::string::npos);
  EXPECT_NE(
      first_error(edit(all, "components: [aco, cap]", "components: [aco]")).find("no component covers commercial"),
      std::string::npos);
  EXPECT_NE(
      first_error(edit(all, "components: [aco, cap]", "components: [aco, cap, lejr]")).find("covers no single payer"),
      std::string::npos);
  EXPECT_NE(first_error(edit(all, "trigger_type: joint", "trigger_type: jont")).find("did you mean 'joint'"),
            std::string::npos);
  EXPECT_NE(first_error(edit(all, "year: 2, duration", "probability: 0.2, year: 2, duration"))
                .find("give exactly one of 'year'"),
            std::string::npos);
  EXPECT_NE(first_error(edit(all, "prepayment: quarterly", "prepayment: weekly")).find("unknown value 'weekly'"),
            std::string::npos);
  EXPECT_NE(first_error(edit(all, "caseload: 150, ", "")).find("needs a caseload"), std::string::npos);
  EXPECT_NE(first_error(edit(all, "type: blend,", "type: blend, payer: medicare,")).find("through its components"),
            std::string::npos);
  EXPECT_NE(
      first_error(edit(kMinimal, "{name: ffs, type: fee_for_service}", "{name: ffs, type: fee_for_service, payer: x}"))
          .find("the scenario has no payers section"),
      std::string::npos);
}

}  // namespace
}  // namespace pmsim
