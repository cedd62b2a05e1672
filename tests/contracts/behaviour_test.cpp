// Behaviour under each model: a contract type's utilisation response changes the volume its
// contracts are priced on by the given factor, on the same members and random numbers, and
// leaves every other contract alone.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/engine.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr int kReplications = 60;

Scenario panel(const std::string& behaviour) {
  Scenario s = testing::stationary_panel("behaviour", 500, kReplications, 21, "",
                                         "  - {name: ffs, type: fee_for_service}\n"
                                         "  - {name: cap, type: capitation, pmpm: 300, risk_adjusted: false}\n");
  if (behaviour.empty()) return s;
  std::string text = to_yaml(s) + behaviour;
  return testing::parse(text);
}

// Per replication, the horizon sum of a contract's metric.
std::vector<double> horizon(const RunResults& r, const std::string& contract, const std::string& metric) {
  std::vector<double> x;
  for (std::int64_t row = 0; row < r.replications; ++row)
    x.push_back(horizon_value(r.contract(contract).metric(metric), row));
  return x;
}

TEST(Behaviour, AResponseScalesTheVolumeOfItsContractTypeOnTheSamePatients) {
  const RunResults base = run_simulation(Simulation(panel("")));
  const RunResults more =
      run_simulation(Simulation(panel("behaviour:\n  fee_for_service: {utilization: {primary_care: 1.1}}\n  "
                                      "capitation: {utilization: {inpatient: 0.8}}\n")));
  // Poisson-gamma counts: E[N] is proportional to the rate, so E[count under response] = factor x E[count].
  for (const auto& [contract, category, factor] :
       {std::tuple{"ffs", "utilization/primary_care", 1.1}, std::tuple{"cap", "utilization/inpatient", 0.8}}) {
    const std::vector<double> a = horizon(base, contract, category), b = horizon(more, contract, category);
    // Paired: the ratio estimator sum(b) / sum(a) and its SE by the delta method.
    double sa = 0, sb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sa += a[i], sb += b[i];
    const double ratio = sb / sa, n = static_cast<double>(a.size());
    double v = 0;
    for (std::size_t i = 0; i < a.size(); ++i) v += std::pow(b[i] - ratio * a[i], 2) / (n - 1);
    const double se = std::sqrt(v / n) / (sa / n);
    EXPECT_NEAR(ratio, factor, 4 * se) << contract << " " << category;
    EXPECT_LT(se, 0.01) << "common random numbers keep the pair tight";
  }
  // What a response does not touch stays bit-identical: the other categories, the population.
  EXPECT_EQ(more.contract("ffs").metric("utilization/inpatient").values.values,
            base.contract("ffs").metric("utilization/inpatient").values.values);
  EXPECT_EQ(more.contract("cap").metric("utilization/primary_care").values.values,
            base.contract("cap").metric("utilization/primary_care").values.values);
  EXPECT_EQ(more.population_metric("claims_total").values.values, base.population_metric("claims_total").values.values);
  EXPECT_EQ(more.contract("cap").metric("members").values.values, base.contract("cap").metric("members").values.values);
}

TEST(Behaviour, PayerSavingsAreAgainstFeeForServiceAsTheProviderBehavesUnderIt) {
  const RunResults r = run_simulation(Simulation(panel(
      "behaviour:\n  fee_for_service: {utilization: {all: 1.05}}\n  capitation: {utilization: {inpatient: 0.9}}\n")));
  for (std::int64_t row = 0; row < r.replications; ++row)
    for (int y = 0; y < r.years; ++y) {
      const double ffs_spend = r.contract("ffs").metric("payer_spend").values(row, y);
      EXPECT_NEAR(r.contract("cap").metric("payer_savings").values(row, y),
                  ffs_spend - r.contract("cap").metric("payer_spend").values(row, y), 1e-6 * ffs_spend);
      EXPECT_NEAR(r.contract("ffs").metric("payer_savings").values(row, y), 0, 1e-6 * ffs_spend);
    }
}

TEST(Behaviour, ATransitionYearIsItsStageAsTheProviderBehavesUnderIt) {
  Scenario s = panel("behaviour:\n  capitation: {utilization: {inpatient: 0.8}}\n");
  ContractConfig glide;
  glide.name = "glide";
  glide.terms = default_terms(ContractType::transition);
  glide.as<TransitionTerms>().stages = {{1, "ffs"}, {2, "cap"}};
  s.contracts.push_back(glide);
  const RunResults r = run_simulation(Simulation(s));
  const char* in_force[] = {"ffs", "cap", "cap"};
  for (const char* m : {"provider_margin", "payer_savings", "utilization/inpatient", "members"})
    for (std::int64_t row = 0; row < r.replications; ++row)
      for (int y = 0; y < r.years; ++y)
        EXPECT_EQ(r.contract("glide").metric(m).values(row, y), r.contract(in_force[y]).metric(m).values(row, y))
            << m << " year " << y + 1;
}

TEST(Behaviour, ParsedCheckedAndRoundTripped) {
  const Scenario s = panel("behaviour:\n  capitation: {utilization: {all: 0.95, emergency: 0.9}, screening: 0.8}\n");
  ASSERT_EQ(s.behaviour.size(), 1u);
  EXPECT_EQ(s.behaviour[0].type, ContractType::capitation);
  EXPECT_EQ(s.behaviour[0].utilization[static_cast<int>(Category::emergency)], 0.9);
  EXPECT_EQ(s.behaviour[0].utilization[static_cast<int>(Category::inpatient)], 0.95);
  EXPECT_EQ(s.behaviour[0].screening, 0.8);
  EXPECT_EQ(parse_scenario(to_yaml(s), "resolved.yaml"), s);
  try {
    panel("behaviour:\n  blend: {utilization: {all: 0.9}}\n");
    FAIL() << "a blend has no behaviour of its own";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("behaviour.blend: unknown key"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("takes the behaviour of the contracts it is made of"), std::string::npos);
  }
  try {
    panel("behaviour:\n  capitation: {utilization: {inpatinet: 0.9}}\n");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'inpatient'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pmsim
