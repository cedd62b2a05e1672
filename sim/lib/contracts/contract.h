#pragma once
//! \file contract.h
//! A contract of a scenario: the fields every contract has (its name, the payer whose members
//! it covers, its quality measures, its terms by year) and the terms of its payment model.

#include <string>
#include <variant>
#include <vector>

#include "config/quality_measure.h"
#include "contracts/contract_types.h"
#include "contracts/settlement_timing.h"

namespace pmsim {

struct ContractConfig {
  std::string name;
  //! The contract's terms in each performance year (index 0 = year 1) when some of them follow
  //! a schedule by year (Scenario::schedules); empty when every term holds for all years.
  std::vector<ContractConfig> by_year;
  //! The terms in force in performance year `year` (0-based).
  const ContractConfig& in_year(int year) const {
    return by_year.empty() ? *this : by_year[static_cast<std::size_t>(year)];
  }
  ContractTerms terms;
  //! The payer (a `payers` name) whose members the contract covers; "" the whole panel.
  std::string payer;
  //! When not empty (types with a quality score), the quality score is computed each year
  //! from these measures of the simulated population, replacing the terms' fixed score.
  std::vector<QualityMeasure> quality_measures;
  //! When its settlement is paid (types that settle after the year).
  SettlementTiming settlement;

  ContractType type() const { return type_of(terms); }
  //! The terms of type T; throws std::bad_variant_access for another type.
  template <class T>
  T& as() {
    return std::get<T>(terms);
  }
  template <class T>
  const T& as() const {
    return std::get<T>(terms);
  }
  template <class T>
  bool is() const {
    return std::holds_alternative<T>(terms);
  }

  bool operator==(const ContractConfig&) const = default;
};

//! The terms of a shared savings or a shared risk contract (the same struct, one- or two-sided).
inline SharedSavingsTerms& shared_terms(ContractConfig& c) {
  if (auto* risk = std::get_if<SharedRiskTerms>(&c.terms)) return *risk;
  return c.as<SharedSavingsTerms>();
}
inline const SharedSavingsTerms& shared_terms(const ContractConfig& c) {
  if (const auto* risk = std::get_if<SharedRiskTerms>(&c.terms)) return *risk;
  return c.as<SharedSavingsTerms>();
}

}  // namespace pmsim
