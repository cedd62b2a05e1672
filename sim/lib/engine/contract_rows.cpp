#include "engine/contract_rows.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "contracts/common_metrics.h"
#include "engine/cash_flow.h"

namespace pmsim {

namespace {

// The metrics of a contract, in output order: the common ones, the type's own, its quality
// score, its cash, then utilisation by category.
std::vector<MetricSpec> metrics_of(const ContractConfig& c) {
  std::vector<MetricSpec> list;
  for (const LedgerMetric& m : common_contract_metrics()) list.push_back(m.spec);
  std::visit(
      [&](const auto& terms) {
        for (const MetricSpec& m : metric_catalogue(terms)) list.push_back(m);
        if (fixed_quality_score(terms).has_value()) list.push_back(quality_score_metric());
      },
      c.terms);
  list.push_back(cash_low_metric());
  list.push_back(drawdown_metric());
  for (int k = 0; k < kCategoryCount; ++k) list.push_back(utilization_metric(static_cast<Category>(k)));
  return list;
}

// The tally of performance year `year` that contract `k` was priced on: its members' under
// its type's behaviour, or, for a year a type made of parts reports on one of them, that part's.
const YearTally& reported_year(const Simulation& sim, const ReplicationOutcome& out, std::size_t k, int year) {
  const ContractPlan& plan = sim.plan(k);
  const std::optional<std::size_t> part = std::visit(
      [&](const auto& terms) -> std::optional<std::size_t> {
        if constexpr (MadeOfParts<std::decay_t<decltype(terms)>>)
          return reported_part(terms, year);
        else
          return std::nullopt;
      },
      sim.scenario().contracts[k].terms);
  if (part) return reported_year(sim, out, plan.parts[*part], year);
  return out.tallies_of(plan.payer, plan.behaviour)[sim.scenario().simulation.baseline_years + year];
}

CashTiming cash_timing(const Scenario& s, const ContractConfig& c) {
  CashTiming t;
  t.claims_lag_months = s.provider.claims_lag_months;
  t.settlement_lag_months = c.settlement.lag_months.value_or(s.provider.settlement_lag_months);
  t.prepayment_period_months = std::visit([](const auto& terms) { return prepayment_period_months(terms); }, c.terms);
  t.interim_months = c.settlement.interim_months;
  t.interim_lag_months = c.settlement.interim_lag_months;
  return t;
}

// Contract `k`'s monthly cash flows from performance years `first`..`last`: a contract made of
// parts has its parts' over the years each is in force, each on its own timing.
std::vector<double> cash_flows(const Simulation& sim, const ReplicationOutcome& out, std::size_t k, int first,
                               int last) {
  const Scenario& s = sim.scenario();
  const int years = s.simulation.years;
  const ContractPlan& plan = sim.plan(k);
  if (!plan.made_of_parts()) {
    const CashTiming timing = cash_timing(s, s.contracts[k]);
    if (first == 0 && last == years - 1) return monthly_cash_flows(out.ledgers[k], timing);
    std::vector<Ledger> only(static_cast<std::size_t>(years));
    for (int y = first; y <= last; ++y) only[y] = out.ledgers[k][y];
    return monthly_cash_flows(only, timing);
  }
  std::vector<double> sum(static_cast<std::size_t>(12 * years), 0.0);
  for (const PartYears& piece : plan.part_years) {
    const int from = std::max(first, piece.first);
    const int to = std::min(last, piece.last);
    if (from > to) continue;
    const std::vector<double> part = cash_flows(sim, out, plan.parts[piece.part], from, to);
    for (std::size_t t = 0; t < sum.size(); ++t) sum[t] += part[t];
  }
  return sum;
}

}  // namespace

ContractResults make_contract_results(const ContractConfig& c, std::int64_t rows, int years) {
  ContractResults r;
  r.name = c.name;
  r.type = std::string(to_string(c.type()));
  std::visit(
      [&](const auto& terms) {
        if constexpr (HasResultAttributes<std::decay_t<decltype(terms)>>)
          for (auto& attribute : result_attributes(terms)) r.attributes.push_back(std::move(attribute));
      },
      c.terms);
  for (const MetricSpec& m : metrics_of(c)) r.metrics.push_back(make_metric(m, rows, years));
  return r;
}

void fill_contract_row(const Simulation& sim, const ReplicationOutcome& out, std::size_t k, std::int64_t row,
                       ContractResults& r) {
  const ContractConfig& contract = sim.scenario().contracts[k];
  const std::vector<Ledger>& ledgers = out.ledgers[k];
  const int years = static_cast<int>(ledgers.size());
  // How many of its own values and whether its quality score the contract writes.
  const auto [type_values, quality] = std::visit(
      [](const auto& terms) {
        return std::pair{metric_catalogue(terms).size(), fixed_quality_score(terms).has_value()};
      },
      contract.terms);
  const double starting_reserves = out.reserves * sim.plan(k).share;
  const CashPath cash = cash_path(contract_cash_flows(sim, out, k), starting_reserves);
  double reserves = starting_reserves;
  for (int y = 0; y < years; ++y) {
    const Ledger& l = ledgers[y];
    const YearTally& t = reported_year(sim, out, k, y);
    reserves += l.margin;
    std::size_t m = 0;
    for (const LedgerMetric& spec : common_contract_metrics())
      r.metrics[m++].values(row, y) = spec.value(l, t, reserves);
    for (std::size_t v = 0; v < type_values; ++v) r.metrics[m++].values(row, y) = l.values[v];
    if (quality) r.metrics[m++].values(row, y) = l.quality_score;
    r.metrics[m++].values(row, y) = cash.low[y];
    r.metrics[m++].values(row, y) = cash.drawdown[y];
    for (int c = 0; c < kCategoryCount; ++c) r.metrics[m++].values(row, y) = t.counts[c];
  }
}

std::vector<double> contract_cash_flows(const Simulation& sim, const ReplicationOutcome& out, std::size_t k) {
  return cash_flows(sim, out, k, 0, sim.scenario().simulation.years - 1);
}

}  // namespace pmsim
