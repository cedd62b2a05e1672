#include "population/shocks.h"

#include "random/random_stream.h"

namespace pmsim {

std::vector<ShockTable> shock_tables(const Scenario& s) {
  std::vector<ShockTable> tables;
  const int first_performance = s.simulation.warmup_years + s.simulation.baseline_years;
  for (const auto& c : s.shocks) {
    ShockTable t;
    t.year = c.year > 0 ? first_performance + c.year - 1 : -1;
    t.probability = c.probability;
    t.fraction = c.duration_months / 12.0;
    t.utilization = c.utilization;
    t.price = c.price;
    t.cost = c.cost;
    tables.push_back(t);
  }
  return tables;
}

YearShock shock_of_year(const std::vector<ShockTable>& shocks, std::uint64_t seed, std::uint32_t replication,
                        int year) {
  YearShock y;
  y.active.assign(shocks.size(), 0);
  if (shocks.empty()) return y;
  // One uniform per shock, in order, whether it is random or not: adding a scheduled shock
  // does not move the draws of the random ones.
  RandomStream rng(seed, replication, kReplicationSlot, year, Purpose::shocks);
  for (std::size_t k = 0; k < shocks.size(); ++k) {
    const ShockTable& s = shocks[k];
    const double u = rng.uniform();
    const bool hit = s.year >= 0 ? s.year == year : u < s.probability;
    if (!hit) continue;
    y.active[k] = 1;
    for (int c = 0; c < kCategoryCount; ++c) y.utilization[c] *= 1.0 - s.fraction * (1.0 - s.utilization[c]);
    y.price *= 1.0 - s.fraction * (1.0 - s.price);
    y.cost *= 1.0 - s.fraction * (1.0 - s.cost);
  }
  return y;
}

}  // namespace pmsim
