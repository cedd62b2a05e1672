#pragma once
//! \file shocks.h
//! Replication-wide shocks (systematic risk): which hit a simulated year and the combined
//! multipliers they apply. A pure function of (seed, replication, year): the generator and
//! the engine compute the same factors independently.

#include <cstdint>
#include <vector>

#include "config/scenario.h"

namespace pmsim {

//! A shock as the generator reads it.
struct ShockTable {
  int year = -1;  //!< simulated-year index (warm-up included) it hits; -1 random
  double probability = 0;
  double fraction = 1;  //!< duration_months / 12
  CategoryFactors utilization = unit_factors();
  double price = 1;
  double cost = 1;
};

//! The combined effect of the shocks on one year: a shock of factor x lasting a share f of
//! the year multiplies the year's quantity by 1 - f (1 - x); shocks multiply.
struct YearShock {
  CategoryFactors utilization = unit_factors();
  double price = 1;
  double cost = 1;
  std::vector<std::uint8_t> active;  //!< per shock: 1 if it hit the year
};

std::vector<ShockTable> shock_tables(const Scenario& s);

YearShock shock_of_year(const std::vector<ShockTable>& shocks, std::uint64_t seed, std::uint32_t replication, int year);

}  // namespace pmsim
