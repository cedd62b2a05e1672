//! \file rank_correlation.cpp
//! The Gaussian copula of correlated uncertain values (rank_correlation.h).

#include "random/rank_correlation.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <boost/math/distributions/normal.hpp>

namespace pmsim {

namespace {

// The uniforms a RandomStream gives lie in [2^-33, 1 - 2^-33]; a correlated one is kept there
// so that its quantile stays within the draw reach every check assumes.
constexpr double kLowestUniform = 0x1p-33;
constexpr double kHighestUniform = 1.0 - 0x1p-33;

}  // namespace

double normal_correlation_of_rank(double rank) { return 2 * std::sin(std::numbers::pi * rank / 6); }

std::vector<double> cholesky_factor(const std::vector<double>& a, std::size_t n) {
  // The Cholesky-Banachiewicz order, row by row; n is a few dozen at most (a hand loop
  // rather than a linear-algebra dependency for one small factorisation).
  std::vector<double> l(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) sum -= l[i * n + k] * l[j * n + k];
      if (i == j) {
        if (!(sum > 1e-12)) return {};
        l[i * n + i] = std::sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  return l;
}

RankCopula rank_copula(const std::vector<CorrelationConfig>& correlations,
                       const std::vector<UncertainParameter>& uncertain, std::string& problem) {
  problem.clear();
  RankCopula c;
  const auto index_of = [&](const std::string& key) {
    for (std::size_t j = 0; j < uncertain.size(); ++j)
      if (uncertain[j].key == key) return j;
    return uncertain.size();
  };
  std::vector<std::size_t> in_copula;
  for (const CorrelationConfig& pair : correlations)
    for (const std::string& key : pair.keys) {
      const std::size_t j = index_of(key);
      if (j == uncertain.size()) {
        problem = "'" + key + "' is not a value written as a distribution";
        return {};
      }
      in_copula.push_back(j);
    }
  std::sort(in_copula.begin(), in_copula.end());
  in_copula.erase(std::unique(in_copula.begin(), in_copula.end()), in_copula.end());
  c.members = in_copula;
  const std::size_t n = c.members.size();
  std::vector<double> matrix(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) matrix[i * n + i] = 1.0;
  const auto position = [&](std::size_t j) {
    return static_cast<std::size_t>(std::lower_bound(c.members.begin(), c.members.end(), j) - c.members.begin());
  };
  for (const CorrelationConfig& pair : correlations) {
    const std::size_t a = position(index_of(pair.keys[0])), b = position(index_of(pair.keys[1]));
    matrix[a * n + b] = matrix[b * n + a] = normal_correlation_of_rank(pair.rank);
  }
  c.factor = cholesky_factor(matrix, n);
  if (c.factor.empty()) {
    problem =
        "the rank correlations are not those of any joint distribution (their matrix, with 0 for the pairs "
        "not given, is not positive definite): lower some of them";
    return {};
  }
  return c;
}

void correlate_uniforms(const RankCopula& copula, std::vector<double>& u) {
  const boost::math::normal standard;
  const std::size_t n = copula.members.size();
  std::vector<double> e(n), z(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) e[i] = boost::math::quantile(standard, u[copula.members[i]]);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k <= i; ++k) z[i] += copula.factor[i * n + k] * e[k];
  for (std::size_t i = 0; i < n; ++i)
    u[copula.members[i]] = std::clamp(boost::math::cdf(standard, z[i]), kLowestUniform, kHighestUniform);
}

}  // namespace pmsim
