#pragma once
//! \file contract_pricing.h
//! Payment models as pure functions of the simulated years' tallies: the same tallies are
//! priced under every contract of the scenario (common random numbers).

#include <vector>

#include "claims/year_tally.h"
#include "config/scenario.h"

namespace pmsim {

//! One contract, one year: the provider's and the payer's ledgers.
struct Ledger {
  double ffs_revenue = 0;         //!< fee-for-service payments to the provider
  double capitation_revenue = 0;  //!< prepayments (PMPM x risk x member-months)
  double revenue = 0;             //!< everything the provider is paid
  double delivery_cost = 0;       //!< cost of the services the provider delivers itself
  double intervention_cost = 0;   //!< care-transformation programmes (staff, per member, amortised investment)
  double claims_paid = 0;         //!< claims of others the provider pays (covered services)
  double cost = 0;                //!< fixed costs + delivery cost + claims paid
  double margin = 0;              //!< revenue - cost
  double payer_spend = 0;         //!< everything the payer pays out
  double payer_savings = 0;       //!< payer spend under FFS (all claims) - payer_spend
  double quality_score = 1;       //!< the score in force (computed from quality_measures, or fixed)
  // Capitation terms.
  double quality_adjustment = 0;    //!< -withhold x capitation x (1 - quality score)
  double stop_loss_recoveries = 0;  //!< paid by the reinsurer to the provider
  double stop_loss_premiums = 0;    //!< paid by the provider to the reinsurer
  double corridor_transfer = 0;     //!< paid by the payer to the provider (negative: returned)
  // Pay-for-performance terms (quality_adjustment holds the withhold and the scale).
  double readmission_penalty = 0;  //!< deducted from the provider's FFS revenue
  // Cost per successful outcome.
  double outcome_payment = 0;  //!< price x successes + base x attempts
  double successes = 0;
  double attempts = 0;
  // Shared savings and shared risk.
  double benchmark = 0;
  double benchmark_spending = 0;  //!< the (truncated) claims compared with the benchmark
  double shared_savings = 0;
  double shared_losses = 0;
  bool savings_paid = false;
  bool loss_owed = false;
  bool cap_binding = false;  //!< shared: a savings or loss cap; bundle: stop-gain or stop-loss
  // Bundled payment: the episodes that ended in the year.
  double episodes = 0;
  double episode_spending = 0;  //!< included spending (each episode capped if asked)
  double episode_target = 0;    //!< sum of the episodes' target prices
  double reconciliation = 0;    //!< paid by the payer to the provider (negative: repaid)
  double episodes_with_post_acute = 0;
  double episodes_with_readmission = 0;
  // Transition: the stage in force (1-based) and the margin against FFS on the same patients.
  double stage = 0;
  double margin_vs_ffs = 0;
};

//! What pricing needs besides the contract and the tallies: the provider's economics and
//! facts of the scenario that do not depend on the contract.
struct PricingContext {
  PricingContext(const Scenario& s, std::vector<double> truncation_points,
                 std::vector<EpisodeDefinition> episode_definitions = {});
  double fixed_costs = 0;  //!< the provider's, for the whole panel
  std::array<bool, kCategoryCount> self_delivered{};
  CategoryValues cost_ratio{};  //!< provider cost per dollar of FFS claims
  int baseline_years = 0;
  double population_size = 0;                          //!< the panel's assigned members, for size-based MSR/MLR
  std::vector<double> truncation_points;               //!< as in PopulationModel
  std::vector<EpisodeDefinition> episode_definitions;  //!< as in PopulationModel
  std::vector<InterventionConfig> interventions;
  //! The share of the panel the context prices in each performance year (a payer's; index 0
  //! is year 1, the last holds after); empty: the whole panel. Fixed costs, one-time
  //! investments and the size for MSR/MLR are scaled by it.
  std::vector<double> shares;

  double share(int year) const {
    return shares.empty() ? 1.0 : shares[std::min<std::size_t>(static_cast<std::size_t>(year), shares.size() - 1)];
  }
};

//! The provider's result across payers: the sum of one year's ledgers of contracts that
//! each cover one payer's members (fixed costs were split by share, so they add up to the
//! provider's once). `total` is the whole panel's year, for the payer's FFS counterfactual.
Ledger combine_ledgers(const std::vector<Ledger>& parts, const YearTally& total);

//! Prices performance year `year` (0-based) of a replication whose simulated years (baseline
//! first) are `tallies`.
Ledger price_year(const ContractConfig& contract, const PricingContext& context, const YearTallies& tallies, int year);

}  // namespace pmsim
