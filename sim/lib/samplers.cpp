#include "samplers.h"

#include <array>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

namespace pmsim {

namespace {
// Below this mean, exp(-mean) is far from underflow and a search from 0 takes few steps.
constexpr double kSequentialLimit = 40.0;
// Double precision is enough for a starting point; Boost's default promotes to long double.
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

std::uint32_t poisson_from_mode(double mean, double u) {
  // P(X <= m) = Q(m + 1, mean), the regularised upper incomplete gamma function.
  auto k = static_cast<std::uint32_t>(std::floor(mean));
  double cdf = boost::math::gamma_q(static_cast<double>(k) + 1.0, mean, DoublePolicy());
  double pmf = std::exp(-mean + k * std::log(mean) - std::lgamma(k + 1.0));
  if (u <= cdf) {
    // Walk down while P(X <= k - 1) still reaches u.
    while (k > 0 && u <= cdf - pmf) {
      cdf -= pmf;
      pmf *= static_cast<double>(k) / mean;
      --k;
    }
    return k;
  }
  while (u > cdf) {
    ++k;
    pmf *= mean / static_cast<double>(k);
    cdf += pmf;
    if (pmf == 0.0) break;  // u beyond the last representable CDF value
  }
  return k;
}
}  // namespace

// 1/k for the sequential search: a multiplication instead of a division per step.
constexpr auto kReciprocals = [] {
  std::array<double, 128> r{};
  for (std::size_t k = 1; k < r.size(); ++k) r[k] = 1.0 / static_cast<double>(k);
  return r;
}();

std::uint32_t poisson_inverse(double mean, double u) {
  if (!(mean > 0.0)) return 0;
  // exp(-mean) >= 1 - mean: below that bound the answer is 0 without computing exp, which
  // is most draws of the rare services (admissions, emergency visits).
  if (u <= 1.0 - mean) return 0;
  if (mean >= kSequentialLimit) return poisson_from_mode(mean, u);
  double pmf = std::exp(-mean);
  double cdf = pmf;
  std::uint32_t k = 0;
  while (u > cdf) {
    ++k;
    pmf *= mean * (k < kReciprocals.size() ? kReciprocals[k] : 1.0 / static_cast<double>(k));
    cdf += pmf;
    if (pmf < 1e-300 && static_cast<double>(k) > mean) break;  // rounding left u above the CDF
  }
  return k;
}

std::uint32_t binomial_inverse(std::uint32_t trials, double p, double u) {
  if (trials == 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return trials;
  const double odds = p / (1.0 - p);
  double pmf = std::pow(1.0 - p, static_cast<double>(trials));
  double cdf = pmf;
  std::uint32_t k = 0;
  while (u > cdf && k < trials) {
    pmf *= odds * static_cast<double>(trials - k) / static_cast<double>(k + 1);
    ++k;
    cdf += pmf;
  }
  return k;
}

}  // namespace pmsim
