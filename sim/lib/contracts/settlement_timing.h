#pragma once
//! \file settlement_timing.h
//! When a contract's settlement is paid (its `settlement` key): interim payments through the
//! year, then the true-up after it (docs/model.md, "Cash flow"). The settlement is what the
//! contract pays beyond fee-for-service, prepayments and stop-loss recoveries paid monthly:
//! shared savings and losses, corridors, reconciliations, quality adjustments, outcome
//! payments, recoveries paid annually.

#include <optional>

namespace pmsim {

class KeyReader;
class KeyVisitor;

struct SettlementTiming {
  //! An interim payment after each period of this many months (1, 3 or 6); 0: none.
  int interim_months = 0;
  int interim_lag_months = 0;     //!< months after each interim period's end
  std::optional<int> lag_months;  //!< the true-up, months after the year; none: provider.settlement_lag_months

  bool operator==(const SettlementTiming&) const = default;
};

//! The contract's optional `settlement` map.
void read_settlement_timing(KeyReader& contract, SettlementTiming& out);
//! Its keys, walked (nothing when every key has its default).
void walk_settlement_timing(KeyVisitor& v, SettlementTiming& timing);

}  // namespace pmsim
