#include "engine/panel.h"

#include <algorithm>
#include <stdexcept>
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include "population/population_generator.h"

namespace pmsim {

PanelTallies simulate_panel(const Simulation& sim, StreamIds ids, const BlockSums* sums) {
  return simulate_panel(sim.population(), ids, sums);
}

std::int64_t panel_blocks(const PopulationModel& model) {
  return (model.size + model.block_size - 1) / model.block_size;
}

YearTallies sum_blocks(const PopulationModel& model, StreamIds ids, BlockRange range) {
  const std::int64_t block = model.block_size;
  const YearTallies empty(static_cast<std::size_t>(model.total_years) * model.segments);
  // Deterministic reduce with single blocks as leaves: blocked_range halves a range at
  // first + (end - first) / 2 until one block is left, whatever the number of threads.
  return tbb::parallel_deterministic_reduce(
      tbb::blocked_range<std::int64_t>(range.first, range.end, 1), empty,
      [&](const tbb::blocked_range<std::int64_t>& blocks, YearTallies sum) {
        for (std::int64_t b = blocks.begin(); b != blocks.end(); ++b) {
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
}

namespace {

void frontier_of(BlockRange node, int depth, std::vector<BlockRange>& out) {
  if (depth == 0 || node.end - node.first <= 1) {
    out.push_back(node);
    return;
  }
  const std::int64_t middle = node.first + (node.end - node.first) / 2;
  frontier_of({node.first, middle}, depth - 1, out);
  frontier_of({middle, node.end}, depth - 1, out);
}

YearTallies join_of(BlockRange node, int depth, const std::vector<YearTallies>& sums, std::size_t& next) {
  if (depth == 0 || node.end - node.first <= 1) return sums.at(next++);
  const std::int64_t middle = node.first + (node.end - node.first) / 2;
  YearTallies left = join_of({node.first, middle}, depth - 1, sums, next);
  add_tallies(left, join_of({middle, node.end}, depth - 1, sums, next));
  return left;
}

}  // namespace

std::vector<BlockRange> block_frontier(std::int64_t blocks, int depth) {
  std::vector<BlockRange> out;
  frontier_of({0, blocks}, depth, out);
  return out;
}

YearTallies join_frontier(std::int64_t blocks, int depth, const std::vector<YearTallies>& sums) {
  std::size_t next = 0;
  YearTallies all = join_of({0, blocks}, depth, sums, next);
  if (next != sums.size()) throw std::logic_error("join_frontier: not one sum per node of the frontier");
  return all;
}

PanelTallies simulate_panel(const PopulationModel& model, StreamIds ids, const BlockSums* sums) {
  const auto years = static_cast<std::size_t>(model.total_years);
  YearTallies all = sums ? (*sums)(model, ids) : sum_blocks(model, ids, {0, panel_blocks(model)});
  // Warm-up years are not reported.
  const auto reported = [&](int segment) {
    const auto first = all.begin() + static_cast<std::ptrdiff_t>(segment * years);
    return YearTallies(first + model.warmup_years, first + static_cast<std::ptrdiff_t>(years));
  };
  // The shock multipliers of each simulated year, for pricing (the generator applied the
  // same ones to rates and fees); and, each segment being one payer's, the part of its claims
  // above the scenario's fees (summed into the panel's below).
  for (int segment = 0; segment < model.segments; ++segment)
    for (std::size_t y = 0; y < years; ++y) {
      const YearShock shock = shock_of_year(model.shocks, model.seed, ids.systematic, static_cast<int>(y));
      YearTally& t = all[segment * years + y];
      t.price_factor = shock.price;
      t.cost_factor = shock.cost;
      if (model.payer_fees)
        for (int k = 0; k < kCategoryCount; ++k)
          t.fee_premium[k] = t.claims[k] * model.fee_premium_share[segment * kCategoryCount + k];
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
