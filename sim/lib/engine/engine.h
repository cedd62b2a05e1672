#pragma once
//! \file engine.h
//! The Monte Carlo engine: pure, no I/O. Replications run in parallel (oneTBB), and so do
//! blocks of members within a replication; blocks are merged in a fixed tree that does not
//! depend on the number of threads, so results are bit-identical for any -j, and
//! replication r gives the same row whichever other replications run with it.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "claims/year_tally.h"
#include "config/scenario.h"
#include "contracts/pricing.h"
#include "population/population_model.h"
#include "random/random_stream.h"
#include "results/results.h"

namespace pmsim {

struct ReferenceMembers;

//! A validated scenario, compiled for simulation.
class Simulation {
 public:
  explicit Simulation(Scenario scenario);
  //! True for a scenario with uncertain parameters, whose replications each simulate the
  //! scenario with their own drawn values (for_replication).
  bool needs_draws() const { return !scenario_.uncertain.empty() && replication_ < 0; }
  //! The scenario with replication `replication`'s drawn values, set in its structs by key
  //! path. Truncation percentiles and intervention targets keep the nominal scenario's
  //! reference population. Throws std::runtime_error naming the replication and the rule when
  //! the draws break a rule between keys.
  Simulation for_replication(std::uint32_t replication) const;
  const Scenario& scenario() const { return scenario_; }
  const PopulationModel& population() const { return population_; }
  //! The populations simulated under the scenario's behaviour responses (Scenario::behaviour,
  //! in its order): the same members, with the rates each response sets.
  const std::vector<PopulationModel>& behaviour_populations() const { return behaviour_populations_; }
  //! Index in behaviour_populations() of the response under a contract's type; -1 none.
  int behaviour_of(const ContractConfig& contract) const;
  //! The pricing context of the whole panel (payer -1) or of one payer's members, whose
  //! fixed costs and size are the payer's share of the provider's in each year.
  const PricingContext& pricing(int payer = -1) const { return payer < 0 ? pricing_ : payer_pricing_[payer]; }
  //! Index of the payer a contract covers; -1 the whole panel.
  int payer_of(const ContractConfig& contract) const;
  //! The share of the panel a contract covers in performance year 1 (1 for the whole panel):
  //! its share of the provider's starting reserves.
  double share_of(const ContractConfig& contract) const;
  //! The contracts (indices in scenario().contracts) contract `k` is made of: a blend's
  //! components, a transition's stages; empty for other types.
  const std::vector<std::size_t>& parts_of(std::size_t k) const { return parts_[k]; }

 private:
  Simulation(Scenario scenario, std::shared_ptr<const ReferenceMembers> reference, std::int64_t replication);

  //! The nominal scenario as given (its reference quantiles unresolved), to which each
  //! replication's draws are applied; empty without uncertain parameters.
  Scenario nominal_;
  std::shared_ptr<const ReferenceMembers> reference_;
  std::int64_t replication_ = -1;  //!< the replication whose draws this is; -1 nominal
  Scenario scenario_;
  PopulationModel population_;
  PricingContext pricing_;
  std::vector<PricingContext> payer_pricing_;
  std::vector<PopulationModel> behaviour_populations_;
  std::vector<std::vector<std::size_t>> parts_;
};

//! The reported years (baseline first; warm-up years dropped) of one replication: summed
//! over all members, and over each payer's members when the panel has several payers.
struct PanelTallies {
  YearTallies total;
  std::vector<YearTallies> by_payer;  //!< empty when the panel has one payer
};
PanelTallies simulate_panel(const Simulation& sim, StreamIds ids);
//! The same with the population `model` (the scenario's or one of its behaviour populations).
PanelTallies simulate_panel(const PopulationModel& model, StreamIds ids);

//! simulate_panel(sim, replication).total
YearTallies simulate_population(const Simulation& sim, std::uint32_t replication);

//! One replication priced under every contract: ledgers[contract][performance year].
struct ReplicationOutcome {
  YearTallies tallies;                          //!< the whole panel
  std::vector<YearTallies> payer_tallies;       //!< per payer (empty with one payer)
  std::vector<PanelTallies> behaviour_tallies;  //!< per behaviour population
  std::vector<std::vector<Ledger>> ledgers;
  std::vector<double> parameters;  //!< drawn values of Scenario::uncertain, in its order
  double reserves = 0;             //!< the provider's starting reserves (they may be uncertain)

  //! The tallies a contract is priced on: its payer's members, under its type's behaviour.
  const YearTallies& tallies_of(const Simulation& sim, const ContractConfig& contract) const;
};
//! `twin`: new members (independent of the replication's) under the replication's shocks and
//! drawn parameters, for the variance decomposition.
ReplicationOutcome simulate_replication(const Simulation& sim, std::uint32_t replication, bool twin = false);

struct RunOptions {
  std::int64_t first_replication = 0;
  std::int64_t replications = -1;  //!< -1: the scenario's count
  //! Called after each finished replication with the number done so far (from worker
  //! threads; for progress display only, it cannot change results).
  std::function<void(std::int64_t)> progress;
};

//! Index of the contract named `name` in the scenario.
std::size_t contract_index(const Scenario& s, const std::string& name);

RunResults run_simulation(const Simulation& sim, const RunOptions& options = {});

}  // namespace pmsim
