#include "analysis/variance_decomposition.h"

#include <cmath>
#include <limits>

namespace pmsim {

namespace {

double mean_of(std::span<const double> x) {
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

}  // namespace

VarianceSplit split_variance(std::span<const double> x, std::span<const double> x_twin) {
  VarianceSplit s;
  const std::size_t n = x.size();
  if (n < 2 || x_twin.size() != n) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan, nan, nan, nan};
  }
  const double mx = mean_of(x), my = mean_of(x_twin);
  double sxx = 0, syy = 0, sxy = 0;
  std::vector<double> products(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mx, dy = x_twin[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
    products[i] = dx * dy;
  }
  const double denominator = static_cast<double>(n - 1);
  s.total = (sxx + syy) / (2 * denominator);
  s.systematic = sxy / denominator;
  s.idiosyncratic = s.total - s.systematic;
  s.systematic_share = s.total > 0 ? s.systematic / s.total : std::numeric_limits<double>::quiet_NaN();
  // The covariance is (nearly) the mean of the products: its SE is theirs.
  const double mp = mean_of(products);
  double spp = 0;
  for (double p : products) spp += (p - mp) * (p - mp);
  s.systematic_se = std::sqrt(spp / denominator / static_cast<double>(n));
  return s;
}

std::vector<VarianceSplit> decompose_metric(const Matrix& m, const Matrix& twin) {
  std::vector<VarianceSplit> rows;
  const auto n = static_cast<std::size_t>(m.rows);
  std::vector<double> x(n), y(n), hx(n, 0.0), hy(n, 0.0);
  for (int c = 0; c < m.cols; ++c) {
    for (std::size_t r = 0; r < n; ++r) {
      x[r] = m(static_cast<std::int64_t>(r), c);
      y[r] = twin(static_cast<std::int64_t>(r), c);
      hx[r] += x[r];
      hy[r] += y[r];
    }
    rows.push_back(split_variance(x, y));
  }
  rows.push_back(split_variance(hx, hy));
  return rows;
}

}  // namespace pmsim
