#pragma once
//! \file engine.h
//! The Monte Carlo engine: pure, no I/O. Replications run in parallel (oneTBB), and so do
//! blocks of members within a replication; blocks are merged in a fixed tree that does not
//! depend on the number of threads, so results are bit-identical for any -j, and
//! replication r gives the same row whichever other replications run with it.

#include <cstdint>
#include <functional>
#include <vector>

#include "contract_pricing.h"
#include "population_model.h"
#include "results.h"
#include "scenario.h"
#include "year_tally.h"

namespace pmsim {

//! A validated scenario, compiled for simulation.
class Simulation {
 public:
  explicit Simulation(Scenario scenario);
  const Scenario& scenario() const { return scenario_; }
  const PopulationModel& population() const { return population_; }
  const PricingContext& pricing() const { return pricing_; }

 private:
  Scenario scenario_;
  PopulationModel population_;
  PricingContext pricing_;
};

//! Every reported year (baseline first; warm-up years dropped) of one replication, summed
//! over all members.
YearTallies simulate_population(const Simulation& sim, std::uint32_t replication);

//! One replication priced under every contract: ledgers[contract][performance year].
struct ReplicationOutcome {
  YearTallies tallies;
  std::vector<std::vector<Ledger>> ledgers;
};
ReplicationOutcome simulate_replication(const Simulation& sim, std::uint32_t replication);

struct RunOptions {
  std::int64_t first_replication = 0;
  std::int64_t replications = -1;  //!< -1: the scenario's count
  //! Called after each finished replication with the number done so far (from worker
  //! threads; for progress display only, it cannot change results).
  std::function<void(std::int64_t)> progress;
};

RunResults run_simulation(const Simulation& sim, const RunOptions& options = {});

}  // namespace pmsim
