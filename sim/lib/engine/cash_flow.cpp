#include "engine/cash_flow.h"

#include <algorithm>

namespace pmsim {

namespace {

double paid_monthly_total(const Ledger& l) {
  double sum = 0;
  for (const MonthlyPaidRevenue& p : l.paid_monthly) sum += p.accrued[11];
  return sum;
}

}  // namespace

std::vector<double> monthly_cash_flows(const std::vector<Ledger>& years, const CashTiming& timing) {
  const int months = 12 * static_cast<int>(years.size());
  std::vector<double> flows(static_cast<std::size_t>(months), 0.0);
  auto add = [&](int month, double amount) {
    if (month >= 0 && month < months) flows[static_cast<std::size_t>(month)] += amount;
  };
  const int period = std::clamp(timing.prepayment_period_months, 1, 12);
  for (int y = 0; y < static_cast<int>(years.size()); ++y) {
    const Ledger& l = years[y];
    const double settlement = l.revenue - l.ffs_revenue - l.prepaid_revenue - paid_monthly_total(l);
    for (int m = 0; m < 12; ++m) {
      const int t = 12 * y + m;
      add(t, -l.cost / 12.0);
      add(t + timing.claims_lag_months, l.ffs_revenue / 12.0);
      if (m % period == 0) add(t, l.prepaid_revenue * period / 12.0);
      for (const MonthlyPaidRevenue& p : l.paid_monthly)
        if (p.accrued[11] != 0) add(t + p.lag_months, p.accrued[m] - (m > 0 ? p.accrued[m - 1] : 0.0));
    }
    // Interim payments bring what was paid up to the settlement's share of the year so far;
    // the true-up pays the rest.
    double paid = 0;
    for (int end = timing.interim_months; timing.interim_months > 0 && end < 12; end += timing.interim_months) {
      const double due = settlement * end / 12.0;
      add(12 * y + end - 1 + timing.interim_lag_months, due - paid);
      paid = due;
    }
    add(12 * (y + 1) - 1 + timing.settlement_lag_months, settlement - paid);
  }
  return flows;
}

std::vector<double> month_end_cash(const std::vector<double>& monthly_flows, double reserves) {
  std::vector<double> cash(monthly_flows.size());
  double balance = reserves;
  for (std::size_t t = 0; t < monthly_flows.size(); ++t) cash[t] = balance += monthly_flows[t];
  return cash;
}

std::vector<double> month_end_accruals(const std::vector<Ledger>& years, double reserves) {
  std::vector<double> books;
  double opening = reserves;
  for (const Ledger& l : years) {
    const double even = l.margin - paid_monthly_total(l);
    for (int m = 0; m < 12; ++m) {
      double earned = even * (m + 1) / 12.0;
      for (const MonthlyPaidRevenue& p : l.paid_monthly) earned += p.accrued[m];
      books.push_back(opening + earned);
    }
    opening += l.margin;
  }
  return books;
}

CashPath cash_path(const std::vector<double>& monthly_flows, double reserves) {
  CashPath p;
  double peak = reserves, drawdown = 0.0, low = reserves;
  const std::vector<double> cash = month_end_cash(monthly_flows, reserves);
  for (std::size_t t = 0; t < cash.size(); ++t) {
    low = std::min(low, cash[t]);
    peak = std::max(peak, cash[t]);
    drawdown = std::max(drawdown, peak - cash[t]);
    if (t % 12 == 11) {
      p.low.push_back(low);
      p.drawdown.push_back(drawdown);
      low = cash[t];  // the next year's lowest point starts from its opening cash
    }
  }
  return p;
}

}  // namespace pmsim
