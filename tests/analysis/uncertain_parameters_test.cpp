// Parameter uncertainty (probabilistic sensitivity analysis): draws follow their declared
// distributions, are a pure function of (seed, replication, parameter), enter the simulation
// exactly, and are reported with their rank correlations and tornado.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>

#include "analysis/run_analysis.h"
#include "analysis/sensitivity.h"
#include "engine/engine.h"
#include "output/hdf5_writer.h"
#include "output/read_hdf5.h"
#include "random/parameter_distribution.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

// A stationary panel whose capitation PMPM, inpatient fee and fixed costs are given as `pmpm`,
// `fee` and `fixed` (numbers or distributions, as YAML text).
Scenario uncertain_panel(const std::string& pmpm, const std::string& fee, const std::string& fixed, int replications,
                         std::int64_t members = 300) {
  const std::string yaml = testing::simple_scenario_yaml(
      "  {name: psa, replications: " + std::to_string(replications) + ", years: 3, baseline_years: 1, seed: 7}\n",
      "  size: " + std::to_string(members) +
          "\n  churn: 0\n  frailty: {shape: 1.0, persistence: 0.5}\n"
          "  age_bands: [{min_age: 70, max_age: 70, share: 1, mortality: 0, risk_score: 1}]\n",
      testing::services_only("{rate: 6, fee: 100, delivered_by: provider, unit_cost: 80}",
                             "{rate: 0.3, fee: " + fee + ", delivered_by: others, severity_cv: 0.6}"),
      "  - {name: ffs, type: fee_for_service}\n"
      "  - {name: cap, type: capitation, pmpm: " +
          pmpm + ", risk_adjusted: false}\n");
  Scenario s = testing::parse(yaml);
  if (!fixed.empty()) {
    std::string with_fixed = yaml;
    with_fixed.replace(with_fixed.find("fixed_costs: 100000"), 19, "fixed_costs: " + fixed);
    s = testing::parse(with_fixed);
  }
  return s;
}

// The draws of one declared distribution over many replications (no simulation needed).
std::vector<double> draws_of(const std::string& distribution, int n) {
  const Scenario s = uncertain_panel(distribution, "10000", "", 1);
  EXPECT_EQ(s.uncertain.size(), 1u);
  std::vector<double> x;
  for (int r = 0; r < n; ++r) x.push_back(draw_parameters(s, static_cast<std::uint32_t>(r))[0]);
  return x;
}

struct Moments {
  double mean = 0, var = 0, se_mean = 0, se_var = 0;
};

Moments moments(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  Moments m;
  for (double v : x) m.mean += v / n;
  double m4 = 0;
  for (double v : x) {
    m.var += (v - m.mean) * (v - m.mean) / (n - 1);
    m4 += std::pow(v - m.mean, 4) / n;
  }
  m.se_mean = std::sqrt(m.var / n);
  m.se_var = std::sqrt((m4 - m.var * m.var) / n);
  return m;
}

// Kolmogorov-Smirnov distance of the sample from `cdf`.
double ks_distance(std::vector<double> x, const std::function<double(double)>& cdf) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

constexpr int kDraws = 20000;
// KS critical value at alpha = 0.001: 1.95 / sqrt(n).
const double kKsCritical = 1.95 / std::sqrt(static_cast<double>(kDraws));

void expect_distribution(const std::string& yaml, double mean, double variance,
                         const std::function<double(double)>& cdf) {
  const std::vector<double> x = draws_of(yaml, kDraws);
  const Moments m = moments(x);
  EXPECT_NEAR(m.mean, mean, 4 * m.se_mean) << yaml;
  EXPECT_NEAR(m.var, variance, 4 * m.se_var) << yaml;
  EXPECT_LT(ks_distance(x, cdf), kKsCritical) << yaml;
}

TEST(UncertainParameters, DrawsFollowTheDeclaredDistributions) {
  namespace bm = boost::math;
  {
    const bm::normal_distribution<double> d(800, 50);
    expect_distribution("{distribution: normal, mean: 800, sd: 50}", 800, 2500,
                        [&](double x) { return bm::cdf(d, x); });
  }
  {
    // lognormal with mean 800, sd 200: sigma^2 = ln(1 + (200/800)^2)
    const double s2 = std::log1p(0.0625);
    const bm::lognormal_distribution<double> d(std::log(800) - s2 / 2, std::sqrt(s2));
    expect_distribution("{distribution: lognormal, mean: 800, sd: 200}", 800, 40000,
                        [&](double x) { return bm::cdf(d, x); });
  }
  {
    const bm::gamma_distribution<double> d(800.0 * 800 / (300.0 * 300), 300.0 * 300 / 800);
    expect_distribution("{distribution: gamma, mean: 800, sd: 300}", 800, 90000,
                        [&](double x) { return bm::cdf(d, x); });
  }
  {
    // beta on [0, 1] with mean 0.3, sd 0.1: k = 0.21 / 0.01 - 1 = 20
    const bm::beta_distribution<double> d(6, 14);
    expect_distribution("{distribution: beta, mean: 0.3, sd: 0.1}", 0.3, 0.01, [&](double x) { return bm::cdf(d, x); });
  }
  {
    const bm::uniform_distribution<double> d(700, 900);
    expect_distribution("{distribution: uniform, min: 700, max: 900}", 800, 200.0 * 200 / 12,
                        [&](double x) { return bm::cdf(d, x); });
  }
  {
    const bm::triangular_distribution<double> d(600, 700, 1000);
    const double var = (600.0 * 600 + 700.0 * 700 + 1000.0 * 1000 - 600.0 * 700 - 600.0 * 1000 - 700.0 * 1000) / 18;
    expect_distribution("{distribution: triangular, min: 600, mode: 700, max: 1000}", 2300.0 / 3, var,
                        [&](double x) { return bm::cdf(d, x); });
  }
}

TEST(UncertainParameters, BoundsTruncateTheDistribution) {
  namespace bm = boost::math;
  // normal(800, 100) on [750, 1000]: P(X <= x | a <= X <= b) = (F(x) - F(a)) / (F(b) - F(a))
  const bm::normal_distribution<double> d(800, 100);
  const double fa = bm::cdf(d, 750.0), fb = bm::cdf(d, 1000.0);
  const std::vector<double> x = draws_of("{distribution: normal, mean: 800, sd: 100, min: 750, max: 1000}", kDraws);
  EXPECT_GE(*std::min_element(x.begin(), x.end()), 750);
  EXPECT_LE(*std::max_element(x.begin(), x.end()), 1000);
  EXPECT_LT(ks_distance(x, [&](double v) { return (bm::cdf(d, v) - fa) / (fb - fa); }), kKsCritical);
  // The truncated mean: mu + sigma (phi(alpha) - phi(beta)) / (Phi(beta) - Phi(alpha)).
  const bm::normal_distribution<double> z(0, 1);
  const double mean = 800 + 100 * (bm::pdf(z, -0.5) - bm::pdf(z, 2.0)) / (fb - fa);
  const Moments m = moments(x);
  EXPECT_NEAR(m.mean, mean, 4 * m.se_mean);
}

TEST(UncertainParameters, EachParameterHasItsOwnStream) {
  // Adding a second uncertain parameter (before it in the file) leaves the first one's draws alone.
  const Scenario one = uncertain_panel("{distribution: uniform, min: 700, max: 900}", "10000", "", 1);
  const Scenario two = uncertain_panel("{distribution: uniform, min: 700, max: 900}",
                                       "{distribution: gamma, mean: 10000, sd: 1000}", "", 1);
  ASSERT_EQ(two.uncertain.size(), 2u);
  int differ = 0;
  for (std::uint32_t r = 0; r < 200; ++r) {
    const auto a = draw_parameters(one, r), b = draw_parameters(two, r);
    // Parameters are numbered in file order: the fee comes before the contract.
    EXPECT_EQ(a[0], b[1]);
    differ += draw_parameters(one, r)[0] != draw_parameters(one, r + 1)[0];
  }
  EXPECT_EQ(differ, 200);
}

TEST(UncertainParameters, DrawnValuesEnterTheSimulationExactly) {
  // Capitation revenue = PMPM x member-months exactly, with each replication's drawn PMPM.
  const Scenario s = uncertain_panel("{distribution: uniform, min: 700, max: 900}", "10000", "", 40);
  const RunResults r = run_simulation(Simulation(s));
  ASSERT_EQ(r.parameters.cols, 1);
  const Metric& revenue = r.contract("cap").metric("revenue_capitation");
  const Metric& members = r.contract("cap").metric("members");
  double lowest = 1e9, highest = 0;
  for (std::int64_t row = 0; row < r.replications; ++row) {
    const double pmpm = r.parameters(row, 0);
    EXPECT_EQ(pmpm, draw_parameters(s, static_cast<std::uint32_t>(row))[0]);
    lowest = std::min(lowest, pmpm);
    highest = std::max(highest, pmpm);
    for (int y = 0; y < r.years; ++y)
      EXPECT_NEAR(revenue.values(row, y), pmpm * members.values(row, y) * 12, 1e-9 * revenue.values(row, y));
  }
  EXPECT_GT(highest - lowest, 50);  // the PMPM did vary
}

TEST(UncertainParameters, AFixedValueAndADegenerateDistributionAgree) {
  const RunResults fixed = run_simulation(Simulation(uncertain_panel("800", "10000", "100000", 8)));
  const RunResults degenerate = run_simulation(Simulation(
      uncertain_panel("{distribution: normal, mean: 800, sd: 0}", "{distribution: lognormal, mean: 10000, sd: 0}",
                      "{distribution: uniform, min: 100000, max: 100000}", 8)));
  ASSERT_EQ(degenerate.parameters.cols, 3);
  for (std::size_t c = 0; c < fixed.contracts.size(); ++c)
    for (std::size_t m = 0; m < fixed.contracts[c].metrics.size(); ++m)
      EXPECT_EQ(fixed.contracts[c].metrics[m].values.values, degenerate.contracts[c].metrics[m].values.values)
          << fixed.contracts[c].name << "/" << fixed.contracts[c].metrics[m].name;
}

TEST(UncertainParameters, DrawsAndResultsDoNotDependOnThreadsOrReplicationRange) {
  const Scenario s =
      uncertain_panel("{distribution: uniform, min: 700, max: 900}", "{distribution: gamma, mean: 10000, sd: 1500}",
                      "{distribution: triangular, min: 50000, mode: 100000, max: 200000}", 12);
  RunResults one, two;
  {
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 1);
    one = run_simulation(Simulation(s));
  }
  {
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 2);
    two = run_simulation(Simulation(s));
  }
  EXPECT_EQ(one.parameters.values, two.parameters.values);
  for (std::size_t c = 0; c < one.contracts.size(); ++c)
    for (std::size_t m = 0; m < one.contracts[c].metrics.size(); ++m)
      EXPECT_EQ(one.contracts[c].metrics[m].values.values, two.contracts[c].metrics[m].values.values);
  RunOptions later;
  later.first_replication = 5;
  later.replications = 4;
  const RunResults part = run_simulation(Simulation(s), later);
  for (int row = 0; row < 4; ++row)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(part.parameters(row, j), one.parameters(row + 5, j));
  EXPECT_EQ(part.contract("cap").metric("provider_margin").values(3, 2),
            one.contract("cap").metric("provider_margin").values(8, 2));
}

TEST(Sensitivity, RankCorrelationOfKnownSamples) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(rank_correlation(x, std::vector<double>{2, 4, 8, 16, 32}), 1.0);
  EXPECT_DOUBLE_EQ(rank_correlation(x, std::vector<double>{5, 3, 2, 1, -9}), -1.0);
  // Ties share their mean rank: ranks of y are 1, 2.5, 2.5, 4, 5.
  const std::vector<double> ranks = average_ranks(std::vector<double>{1, 7, 7, 8, 9});
  EXPECT_EQ(ranks, (std::vector<double>{1, 2.5, 2.5, 4, 5}));
  // Spearman of x with (1, 3, 2, 5, 4): 1 - 6 sum d^2 / (n (n^2 - 1)) = 1 - 6 x 4 / 120 = 0.8.
  EXPECT_NEAR(rank_correlation(x, std::vector<double>{1, 3, 2, 5, 4}), 0.8, 1e-12);
  EXPECT_TRUE(std::isnan(rank_correlation(x, std::vector<double>{3, 3, 3, 3, 3})));
}

TEST(Sensitivity, TornadoRanksTheParameterThatDrivesTheOutcomeFirst) {
  // The capitation margin moves one for one with the PMPM (x member-months); the inpatient fee
  // paid to others does not touch it; fixed costs move it a little.
  const Scenario s =
      uncertain_panel("{distribution: uniform, min: 600, max: 1000}", "{distribution: gamma, mean: 10000, sd: 1500}",
                      "{distribution: uniform, min: 90000, max: 110000}", 200, 200);
  const RunResults r = run_simulation(Simulation(s));
  const Metric& margin = r.contract("cap").metric("provider_margin");
  std::vector<double> outcome;
  for (std::int64_t row = 0; row < r.replications; ++row) outcome.push_back(horizon_value(margin, row));
  const std::vector<ParameterSensitivity> order = tornado(r.parameters, outcome);
  ASSERT_EQ(order.size(), 3u);
  // Parameters in file order: services.inpatient.fee (0), provider.fixed_costs (1), contracts[1].pmpm (2).
  EXPECT_EQ(s.uncertain[2].key, "contracts[1].pmpm");
  EXPECT_EQ(order[0].parameter, 2u);
  EXPECT_GT(order[0].rank_correlation, 0.9);
  // margin = PMPM x exposure + a residual independent of the PMPM (claims, fee, fixed costs):
  // the swing is exposure x (mean PMPM of the highest tenth - of the lowest) plus the difference
  // of two means of k residuals, whose SE is sd(residual) sqrt(2 / k).
  const double exposure = 12.0 * 200 * 3;  // member-months: nobody dies or leaves
  std::vector<double> pmpm, residual;
  for (std::int64_t row = 0; row < r.replications; ++row) {
    pmpm.push_back(r.parameters(row, 2));
    residual.push_back(outcome[static_cast<std::size_t>(row)] - pmpm.back() * exposure);
  }
  std::vector<double> sorted = pmpm;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t k = sorted.size() / 10;
  double low = 0, high = 0;
  for (std::size_t i = 0; i < k; ++i) low += sorted[i] / k, high += sorted[sorted.size() - 1 - i] / k;
  double mean = 0, var = 0;
  for (double e : residual) mean += e / residual.size();
  for (double e : residual) var += (e - mean) * (e - mean) / (residual.size() - 1);
  EXPECT_NEAR(order[0].swing, (high - low) * exposure, 4 * std::sqrt(var * 2.0 / k));
  // Capitation covers every service: the inpatient fee is a cost to the provider.
  const auto fee =
      std::find_if(order.begin(), order.end(), [](const ParameterSensitivity& p) { return p.parameter == 0; });
  EXPECT_LT(fee->rank_correlation, 0);
}

TEST(Sensitivity, WrittenToTheResultsFile) {
  const Scenario s = uncertain_panel("{distribution: uniform, min: 600, max: 1000}", "10000",
                                     "{distribution: uniform, min: 90000, max: 110000}", 30, 100);
  const RunResults r = run_simulation(Simulation(s));
  const std::string path = (std::filesystem::temp_directory_path() / "pmsim_psa_test.h5").string();
  write_results(r, analyse_run(r), RunMetadata{}, path);
  const Matrix pmpm = read_matrix(path, "/parameters/contracts[1].pmpm");
  ASSERT_EQ(pmpm.rows, 30);
  for (int row = 0; row < 30; ++row) EXPECT_EQ(pmpm(row, 0), r.parameters(row, 1));
  EXPECT_EQ(read_string_array_attribute(path, "/parameters", "keys"),
            (std::vector<std::string>{"provider.fixed_costs", "contracts[1].pmpm"}));
  EXPECT_EQ(read_string_attribute(path, "/parameters/contracts[1].pmpm", "distribution"), "uniform(min=600, max=1000)");
  const std::vector<std::string> order =
      read_string_array_attribute(path, "/sensitivity/cap/provider_margin", "parameters");
  EXPECT_EQ(order.front(), "contracts[1].pmpm");
  const Matrix rho = read_matrix(path, "/sensitivity/cap/provider_margin/rank_correlation");
  const Matrix swing = read_matrix(path, "/sensitivity/cap/provider_margin/swing");
  ASSERT_EQ(rho.rows, 2);
  EXPECT_GT(rho(0, 0), 0.9);
  EXPECT_GE(std::abs(swing(0, 0)), std::abs(swing(1, 0)));
  for (const char* outcome : {"payer_savings", "provider_cash_low"})
    EXPECT_EQ(read_matrix(path, std::string("/sensitivity/ffs/") + outcome + "/low").rows, 2);
  std::filesystem::remove(path);
}

// ---- scenario keys ----------------------------------------------------------------------

std::string first_error(const std::string& yaml) {
  try {
    testing::parse(yaml);
  } catch (const ScenarioError& e) {
    return e.messages().front();
  }
  return "";
}

TEST(UncertainParameters, ParserErrorsNameTheKeyAndTheRange) {
  const auto with_rate = [](const std::string& rate) {
    return testing::simple_scenario_yaml(
               "  {name: t, replications: 2, years: 3, baseline_years: 1}\n",
               "  size: 10\n  age_bands: [{min_age: 70, max_age: 70, share: 1, mortality: 0}]\n",
               testing::services_only("{rate: 6, fee: 100, delivered_by: provider}",
                                      "{rate: 0.3, fee: 1000, delivered_by: others}"),
               "  - {name: ffs, type: fee_for_service}\n") +
           "quality: {avoidable_share: " + rate + "}\n";
  };
  // A probability drawn from an unbounded normal leaves [0, 1].
  {
    const std::string e = first_error(with_rate("{distribution: normal, mean: 0.3, sd: 0.2}"));
    EXPECT_NE(e.find("test.yaml:"), std::string::npos) << e;
    EXPECT_NE(e.find("quality.avoidable_share"), std::string::npos) << e;
    EXPECT_NE(e.find("outside the accepted values (must be in [0, 1]); give min and max"), std::string::npos) << e;
  }
  EXPECT_EQ(first_error(with_rate("{distribution: normal, mean: 0.3, sd: 0.2, min: 0, max: 1}")), "");
  EXPECT_NE(first_error(with_rate("{distribution: poisson, mean: 0.3}")).find("unknown value 'poisson'"),
            std::string::npos);
  EXPECT_NE(first_error(with_rate("{distribution: uniform, mean: 0.3, min: 0, max: 1}")).find("mean: unknown key"),
            std::string::npos);
  EXPECT_NE(first_error(with_rate("{distribution: beta, mean: 0.3, sd: 0.5}")).find("needs sd < sqrt"),
            std::string::npos);
  EXPECT_NE(
      first_error(with_rate("{distribution: uniform, min: 0.5, max: 0.2}")).find("min (0.5) must be <= max (0.2)"),
      std::string::npos);
  EXPECT_NE(first_error(with_rate("{distribution: normal, mean: {distribution: normal, mean: 1, sd: 1}, sd: 1}"))
                .find("must be a plain number (a distribution's parameters are fixed)"),
            std::string::npos);
  // Schedules by year are for contract terms.
  EXPECT_NE(first_error(with_rate("{1: 0.1, 2: 0.2}")).find("accepted for contract terms and payers' shares only"),
            std::string::npos);
  EXPECT_NE(first_error(with_rate("{a: 1}")).find("expected a number in [0, 1] or a distribution"), std::string::npos);
}

TEST(UncertainParameters, SharesCannotBeUncertain) {
  const std::string yaml =
      testing::simple_scenario_yaml("  {name: t, replications: 2, years: 3, baseline_years: 1}\n",
                                    "  size: 10\n  age_bands: [{min_age: 70, max_age: 70, share: {distribution: "
                                    "uniform, min: 0.9, max: 1}, mortality: 0}]\n",
                                    testing::services_only("{rate: 6, fee: 100, delivered_by: provider}",
                                                           "{rate: 0.3, fee: 1000, delivered_by: others}"),
                                    "  - {name: ffs, type: fee_for_service}\n");
  EXPECT_NE(first_error(yaml).find("population.age_bands[0].share: must be a plain number (the shares of a group"),
            std::string::npos)
      << first_error(yaml);
}

TEST(UncertainParameters, ResolvedScenarioRoundTrips) {
  Scenario s = uncertain_panel("{distribution: triangular, min: 600, mode: 700, max: 1000}",
                               "{distribution: lognormal, mean: 10000, sd: 1500, max: 40000}",
                               "{distribution: gamma, mean: 100000, sd: 10000}", 5);
  ASSERT_EQ(s.uncertain.size(), 3u);
  EXPECT_EQ(s.uncertain[0].key, "services.inpatient.fee");
  EXPECT_EQ(s.uncertain[0].distribution.max, 40000);
  EXPECT_EQ(s.uncertain[0].distribution.min, 0);  // the key's accepted range truncates what is left
  EXPECT_EQ(s.services[static_cast<int>(Category::inpatient)].fee, 10000);  // nominal: the mean
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().pmpm, 2300.0 / 3);
  const std::string text = to_yaml(s);
  EXPECT_NE(text.find("fee: {distribution: lognormal, mean: 10000, sd: 1500, min: 0, max: 40000}"), std::string::npos)
      << text;
  EXPECT_EQ(parse_scenario(text, "resolved.yaml"), s);
}

}  // namespace
}  // namespace pmsim
