// The fixed tree in which a panel's blocks are summed (engine/panel.h): the sums of the nodes
// of any frontier, joined as the tree joins them, equal the whole panel's sum bit for bit (what
// lets cluster/ split a panel's blocks over MPI ranks), for any number of blocks and depth;
// and a block sum that ran another way (one block after another) would not, so the check has
// the power to fail.
#include <gtest/gtest.h>

#include <cstring>
#include <tbb/task_arena.h>

#include "engine/engine.h"
#include "engine/panel.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

bool same_bits(const YearTallies& a, const YearTallies& b) {
  static_assert(std::is_trivially_copyable_v<YearTally>);
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(YearTally)) == 0;
}

TEST(BlockTree, FrontiersPartitionTheBlocksInOrder) {
  for (std::int64_t blocks = 1; blocks <= 40; ++blocks)
    for (int depth = 0; depth <= 7; ++depth) {
      const std::vector<BlockRange> nodes = block_frontier(blocks, depth);
      ASSERT_FALSE(nodes.empty());
      EXPECT_EQ(nodes.front().first, 0);
      EXPECT_EQ(nodes.back().end, blocks);
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        EXPECT_LT(nodes[i].first, nodes[i].end);
        if (i) {
          EXPECT_EQ(nodes[i].first, nodes[i - 1].end);
        }
      }
      EXPECT_LE(nodes.size(), std::size_t{1} << depth);
    }
  EXPECT_EQ(block_frontier(5, 1), (std::vector<BlockRange>{{0, 2}, {2, 5}}));
  EXPECT_EQ(block_frontier(5, 2), (std::vector<BlockRange>{{0, 1}, {1, 2}, {2, 3}, {3, 5}}));
}

TEST(BlockTree, JoinedFrontierSumsAreThePanelsSumBitForBit) {
  for (const std::int64_t size : {64, 200, 37 * 32, 2000}) {
    const Simulation sim(testing::full_scenario(static_cast<int>(size), 1, 32));
    const PopulationModel& model = sim.population();
    const std::int64_t blocks = panel_blocks(model);
    const StreamIds ids(7);
    YearTallies whole;
    tbb::task_arena(2).execute([&] { whole = sum_blocks(model, ids, {0, blocks}); });
    for (int depth = 0; depth <= 7; ++depth) {
      SCOPED_TRACE(std::to_string(blocks) + " blocks, depth " + std::to_string(depth));
      std::vector<YearTallies> sums;
      // Each node on its own thread count, as ranks with their own threads would.
      for (const BlockRange& node : block_frontier(blocks, depth))
        tbb::task_arena(1 + static_cast<int>(sums.size() % 3)).execute([&] {
          sums.push_back(sum_blocks(model, ids, node));
        });
      EXPECT_TRUE(same_bits(join_frontier(blocks, depth, sums), whole));
    }
    // The engine's panel is that sum.
    const BlockSums local = [](const PopulationModel& m, StreamIds i) {
      return sum_blocks(m, i, {0, panel_blocks(m)});
    };
    EXPECT_TRUE(same_bits(simulate_panel(sim, ids, &local).total, simulate_panel(sim, ids).total));
    if (blocks >= 37) {
      // One block after another is another order of the same additions: other bits.
      YearTallies sequential(whole.size());
      for (std::int64_t b = 0; b < blocks; ++b) add_tallies(sequential, sum_blocks(model, ids, {b, b + 1}));
      EXPECT_FALSE(same_bits(sequential, whole)) << "the tree's order would be untested";
    }
  }
}

TEST(BlockTree, RunsWithBlockSumsEqualRunsWithout) {
  const Simulation sim(testing::full_scenario(700, 5, 64));
  const BlockSums by_frontier = [](const PopulationModel& m, StreamIds ids) {
    const std::int64_t blocks = panel_blocks(m);
    std::vector<YearTallies> sums;
    for (const BlockRange& node : block_frontier(blocks, 2)) sums.push_back(sum_blocks(m, ids, node));
    return join_frontier(blocks, 2, sums);
  };
  RunOptions options;
  options.block_sums = &by_frontier;
  const RunResults a = run_simulation(sim);
  const RunResults b = run_simulation(sim, options);
  for (std::size_t k = 0; k < a.contracts.size(); ++k)
    for (std::size_t m = 0; m < a.contracts[k].metrics.size(); ++m)
      EXPECT_EQ(a.contracts[k].metrics[m].values.values, b.contracts[k].metrics[m].values.values)
          << a.contracts[k].metrics[m].name;
  for (std::size_t m = 0; m < a.population.size(); ++m)
    EXPECT_EQ(a.population[m].values.values, b.population[m].values.values) << a.population[m].name;
}

}  // namespace
}  // namespace pmsim
