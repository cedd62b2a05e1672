#pragma once
//! \file work_split.h
//! How the work of a run is split between ranks and carried between them, apart from the
//! transport (MPI, in mpi_cluster.cpp): which replications or which block nodes a rank runs,
//! and results and block sums as flat buffers. Plain functions, testable in one process.

#include <cstdint>
#include <span>
#include <vector>

#include "claims/year_tally.h"
#include "engine/panel.h"
#include "results/results.h"
#include "results/shards.h"

namespace pmsim {

//! Rank `rank` of `ranks`'s part of `replications` replications from `first`: those of shard
//! rank + 1 of `ranks` (results/shards.h), shifted by `first`.
ReplicationRange rank_replications(int rank, int ranks, std::int64_t first, std::int64_t replications);

//! The depth of the block tree whose nodes are split between `ranks` ranks: the least with at
//! least four nodes a rank (or every block a node), so that ranks get about as many blocks.
int split_depth(int ranks, std::int64_t blocks);

//! The indices [first, end) of block_frontier(blocks, split_depth(ranks, blocks)) that rank
//! `rank` sums: a contiguous share.
ReplicationRange rank_nodes(int rank, int ranks, std::size_t nodes);

//! Every matrix of `results` (contracts' metrics and twins, population metrics, parameters), in
//! that order, one after another, rows as stored.
std::vector<double> pack_rows(const RunResults& results);
//! The number of doubles pack_rows gives for `results`' shape.
std::size_t packed_size(const RunResults& results);
//! The inverse of pack_rows into `results`, which has the shape (allocate_results); throws
//! std::invalid_argument if `packed` has another size.
void unpack_rows(std::span<const double> packed, RunResults& results);

//! Year tallies as bytes (YearTally is plain doubles) and back; `bytes` must hold whole tallies.
std::vector<unsigned char> pack_tallies(const std::vector<YearTallies>& sums);
//! `count` tallies each of `years` YearTally from `bytes` (pack_tallies's layout).
std::vector<YearTallies> unpack_tallies(std::span<const unsigned char> bytes, std::size_t years);

}  // namespace pmsim
