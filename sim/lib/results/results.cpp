#include "results/results.h"

#include <algorithm>
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

const Metric& ContractResults::metric(const std::string& n) const { return find_named(metrics, n, "metric"); }
const ContractResults& RunResults::contract(const std::string& n) const { return find_named(contracts, n, "contract"); }
const Metric& RunResults::population_metric(const std::string& n) const {
  return find_named(population, n, "population metric");
}

double horizon_value(const Metric& m, std::int64_t r) {
  if (m.aggregation == Aggregation::stock) {
    double worst = m.values(r, 0);
    for (int y = 1; y < m.values.cols; ++y) worst = std::min(worst, m.values(r, y));
    return worst;
  }
  if (m.aggregation == Aggregation::peak) {
    double worst = m.values(r, 0);
    for (int y = 1; y < m.values.cols; ++y) worst = std::max(worst, m.values(r, y));
    return worst;
  }
  double sum = 0;
  for (int y = 0; y < m.values.cols; ++y) sum += m.values(r, y);
  return sum;
}

}  // namespace pmsim
