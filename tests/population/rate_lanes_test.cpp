// rate_factors_lanes and expected_counts_lanes (population/rate_lanes.h): on every Highway
// target this CPU supports, the bits of the scalar products in the documented order, and
// the limit check of the expected counts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "population/rate_lanes.h"
#include "random/lanes_targets.h"

namespace pmsim {
namespace {

std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

struct Row {
  std::vector<double> utilization, power, person;
  std::vector<std::uint8_t> died;
  RateFactors factors() const {
    RateFactors f;
    f.utilization = utilization.data();
    f.power = power.data();
    f.died = died.data();
    f.moment_inverse = 0.8123456789;
    f.end_of_life = 3.2;
    f.year_factor = 1.0731;
    return f;
  }
};

// Factors spread over many binades (so that a product in another order would round
// differently somewhere), about a third of the members dying.
Row random_row(std::size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> log_scale(-6, 6), u(0, 1);
  Row r;
  for (std::size_t i = 0; i < n; ++i) {
    r.utilization.push_back(std::exp(log_scale(rng)));
    r.power.push_back(std::exp(log_scale(rng)));
    r.person.push_back(u(rng) * 1.35);
    r.died.push_back(u(rng) < 0.3 ? static_cast<std::uint8_t>(1 + (i % 200)) : 0);  // any nonzero byte dies
  }
  return r;
}

double scalar_factor(const RateFactors& f, std::size_t i) {
  const double eol = f.died[i] != 0 ? f.end_of_life : 1.0;
  return f.utilization[i] * (f.power[i] * f.moment_inverse) * eol * f.year_factor;
}

// The compiled targets this CPU runs; the others are skipped, and said so.
std::vector<std::int64_t> supported() {
  std::vector<std::int64_t> ids;
  for (const auto& t : lanes_targets::compiled()) {
    if (t.supported) {
      ids.push_back(t.id);
    } else {
      std::cout << "[ rate lanes ] " << t.name << ": not supported by this CPU, skipped\n";
    }
  }
  return ids;
}

TEST(RateLanes, FactorsAndMeansAreTheScalarProductsOnEveryTarget) {
  std::mt19937_64 rng(20261207);
  const Row row = random_row(5001, rng);  // not a multiple of any vector's lanes: a tail
  const RateFactors f = row.factors();
  const double rate = 7.0;
  ASSERT_GE(supported().size(), 2u);  // the portable fallback and at least one vector target
  for (std::int64_t target : supported()) {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{17},
                          std::size_t{5000}, row.power.size()}) {
      std::vector<double> factor(n + 1, -1.0), mean(n + 1, -1.0);
      rate_lanes_targets::rate_factors_on(target, f, n, factor.data());
      const bool within =
          rate_lanes_targets::expected_counts_on(target, f, rate, row.person.data(), n, 1e5, mean.data());
      bool want_within = true;
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(bits(factor[i]), bits(scalar_factor(f, i))) << "target " << target << ", i = " << i;
        const double want = rate * row.person[i] * scalar_factor(f, i);
        ASSERT_EQ(bits(mean[i]), bits(want)) << "target " << target;
        want_within = want_within && want <= 1e5;
      }
      EXPECT_EQ(within, want_within) << "target " << target << ", n = " << n;
      if (n >= 5000) {
        EXPECT_FALSE(want_within) << "the test should reach the limit";
      }
      EXPECT_EQ(factor[n], -1.0) << "written beyond n";
      EXPECT_EQ(mean[n], -1.0) << "written beyond n";
    }
  }
}

// Members of rate factors about 1 (means of about 20), one of them beyond the limit.
TEST(RateLanes, ExpectedCountsReportAMeanBeyondTheLimitOrNotANumber) {
  const std::size_t n = 13;  // a full vector of the narrower targets and a tail of every target
  Row plain;
  plain.utilization.assign(n, 1.0);
  plain.power.assign(n, 1.0);
  plain.person.assign(n, 1.0);
  plain.died.assign(n, 0);
  plain.died[3] = 1;
  std::vector<double> mean(n);
  for (std::int64_t target : supported()) {
    ASSERT_TRUE(
        rate_lanes_targets::expected_counts_on(target, plain.factors(), 7.0, plain.person.data(), n, 1e6, mean.data()))
        << "target " << target;
    for (std::size_t at : {std::size_t{0}, std::size_t{5}, std::size_t{12}}) {
      for (double bad : {2e6, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
        Row row = plain;
        row.utilization[at] = bad;
        EXPECT_FALSE(
            rate_lanes_targets::expected_counts_on(target, row.factors(), 7.0, row.person.data(), n, 1e6, mean.data()))
            << "target " << target << ", at " << at << ", " << bad;
      }
    }
  }
}

TEST(RateLanes, RunOnRejectsAnUnknownTarget) {
  EXPECT_THROW(rate_lanes_targets::rate_factors_on(0, RateFactors{}, 0, nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace pmsim
