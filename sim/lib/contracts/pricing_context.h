#pragma once
//! \file pricing_context.h
//! What pricing needs besides the contract and the tallies: the provider's economics and
//! facts of the scenario that do not depend on the contract.

#include <algorithm>
#include <cstddef>
#include <vector>

#include "claims/year_tally.h"
#include "config/scenario.h"

namespace pmsim {

struct PricingContext {
  PricingContext(const Scenario& s, std::vector<double> truncation_points,
                 std::vector<EpisodeDefinition> episode_definitions = {});
  double fixed_costs = 0;  //!< the provider's, for the whole panel
  CategoryFlags self_delivered{};
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

}  // namespace pmsim
