// Cash flow: when each part of a year's revenue arrives, by hand; and on simulated runs, with
// no payment lags, month-end cash that meets the accrual reserves at every year end, and with
// monthly recoveries and interim settlements too, the accrual ledger at every month end.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/cash_flow.h"
#include "engine/contract_rows.h"
#include "engine/engine.h"
#include "engine/replication.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"
#include "yaml_document.h"

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

TEST(CashFlow, InterimSettlementsPayTheShareToDateAndTheTrueUpTheRest) {
  CashTiming t;
  t.claims_lag_months = 0;
  t.interim_months = 3;
  t.interim_lag_months = 1;
  t.settlement_lag_months = 6;
  // A settlement of 1,200: 300 a month after each of the first three quarters, the last 300
  // six months after the year.
  const auto flows = monthly_cash_flows({year_of(1200, 0, 1200, 1200), year_of(1200, 0, 0, 1200)}, t);
  for (int m = 0; m < 24; ++m) EXPECT_NEAR(flows[m], (m == 3 || m == 6 || m == 9 || m == 17) ? 300 : 0, 1e-9) << m;
  // A repayment is paid back on the same timing; semiannual interim: half of it by month 7.
  t.interim_months = 6;
  t.interim_lag_months = 0;
  t.settlement_lag_months = 0;
  const auto owed = monthly_cash_flows({year_of(1200, 0, -600, 1200)}, t);
  for (int m = 0; m < 12; ++m) EXPECT_NEAR(owed[m], (m == 5 || m == 11) ? -300 : 0, 1e-9) << m;
}

TEST(CashFlow, RevenuePaidMonthlyArrivesAsItAccruesAfterItsLag) {
  CashTiming t;
  t.claims_lag_months = 0;
  t.settlement_lag_months = 3;
  Ledger l = year_of(1200, 0, 500, 1200);  // 500 beyond FFS: 400 paid monthly, 100 settled
  l.paid_monthly[0].lag_months = 2;
  for (int m = 0; m < 12; ++m) l.paid_monthly[0].accrued[m] = m < 8 ? 0.0 : 100.0 * (m - 7);
  const auto flows = monthly_cash_flows({l, year_of(1200, 0, 0, 1200)}, t);
  for (int m = 0; m < 24; ++m) EXPECT_NEAR(flows[m], (m >= 10 && m <= 13) ? 100 : m == 14 ? 100 : 0, 1e-9) << m;
  // On the books it accrues from month 9, the rest of the margin evenly.
  const std::vector<double> books = month_end_accruals({l}, 50);
  for (int m = 0; m < 12; ++m) EXPECT_NEAR(books[m], 50 + 100.0 * (m + 1) / 12 + l.paid_monthly[0].accrued[m], 1e-9);
}

TEST(CashFlow, WithMonthlyPaymentsAndNoLagsCashIsTheAccrualLedgerAtEveryMonthEnd) {
  CashTiming t;
  t.claims_lag_months = 0;
  t.settlement_lag_months = 0;
  t.interim_months = 1;
  Ledger l = year_of(600, 1200, 300, 2000);
  l.paid_monthly[0].accrued = {0, 0, 0, 10, 20, 40, 60, 80, 100, 120, 150, 200};
  l.paid_monthly[1].accrued = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  l.revenue += 212;  // both paid monthly
  l.margin = l.revenue - l.cost;
  const std::vector<Ledger> years = {l, year_of(100, 1500, -200, 1300)};
  const std::vector<double> cash = month_end_cash(monthly_cash_flows(years, t), 1000);
  const std::vector<double> books = month_end_accruals(years, 1000);
  ASSERT_EQ(cash.size(), 24u);
  ASSERT_EQ(books.size(), 24u);
  for (int m = 0; m < 24; ++m) EXPECT_NEAR(cash[m], books[m], 1e-9) << m;
  EXPECT_NEAR(books[11], 1000 + l.margin, 1e-9);
  EXPECT_NEAR(books[23], 1000 + l.margin + years[1].margin, 1e-9);
}

TEST(CashFlow, SimulatedMonthlyRecoveriesAndInterimSettlementsMeetTheAccrualLedger) {
  // Every contract paid as it accrues: FFS without a claims lag, monthly capitation, two
  // stop-loss layers (a payer's and a reinsurer's) recovered monthly without a lag, corridors
  // and quality settled monthly; a shared savings contract settled monthly too.
  Scenario s = testing::full_scenario(3000, 6, 512);
  s.provider.claims_lag_months = 0;
  s.provider.settlement_lag_months = 0;
  const std::string cap =
      "- {name: cap, type: capitation, pmpm: 820, quality_withhold: 0.03, quality_score: 0.5,\n"
      "   corridors: [{from: 0, rate: 1}, {from: 0.02, rate: 0.3}],\n"
      "   stop_loss: [{attachment: 40000, coinsurance: 0.6, premium_pmpm: 15, provided_by: payer, payment: monthly},\n"
      "               {attachment: 90000, coinsurance: 0.3, premium_pmpm: 2, payment: monthly}],\n"
      "   settlement: {interim: monthly, lag_months: 0}}\n"
      "- {name: aco, type: shared_risk, benchmark: {method: fixed, pmpy: 9000}, minimum_savings_rate: 0,\n"
      "   sharing_rate: 0.5, minimum_loss_rate: 0, loss_sharing_rate: 0.5, settlement: {interim: monthly}}\n"
      "- {name: ffs, type: fee_for_service}\n";
  s = testing::parse(testing::YamlDocument(to_yaml(s)).with("contracts", cap));
  const Simulation sim(s);
  double recovered = 0;
  for (std::uint32_t rep = 0; rep < 6; ++rep) {
    const ReplicationOutcome out = simulate_replication(sim, rep);
    for (std::size_t k = 0; k < s.contracts.size(); ++k) {
      const double reserves = out.reserves * sim.plan(k).share;
      const std::vector<double> cash = month_end_cash(contract_cash_flows(sim, out, k), reserves);
      const std::vector<double> books = month_end_accruals(out.ledgers[k], reserves);
      ASSERT_EQ(cash.size(), books.size());
      double year_end = reserves;
      for (std::size_t m = 0; m < cash.size(); ++m) {
        const double scale = 1e-9 * (std::abs(books[m]) + 1e6);
        EXPECT_NEAR(cash[m], books[m], scale) << s.contracts[k].name << " replication " << rep << " month " << m;
        if (m % 12 == 11) {
          year_end += out.ledgers[k][m / 12].margin;  // the accrual reserves, from the annual ledgers
          EXPECT_NEAR(books[m], year_end, scale) << s.contracts[k].name << " month " << m;
        }
      }
    }
    for (const Ledger& l : out.ledgers[0]) recovered += l.paid_monthly[0].accrued[11] + l.paid_monthly[1].accrued[11];
  }
  EXPECT_GT(recovered, 0.0);  // the layers paid something
}

}  // namespace
}  // namespace pmsim
