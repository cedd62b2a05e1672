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
  int settlement_lag_months = 6;     //!< the settlement's true-up this long after the year
  int prepayment_period_months = 1;  //!< prepayments (capitation) paid at the start of each period (1, 3, 12)
  int interim_months = 0;            //!< interim settlements after each such period (1, 3, 6); 0 none
  int interim_lag_months = 0;        //!< ... this long after the period's end
};

//! Net cash flow of each month of the horizon (12 x years): costs as incurred, FFS revenue
//! after the claims lag, capitation at the start of its periods, revenue paid monthly
//! (Ledger::paid_monthly) after its lag, and the settlement (everything else the ledger's
//! revenue holds: shared savings and losses, reconciliations, corridors, quality adjustments,
//! outcome payments, stop-loss recoveries paid annually) in interim payments of its share to
//! date, if any, and a true-up after the settlement lag. Flows due after the horizon are
//! left out.
std::vector<double> monthly_cash_flows(const std::vector<Ledger>& years, const CashTiming& timing);

//! Cash at each month end: `reserves` plus the flows so far.
std::vector<double> month_end_cash(const std::vector<double>& monthly_flows, double reserves);

//! The accrual ledger at each month end: `reserves` plus the margins of the years before and
//! the part of the year's margin earned so far, everything but monthly-paid revenue accruing
//! evenly through the year and that revenue as its Ledger::paid_monthly says.
std::vector<double> month_end_accruals(const std::vector<Ledger>& years, double reserves);

struct CashPath {
  std::vector<double> low;       //!< per year: lowest month-end cash (reserves + flows so far)
  std::vector<double> drawdown;  //!< per year: largest fall from a previous peak, up to the year's end
};

CashPath cash_path(const std::vector<double>& monthly_flows, double reserves);

}  // namespace pmsim
