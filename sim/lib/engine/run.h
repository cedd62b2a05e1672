#pragma once
//! \file run.h
//! Running replications into results: each replication in parallel (oneTBB) writes only its
//! own row, so replication r gives the same row whichever other replications run with it and
//! whatever the number of threads.

#include <cstdint>
#include <functional>

#include "engine/panel.h"
#include "engine/simulation.h"
#include "results/results.h"

namespace pmsim {

struct RunOptions {
  std::int64_t first_replication = 0;
  std::int64_t replications = -1;  //!< -1: the scenario's count
  //! Called after each finished replication with the number done so far (from worker
  //! threads; for progress display only, it cannot change results).
  std::function<void(std::int64_t)> progress;
  //! Who sums each panel's blocks (engine/panel.h); null: this process's threads. When set,
  //! replications run one after another, each panel's sum from it in the same order on every
  //! call (it may be collective: cluster/'s sums over MPI ranks).
  const BlockSums* block_sums = nullptr;
};

//! The results of `rows` replications of `scenario` from `first_replication`, every matrix
//! allocated (zeros) and named as a run writes them: each contract's metrics, twins and
//! attributes (a payer's share), the population's metrics, the parameters. run_simulation
//! fills it in; the results file's layout (output/results_layout.h) is read off it.
RunResults allocate_results(const Scenario& scenario, std::int64_t first_replication, std::int64_t rows);

RunResults run_simulation(const Simulation& sim, const RunOptions& options = {});

}  // namespace pmsim
