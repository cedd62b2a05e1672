#include "analysis/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace pmsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum Column : std::size_t {
  kMean,
  kSd,
  kMcSe,
  kQ01,
  kQ05,
  kQ25,
  kQ50,
  kQ75,
  kQ95,
  kQ99,
  kVar95,
  kVar99,
  kEs95,
  kEs99,
  kPLoss,
  kCv
};

// -(mean of the k smallest values), k = max(1, ceil(n * tail_percent / 100)).
double expected_shortfall(std::span<const double> sorted, std::size_t tail_percent) {
  const std::size_t n = sorted.size();
  const std::size_t k = std::max<std::size_t>(1, (n * tail_percent + 99) / 100);
  double first = sorted[0];
  double sum = 0;
  for (std::size_t i = 0; i < k; ++i) sum += sorted[i] - first;  // residuals keep precision
  return -(first + sum / static_cast<double>(k));
}

}  // namespace

std::size_t summary_column_index(std::string_view column) {
  for (std::size_t i = 0; i < kSummaryColumns.size(); ++i)
    if (kSummaryColumns[i] == column) return i;
  throw std::out_of_range("unknown summary column '" + std::string(column) + "'");
}

double Summary::get(std::string_view column) const { return values[summary_column_index(column)]; }

Summary summarize(std::span<const double> values) {
  Summary s;
  const std::size_t n = values.size();
  if (n == 0 || std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); })) {
    s.values.fill(kNaN);
    return s;
  }
  const double dn = static_cast<double>(n);

  // Two-pass mean and variance: a first estimate, then residuals about it.
  double sum = 0;
  for (double v : values) sum += v;
  double mean = sum / dn;
  double resid = 0;
  for (double v : values) resid += v - mean;
  if (std::isfinite(mean)) mean += resid / dn;
  double ss = 0;
  for (double v : values) {
    const double d = v - mean;
    ss += d * d;
  }
  const double sd = n > 1 ? std::sqrt(ss / (dn - 1.0)) : 0.0;

  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const std::span<const double> sv(sorted);

  s.values[kMean] = mean;
  s.values[kSd] = sd;
  s.values[kMcSe] = sd / std::sqrt(dn);
  s.values[kQ01] = sorted_quantile(sv, 0.01);
  s.values[kQ05] = sorted_quantile(sv, 0.05);
  s.values[kQ25] = sorted_quantile(sv, 0.25);
  s.values[kQ50] = sorted_quantile(sv, 0.50);
  s.values[kQ75] = sorted_quantile(sv, 0.75);
  s.values[kQ95] = sorted_quantile(sv, 0.95);
  s.values[kQ99] = sorted_quantile(sv, 0.99);
  s.values[kVar95] = -s.values[kQ05];
  s.values[kVar99] = -s.values[kQ01];
  s.values[kEs95] = expected_shortfall(sv, 5);
  s.values[kEs99] = expected_shortfall(sv, 1);
  const auto losses = std::count_if(sorted.begin(), sorted.end(), [](double v) { return v < 0; });
  s.values[kPLoss] = static_cast<double>(losses) / dn;
  s.values[kCv] = mean == 0.0 ? kNaN : sd / std::abs(mean);
  return s;
}

std::vector<Summary> summarize_metric(const Metric& m) {
  const Matrix& x = m.values;
  const auto rows = static_cast<std::size_t>(std::max<std::int64_t>(x.rows, 0));
  if (x.values.size() != rows * static_cast<std::size_t>(std::max(x.cols, 0)))
    throw std::invalid_argument("metric '" + m.name + "': matrix size does not match its shape");
  std::vector<Summary> out;
  out.reserve(static_cast<std::size_t>(x.cols) + 1);
  std::vector<double> column(rows);
  for (int c = 0; c < x.cols; ++c) {
    for (std::size_t r = 0; r < rows; ++r) column[r] = x(static_cast<std::int64_t>(r), c);
    out.push_back(summarize(column));
  }
  if (x.cols > 0) {
    for (std::size_t r = 0; r < rows; ++r) column[r] = horizon_value(m, static_cast<std::int64_t>(r));
    out.push_back(summarize(column));
  } else {
    out.push_back(summarize({}));  // no years: no horizon value
  }
  return out;
}

}  // namespace pmsim
