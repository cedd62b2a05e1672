#include "output/sweep_summary.h"

#include <algorithm>
#include <cmath>

#include "analysis/contract_statistic.h"
#include "output/text_format.h"
#include "util/text_table.h"

namespace pmsim {

namespace {

// The unit of statistic `s` for a row of contract `contract`: a probability, or the unit of
// the metric it is of (the VaR and ES are in the margin's).
std::string unit_of(const RowStatistic& s, const RunResults& results, const std::string& contract) {
  if (s.statistic == "p_loss" || s.statistic == "p_ruin") return "probability";
  const std::string& name = s.contract.empty() ? contract : s.contract;
  const std::string metric = contract_statistic(s.statistic).metric;
  for (const ContractResults& c : results.contracts)
    if (c.name == name)
      for (const Metric& m : c.metrics)
        if (m.name == metric) return m.unit;
  return "";
}

const char* comparison_text(Comparison c) {
  switch (c) {
    case Comparison::less:
      return "<";
    case Comparison::less_equal:
      return "<=";
    case Comparison::greater:
      return ">";
    case Comparison::greater_equal:
      return ">=";
  }
  return "?";
}

}  // namespace

SweepSummary::SweepSummary(const std::vector<std::string>& keys, const TableUnits& units, std::optional<RowRank> rank,
                           std::vector<RowFilter> filters)
    : keys_(keys), units_(units), rank_(std::move(rank)), filters_(std::move(filters)) {
  // A column for each statistic of --rank and --where the table does not show already.
  const auto add_extra = [&](const RowStatistic& s) {
    constexpr const char* kShown[] = {"provider_margin", "var95", "es95", "p_loss", "p_ruin", "payer_savings"};
    if (s.contract.empty() && std::find(std::begin(kShown), std::end(kShown), s.statistic) != std::end(kShown)) return;
    for (const RowStatistic& e : extra_)
      if (e.name() == s.name()) return;
    extra_.push_back(s);
  };
  if (rank_) add_extra(rank_->of);
  for (const RowFilter& f : filters_) add_extra(f.of);
}

void SweepSummary::add_point(const std::vector<std::string>& values, const RunResults& results,
                             const RunAnalysis& analysis) {
  for (std::size_t i = 0; i < results.contracts.size(); ++i) {
    const ContractResults& c = results.contracts[i];
    const ContractAnalysis& a = analysis.contracts.at(i);
    const Summary& margin = a.horizon(c, "provider_margin");
    const Summary& cash = a.horizon(c, "provider_cash_low");
    const Summary& savings = a.horizon(c, "payer_savings");
    Row row;
    row.cells = {std::to_string(points_)};
    row.cells.insert(row.cells.end(), values.begin(), values.end());
    row.cells.push_back(c.name);
    for (double x :
         {margin.get("mean"), margin.get("mc_se"), margin.get("sd"), margin.get("var95"), margin.get("es95")})
      row.cells.push_back(units_.money(x));
    for (double p : {margin.get("p_loss"), cash.get("p_loss")}) row.cells.push_back(TableUnits::probability(p));
    for (double x : {savings.get("mean"), savings.get("mc_se")}) row.cells.push_back(units_.money(x));
    for (const RowStatistic& s : extra_)
      row.cells.push_back(units_.cell(row_statistic_value(s, results, c.name), unit_of(s, results, c.name)));
    if (rank_) row.criteria.push_back(row_statistic_value(rank_->of, results, c.name));
    for (const RowFilter& f : filters_) row.criteria.push_back(row_statistic_value(f.of, results, c.name));
    rows_.push_back(std::move(row));
  }
  ++points_;
}

std::string SweepSummary::render() const {
  std::vector<TextTable::Column> columns = {{"point", TextTable::Align::right}};
  for (const std::string& key : keys_) columns.push_back({key, TextTable::Align::right});
  columns.push_back({"contract", TextTable::Align::left});
  for (const char* header :
       {"margin", "+- SE", "margin SD", "VaR95", "ES95", "P(loss)", "P(ruin)", "payer savings", "+- SE"})
    columns.push_back({header, TextTable::Align::right});
  for (const RowStatistic& s : extra_) columns.push_back({s.name(), TextTable::Align::right});
  TextTable table(std::move(columns));

  // Filter, then a stable sort: the rows of a point ranked by one contract's statistic share
  // their value and stay together, in contract order; rows without the value go last.
  const std::size_t first_filter = rank_ ? 1 : 0;
  std::vector<const Row*> shown;
  for (const Row& row : rows_) {
    bool accepted = true;
    for (std::size_t f = 0; f < filters_.size(); ++f)
      accepted = accepted && filters_[f].accepts(row.criteria[first_filter + f]);
    if (accepted) shown.push_back(&row);
  }
  if (rank_) {
    const bool ascending = rank_->ascending;
    std::stable_sort(shown.begin(), shown.end(), [&](const Row* a, const Row* b) {
      const double x = a->criteria[0], y = b->criteria[0];
      if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
      return ascending ? x < y : x > y;
    });
  }
  for (const Row* row : shown) table.add_row(row->cells);

  std::string out = "\nProvider and payer over the performance years, per point (sums; " + units_.money_label() +
                    "; mean +- Monte Carlo SE)\n";
  out += shown.empty() ? "  (no row satisfies --where)\n" : table.render();
  out +=
      "VaR95/ES95: loss of horizon margin at 95% (positive = loss); P(ruin): cash below zero at a month end;\n"
      "every point runs the same replications with the same seed (common random numbers), so differences\n"
      "between points are paired: pmsim compare on the file gives their SEs.\n";
  if (rank_)
    out += "Ranked by " + rank_->of.name() + (rank_->ascending ? ", lowest first" : ", highest first") +
           (rank_->of.contract.empty() ? "" : " (a point's rows together)") + ".\n";
  if (!filters_.empty()) {
    out += "Shown: " + std::to_string(shown.size()) + " of " + std::to_string(rows_.size()) + " rows, where";
    for (std::size_t f = 0; f < filters_.size(); ++f)
      out += std::string(f ? " and " : " ") + filters_[f].of.name() + " " + comparison_text(filters_[f].comparison) +
             " " + shortest_number(filters_[f].value);
    out += ".\n";
  }
  return out;
}

}  // namespace pmsim
