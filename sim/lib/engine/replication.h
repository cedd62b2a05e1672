#pragma once
//! \file replication.h
//! One replication priced under every contract: the same simulated members (common random
//! numbers) priced by each payment model, the contracts made of other contracts after their parts.

#include <cstdint>
#include <vector>

#include "claims/year_tally.h"
#include "contracts/payment_model.h"
#include "engine/panel.h"
#include "engine/simulation.h"

namespace pmsim {

//! One replication priced under every contract: ledgers[contract][performance year].
struct ReplicationOutcome {
  YearTallies tallies;                          //!< the whole panel
  std::vector<YearTallies> payer_tallies;       //!< per payer (empty with one payer)
  std::vector<PanelTallies> behaviour_tallies;  //!< per behaviour population
  std::vector<std::vector<Ledger>> ledgers;
  std::vector<double> parameters;  //!< drawn values of Scenario::uncertain, in its order
  double reserves = 0;             //!< the provider's starting reserves (they may be uncertain)

  //! The years of payer `payer`'s members (-1 the whole panel) under behaviour response
  //! `behaviour` (-1 none), as in a ContractPlan.
  const YearTallies& tallies_of(int payer, int behaviour) const;
};
//! `twin`: new members (independent of the replication's) under the replication's shocks and
//! drawn parameters, for the variance decomposition. `sums`: who sums each panel's blocks
//! (simulate_panel); null: this process's threads.
ReplicationOutcome simulate_replication(const Simulation& sim, std::uint32_t replication, bool twin = false,
                                        const BlockSums* sums = nullptr);

}  // namespace pmsim
