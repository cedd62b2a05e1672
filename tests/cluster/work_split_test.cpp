// How a run's work is split between ranks (cluster/work_split.h), in one process: the ranks'
// replications cover a run once, in order; the tree depth gives every rank nodes while there
// are blocks; results and block sums survive their flat buffers bit for bit. And the cluster
// of a pmsim built without MPI (single_process.cpp, compiled here without MPI whatever the
// build): one process, whose run is run_simulation's.
#include <gtest/gtest.h>

#include <cstring>

#include "cluster/cluster.h"
#include "cluster/work_split.h"
#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

TEST(WorkSplit, RanksRunContiguousShares) {
  for (const int ranks : {1, 2, 3, 7}) {
    std::int64_t next = 5;
    for (int r = 0; r < ranks; ++r) {
      const ReplicationRange mine = rank_replications(r, ranks, 5, 11);
      EXPECT_EQ(mine.first, next);
      next = mine.end();
    }
    EXPECT_EQ(next, 16);
  }
  for (const int ranks : {1, 2, 3, 8, 64})
    for (const std::int64_t blocks : {1, 2, 10, 37, 1000, 100000}) {
      const int depth = split_depth(ranks, blocks);
      const std::size_t nodes = block_frontier(blocks, depth).size();
      EXPECT_TRUE(nodes >= static_cast<std::size_t>(4 * ranks) || nodes == static_cast<std::size_t>(blocks))
          << ranks << " ranks, " << blocks << " blocks: " << nodes << " nodes";
      if (depth > 0) {
        EXPECT_LT(block_frontier(blocks, depth - 1).size(), static_cast<std::size_t>(4 * ranks));
      }
      std::int64_t covered = 0;
      for (int r = 0; r < ranks; ++r) covered += rank_nodes(r, ranks, nodes).count;
      EXPECT_EQ(covered, static_cast<std::int64_t>(nodes));
    }
}

TEST(WorkSplit, ResultsAndBlockSumsSurviveTheirBuffers) {
  const Simulation sim(testing::full_scenario(400, 6, 64));
  RunOptions options;
  options.first_replication = 2;
  options.replications = 3;
  const RunResults results = run_simulation(sim, options);
  RunResults copy = allocate_results(sim.scenario(), 2, 3);
  const std::vector<double> packed = pack_rows(results);
  EXPECT_EQ(packed.size(), packed_size(results));
  unpack_rows(packed, copy);
  for (std::size_t c = 0; c < results.contracts.size(); ++c)
    for (std::size_t m = 0; m < results.contracts[c].metrics.size(); ++m)
      EXPECT_EQ(copy.contracts[c].metrics[m].values.values, results.contracts[c].metrics[m].values.values);
  for (std::size_t m = 0; m < results.population.size(); ++m)
    EXPECT_EQ(copy.population[m].values.values, results.population[m].values.values);
  EXPECT_THROW(unpack_rows(std::vector<double>(packed.size() + 1), copy), std::invalid_argument);

  const PopulationModel& model = sim.population();
  std::vector<YearTallies> sums;
  for (const BlockRange& node : block_frontier(panel_blocks(model), 2)) sums.push_back(sum_blocks(model, 1, node));
  const std::vector<YearTallies> back = unpack_tallies(pack_tallies(sums), sums.front().size());
  ASSERT_EQ(back.size(), sums.size());
  for (std::size_t i = 0; i < sums.size(); ++i)
    EXPECT_EQ(std::memcmp(back[i].data(), sums[i].data(), sums[i].size() * sizeof(YearTally)), 0);
  EXPECT_THROW(unpack_tallies(std::vector<unsigned char>(7), 3), std::invalid_argument);
}

TEST(SingleProcessCluster, IsOneProcessWhoseRunIsRunSimulation) {
  const Cluster& cluster = Cluster::world();
  EXPECT_EQ(cluster.size(), 1);
  EXPECT_TRUE(cluster.is_root());
  EXPECT_FALSE(cluster.distributed());
  EXPECT_EQ(cluster.statuses(2), std::vector<int>{2});
  EXPECT_EQ(cluster.gather({1, 2, 3}), (std::vector<unsigned char>{1, 2, 3}));
  EXPECT_NE(mpi_library().find("built without MPI"), std::string::npos) << mpi_library();
  const Simulation sim(testing::full_scenario(300, 4, 64));
  const RunResults a = run_simulation(sim);
  for (const Distribution how : {Distribution::replications, Distribution::members}) {
    const RunResults b = cluster.run(sim, {}, how);
    ASSERT_EQ(b.replications, a.replications);
    for (std::size_t c = 0; c < a.contracts.size(); ++c)
      for (std::size_t m = 0; m < a.contracts[c].metrics.size(); ++m)
        EXPECT_EQ(b.contracts[c].metrics[m].values.values, a.contracts[c].metrics[m].values.values);
  }
  EXPECT_THROW(cluster.fail("a message"), std::runtime_error);
}

}  // namespace
}  // namespace pmsim
