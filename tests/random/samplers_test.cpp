// The inversion samplers against Boost's distributions: exact inversion of Boost's CDF,
// sample moments within 4 Monte Carlo standard errors, and a chi-square goodness of fit.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/hypergeometric.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/random/poisson_distribution.hpp>

#include "random/random_stream.h"
#include "random/samplers.h"
#include "test_names.h"

namespace pmsim {
namespace {

// Chi-square statistic of observed counts against pmf, pooling the tail bins whose
// expectation is below 5; returns {statistic, degrees of freedom}.
template <class Pmf>
std::pair<double, int> chi_square(const std::vector<std::int64_t>& observed, std::int64_t n, Pmf pmf) {
  double statistic = 0, pooled_expected = 0, pooled_observed = 0, covered = 0;
  int bins = 0;
  for (std::size_t k = 0; k < observed.size(); ++k) {
    const double expected = n * pmf(k);
    covered += pmf(k);
    pooled_expected += expected;
    pooled_observed += static_cast<double>(observed[k]);
    if (pooled_expected >= 5) {
      statistic += std::pow(pooled_observed - pooled_expected, 2) / pooled_expected;
      ++bins;
      pooled_expected = pooled_observed = 0;
    }
  }
  pooled_expected += n * (1.0 - covered);  // the unobserved tail
  if (pooled_expected > 0) {
    statistic += std::pow(pooled_observed - pooled_expected, 2) / pooled_expected;
    ++bins;
  }
  return {statistic, bins - 1};
}

double chi_square_critical(int dof) {
  // A false alarm rate of 1e-6 per test: a failure means a wrong sampler, not bad luck.
  return boost::math::quantile(boost::math::chi_squared(dof), 1.0 - 1e-6);
}

class PoissonInverse : public ::testing::TestWithParam<double> {};

TEST_P(PoissonInverse, InvertsBoostsCdfExactly) {
  const double mean = GetParam();
  const boost::math::poisson_distribution<double> reference(mean);
  RandomStream rng(7, 0, 0, 0, 99u);
  for (int i = 0; i < 20000; ++i) {
    const double u = rng.uniform();
    const std::uint32_t k = poisson_inverse(mean, u);
    const double below = k == 0 ? 0.0 : boost::math::cdf(reference, k - 1.0);
    const double at = boost::math::cdf(reference, static_cast<double>(k));
    // k is the smallest count whose CDF reaches u (up to rounding of the CDF sums).
    EXPECT_LT(below, u + 1e-12) << "mean " << mean << " u " << u << " k " << k;
    EXPECT_GE(at, u - 1e-12) << "mean " << mean << " u " << u << " k " << k;
  }
}

TEST_P(PoissonInverse, MatchesBoostsMomentsAndPassesChiSquare) {
  const double mean = GetParam();
  const std::int64_t n = 200000;
  RandomStream rng(11, 0, 0, 0, 98u);
  std::vector<std::int64_t> counts;
  double sum = 0, sum_sq = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint32_t k = poisson_inverse(mean, rng.uniform());
    if (k >= counts.size()) counts.resize(k + 1, 0);
    ++counts[k];
    sum += k;
    sum_sq += static_cast<double>(k) * k;
  }
  const double sample_mean = sum / n;
  const double sample_var = (sum_sq - n * sample_mean * sample_mean) / (n - 1);
  // Var(mean) = mean / n; Var(s^2) ~ (mu4 - sigma^4 (n-3)/(n-1)) / n with mu4 = m(1 + 3m).
  EXPECT_NEAR(sample_mean, mean, 4 * std::sqrt(mean / n));
  const double mu4 = mean * (1 + 3 * mean);
  EXPECT_NEAR(sample_var, mean, 4 * std::sqrt((mu4 - mean * mean * (n - 3.0) / (n - 1.0)) / n));

  // And Boost's own sampler, on the same number of draws, agrees with the same moments.
  boost::random::poisson_distribution<std::uint32_t, double> boost_sampler(mean);
  RandomStream rng2(13, 0, 0, 0, 97u);
  double boost_sum = 0;
  for (std::int64_t i = 0; i < n; ++i) boost_sum += boost_sampler(rng2);
  EXPECT_NEAR(sample_mean - boost_sum / n, 0.0, 4 * std::sqrt(2 * mean / n));

  const boost::math::poisson_distribution<double> reference(mean);
  const auto [statistic, dof] =
      chi_square(counts, n, [&](std::size_t k) { return boost::math::pdf(reference, static_cast<double>(k)); });
  EXPECT_LT(statistic, chi_square_critical(dof)) << "dof " << dof;
}

INSTANTIATE_TEST_SUITE_P(Means, PoissonInverse,
                         ::testing::Values(0.02, 0.3, 1.0, 4.5, 12.0, 29.9, 30.0, 47.3, 250.0, 2000.0),
                         [](const auto& instance) { return "mean_" + testing::name_of(instance.param); });

TEST(PoissonInverseEdges, ZeroMeanAndMonotoneInTheRate) {
  EXPECT_EQ(poisson_inverse(0.0, 0.999), 0u);
  // The coupling the paired comparisons rely on: same uniform, higher rate, no fewer units.
  RandomStream rng(3, 0, 0, 0, 96u);
  for (int i = 0; i < 5000; ++i) {
    const double u = rng.uniform();
    EXPECT_LE(poisson_inverse(2.0, u), poisson_inverse(2.5, u));
    EXPECT_LE(poisson_inverse(29.0, u), poisson_inverse(31.0, u));
  }
}

struct BinomialCase {
  std::uint32_t trials;
  double p;
};
void PrintTo(const BinomialCase& c, std::ostream* os) { *os << "trials " << c.trials << ", p " << c.p; }
class BinomialInverse : public ::testing::TestWithParam<BinomialCase> {};

TEST_P(BinomialInverse, InvertsBoostsCdfAndPassesChiSquare) {
  const auto [trials, p] = GetParam();
  const boost::math::binomial_distribution<double> reference(trials, p);
  const std::int64_t n = 100000;
  RandomStream rng(17, 0, 0, 0, 95u);
  std::vector<std::int64_t> counts(trials + 1, 0);
  double sum = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double u = rng.uniform();
    const std::uint32_t k = binomial_inverse(trials, p, u);
    ASSERT_LE(k, trials);
    const double below = k == 0 ? 0.0 : boost::math::cdf(reference, k - 1.0);
    ASSERT_LT(below, u + 1e-12);
    ASSERT_GE(boost::math::cdf(reference, static_cast<double>(k)), u - 1e-12);
    ++counts[k];
    sum += k;
  }
  EXPECT_NEAR(sum / n, trials * p, 4 * std::sqrt(trials * p * (1 - p) / n));
  const auto [statistic, dof] =
      chi_square(counts, n, [&](std::size_t k) { return boost::math::pdf(reference, static_cast<double>(k)); });
  if (dof > 0) {
    EXPECT_LT(statistic, chi_square_critical(dof));
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, BinomialInverse,
                         ::testing::Values(BinomialCase{1, 0.17}, BinomialCase{3, 0.35}, BinomialCase{12, 0.2},
                                           BinomialCase{40, 0.6}),
                         [](const auto& instance) {
                           return "trials_" + std::to_string(instance.param.trials) + "_p_" +
                                  testing::name_of(instance.param.p);
                         });

TEST(BinomialInverseEdges, Degenerate) {
  EXPECT_EQ(binomial_inverse(0, 0.5, 0.9), 0u);
  EXPECT_EQ(binomial_inverse(5, 0.0, 0.9), 0u);
  EXPECT_EQ(binomial_inverse(5, 1.0, 0.1), 5u);
}

struct HypergeometricCase {
  std::uint32_t population, marked, draws;
};
void PrintTo(const HypergeometricCase& c, std::ostream* os) {
  *os << "population " << c.population << ", marked " << c.marked << ", draws " << c.draws;
}
class HypergeometricInverse : public ::testing::TestWithParam<HypergeometricCase> {};

TEST_P(HypergeometricInverse, InvertsBoostsCdf) {
  const auto [population, marked, draws] = GetParam();
  const boost::math::hypergeometric_distribution<double> reference(marked, draws, population);
  const double low = draws + marked > population ? draws + marked - population : 0.0;
  RandomStream rng(19, 0, 0, 0, 92u);
  const std::int64_t n = 50000;
  double sum = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double u = rng.uniform();
    const std::uint32_t k = hypergeometric_inverse(population, marked, draws, u);
    ASSERT_GE(k, low);
    ASSERT_LE(k, std::min(marked, draws));
    const double below = k <= low ? 0.0 : boost::math::cdf(reference, k - 1u);
    ASSERT_LT(below, u + 1e-12);
    ASSERT_GE(boost::math::cdf(reference, k), u - 1e-12);
    sum += k;
  }
  const double mean = static_cast<double>(draws) * marked / population;
  const double var =
      mean * (1.0 - static_cast<double>(marked) / population) * (population - draws) / std::max(1.0, population - 1.0);
  EXPECT_NEAR(sum / n, mean, 4 * std::sqrt(var / n) + 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Cases, HypergeometricInverse,
                         ::testing::Values(HypergeometricCase{1, 1, 1}, HypergeometricCase{5, 2, 3},
                                           HypergeometricCase{7, 5, 4}, HypergeometricCase{12, 3, 12},
                                           HypergeometricCase{30, 10, 8}),
                         [](const auto& instance) {
                           const HypergeometricCase& c = instance.param;
                           return "population_" + std::to_string(c.population) + "_marked_" + std::to_string(c.marked) +
                                  "_draws_" + std::to_string(c.draws);
                         });

TEST(NormalInverse, MatchesBoostsQuantileToAcklamsBound) {
  const boost::math::normal_distribution<double> reference;
  // Both regions and their boundary (0.02425), down to the smallest uniform a word gives.
  std::vector<double> us = {RandomStream::to_open_unit(0),
                            1e-9,
                            1e-5,
                            0.001,
                            0.02424,
                            0.02425,
                            0.02426,
                            0.1,
                            0.3,
                            0.5,
                            0.7,
                            0.97575,
                            0.999,
                            1 - 1e-7,
                            RandomStream::to_open_unit(0xffffffffu)};
  RandomStream rng(31, 0, 0, 0, 94u);
  for (int i = 0; i < 20000; ++i) us.push_back(rng.uniform());
  for (double u : us) {
    const double expected = boost::math::quantile(reference, u);
    EXPECT_NEAR(normal_inverse(u), expected, 1.2e-9 * std::max(1.0, std::abs(expected))) << "u = " << u;
  }
}

TEST(NormalInverse, SampleMomentsOfAStandardNormal) {
  const int n = 400000;
  RandomStream rng(37, 0, 0, 0, 93u);
  double s1 = 0, s2 = 0, s4 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = normal_inverse(rng.uniform());
    s1 += x, s2 += x * x, s4 += x * x * x * x;
  }
  EXPECT_NEAR(s1 / n, 0.0, 4 * std::sqrt(1.0 / n));
  EXPECT_NEAR(s2 / n, 1.0, 4 * std::sqrt(2.0 / n));   // Var(x^2) = 2
  EXPECT_NEAR(s4 / n, 3.0, 4 * std::sqrt(96.0 / n));  // Var(x^4) = 105 - 9
}

}  // namespace
}  // namespace pmsim
