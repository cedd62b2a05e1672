#pragma once
//! \file composite.h
//! Contracts made of other contracts (a blend adds up its components, a transition takes each
//! year from the stage in force): what such a type's combine step sees of its parts. The
//! engine prices them after their parts, through the MadeOfParts concept (contract_types.h),
//! without naming a type.

#include <cstddef>
#include <vector>

#include "claims/year_tally.h"
#include "contracts/payment_model.h"

namespace pmsim {

//! Performance years `first`..`last` (0-based, inclusive) of part `part` (an index in the
//! type's part_names): a piece of the contract, whose cash follows that part's timing.
struct PartYears {
  std::size_t part = 0;
  int first = 0;
  int last = 0;
};

//! One performance year of a contract made of parts.
struct PartsYear {
  int year = 0;                        //!< 0-based performance year
  const std::vector<Ledger>& ledgers;  //!< every part's ledger of the year, in part_names order
  const YearTally& members;            //!< the contract's members in the year, as under fee-for-service
  double ffs_margin = 0;               //!< the provider's margin for them under fee-for-service
};

}  // namespace pmsim
