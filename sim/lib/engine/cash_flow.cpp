#include "engine/cash_flow.h"

#include <algorithm>

namespace pmsim {

std::vector<double> monthly_cash_flows(const std::vector<Ledger>& years, const CashTiming& timing) {
  const int months = 12 * static_cast<int>(years.size());
  std::vector<double> flows(static_cast<std::size_t>(months), 0.0);
  auto add = [&](int month, double amount) {
    if (month >= 0 && month < months) flows[static_cast<std::size_t>(month)] += amount;
  };
  const int period = std::clamp(timing.prepayment_period_months, 1, 12);
  for (int y = 0; y < static_cast<int>(years.size()); ++y) {
    const Ledger& l = years[y];
    const double settlement = l.revenue - l.ffs_revenue - l.prepaid_revenue;
    for (int m = 0; m < 12; ++m) {
      const int t = 12 * y + m;
      add(t, -l.cost / 12.0);
      add(t + timing.claims_lag_months, l.ffs_revenue / 12.0);
      if (m % period == 0) add(t, l.prepaid_revenue * period / 12.0);
    }
    add(12 * (y + 1) - 1 + timing.settlement_lag_months, settlement);
  }
  return flows;
}

CashPath cash_path(const std::vector<double>& monthly_flows, double reserves) {
  CashPath p;
  double cash = reserves, peak = reserves, drawdown = 0.0, low = reserves;
  for (std::size_t t = 0; t < monthly_flows.size(); ++t) {
    cash += monthly_flows[t];
    low = std::min(low, cash);
    peak = std::max(peak, cash);
    drawdown = std::max(drawdown, peak - cash);
    if (t % 12 == 11) {
      p.low.push_back(low);
      p.drawdown.push_back(drawdown);
      low = cash;  // the next year's lowest point starts from its opening cash
    }
  }
  return p;
}

}  // namespace pmsim
