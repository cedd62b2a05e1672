#include "engine/panel.h"

#include <algorithm>
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include "population/population_generator.h"

namespace pmsim {

PanelTallies simulate_panel(const Simulation& sim, StreamIds ids) { return simulate_panel(sim.population(), ids); }

PanelTallies simulate_panel(const PopulationModel& model, StreamIds ids) {
  const std::int64_t block = model.block_size;
  const std::int64_t blocks = (model.size + block - 1) / block;
  const auto years = static_cast<std::size_t>(model.total_years);
  const YearTallies empty(years * model.segments);
  // Deterministic reduce: the split and join tree depend only on the number of blocks.
  YearTallies all = tbb::parallel_deterministic_reduce(
      tbb::blocked_range<std::int64_t>(0, blocks, 1), empty,
      [&](const tbb::blocked_range<std::int64_t>& range, YearTallies sum) {
        for (std::int64_t b = range.begin(); b != range.end(); ++b) {
          YearTallies part = empty;
          const std::int64_t first = b * block;
          const auto count = static_cast<std::size_t>(std::min(block, model.size - first));
          simulate_block(model, ids, first, count, part);
          add_tallies(sum, part);
        }
        return sum;
      },
      [](YearTallies a, const YearTallies& b) {
        add_tallies(a, b);
        return a;
      });
  // Warm-up years are not reported.
  const auto reported = [&](int segment) {
    const auto first = all.begin() + static_cast<std::ptrdiff_t>(segment * years);
    return YearTallies(first + model.warmup_years, first + static_cast<std::ptrdiff_t>(years));
  };
  // The shock multipliers of each simulated year, for pricing (the generator applied the
  // same ones to rates and fees).
  for (int segment = 0; segment < model.segments; ++segment)
    for (std::size_t y = 0; y < years; ++y) {
      const YearShock shock = shock_of_year(model.shocks, model.seed, ids.systematic, static_cast<int>(y));
      YearTally& t = all[segment * years + y];
      t.price_factor = shock.price;
      t.cost_factor = shock.cost;
    }
  PanelTallies panel;
  panel.total = reported(0);
  if (model.segments > 1) {
    panel.by_payer.push_back(panel.total);
    for (int p = 1; p < model.segments; ++p) {
      panel.by_payer.push_back(reported(p));
      add_tallies(panel.total, panel.by_payer.back());
    }
  }
  return panel;
}

YearTallies simulate_population(const Simulation& sim, std::uint32_t replication) {
  return simulate_panel(sim, replication).total;
}

}  // namespace pmsim
