#pragma once
//! \file pricing.h
//! Payment models as pure functions of the simulated years' tallies: the same tallies are
//! priced under every contract of the scenario (common random numbers). The part every type
//! shares is here (fee-for-service for what the type does not cover, costs, the payer's
//! spend); each type's own terms are in contracts/<type>.cpp.

#include "claims/year_tally.h"
#include "contracts/contract.h"
#include "contracts/payment_model.h"
#include "contracts/pricing_context.h"

namespace pmsim {

//! Prices performance year `year` (0-based) of a replication whose simulated years (baseline
//! first) are `tallies`, under a contract priced on tallies (not a blend or a transition,
//! which are priced from the ledgers of the contracts they name; std::logic_error).
Ledger price_year(const ContractConfig& contract, const PricingContext& context, const YearTallies& tallies, int year);

}  // namespace pmsim
