// Systematic vs idiosyncratic risk: each replication's twin (new members, same shocks and
// drawn parameters) estimates the variance a larger panel would not diversify away.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/variance_decomposition.h"
#include "engine/engine.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr int kMembers = 200, kYears = 3, kReplications = 400;

Scenario panel(const std::string& pmpm) {
  Scenario s = testing::stationary_panel("decomposition", kMembers, kReplications, 5, "",
                                         "  - {name: ffs, type: fee_for_service}\n"
                                         "  - {name: cap, type: capitation, pmpm: " +
                                             pmpm + ", risk_adjusted: false}\n");
  s.simulation.variance_decomposition = true;
  return s;
}

const Matrix& twin_of(const ContractResults& c, const std::string& name) {
  for (const Metric& m : c.twins)
    if (m.name == name) return m.values;
  throw std::logic_error("no twin " + name);
}

TEST(VarianceDecomposition, SplitOfKnownSamples) {
  // x' = x: all systematic; x' independent of x: none.
  const std::vector<double> x = {1, 2, 3, 4, 5, 6};
  const VarianceSplit same = split_variance(x, x);
  EXPECT_DOUBLE_EQ(same.total, 3.5);
  EXPECT_DOUBLE_EQ(same.systematic, 3.5);
  EXPECT_DOUBLE_EQ(same.systematic_share, 1.0);
  const VarianceSplit opposite = split_variance(x, std::vector<double>{6, 5, 4, 3, 2, 1});
  EXPECT_DOUBLE_EQ(opposite.systematic, -3.5);
  EXPECT_DOUBLE_EQ(opposite.idiosyncratic, 7.0);
}

TEST(VarianceDecomposition, WithoutSharedDrawsNothingIsSystematic) {
  const RunResults r = run_simulation(Simulation(panel("400")));
  for (const ContractResults& c : r.contracts) {
    const VarianceSplit v = decompose_metric(c.metric("provider_margin").values, twin_of(c, "provider_margin")).back();
    EXPECT_GT(v.total, 0) << c.name;
    EXPECT_LT(std::abs(v.systematic), 4 * v.systematic_se) << c.name;
  }
  // The twins are other members: their claims differ.
  EXPECT_NE(r.contract("ffs").metric("payer_spend").values(0, 0), twin_of(r.contract("ffs"), "payer_spend")(0, 0));
}

TEST(VarianceDecomposition, AnUncertainPriceIsSystematicAndClaimsAreIdiosyncratic) {
  // Capitation revenue = PMPM x member-months (fixed: nobody dies or leaves), so with a
  // uniform(600, 1000) PMPM its variance is all systematic: Var(PMPM) (12 N Y)^2.
  const RunResults r = run_simulation(Simulation(panel("{distribution: uniform, min: 600, max: 1000}")));
  const ContractResults& cap = r.contract("cap");
  const VarianceSplit revenue =
      decompose_metric(cap.metric("provider_revenue").values, twin_of(cap, "provider_revenue")).back();
  EXPECT_NEAR(revenue.systematic_share, 1.0, 1e-9);
  const double exposure = 12.0 * kMembers * kYears;
  const double price_variance = 400.0 * 400.0 / 12 * exposure * exposure;
  const VarianceSplit margin =
      decompose_metric(cap.metric("provider_margin").values, twin_of(cap, "provider_margin")).back();
  EXPECT_NEAR(margin.systematic, price_variance, 4 * margin.systematic_se);
  // The idiosyncratic part is the claims' variance: that of the margin with a fixed PMPM.
  const RunResults fixed = run_simulation(Simulation(panel("800")));
  const VarianceSplit claims = decompose_metric(fixed.contract("cap").metric("provider_margin").values,
                                                twin_of(fixed.contract("cap"), "provider_margin"))
                                   .back();
  // idiosyncratic = total - systematic: its SE combines the covariance's SE with the sample
  // variances' (about variance x sqrt(2 / n) for near-normal sums; pooled over 2n values).
  const double n = kReplications;
  const double se = std::sqrt(margin.systematic_se * margin.systematic_se + margin.total * margin.total / n +
                              claims.total * claims.total / n);
  EXPECT_NEAR(margin.idiosyncratic, claims.total, 4 * se);
  EXPECT_GT(margin.systematic_share, 0.5);
}

TEST(VarianceDecomposition, ParsedAndRoundTripped) {
  const Scenario s = panel("400");
  EXPECT_NE(to_yaml(s).find("variance_decomposition: true"), std::string::npos);
  EXPECT_EQ(parse_scenario(to_yaml(s), "resolved.yaml"), s);
}

}  // namespace
}  // namespace pmsim
