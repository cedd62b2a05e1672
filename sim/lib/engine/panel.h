#pragma once
//! \file panel.h
//! Simulating the panel of one replication: its members' years, in blocks that run in
//! parallel and are merged in a fixed tree that does not depend on the number of threads.

#include <cstdint>
#include <functional>
#include <vector>

#include "claims/year_tally.h"
#include "engine/simulation.h"
#include "population/population_model.h"
#include "random/random_stream.h"

namespace pmsim {

//! The reported years (baseline first; warm-up years dropped) of one replication: summed
//! over all members, and over each payer's members when the panel has several payers.
struct PanelTallies {
  YearTallies total;
  std::vector<YearTallies> by_payer;  //!< empty when the panel has one payer
};

//! Blocks [first, end) of a panel's blocks of members (PopulationModel::block_size each).
struct BlockRange {
  std::int64_t first = 0;
  std::int64_t end = 0;
  bool operator==(const BlockRange&) const = default;
};

//! How many blocks the model's panel has.
std::int64_t panel_blocks(const PopulationModel& model);

//! The year tallies of blocks `range` summed in the fixed tree: the blocks are halved
//! (first + (end - first) / 2) until single blocks, each half summed before the two are added.
//! The tree over a node's range is the whole panel's tree below that node, so sums of nodes
//! joined as join_frontier joins them give the panel's sum bit for bit.
YearTallies sum_blocks(const PopulationModel& model, StreamIds ids, BlockRange range);

//! The nodes at depth `depth` of the tree over `blocks` blocks (a single block met above that
//! depth standing for itself), in block order: a partition of 0 .. blocks - 1.
std::vector<BlockRange> block_frontier(std::int64_t blocks, int depth);

//! The sum of all `blocks` blocks from `sums`, the sums of block_frontier(blocks, depth)'s
//! nodes in its order, added up as the tree above them adds them.
YearTallies join_frontier(std::int64_t blocks, int depth, const std::vector<YearTallies>& sums);

//! Who sums the blocks of a panel: the panel's sum of all blocks (sum_blocks over all of them,
//! or the same bits by other means: cluster/ splits the tree's nodes over MPI ranks).
using BlockSums = std::function<YearTallies(const PopulationModel& model, StreamIds ids)>;

//! `sums`: who sums the blocks; null: this process's threads (sum_blocks).
PanelTallies simulate_panel(const Simulation& sim, StreamIds ids, const BlockSums* sums = nullptr);
//! The same with the population `model` (the scenario's or one of its behaviour populations).
PanelTallies simulate_panel(const PopulationModel& model, StreamIds ids, const BlockSums* sums = nullptr);

//! simulate_panel(sim, replication).total
YearTallies simulate_population(const Simulation& sim, std::uint32_t replication);

}  // namespace pmsim
