#include "util/quantile.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace pmsim {

double sorted_quantile(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = sorted.size();
  const double h = static_cast<double>(n - 1) * std::clamp(p, 0.0, 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= n) return sorted[n - 1];
  const double frac = h - static_cast<double>(lo);
  if (frac == 0.0) return sorted[lo];
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace pmsim
