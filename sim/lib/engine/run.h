#pragma once
//! \file run.h
//! Running replications into results: each replication in parallel (oneTBB) writes only its
//! own row, so replication r gives the same row whichever other replications run with it and
//! whatever the number of threads.

#include <cstdint>
#include <functional>

#include "engine/simulation.h"
#include "results/results.h"

namespace pmsim {

struct RunOptions {
  std::int64_t first_replication = 0;
  std::int64_t replications = -1;  //!< -1: the scenario's count
  //! Called after each finished replication with the number done so far (from worker
  //! threads; for progress display only, it cannot change results).
  std::function<void(std::int64_t)> progress;
};

RunResults run_simulation(const Simulation& sim, const RunOptions& options = {});

}  // namespace pmsim
