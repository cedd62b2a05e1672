#pragma once
//! \file scenario_warnings.h
//! What a careful actuary would flag in a scenario that is valid all the same (pmsim validate
//! and run print these on stderr; --no-warnings silences them): the provider's economics left
//! at their defaults, and each contract's terms against the panel's expected figures from a
//! pilot of a few replications (the types' own term_warnings, contracts/payment_model.h).

#include <string>
#include <vector>

#include "engine/simulation.h"

namespace pmsim {

//! Each warning a sentence, a contract's prefixed with "contracts[K] (NAME): ".
std::vector<std::string> scenario_warnings(const Simulation& sim);

//! The panel's expected figures over the performance years: the mean of `replications` pilot
//! replications' tallies (their own replication ids 0, 1, ...; the run's first ones); the
//! whole panel's first, then each payer's members' (Scenario::payers, when there are two or more).
std::vector<PanelExpectations> panel_expectations(const Simulation& sim, int replications);

}  // namespace pmsim
