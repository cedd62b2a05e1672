// The many-lane samplers (sampler_lanes.h): the same bits on every Highway target this CPU
// supports as on the scalar target, for every n; the streams of RandomStream; inversion
// where they invert; and their distributions against Boost's, with moments within 4 Monte
// Carlo standard errors and chi-square tests at a false alarm rate of 1e-6 per test (as
// samplers_test.cpp and gamma_sampler_test.cpp), on fixed seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/poisson.hpp>

#include "random/math_lanes.h"
#include "random/random_stream.h"
#include "random/sampler_lanes.h"
#include "random/samplers.h"
#include "test_names.h"

namespace pmsim {
namespace {

namespace targets = sampler_lanes_targets;

std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

struct Named {
  std::string name;
  std::int64_t id;
};

std::vector<Named> supported_targets() {
  std::vector<Named> out;
  std::string skipped;
  for (const auto& t : targets::compiled()) {
    if (t.supported) {
      out.push_back({t.name, t.id});
    } else {
      skipped += std::string(skipped.empty() ? "" : ", ") + t.name;
    }
  }
  static const bool printed = [&] {
    std::cout << "[ sampler lanes ] compiled targets this CPU lacks, skipped: " << (skipped.empty() ? "none" : skipped)
              << "; dispatched to " << sampler_lanes_target_name() << "\n";
    return true;
  }();
  (void)printed;
  return out;
}

// The reference: the portable fallback, one lane (SCALAR).
std::int64_t scalar_target() { return targets::compiled().back().id; }

std::size_t max_lanes() {
  std::size_t most = 1;
  for (const auto& t : supported_targets()) most = std::max(most, targets::lanes_of(t.id));
  return most;
}

// n lanes' streams: slots 1000 + 7 i.
struct Streams {
  Streams(std::size_t n, std::uint64_t seed, std::uint32_t purpose) : slots(n) {
    for (std::size_t i = 0; i < n; ++i) slots[i] = static_cast<std::uint32_t>(1000 + 7 * i);
    lanes.seed = seed;
    lanes.replication = 3;
    lanes.year = 2;
    lanes.purpose = purpose;
    lanes.slots = slots.data();
  }
  RandomStream stream(std::size_t i) const {
    return RandomStream(lanes.seed, lanes.replication, slots[i], lanes.year, lanes.purpose);
  }
  std::vector<std::uint32_t> slots;
  LaneStreams lanes;
};

// n uniforms from a stream of its own, the extreme words among them.
std::vector<double> uniforms(std::size_t n, std::uint32_t purpose) {
  RandomStream rng(99, 0, 0, 0, purpose);
  std::vector<double> u(n);
  for (auto& x : u) x = rng.uniform();
  const double edges[] = {RandomStream::to_open_unit(0), RandomStream::to_open_unit(0xffffffffu), 0.02425, 0.97575};
  for (std::size_t i = 0; i < std::size(edges) && 3 * i < n; ++i) u[3 * i] = edges[i];
  return u;
}

template <class T>
std::vector<T> cycle(const std::vector<T>& values, std::size_t n, std::size_t shift) {
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = values[(i * 5 + shift) % values.size()];
  return out;
}

// Every n from 1 to two vectors of the widest target and 3 more, and a large n.
std::vector<std::size_t> sizes() {
  std::vector<std::size_t> n;
  for (std::size_t i = 1; i <= 2 * max_lanes() + 3; ++i) n.push_back(i);
  n.push_back(3001);
  return n;
}

// run(target, n, out) on `target` against the scalar target, bit for bit.
template <class T, class Run>
void expect_same_as_scalar(const targets::Target& target, const std::string& what, Run run) {
  for (std::size_t n : sizes()) {
    std::vector<T> want(n), got(n, T(12345));
    run(scalar_target(), n, want.data());
    run(target.id, n, got.data());
    for (std::size_t i = 0; i < n; ++i) {
      if constexpr (std::is_same_v<T, double>) {
        ASSERT_EQ(bits(got[i]), bits(want[i])) << what << " on " << target.name << ", n = " << n << ", lane " << i;
      } else {
        ASSERT_EQ(got[i], want[i]) << what << " on " << target.name << ", n = " << n << ", lane " << i;
      }
    }
  }
}

// One instance per compiled target; those this CPU lacks are skipped.
class SamplerLanesOnTarget : public ::testing::TestWithParam<std::size_t> {
 protected:
  void SetUp() override {
    target_ = targets::compiled().at(GetParam());
    if (!target_.supported) GTEST_SKIP() << target_.name << " is not supported by this CPU";
  }
  targets::Target target_{};
};

const std::vector<double> kMeans{0.0, -1.0, 1e-3, 0.3, 3.0, 9.99, 10.0, 10.5, 29.99, 30.0, 500.0, 1e4, 1e5, 1e6, 1.2e7};

TEST_P(SamplerLanesOnTarget, PoissonGivesTheScalarTargetsBits) {
  expect_same_as_scalar<std::uint32_t>(target_, "poisson", [](std::int64_t target, std::size_t n, std::uint32_t* out) {
    const auto mean = cycle(kMeans, n, n);
    const auto u = uniforms(n, 1);
    const Streams tries(n, 17, 40);
    targets::poisson_on(target, mean.data(), u.data(), tries.lanes, n, out);
  });
}

// poisson_lanes' inversion as sampler_lanes.h defines it, one lane at a time (exp(-mean) from
// exp_lanes): the first k with u <= cdf, or where the pmf falls below 1e-300 past the mean
// (then `stuck` is set).
std::uint32_t poisson_search(double mean, double u, bool& stuck) {
  stuck = false;
  double pmf;
  const double minus_mean = -mean;
  exp_lanes(&minus_mean, 1, &pmf);
  double cdf = pmf;
  if (u <= cdf) return 0;
  for (std::uint32_t j = 1;; ++j) {
    pmf *= mean * (1.0 / j);
    cdf += pmf;
    if (u <= cdf) return j;
    if (pmf < 1e-300 && j > mean) return stuck = true, j;
  }
}

// Lanes whose u is above the CDF's last value (u = 1 here; a uniform is at most 1 - 2^-33) end
// where the pmf is negligible; sampler_lanes.cpp counts its search's steps and takes such a
// lane's vectors through the exact steps. Every lane, stuck or not, against the definition.
TEST_P(SamplerLanesOnTarget, PoissonInversionOfAUAboveTheLastCdfValueStopsWhereThePmfIsNegligible) {
  std::size_t stuck_lanes = 0;
  for (std::size_t n : sizes()) {
    std::vector<double> mean(n), u = uniforms(n, 3);
    for (std::size_t i = 0; i < n; ++i) {
      mean[i] = 0.999 * kPoissonInversionLimit * static_cast<double>((i * 37) % 101 + 1) / 101;
      if (i % 7 == 3) u[i] = 1.0;
    }
    const Streams tries(n, 18, 41);
    std::vector<std::uint32_t> k(n);
    targets::poisson_on(target_.id, mean.data(), u.data(), tries.lanes, n, k.data());
    for (std::size_t i = 0; i < n; ++i) {
      bool stuck = false;
      ASSERT_EQ(k[i], poisson_search(mean[i], u[i], stuck))
          << target_.name << ", n " << n << ", mean " << mean[i] << ", u " << u[i];
      stuck_lanes += stuck;
    }
  }
  EXPECT_GT(stuck_lanes, 100u);  // the case this test is for does occur
}

TEST_P(SamplerLanesOnTarget, BinomialGivesTheScalarTargetsBits) {
  const std::vector<std::uint32_t> trials{0, 1, 2, 5, 20, 1000, 100000, 4294967295u};
  const std::vector<double> p{0.0, -0.5, 1e-12, 1e-3, 0.02, 0.3, 0.5, 0.7, 0.97, 1 - 1e-9, 1.0, 1.5};
  expect_same_as_scalar<std::uint32_t>(
      target_, "binomial", [&](std::int64_t target, std::size_t n, std::uint32_t* out) {
        const auto t = cycle(trials, n, 0);
        const auto pv = cycle(p, n, n / 3);
        const auto u = uniforms(n, 2);
        const Streams tries(n, 18, 41);
        targets::binomial_on(target, t.data(), pv.data(), u.data(), tries.lanes, n, out);
      });
}

TEST_P(SamplerLanesOnTarget, GammaGivesTheScalarTargetsBits) {
  const std::vector<double> shapes{1e-3, 0.05, 0.64, 0.999, 1.0, 1.0001, 4.3, 1e4, 1e12};
  const std::vector<double> scales{1.0, 1.7, 1e-3};
  expect_same_as_scalar<double>(target_, "gamma", [&](std::int64_t target, std::size_t n, double* out) {
    const auto shape = cycle(shapes, n, n);
    const auto scale = cycle(scales, n, 1);
    const Streams streams(n, 19, 42);
    targets::gamma_on(target, shape.data(), scale.data(), streams.lanes, n, out);
  });
}

TEST_P(SamplerLanesOnTarget, NormalQuantileLognormalSumsAndUniformsGiveTheScalarTargetsBits) {
  expect_same_as_scalar<double>(target_, "normal_quantile", [](std::int64_t target, std::size_t n, double* out) {
    const auto u = uniforms(n, 3);
    targets::normal_quantile_on(target, u.data(), n, out);
  });
  const std::vector<std::uint32_t> units{0, 1, 2, 5, 17, 3};
  expect_same_as_scalar<double>(target_, "lognormal_sums", [&](std::int64_t target, std::size_t n, double* out) {
    const auto k = cycle(units, n, n);
    const Streams streams(n, 20, 43);
    targets::lognormal_sums_on(target, k.data(), -0.4, 1.3, streams.lanes, n, out);
  });
  expect_same_as_scalar<double>(target_, "uniforms", [](std::int64_t target, std::size_t n, double* out) {
    const Streams streams(n, 21, 44);
    targets::uniforms_on(target, streams.lanes, n, 1, out, n);
  });
}

INSTANTIATE_TEST_SUITE_P(Targets, SamplerLanesOnTarget, ::testing::Range<std::size_t>(0, targets::compiled().size()),
                         [](const auto& instance) { return std::string(targets::compiled()[instance.param].name); });

TEST(SamplerLanes, UniformsAreTheDrawsOfRandomStream) {
  // 1 to 23 words a lane (beyond 4: two Philox blocks a call on the wide targets), tails of
  // every vector width.
  for (std::size_t n : {1u, 5u, 9u, 17u, 37u}) {
    for (std::size_t words : {1u, 4u, 5u, 8u, 9u, 23u}) {
      const std::size_t stride = n + 3;
      const Streams streams(n, 0x0123456789abcdefull, 5);
      auto check = [&](const std::string& name, const std::vector<double>& out) {
        for (std::size_t i = 0; i < n; ++i) {
          RandomStream rng = streams.stream(i);
          for (std::size_t w = 0; w < words; ++w) {
            ASSERT_EQ(bits(out[w * stride + i]), bits(rng.uniform()))
                << name << ", n " << n << ", lane " << i << ", word " << w << " of " << words;
          }
        }
      };
      std::vector<double> out(words * stride);
      uniforms_lanes(streams.lanes, n, words, out.data(), stride);
      check("dispatched", out);
      for (const auto& t : supported_targets()) {
        std::fill(out.begin(), out.end(), 0.0);
        targets::uniforms_on(t.id, streams.lanes, n, words, out.data(), stride);
        check(t.name, out);
      }
    }
  }
}

TEST(SamplerLanes, NormalQuantileIsNormalInverse) {
  // Bit for bit in the central region (the same operations); in the tails within 1e-14
  // relative (the log is ours, not glibc's).
  auto u = uniforms(200000, 4);
  for (double x = 1e-300; x < 0.03; x *= 1.5) {
    u.push_back(x);
    if (1 - x < 1) u.push_back(1 - x);
  }
  std::vector<double> got(u.size());
  normal_quantile_lanes(u.data(), u.size(), got.data());
  double worst = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double want = normal_inverse(u[i]);
    if (u[i] > 0.02425 && u[i] < 1 - 0.02425) {
      ASSERT_EQ(bits(got[i]), bits(want)) << "u = " << u[i];
    } else {
      const double relative = std::abs(got[i] - want) / std::abs(want);
      worst = std::max(worst, relative);
      ASSERT_LE(relative, 1e-14) << "u = " << u[i];
    }
  }
  std::cout << "[ sampler lanes ] normal quantile tails: max relative difference " << worst << " from normal_inverse\n";
}

TEST(SamplerLanes, LognormalSumsAreSumsOfTheQuantilesOfTheirWords) {
  const std::size_t n = 501;
  const double mu = -0.3, sigma = 0.8;
  std::vector<std::uint32_t> units(n);
  for (std::size_t i = 0; i < n; ++i) units[i] = static_cast<std::uint32_t>(i % 13);
  const Streams streams(n, 23, 45);
  std::vector<double> got(n);
  lognormal_sums_lanes(units.data(), mu, sigma, streams.lanes, n, got.data());
  for (std::size_t i = 0; i < n; ++i) {
    RandomStream rng = streams.stream(i);
    double sum = 0.0;
    for (std::uint32_t k = 0; k < units[i]; ++k) {
      double x = rng.uniform();
      normal_quantile_lanes(&x, 1, &x);
      x = mu + sigma * x;
      exp_lanes(&x, 1, &x);
      sum += x;
    }
    ASSERT_EQ(bits(got[i]), bits(sum)) << "lane " << i;
  }
}

TEST(SamplerLanes, LognormalSumsHaveTheMeanOfTheirUnits) {
  const std::size_t n = 200000;
  const double mu = 0.2, sigma = 0.9;
  const std::vector<std::uint32_t> units(n, 5);
  const Streams streams(n, 24, 46);
  std::vector<double> got(n);
  lognormal_sums_lanes(units.data(), mu, sigma, streams.lanes, n, got.data());
  double sum = 0;
  for (double x : got) sum += x;
  const double mean = 5 * std::exp(mu + sigma * sigma / 2);
  const double var = 5 * (std::exp(sigma * sigma) - 1) * std::exp(2 * mu + sigma * sigma);
  EXPECT_NEAR(sum / n, mean, 4 * std::sqrt(var / n));
}

// ---- Inversion ----------------------------------------------------------------------------

// Whether k is the smallest count whose CDF reaches u, up to 1e-12 (the rounding of the
// CDF sums: a u that close to a CDF value may go either way).
template <class Cdf>
void expect_inverts(Cdf cdf, double u, std::uint32_t k, const std::string& what) {
  const double below = k == 0 ? 0.0 : cdf(k - 1.0);
  EXPECT_LT(below, u + 1e-12) << what << ", u " << u << ", k " << k;
  EXPECT_GE(cdf(static_cast<double>(k)), u - 1e-12) << what << ", u " << u << ", k " << k;
}

TEST(SamplerLanes, PoissonBelowTheInversionLimitInvertsBoostsCdf) {
  const std::size_t n = 20000;
  const auto u = uniforms(n, 5);
  const Streams tries(n, 25, 47);
  for (double mean : {0.02, 0.3, 1.0, 3.0, 4.5, 9.9, 9.999, 14.0, 22.5, kPoissonInversionLimit * 0.9999}) {
    const boost::math::poisson_distribution<double> reference(mean);
    const std::vector<double> means(n, mean);
    std::vector<std::uint32_t> k(n);
    poisson_lanes(means.data(), u.data(), tries.lanes, n, k.data());
    for (std::size_t i = 0; i < n; ++i) {
      expect_inverts([&](double x) { return boost::math::cdf(reference, x); }, u[i], k[i],
                     "mean " + std::to_string(mean));
    }
  }
}

// The same recursion as the scalar engine's sampler: they differ only where exp(-mean)
// differs from glibc's by an ULP and u falls within ~1e-16 of a CDF value, which 100,000
// draws do not meet.
TEST(SamplerLanes, PoissonBelowTheInversionLimitIsPoissonInverse) {
  const std::size_t n = 100000;
  const auto u = uniforms(n, 10);
  const Streams tries(n, 32, 54);
  std::vector<double> means(n);
  for (std::size_t i = 0; i < n; ++i)
    means[i] = 0.999 * kPoissonInversionLimit * static_cast<double>(i % 1000 + 1) / 1000;
  std::vector<std::uint32_t> k(n);
  poisson_lanes(means.data(), u.data(), tries.lanes, n, k.data());
  for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(k[i], poisson_inverse(means[i], u[i])) << means[i] << " " << u[i];
}

TEST(SamplerLanes, PoissonInversionIsMonotoneInTheMean) {
  const std::size_t n = 5000;
  const auto u = uniforms(n, 6);
  const Streams tries(n, 26, 48);
  const std::vector<double> low(n, 2.0), high(n, 2.5);
  std::vector<std::uint32_t> a(n), b(n);
  poisson_lanes(low.data(), u.data(), tries.lanes, n, a.data());
  poisson_lanes(high.data(), u.data(), tries.lanes, n, b.data());
  for (std::size_t i = 0; i < n; ++i) ASSERT_LE(a[i], b[i]) << "u " << u[i];
}

TEST(SamplerLanes, BinomialBelowAMeanOf10InvertsBoostsCdf) {
  const std::size_t n = 20000;
  const auto u = uniforms(n, 7);
  const Streams tries(n, 27, 49);
  struct Case {
    std::uint32_t trials;
    double p;
  };
  // trials min(p, 1 - p) < 10; p > 1/2 inverts the reflected variable.
  for (const Case c : {Case{1, 0.17}, Case{20, 0.3}, Case{12, 0.2}, Case{5, 0.9}, Case{30, 0.75}, Case{1000, 0.005},
                       Case{100000, 0.99995}, Case{4294967295u, 1e-9}, Case{19, 0.5}}) {
    const boost::math::binomial_distribution<double> reference(c.trials, c.p);
    const std::vector<std::uint32_t> trials(n, c.trials);
    const std::vector<double> p(n, c.p);
    std::vector<std::uint32_t> k(n);
    binomial_lanes(trials.data(), p.data(), u.data(), tries.lanes, n, k.data());
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_LE(k[i], c.trials);
      expect_inverts([&](double x) { return boost::math::cdf(reference, x); }, u[i], k[i],
                     "trials " + std::to_string(c.trials) + ", p " + std::to_string(c.p));
    }
  }
}

// Members of every kind mixed in one call, as the generator's are (binomial_lanes sorts them
// into lists a vector at a time): no trials, p 0, NaN or >= 1, reflected, inversion and BTRD
// lanes side by side. Each lane gets what it gets alone: an inversion lane the scalar
// engine's binomial_inverse (ties of u with a CDF value aside, which these draws do not meet),
// a BTRD lane its own stream's draw (a call of n = 1 with its slot), the others their value,
// wherever they sit in the call.
TEST(SamplerLanes, BinomialOfMixedLanesGivesEachLaneItsOwnDraw) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::uint32_t> trial_cases{0, 1, 3, 7, 20, 40, 1000, 2};
  const std::vector<double> p_cases{0.0, nan, 1.0, 1.5, 0.3, 0.9, 0.02, 0.6, 0.5, 0.25, 0.985, 0.75};
  for (std::size_t n : {std::size_t{1}, std::size_t{5}, std::size_t{13}, std::size_t{4001}}) {
    std::vector<std::uint32_t> trials(n);
    std::vector<double> p(n);
    for (std::size_t i = 0; i < n; ++i) {
      trials[i] = trial_cases[(i * 7 + i / 11) % trial_cases.size()];
      p[i] = p_cases[(i * 5 + i / 3) % p_cases.size()];
    }
    const auto u = uniforms(n, 12);
    const Streams tries(n, 29, 51);
    std::vector<std::uint32_t> k(n);
    binomial_lanes(trials.data(), p.data(), u.data(), tries.lanes, n, k.data());
    for (std::size_t i = 0; i < n; ++i) {
      const std::string what = "n " + std::to_string(n) + ", lane " + std::to_string(i) + ": trials " +
                               std::to_string(trials[i]) + ", p " + std::to_string(p[i]);
      const double q = p[i] > 0.5 ? 1.0 - p[i] : p[i];
      if (trials[i] == 0 || !(p[i] > 0.0)) {
        ASSERT_EQ(k[i], 0u) << what;
      } else if (p[i] >= 1.0) {
        ASSERT_EQ(k[i], trials[i]) << what;
      } else if (trials[i] * q < 10.0) {
        ASSERT_EQ(k[i], binomial_inverse(trials[i], p[i], u[i])) << what << ", u " << u[i];
      } else {
        LaneStreams alone = tries.lanes;
        alone.slots = tries.slots.data() + i;
        std::uint32_t own = 0;
        binomial_lanes(&trials[i], &p[i], &u[i], alone, 1, &own);
        ASSERT_EQ(k[i], own) << what;
      }
    }
  }
}

// ---- Distributions ----------------------------------------------------------------------

// Chi-square statistic of observed counts against pmf, pooling neighbouring bins until their
// expectation reaches 5 (the two tails included); {statistic, degrees of freedom}.
template <class Pmf>
std::pair<double, int> chi_square(const std::vector<std::int64_t>& observed, std::size_t first, std::int64_t n, Pmf pmf,
                                  double below_first) {
  double statistic = 0, pooled_expected = n * below_first, pooled_observed = 0, covered = below_first;
  int bins = 0;
  for (std::size_t k = first; k < observed.size(); ++k) {
    const double p = pmf(k);
    covered += p;
    pooled_expected += n * p;
    pooled_observed += static_cast<double>(observed[k]);
    if (pooled_expected >= 5) {
      statistic += std::pow(pooled_observed - pooled_expected, 2) / pooled_expected;
      ++bins;
      pooled_expected = pooled_observed = 0;
    }
  }
  pooled_expected += n * std::max(0.0, 1.0 - covered);
  if (pooled_expected > 0) {
    statistic += std::pow(pooled_observed - pooled_expected, 2) / pooled_expected;
    ++bins;
  }
  return {statistic, bins - 1};
}

// Draws per distribution test: a few seconds for the whole file in a Release build.
constexpr std::size_t kDraws = 1000000;

double chi_square_critical(int dof) { return boost::math::quantile(boost::math::chi_squared(dof), 1.0 - 1e-6); }

// Counts of draws, their mean and variance, and the chi-square against a discrete reference.
template <class Dist>
void expect_discrete_fit(const std::vector<std::uint32_t>& draws, const Dist& reference, double mean, double var,
                         double mu4, const std::string& what) {
  const auto n = static_cast<std::int64_t>(draws.size());
  const std::uint32_t low = *std::min_element(draws.begin(), draws.end());
  const std::uint32_t high = *std::max_element(draws.begin(), draws.end());
  std::vector<std::int64_t> counts(high + 1, 0);
  double sum = 0, sum_sq = 0;
  for (std::uint32_t k : draws) {
    ++counts[k];
    sum += k;
  }
  const double sample_mean = sum / n;
  for (std::uint32_t k : draws) sum_sq += (k - sample_mean) * (k - sample_mean);
  const double sample_var = sum_sq / (n - 1);
  EXPECT_NEAR(sample_mean, mean, 4 * std::sqrt(var / n)) << what;
  EXPECT_NEAR(sample_var, var, 4 * std::sqrt((mu4 - var * var * (n - 3.0) / (n - 1.0)) / n)) << what;
  const double below = low == 0 ? 0.0 : boost::math::cdf(reference, low - 1.0);
  const auto [statistic, dof] = chi_square(
      counts, low, n, [&](std::size_t k) { return boost::math::pdf(reference, static_cast<double>(k)); }, below);
  if (dof > 0) {
    EXPECT_LT(statistic, chi_square_critical(dof)) << what << ", dof " << dof;
  }
}

class PoissonLanes : public ::testing::TestWithParam<double> {};

TEST_P(PoissonLanes, MatchesBoostsMomentsAndPassesChiSquare) {
  const double mean = GetParam();
  const std::size_t n = kDraws;
  const auto u = uniforms(n, 8);
  const Streams tries(n, 28, 50);
  const std::vector<double> means(n, mean);
  std::vector<std::uint32_t> k(n);
  poisson_lanes(means.data(), u.data(), tries.lanes, n, k.data());
  expect_discrete_fit(k, boost::math::poisson_distribution<double>(mean), mean, mean, mean * (1 + 3 * mean),
                      "mean " + std::to_string(mean));
}

// Both sides of kPoissonInversionLimit (30): inversion up to 29.9, PTRS from 30 on.
INSTANTIATE_TEST_SUITE_P(Means, PoissonLanes,
                         ::testing::Values(0.3, 3.0, 9.9, 10.0, 20.0, 29.9, 30.0, 500.0, 1e5, 1e6, 1.2e7),
                         [](const auto& instance) { return "mean_" + testing::name_of(instance.param); });

struct BinomialCase {
  std::uint32_t trials;
  double p;
};
void PrintTo(const BinomialCase& c, std::ostream* os) { *os << "trials " << c.trials << ", p " << c.p; }
class BinomialLanes : public ::testing::TestWithParam<BinomialCase> {};

TEST_P(BinomialLanes, MatchesBoostsMomentsAndPassesChiSquare) {
  const auto [trials, p] = GetParam();
  const std::size_t n = kDraws;
  const auto u = uniforms(n, 9);
  const Streams tries(n, 29, 51);
  const std::vector<std::uint32_t> t(n, trials);
  const std::vector<double> pv(n, p);
  std::vector<std::uint32_t> k(n);
  binomial_lanes(t.data(), pv.data(), u.data(), tries.lanes, n, k.data());
  for (std::uint32_t x : k) ASSERT_LE(x, trials);
  const double nt = trials, var = nt * p * (1 - p);
  expect_discrete_fit(k, boost::math::binomial_distribution<double>(nt, p), nt * p, var,
                      var * (1 + 3 * (nt - 2) * p * (1 - p)),
                      "trials " + std::to_string(trials) + ", p " + std::to_string(p));
}

INSTANTIATE_TEST_SUITE_P(Cases, BinomialLanes,
                         ::testing::Values(BinomialCase{20, 0.3}, BinomialCase{5, 0.9}, BinomialCase{1000, 0.02},
                                           BinomialCase{1000, 0.5}, BinomialCase{1000, 0.97}, BinomialCase{60, 0.2},
                                           BinomialCase{4294967295u, 1e-6}),
                         [](const auto& instance) {
                           return "trials_" + std::to_string(instance.param.trials) + "_p_" +
                                  testing::name_of(instance.param.p);
                         });

class GammaLanes : public ::testing::TestWithParam<double> {};

TEST_P(GammaLanes, MatchesBoostsMomentsAndPassesChiSquare) {
  const double shape = GetParam(), scale = 1.7;
  const std::size_t n = kDraws;
  const Streams streams(n, 30, 52);
  const std::vector<double> shapes(n, shape), scales(n, scale);
  std::vector<double> x(n);
  gamma_lanes(shapes.data(), scales.data(), streams.lanes, n, x.data());
  double sum = 0, sum_sq = 0;
  for (double v : x) {
    ASSERT_GT(v, 0.0);
    sum += v;
  }
  const double mean = shape * scale, var = shape * scale * scale;
  const double sample_mean = sum / n;
  for (double v : x) sum_sq += (v - sample_mean) * (v - sample_mean);
  const double sample_var = sum_sq / (n - 1);
  const double mu4 = 3 * shape * (shape + 2) * std::pow(scale, 4);
  EXPECT_NEAR(sample_mean, mean, 4 * std::sqrt(var / n));
  EXPECT_NEAR(sample_var, var, 4 * std::sqrt((mu4 - var * var) / n));
  if (shape > 1e8) return;  // Boost's quantile gives up (its series exceeds 1e6 iterations)
  const int bins = 50;
  const boost::math::gamma_distribution<double> reference(shape, scale);
  std::vector<double> edges;  // equiprobable bins of the reference CDF
  for (int b = 1; b < bins; ++b) edges.push_back(boost::math::quantile(reference, double(b) / bins));
  std::vector<int> observed(bins, 0);
  for (double v : x) ++observed[std::upper_bound(edges.begin(), edges.end(), v) - edges.begin()];
  double chi2 = 0;
  const double expected = double(n) / bins;
  for (int o : observed) chi2 += (o - expected) * (o - expected) / expected;
  EXPECT_LT(chi2, chi_square_critical(bins - 1));
}

INSTANTIATE_TEST_SUITE_P(Shapes, GammaLanes, ::testing::Values(0.05, 0.64, 1.0, 4.3, 1e4, 1e12),
                         [](const auto& instance) { return "shape_" + testing::name_of(instance.param); });

// ---- Edges --------------------------------------------------------------------------------

TEST(SamplerLanes, DegenerateParameters) {
  const Streams tries(6, 31, 53);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> means{0.0, -3.0, nan, 1e-300, 0.5, 0.5}, u{0.9, 0.9, 0.9, 0.9, 0.5, 0.4};
  std::vector<std::uint32_t> k(6);
  poisson_lanes(means.data(), u.data(), tries.lanes, 6, k.data());
  EXPECT_EQ(k, (std::vector<std::uint32_t>{0, 0, 0, 0, 0, 0}));  // P(X = 0) = 0.61 at mean 0.5

  const std::vector<std::uint32_t> trials{0, 5, 5, 5, 7, 0};
  const std::vector<double> p{0.5, 0.0, 1.0, nan, 2.0, 1.0};
  binomial_lanes(trials.data(), p.data(), u.data(), tries.lanes, 6, k.data());
  EXPECT_EQ(k, (std::vector<std::uint32_t>{0, 0, 5, 0, 7, 0}));

  const std::vector<double> shapes{0.0, -1.0, nan, std::numeric_limits<double>::infinity(), 1.0, 0.5};
  const std::vector<double> scales(6, 1.0);
  std::vector<double> g(6);
  gamma_lanes(shapes.data(), scales.data(), tries.lanes, 6, g.data());
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(std::isnan(g[i])) << i;
  EXPECT_GT(g[4], 0.0);
  EXPECT_GT(g[5], 0.0);
}

TEST(SamplerLanes, NoLanesReadNothing) {
  const LaneStreams none{};
  poisson_lanes(nullptr, nullptr, none, 0, nullptr);
  binomial_lanes(nullptr, nullptr, nullptr, none, 0, nullptr);
  gamma_lanes(nullptr, nullptr, none, 0, nullptr);
  normal_quantile_lanes(nullptr, 0, nullptr);
  lognormal_sums_lanes(nullptr, 0.0, 1.0, none, 0, nullptr);
  uniforms_lanes(none, 0, 5, nullptr, 0);
}

TEST(SamplerLanes, EachTargetRunsWithItsOwnVectorWidth) {
  const std::map<std::string, std::size_t> widths{{"AVX3", 8},  {"AVX3_DL", 8}, {"AVX2", 4},  {"SSE4", 2},
                                                  {"SSSE3", 2}, {"EMU128", 2},  {"SCALAR", 1}};
  for (const auto& t : targets::compiled()) {
    if (!t.supported) {
      std::cout << "[ sampler lanes ] " << t.name << ": not supported by this CPU, skipped\n";
      continue;
    }
    const auto w = widths.find(t.name);
    if (w != widths.end()) {
      EXPECT_EQ(targets::lanes_of(t.id), w->second) << t.name;
    }
  }
}

TEST(SamplerLanes, RunOnRejectsAnUnknownTarget) {
  EXPECT_THROW(targets::poisson_on(0, nullptr, nullptr, {}, 0, nullptr), std::invalid_argument);
  EXPECT_THROW(targets::gamma_on(0, nullptr, nullptr, {}, 0, nullptr), std::invalid_argument);
  EXPECT_THROW(targets::lanes_of(0), std::invalid_argument);
}

}  // namespace
}  // namespace pmsim
