// The simulated population against exact answers: means and variances of FFS revenue and
// payer spend under the Poisson-gamma model (with persistence across years), mortality,
// churn and exposure, and the risk normalisation. Tolerances are 4 Monte Carlo standard
// errors, computed from the model (means) or from the sample's fourth moment (variances).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/engine.h"
#include "population/population_generator.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

struct Moments {
  double mean = 0, variance = 0, variance_se = 0;
  std::int64_t n = 0;
};

// Mean, sample variance and the standard error of the sample variance,
// SE(s^2) = sqrt((m4 - s^4 (n-3)/(n-1)) / n) with the sample fourth central moment m4.
Moments moments(const std::vector<double>& x) {
  Moments m;
  m.n = static_cast<std::int64_t>(x.size());
  for (double v : x) m.mean += v / m.n;
  double m2 = 0, m4 = 0;
  for (double v : x) {
    const double d = v - m.mean;
    m2 += d * d / m.n;
    m4 += d * d * d * d / m.n;
  }
  m.variance = m2 * m.n / (m.n - 1);
  m.variance_se = std::sqrt((m4 - m.variance * m.variance * (m.n - 3.0) / (m.n - 1.0)) / m.n);
  return m;
}

std::vector<double> column(const Metric& metric, int year) {
  std::vector<double> x;
  for (std::int64_t r = 0; r < metric.values.rows; ++r) x.push_back(metric.values(r, year));
  return x;
}
std::vector<double> horizon(const Metric& metric) {
  std::vector<double> x;
  for (std::int64_t r = 0; r < metric.values.rows; ++r) x.push_back(horizon_value(metric, r));
  return x;
}

// Poisson-gamma population: no deaths, churn or conditions, so every member is enrolled
// all year with risk 1, and counts are Poisson(rate x F), F ~ Gamma(k, 1/k) with lag-1
// correlation rho.
constexpr double kShape = 0.7, kRho = 0.5, kRate = 3.0, kFee = 100.0;
constexpr double kInpatientRate = 0.25, kInpatientFee = 10000.0, kCv = 1.2, kPmpm = 500.0;
constexpr int kMembers = 200, kYears = 4, kReplications = 4000;

constexpr double kOutpatientRate = 2.0, kOutpatientFee = 2000.0, kOutpatientCv = 0.8;

// Adds outpatient services with gamma severity (its units summed in one draw).
std::string with_outpatient(std::string services) {
  const std::string off = "  outpatient: {rate: 0, fee: 0, delivered_by: others}";
  return services.replace(services.find(off), off.size(),
                          "  outpatient: {rate: 2, fee: 2000, delivered_by: others, severity_cv: 0.8, "
                          "severity_distribution: gamma}");
}

const RunResults& poisson_gamma_run() {
  static const RunResults results = [] {
    const std::string yaml = testing::simple_scenario_yaml(
        "  name: poisson_gamma\n  replications: " + std::to_string(kReplications) +
            "\n  years: " + std::to_string(kYears) + "\n  baseline_years: 0\n  seed: 123\n",
        "  size: " + std::to_string(kMembers) +
            "\n  frailty: {shape: 0.7, persistence: 0.5}\n"
            "  age_bands:\n    - {min_age: 65, max_age: 99, share: 1, mortality: 0}\n",
        with_outpatient(testing::services_only("{rate: 3, fee: 100, delivered_by: provider, unit_cost: 60}",
                                               "{rate: 0.25, fee: 10000, delivered_by: others, severity_cv: 1.2}")),
        "  - {name: ffs, type: fee_for_service}\n  - {name: cap, type: capitation, pmpm: 500}\n");
    return run_simulation(Simulation(testing::parse(yaml)));
  }();
  return results;
}

TEST(Analytic, FfsRevenueMeanAndVarianceMatchThePoissonGammaModel) {
  const auto& revenue = poisson_gamma_run().contract("ffs").metric("provider_revenue");
  // Per member: E = f lambda, Var = f^2 (lambda + lambda^2 / k).
  const double mean = kMembers * kFee * kRate;
  const double var = kMembers * kFee * kFee * (kRate + kRate * kRate / kShape);
  for (int y = 0; y < kYears; ++y) {
    const Moments m = moments(column(revenue, y));
    EXPECT_NEAR(m.mean, mean, 4 * std::sqrt(var / m.n)) << "year " << y;
    EXPECT_NEAR(m.variance, var, 4 * m.variance_se) << "year " << y;
  }
}

TEST(Analytic, HorizonVarianceCarriesTheFrailtyPersistence) {
  const auto& revenue = poisson_gamma_run().contract("ffs").metric("provider_revenue");
  // Cov(year t, year s) = n f^2 lambda^2 rho^|t-s| / k for t != s.
  double rho_sum = 0;
  for (int t = 0; t < kYears; ++t)
    for (int s = 0; s < kYears; ++s) rho_sum += std::pow(kRho, std::abs(t - s));
  const double var = kMembers * kFee * kFee * (kYears * kRate + kRate * kRate / kShape * rho_sum);
  const Moments m = moments(horizon(revenue));
  EXPECT_NEAR(m.mean, kYears * kMembers * kFee * kRate, 4 * std::sqrt(var / m.n));
  EXPECT_NEAR(m.variance, var, 4 * m.variance_se);
  // Independent years would give a variance this far below; the test can tell them apart.
  const double independent = kMembers * kFee * kFee * kYears * (kRate + kRate * kRate / kShape);
  EXPECT_GT(std::abs(var - independent), 8 * m.variance_se);
}

TEST(Analytic, PayerSpendIncludesCompoundSeverityAndTheSharedFrailty) {
  const auto& spend = poisson_gamma_run().contract("ffs").metric("payer_spend");
  // Per category c (fee f, rate l, severity E[X] = 1, E[X^2] = 1 + cv^2): compound
  // Poisson-gamma, Var = f^2 (l E[X^2] + l^2 / k); categories share the frailty, so
  // Cov(c, d) = f_c f_d l_c l_d / k per member. Inpatient severity is lognormal, outpatient
  // gamma (its units summed in one draw), primary care has none.
  struct Service {
    double fee, rate, cv;
  };
  const Service services[] = {
      {kFee, kRate, 0.0}, {kInpatientFee, kInpatientRate, kCv}, {kOutpatientFee, kOutpatientRate, kOutpatientCv}};
  double mean = 0, var = 0;
  for (const auto& a : services) {
    mean += kMembers * a.fee * a.rate;
    for (const auto& b : services) {
      const double within = &a == &b ? a.fee * a.fee * a.rate * (1 + a.cv * a.cv) : 0.0;
      var += kMembers * (within + a.fee * b.fee * a.rate * b.rate / kShape);
    }
  }
  for (int y = 0; y < kYears; ++y) {
    const Moments m = moments(column(spend, y));
    EXPECT_NEAR(m.mean, mean, 4 * std::sqrt(var / m.n)) << "year " << y;
    EXPECT_NEAR(m.variance, var, 4 * m.variance_se) << "year " << y;
  }
}

TEST(Analytic, CapitationRevenueDoesNotDependOnUtilisation) {
  const auto& cap = poisson_gamma_run().contract("cap");
  for (std::int64_t r = 0; r < kReplications; ++r)
    for (int y = 0; y < kYears; ++y) {
      ASSERT_EQ(cap.metric("provider_revenue").values(r, y), kPmpm * 12.0 * kMembers);
      ASSERT_EQ(cap.metric("payer_spend").values(r, y), kPmpm * 12.0 * kMembers);
    }
}

TEST(Analytic, MortalityChurnAndExposure) {
  constexpr double q = 0.05, churn = 0.1;
  constexpr int members = 500, years = 3, replications = 400;
  const std::string yaml = testing::simple_scenario_yaml(
      "  name: exits\n  replications: 400\n  years: 3\n  baseline_years: 0\n  seed: 7\n",
      "  size: 500\n  churn: 0.1\n"
      "  age_bands:\n    - {min_age: 65, max_age: 99, share: 1, mortality: 0.05}\n",
      testing::services_only("{rate: 3, fee: 100, delivered_by: provider}", "{rate: 0, fee: 0, delivered_by: others}"),
      "  - {name: ffs, type: fee_for_service}\n");
  const RunResults r = run_simulation(Simulation(testing::parse(yaml)));
  const double cells = double(members) * years * replications;
  auto total = [&](const char* name) {
    double sum = 0;
    for (double v : r.population_metric(name).values.values) sum += v;
    return sum;
  };
  EXPECT_NEAR(total("deaths") / cells, q, 4 * std::sqrt(q * (1 - q) / cells));
  const double p_churn = (1 - q) * churn;
  EXPECT_NEAR(total("churned") / cells, p_churn, 4 * std::sqrt(p_churn * (1 - p_churn) / cells));
  // A member who exits is enrolled through a month uniform on 1..12 (mean 6.5, variance 143/12).
  const double p_exit = q + p_churn;
  const double months_mean = 12 * (1 - p_exit) + 6.5 * p_exit;
  const double months_var = p_exit * (143.0 / 12.0 + 6.5 * 6.5) + (1 - p_exit) * 144.0 - months_mean * months_mean;
  EXPECT_NEAR(total("member_years") * 12 / cells, months_mean, 4 * std::sqrt(months_var / cells));
  // Every exit is replaced the next year: entrants in year t+1 = deaths + churn in year t.
  const auto& entrants = r.population_metric("entrants").values;
  const auto& deaths = r.population_metric("deaths").values;
  const auto& churned = r.population_metric("churned").values;
  for (std::int64_t rep = 0; rep < replications; ++rep)
    for (int y = 0; y + 1 < years; ++y) ASSERT_EQ(entrants(rep, y + 1), deaths(rep, y) + churned(rep, y));
}

TEST(Analytic, RiskScoresAverageOneAtEntry) {
  // Two bands, two conditions, a sex effect; no exits, so year 0 is the entry population.
  const std::string yaml = testing::simple_scenario_yaml(
      "  name: risk\n  replications: 200\n  years: 1\n  baseline_years: 0\n  seed: 3\n",
      "  size: 1000\n  sex: {female_share: 0.6, female_risk_score: 0.8}\n"
      "  age_bands:\n"
      "    - {min_age: 65, max_age: 74, share: 0.55, mortality: 0, risk_score: 0.4}\n"
      "    - {min_age: 75, max_age: 99, share: 0.45, mortality: 0, risk_score: 0.7}\n"
      "  conditions:\n"
      "    - {name: a, prevalence: [0.2, 0.35], risk_score: 0.3}\n"
      "    - {name: b, prevalence: [0.05, 0.15], risk_score: 0.9}\n",
      testing::services_only("{rate: 1, fee: 100, delivered_by: provider}", "{rate: 0, fee: 0, delivered_by: others}"),
      "  - {name: ffs, type: fee_for_service}\n");
  const RunResults r = run_simulation(Simulation(testing::parse(yaml)));
  std::vector<double> mean_risk;
  for (std::int64_t rep = 0; rep < r.replications; ++rep)
    mean_risk.push_back(r.population_metric("risk_member_years").values(rep, 0) /
                        r.population_metric("member_years").values(rep, 0));
  const Moments m = moments(mean_risk);
  EXPECT_NEAR(m.mean, 1.0, 4 * std::sqrt(m.variance / m.n));
  EXPECT_GT(m.variance, 0.0);
}

TEST(Analytic, ConditionIncidenceAmongContinuingMembers) {
  // No exits: every member continues, so a condition's prevalence after one year is
  // prev + (1 - prev) incidence, independently across conditions.
  constexpr double prev_a = 0.2, inc_a = 0.05, prev_b = 0.1, inc_b = 0.3;
  const std::string yaml = testing::simple_scenario_yaml(
      "  name: incidence\n  replications: 1\n  years: 1\n  baseline_years: 1\n  seed: 11\n",
      "  size: 200000\n"
      "  age_bands:\n    - {min_age: 65, max_age: 99, share: 1, mortality: 0}\n"
      "  conditions:\n"
      "    - {name: a, prevalence: 0.2, incidence: 0.05}\n"
      "    - {name: b, prevalence: 0.1, incidence: 0.3}\n",
      testing::services_only("{rate: 1, fee: 100, delivered_by: provider}", "{rate: 0, fee: 0, delivered_by: others}"),
      "  - {name: ffs, type: fee_for_service}\n");
  const Simulation sim(testing::parse(yaml));
  const auto& model = sim.population();
  double n = 0, a0 = 0, b0 = 0, a1 = 0, b1 = 0, both1 = 0;
  YearTallies scratch(model.total_years);
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), scratch, [&](const MemberYear& r) {
    const bool a = r.conditions & 1u, b = r.conditions & 2u;
    if (r.year == 0) {
      n += 1, a0 += a, b0 += b;
    } else {
      a1 += a, b1 += b, both1 += a && b;
    }
  });
  const double pa = prev_a + (1 - prev_a) * inc_a, pb = prev_b + (1 - prev_b) * inc_b;
  EXPECT_NEAR(a0 / n, prev_a, 4 * std::sqrt(prev_a * (1 - prev_a) / n));
  EXPECT_NEAR(b0 / n, prev_b, 4 * std::sqrt(prev_b * (1 - prev_b) / n));
  EXPECT_NEAR(a1 / n, pa, 4 * std::sqrt(pa * (1 - pa) / n));
  EXPECT_NEAR(b1 / n, pb, 4 * std::sqrt(pb * (1 - pb) / n));
  EXPECT_NEAR(both1 / n, pa * pb, 4 * std::sqrt(pa * pb * (1 - pa * pb) / n));  // independent
}

}  // namespace
}  // namespace pmsim
