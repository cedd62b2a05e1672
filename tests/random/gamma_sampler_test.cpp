// The project's gamma sampler against Boost's gamma distribution: moments within 4 Monte
// Carlo SE and a chi-square test on equiprobable bins of Boost's CDF.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/random/gamma_distribution.hpp>

#include "random/gamma_sampler.h"
#include "test_names.h"

namespace pmsim {
namespace {

class Gamma : public ::testing::TestWithParam<double> {};

TEST_P(Gamma, MomentsAndGoodnessOfFitAgainstBoost) {
  const double shape = GetParam(), scale = 1.7;
  const GammaSampler sampler(shape, scale);
  const boost::math::gamma_distribution<double> reference(shape, scale);
  const int n = 200000, bins = 50;
  std::vector<double> edges;  // equiprobable bins of the reference CDF
  for (int b = 1; b < bins; ++b) edges.push_back(boost::math::quantile(reference, double(b) / bins));
  std::vector<int> observed(bins, 0);
  double sum = 0, sum_sq = 0;
  RandomStream rng(21, 0, 0, 0, 90u);
  for (int i = 0; i < n; ++i) {
    const double x = sampler(rng);
    ASSERT_GT(x, 0.0);
    sum += x;
    sum_sq += x * x;
    ++observed[std::upper_bound(edges.begin(), edges.end(), x) - edges.begin()];
  }
  const double mean = shape * scale, var = shape * scale * scale;
  const double sample_mean = sum / n, sample_var = sum_sq / n - sample_mean * sample_mean;
  // Fourth central moment of a gamma: 3 a (a + 2) s^4.
  const double mu4 = 3 * shape * (shape + 2) * std::pow(scale, 4);
  EXPECT_NEAR(sample_mean, mean, 4 * std::sqrt(var / n));
  EXPECT_NEAR(sample_var, var, 4 * std::sqrt((mu4 - var * var) / n));
  double chi2 = 0;
  const double expected = double(n) / bins;
  for (int o : observed) chi2 += (o - expected) * (o - expected) / expected;
  EXPECT_LT(chi2, boost::math::quantile(boost::math::chi_squared(bins - 1), 1 - 1e-6));

  // Boost's own sampler agrees on the mean (the reference the issue names).
  boost::random::gamma_distribution<double> boost_sampler(shape, scale);
  RandomStream rng2(22, 0, 0, 0, 91u);
  double boost_sum = 0;
  for (int i = 0; i < n; ++i) boost_sum += boost_sampler(rng2);
  EXPECT_NEAR(sample_mean - boost_sum / n, 0.0, 4 * std::sqrt(2 * var / n));
}

INSTANTIATE_TEST_SUITE_P(Shapes, Gamma, ::testing::Values(0.05, 0.3, 0.8, 1.0, 2.5, 17.0, 400.0),
                         [](const auto& instance) { return "shape_" + testing::name_of(instance.param); });

}  // namespace
}  // namespace pmsim
