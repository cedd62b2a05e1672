#include "random/samplers.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <boost/math/special_functions/gamma.hpp>

namespace pmsim {

namespace {
// Below this mean exp(-mean) is far from underflow, and a search from 0 (about mean steps of
// one multiply-add each) is cheaper than the incomplete gamma function a search from the
// mode needs (measured: equal near a mean of 90).
constexpr double kSequentialLimit = 90.0;
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

double normal_inverse(double u) {
  // Acklam's coefficients: central region |u - 1/2| <= 0.47575, tails in sqrt(-2 ln q).
  constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                          1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                          -1.328068155288572e+01};
  constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                          -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  if (u > kLow && u < 1.0 - kLow) {
    const double q = u - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  const double tail = u <= kLow ? u : 1.0 - u;
  const double q = std::sqrt(-2.0 * std::log(tail));
  const double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                   ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  return u <= kLow ? x : -x;
}

std::uint32_t binomial_inverse(std::uint32_t trials, double p, double u) {
  if (trials == 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return trials;
  const double odds = p / (1.0 - p);
  double pmf = 1.0 - p;  // (1 - p)^trials; few trials: repeated products are exact enough and cheap
  if (trials <= 8) {
    const double q = pmf;
    for (std::uint32_t t = 1; t < trials; ++t) pmf *= q;
  } else {
    pmf = std::pow(1.0 - p, static_cast<double>(trials));
  }
  double cdf = pmf;
  std::uint32_t k = 0;
  while (u > cdf && k < trials) {
    pmf *= odds * static_cast<double>(trials - k) / static_cast<double>(k + 1);
    ++k;
    cdf += pmf;
  }
  return k;
}

std::uint32_t hypergeometric_inverse(std::uint32_t population, std::uint32_t marked, std::uint32_t draws, double u) {
  marked = std::min(marked, population);
  draws = std::min(draws, population);
  const std::uint32_t unmarked = population - marked;
  const std::uint32_t low = draws > unmarked ? draws - unmarked : 0;
  const std::uint32_t high = std::min(draws, marked);
  if (low == high) return low;
  // P(X = low) = C(marked, low) C(unmarked, draws - low) / C(population, draws), then the
  // ratio P(k + 1) / P(k) = (marked - k)(draws - k) / ((k + 1)(unmarked - draws + k + 1)).
  auto log_choose = [](double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); };
  double pmf = std::exp(log_choose(marked, low) + log_choose(unmarked, draws - low) - log_choose(population, draws));
  double cdf = pmf;
  std::uint32_t k = low;
  while (u > cdf && k < high) {
    pmf *= static_cast<double>(marked - k) * static_cast<double>(draws - k) /
           (static_cast<double>(k + 1) * static_cast<double>(unmarked - draws + k + 1));
    ++k;
    cdf += pmf;
  }
  return k;
}

}  // namespace pmsim
