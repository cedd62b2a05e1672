#include "results/results.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <stdexcept>

namespace pmsim {

namespace {
template <class Range, class Key>
const auto& find_named(const Range& items, const Key& name, const char* what) {
  auto it = std::find_if(items.begin(), items.end(), [&](const auto& x) { return x.name == name; });
  if (it == items.end()) throw std::out_of_range(std::string("no ") + what + " named '" + name + "'");
  return *it;
}
}  // namespace

Metric make_metric(const MetricSpec& spec, std::int64_t rows, int cols) {
  return Metric{std::string(spec.name), std::string(spec.unit), std::string(spec.description), spec.aggregation,
                Matrix(rows, cols)};
}

const Metric& ContractResults::metric(const std::string& n) const { return find_named(metrics, n, "metric"); }
const ContractResults& RunResults::contract(const std::string& n) const { return find_named(contracts, n, "contract"); }
const Metric& RunResults::population_metric(const std::string& n) const {
  return find_named(population, n, "population metric");
}

std::string_view to_string(Aggregation a) {
  switch (a) {
    case Aggregation::stock:
      return "stock";
    case Aggregation::peak:
      return "peak";
    case Aggregation::indicator:
      return "indicator";
    case Aggregation::level:
      return "level";
    case Aggregation::label:
      return "label";
    case Aggregation::flow:
      break;
  }
  return "flow";
}

std::optional<Aggregation> parse_aggregation(std::string_view text) {
  for (const Aggregation a : kAggregations)
    if (text == to_string(a)) return a;
  return std::nullopt;
}

std::string aggregation_names() {
  std::string out;
  const std::size_t n = std::size(kAggregations);
  for (std::size_t i = 0; i < n; ++i)
    out += std::string(i == 0 ? "" : i + 1 == n ? " or " : ", ") + std::string(to_string(kAggregations[i]));
  return out;
}

std::string_view horizon_description(Aggregation a) {
  switch (a) {
    case Aggregation::stock:
      return "minimum over years";
    case Aggregation::peak:
      return "maximum over years";
    case Aggregation::indicator:
      return "mean over years (the share of years it is 1)";
    case Aggregation::level:
      return "mean over years";
    case Aggregation::label:
      return "last year";
    case Aggregation::flow:
      break;
  }
  return "sum over years";
}

double horizon_value(Aggregation a, std::span<const double> years) {
  double sum = 0;
  for (const double v : years) sum += v;
  if (a == Aggregation::flow) return sum;
  if (years.empty()) return std::numeric_limits<double>::quiet_NaN();  // no worst point, no mean, no last year
  switch (a) {
    case Aggregation::stock:
      return *std::min_element(years.begin(), years.end());
    case Aggregation::peak:
      return *std::max_element(years.begin(), years.end());
    case Aggregation::indicator:
    case Aggregation::level:
      return sum / static_cast<double>(years.size());
    case Aggregation::label:
      return years.back();
    case Aggregation::flow:
      break;
  }
  return sum;
}

double horizon_value(const Metric& m, std::int64_t r) {
  const auto cols = static_cast<std::size_t>(std::max(m.values.cols, 0));
  return horizon_value(m.aggregation,
                       std::span<const double>(m.values.values).subspan(static_cast<std::size_t>(r) * cols, cols));
}

}  // namespace pmsim
