#pragma once
//! \file cash_flow.h
//! The provider's cash through the performance years, month by month, from the annual
//! ledgers: when each part of the year's revenue and cost is paid (docs/model.md, "Cash
//! flow"). Accrual results (margin, reserves at year ends) do not depend on it; liquidity
//! (the lowest cash point, drawdowns) does.

#include <vector>

#include "contracts/payment_model.h"

namespace pmsim {

struct CashTiming {
  int claims_lag_months = 1;         //!< FFS revenue arrives this long after the services
  int settlement_lag_months = 6;     //!< year-end settlements this long after the year
  int prepayment_period_months = 1;  //!< prepayments (capitation) paid at the start of each period (1, 3, 12)
};

//! Net cash flow of each month of the horizon (12 x years): costs as incurred, FFS revenue
//! after the claims lag, capitation at the start of its periods, and everything else the
//! ledger's revenue holds (shared savings and losses, reconciliations, corridors, quality
//! adjustments, outcome payments, stop-loss recoveries) after the settlement lag. Flows due
//! after the horizon are left out.
std::vector<double> monthly_cash_flows(const std::vector<Ledger>& years, const CashTiming& timing);

struct CashPath {
  std::vector<double> low;       //!< per year: lowest month-end cash (reserves + flows so far)
  std::vector<double> drawdown;  //!< per year: largest fall from a previous peak, up to the year's end
};

CashPath cash_path(const std::vector<double>& monthly_flows, double reserves);

}  // namespace pmsim
