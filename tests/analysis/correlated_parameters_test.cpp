// Correlated uncertain values (correlations, random/rank_correlation.h): the sample rank
// correlation of the draws matches each target within 4 SE and the uncorrelated pairs stay
// near 0; each value keeps its declared distribution; values outside the copula draw exactly
// as without it; the tornado still ranks the driver first; the list's YAML and its errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/contract_statistic.h"
#include "analysis/sensitivity.h"
#include "analysis/statistics.h"
#include "engine/engine.h"
#include "random/parameter_distribution.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

// A stationary panel with four uncertain values: the inpatient rate, the inpatient fee, the
// fixed costs and the capitation PMPM; `correlations` is appended as written.
std::string panel_yaml(const std::string& correlations, int replications) {
  return testing::simple_scenario_yaml(
             "  {name: correlated, replications: " + std::to_string(replications) +
                 ", years: 2, baseline_years: 0, seed: 11}\n",
             "  size: 200\n  churn: 0\n  frailty: {shape: 1.0, persistence: 0.5}\n"
             "  age_bands: [{min_age: 70, max_age: 70, share: 1, mortality: 0, risk_score: 1}]\n",
             testing::services_only("{rate: 6, fee: 100, delivered_by: provider, unit_cost: 80}",
                                    "{rate: {distribution: gamma, mean: 0.3, sd: 0.05}, fee: {distribution: "
                                    "lognormal, mean: 10000, sd: 2000}, delivered_by: others, severity_cv: 0.6}"),
             "  - {name: ffs, type: fee_for_service}\n"
             "  - {name: cap, type: capitation, pmpm: {distribution: uniform, min: 600, max: 1000}, "
             "risk_adjusted: false}\n") +
         correlations;
}

// Fisher's z of a Spearman correlation has SD about sqrt(1.06 / (n - 3)) (Fieller, Hartley and
// Pearson 1957).
double spearman_z_sd(std::size_t n) { return std::sqrt(1.06 / (static_cast<double>(n) - 3)); }

std::vector<double> column(const std::vector<std::vector<double>>& draws, std::size_t j) {
  std::vector<double> x;
  for (const auto& d : draws) x.push_back(d[j]);
  return x;
}

TEST(CorrelatedParameters, TheDrawsHaveTheTargetRankCorrelations) {
  const std::string correlations =
      "correlations:\n"
      "  - {keys: [services.inpatient.rate, services.inpatient.fee], rank: 0.6}\n"
      "  - {keys: [services.inpatient.rate, \"contracts[1].pmpm\"], rank: -0.3}\n";
  const Scenario s = testing::parse(panel_yaml(correlations, 1));
  const Scenario independent = testing::parse(panel_yaml("", 1));
  ASSERT_EQ(s.uncertain.size(), 3u);
  const auto index = [&](const std::string& key) {
    for (std::size_t j = 0; j < s.uncertain.size(); ++j)
      if (s.uncertain[j].key == key) return j;
    ADD_FAILURE() << key;
    return std::size_t{0};
  };
  const std::size_t rate = index("services.inpatient.rate"), fee = index("services.inpatient.fee"),
                    pmpm = index("contracts[1].pmpm");
  const std::size_t n = 5000;
  std::vector<std::vector<double>> draws;
  for (std::size_t r = 0; r < n; ++r) draws.push_back(draw_parameters(s, static_cast<std::uint32_t>(r)));
  const auto expect_rank = [&](std::size_t a, std::size_t b, double target) {
    const std::vector<double> x = column(draws, a), y = column(draws, b);
    const double rho = rank_correlation(x, y);
    EXPECT_NEAR(std::atanh(rho), std::atanh(target), 4 * spearman_z_sd(n))
        << s.uncertain[a].key << " and " << s.uncertain[b].key << ": " << rho;
  };
  expect_rank(rate, fee, 0.6);
  expect_rank(rate, pmpm, -0.3);
  // A pair not given has normal correlation 0 in the copula (its matrix is the normals'
  // correlation matrix), so rank correlation 0.
  expect_rank(fee, pmpm, 0.0);
  // Each keeps its declared distribution: the gamma rate's mean and SD (4 SE).
  const Summary rates = summarize(column(draws, rate));
  EXPECT_NEAR(rates.get("mean"), 0.3, 4 * rates.get("mc_se"));
  // The SE of a sample SD: sd sqrt((kurtosis - 1) / (4 n)); a gamma of shape a = (mean/sd)^2
  // has kurtosis 3 + 6/a.
  const double shape = (0.3 / 0.05) * (0.3 / 0.05);
  EXPECT_NEAR(rates.get("sd"), 0.05, 4 * 0.05 * std::sqrt((2 + 6 / shape) / (4.0 * n)));
  // The uniform PMPM: its mean and its share below the midpoint.
  const std::vector<double> p = column(draws, pmpm);
  double below = 0;
  for (double x : p) below += x < 800 ? 1.0 : 0.0;
  EXPECT_NEAR(below / n, 0.5, 4 * std::sqrt(0.25 / n));
  // A value outside the copula draws exactly as without it.
  Scenario partial = testing::parse(
      panel_yaml("correlations:\n  - {keys: [services.inpatient.rate, services.inpatient.fee], rank: 0.6}\n", 1));
  for (std::uint32_t r = 0; r < 50; ++r)
    EXPECT_EQ(draw_parameters(partial, r)[pmpm], draw_parameters(independent, r)[pmpm]) << r;
}

TEST(CorrelatedParameters, TheTornadoStillRanksTheDriverFirst) {
  const std::string correlations =
      "correlations:\n  - {keys: [services.inpatient.rate, services.inpatient.fee], rank: 0.8}\n";
  const Scenario s = testing::parse(panel_yaml(correlations, 200));
  const RunResults r = run_simulation(Simulation(s));
  const std::vector<ParameterSensitivity> order =
      tornado(r.parameters, contract_horizon_values(r, "cap", "provider_margin"));
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(s.uncertain[order[0].parameter].key, "contracts[1].pmpm");
  // The stored draws carry the correlation the run used.
  std::vector<double> rate, fee;
  for (std::int64_t row = 0; row < r.replications; ++row) {
    rate.push_back(r.parameters(row, 0));
    fee.push_back(r.parameters(row, 1));
  }
  EXPECT_NEAR(std::atanh(rank_correlation(rate, fee)), std::atanh(0.8), 4 * spearman_z_sd(rate.size()));
}

TEST(CorrelatedParameters, TheListReadsBackAndItsErrorsNameTheKey) {
  const std::string good =
      "correlations:\n  - {keys: [services.inpatient.rate, services.inpatient.fee], rank: 0.5}\n"
      "  - {keys: [services.inpatient.fee, \"contracts[1].pmpm\"], rank: -0.2}\n";
  const Scenario s = testing::parse(panel_yaml(good, 1));
  ASSERT_EQ(s.correlations.size(), 2u);
  EXPECT_EQ(s.correlations[0].rank, 0.5);
  EXPECT_EQ(parse_scenario(to_yaml(s), "again.yaml"), s);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"  - {keys: [services.inpatient.rate, provider.fixed_costs], rank: 0.5}\n",
       "expected the key path of a value written as a distribution (accepted: "},
      {"  - {keys: [services.inpatient.rate, services.inpatient.rate], rank: 0.5}\n", "not correlated with itself"},
      {"  - {keys: [services.inpatient.rate, services.inpatient.fee], rank: 1.5}\n", "[-0.99, 0.99]"},
      {"  - {keys: [services.inpatient.rate, services.inpatient.fee], rank: 0.5}\n"
       "  - {keys: [services.inpatient.fee, services.inpatient.rate], rank: 0.4}\n",
       "correlated twice"},
      {"  - {keys: [services.inpatient.rate, services.inpatient.fee], rank: 0.95}\n"
       "  - {keys: [services.inpatient.rate, \"contracts[1].pmpm\"], rank: 0.95}\n"
       "  - {keys: [services.inpatient.fee, \"contracts[1].pmpm\"], rank: -0.95}\n",
       "not positive definite"},
      {"  - {keys: [services.inpatient.rate, services.inpatient.fee], rank: 0.5, kind: spearman}\n", "kind"},
  };
  for (const auto& [text, expected] : bad) {
    try {
      parse_scenario(panel_yaml("correlations:\n" + text, 1), "corr.yaml");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find("corr.yaml:"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("correlations"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace pmsim
