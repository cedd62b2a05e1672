// Cash flow: when each part of a year's revenue arrives, by hand; and on simulated runs, with
// no payment lags, month-end cash that meets the accrual reserves at every year end.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/cash_flow.h"
#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

Ledger year_of(double ffs, double capitation, double other, double cost) {
  Ledger l;
  l.ffs_revenue = ffs;
  l.prepaid_revenue = capitation;
  l.revenue = ffs + capitation + other;
  l.cost = cost;
  l.margin = l.revenue - l.cost;
  return l;
}

TEST(CashFlow, ClaimsArriveAfterTheLagAndLateOnesFallBeyondTheHorizon) {
  CashTiming t;
  t.claims_lag_months = 1;
  const auto flows = monthly_cash_flows({year_of(1200, 0, 0, 1200)}, t);
  ASSERT_EQ(flows.size(), 12u);
  EXPECT_DOUBLE_EQ(flows[0], -100);  // costs from the first month, revenue from the second
  for (int m = 1; m < 12; ++m) EXPECT_DOUBLE_EQ(flows[m], 0) << m;
  const CashPath p = cash_path(flows, 1000);
  EXPECT_DOUBLE_EQ(p.low[0], 900);
  EXPECT_DOUBLE_EQ(p.drawdown[0], 100);
}

TEST(CashFlow, PrepaymentPeriodsShapeTheYear) {
  CashTiming t;
  t.claims_lag_months = 0;
  const std::vector<Ledger> year = {year_of(0, 1200, 0, 1200)};
  t.prepayment_period_months = 1;
  CashPath monthly = cash_path(monthly_cash_flows(year, t), 0);
  EXPECT_NEAR(monthly.low[0], 0, 1e-9);
  EXPECT_NEAR(monthly.drawdown[0], 0, 1e-9);
  t.prepayment_period_months = 3;  // +300 at the start of each quarter, -100 a month
  CashPath quarterly = cash_path(monthly_cash_flows(year, t), 0);
  EXPECT_NEAR(quarterly.low[0], 0, 1e-9);
  EXPECT_NEAR(quarterly.drawdown[0], 200, 1e-9);
  t.prepayment_period_months = 12;  // +1,200 in the first month, spent through the year
  CashPath annual = cash_path(monthly_cash_flows(year, t), 0);
  EXPECT_NEAR(annual.drawdown[0], 1100, 1e-9);
}

TEST(CashFlow, SettlementsArriveAfterTheYearPlusTheLag) {
  CashTiming t;
  t.claims_lag_months = 0;
  t.settlement_lag_months = 6;
  // Shared savings of 600 for year 1 arrive in month 6 of year 2 (index 17).
  const auto flows = monthly_cash_flows({year_of(1200, 0, 600, 1200), year_of(1200, 0, 0, 1200)}, t);
  for (int m = 0; m < 24; ++m) EXPECT_NEAR(flows[m], m == 17 ? 600 : 0, 1e-9) << m;
  // A repayment (negative settlement) makes the low point.
  const auto owed = monthly_cash_flows({year_of(1200, 0, -500, 1200), year_of(1200, 0, 0, 1200)}, t);
  const CashPath p = cash_path(owed, 100);
  EXPECT_NEAR(p.low[0], 100, 1e-9);
  EXPECT_NEAR(p.low[1], -400, 1e-9);
  EXPECT_NEAR(p.drawdown[1], 500, 1e-9);
}

TEST(CashFlow, WithoutLagsCashMeetsTheAccrualReservesAtEachYearEnd) {
  // FFS and monthly capitation accrue evenly, so with no lags month-end cash moves in a
  // straight line from one year-end reserve to the next: the year's low is the lower end.
  Scenario s = testing::full_scenario(2000, 8, 512);
  s.provider.claims_lag_months = 0;
  s.provider.settlement_lag_months = 0;
  const RunResults r = run_simulation(Simulation(s));
  for (const auto& c : r.contracts) {
    const Metric& reserves = c.metric("provider_reserves");
    const Metric& low = c.metric("provider_cash_low");
    for (std::int64_t row = 0; row < r.replications; ++row)
      for (int y = 0; y < r.years; ++y) {
        const double opening = y == 0 ? s.provider.reserves : reserves.values(row, y - 1);
        const double expected = std::min(opening, reserves.values(row, y));
        EXPECT_NEAR(low.values(row, y), expected, 1e-6 * std::abs(expected) + 1e-3) << c.name << " " << y;
      }
  }
}

}  // namespace
}  // namespace pmsim
