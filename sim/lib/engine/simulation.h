#pragma once
//! \file simulation.h
//! A validated scenario compiled for simulation: its population models, pricing contexts and
//! each contract's plan (payer, behaviour, parts) resolved to indices once, so that nothing is
//! looked up by name while replications run.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "config/scenario.h"
#include "contracts/composite.h"
#include "contracts/pricing_context.h"
#include "population/population_model.h"

namespace pmsim {

struct ReferenceMembers;

//! What the engine needs of a contract, resolved when the simulation is compiled.
struct ContractPlan {
  int payer = -1;      //!< index in Scenario::payers of the payer it covers; -1 the whole panel
  int behaviour = -1;  //!< index in behaviour_populations() of its type's response; -1 none
  double share = 1;    //!< its payer's share of the panel in performance year 1 (of the reserves)
  //! For a type made of other contracts (contracts/composite.h): their indices in
  //! Scenario::contracts (in part_names order) and the years of each; empty otherwise.
  std::vector<std::size_t> parts;
  std::vector<PartYears> part_years;
  bool made_of_parts() const { return !parts.empty(); }
};

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
  //! The pricing context of the whole panel (payer -1) or of one payer's members, whose
  //! fixed costs and size are the payer's share of the provider's in each year.
  const PricingContext& pricing(int payer = -1) const { return payer < 0 ? pricing_ : payer_pricing_[payer]; }
  //! Contract `k`'s plan (k an index in scenario().contracts).
  const ContractPlan& plan(std::size_t k) const { return plans_[k]; }
  //! The behaviour response under fee-for-service, the payer's counterfactual; -1 none.
  int counterfactual_behaviour() const { return counterfactual_behaviour_; }
  //! Every contract's index, each after the contracts it is made of: the order to price them in.
  const std::vector<std::size_t>& pricing_order() const { return pricing_order_; }

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
  std::vector<ContractPlan> plans_;
  int counterfactual_behaviour_ = -1;
  std::vector<std::size_t> pricing_order_;
};

}  // namespace pmsim
