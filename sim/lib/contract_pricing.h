#pragma once
//! \file contract_pricing.h
//! Payment models as pure functions of a year's simulated claims: the same tallies are
//! priced under every contract of the scenario (common random numbers).

#include "scenario.h"
#include "year_tally.h"

namespace pmsim {

//! One contract, one year: the provider's and the payer's ledgers.
struct Ledger {
  double ffs_revenue = 0;         //!< fee-for-service payments to the provider
  double capitation_revenue = 0;  //!< prepayments (PMPM x risk x member-months)
  double revenue = 0;             //!< everything the provider is paid
  double delivery_cost = 0;       //!< cost of the services the provider delivers itself
  double claims_paid = 0;         //!< claims of others the provider pays (covered services)
  double cost = 0;                //!< fixed costs + delivery cost + claims paid
  double margin = 0;              //!< revenue - cost
  double payer_spend = 0;         //!< everything the payer pays out
};

//! The provider's economics that do not depend on the contract.
struct ProviderEconomics {
  explicit ProviderEconomics(const Scenario& s);
  double fixed_costs = 0;
  std::array<bool, kCategoryCount> self_delivered{};
  CategoryValues cost_ratio{};  //!< provider cost per dollar of FFS claims
};

Ledger price_year(const ContractConfig& contract, const ProviderEconomics& provider,
                  const YearTally& year);

}  // namespace pmsim
