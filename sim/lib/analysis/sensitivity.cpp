#include "analysis/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace pmsim {

std::vector<double> average_ranks(std::span<const double> x) {
  const std::size_t n = x.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && x[order[j + 1]] == x[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = mean_rank;
    i = j + 1;
  }
  return rank;
}

double rank_correlation(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = x.size();
  if (n < 2 || y.size() != n) return std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> rx = average_ranks(x), ry = average_ranks(y);
  const double mean = (static_cast<double>(n) + 1.0) / 2.0;  // of any set of average ranks
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (sxx == 0 || syy == 0) return std::numeric_limits<double>::quiet_NaN();
  return sxy / std::sqrt(sxx * syy);
}

std::vector<ParameterSensitivity> tornado(const Matrix& parameters, std::span<const double> outcome) {
  const auto n = static_cast<std::size_t>(parameters.rows);
  std::vector<ParameterSensitivity> out;
  const std::size_t k = std::max<std::size_t>(1, n / 10);
  const double mean_all = n > 0 ? std::accumulate(outcome.begin(), outcome.end(), 0.0) / static_cast<double>(n) : 0.0;
  for (int j = 0; j < parameters.cols; ++j) {
    std::vector<double> x(n);
    for (std::size_t r = 0; r < n; ++r) x[r] = parameters(static_cast<std::int64_t>(r), j);
    ParameterSensitivity s;
    s.parameter = static_cast<std::size_t>(j);
    s.rank_correlation = rank_correlation(x, outcome);
    const bool varies = n > 0 && std::any_of(x.begin(), x.end(), [&](double v) { return v != x[0]; });
    if (!varies) {
      s.low = s.high = mean_all;
    } else {
      std::vector<std::size_t> order(n);
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
      double low = 0, high = 0;
      for (std::size_t i = 0; i < k; ++i) {
        low += outcome[order[i]];
        high += outcome[order[n - 1 - i]];
      }
      s.low = low / static_cast<double>(k);
      s.high = high / static_cast<double>(k);
    }
    s.swing = s.high - s.low;
    out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(), [](const ParameterSensitivity& a, const ParameterSensitivity& b) {
    return std::abs(a.swing) > std::abs(b.swing);
  });
  return out;
}

}  // namespace pmsim
