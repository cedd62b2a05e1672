#include "analysis/sweep_selection.h"

#include <cmath>
#include <limits>

#include "analysis/contract_statistic.h"

namespace pmsim {

namespace {

// "cap.p_loss" -> {cap, p_loss}; "p_loss" -> {"", p_loss}. Statistics and metrics have no '.',
// contract names may.
RowStatistic split_row_statistic(const std::string& text, const std::string& where) {
  const auto dot = text.rfind('.');
  RowStatistic s =
      dot == std::string::npos ? RowStatistic{"", text} : RowStatistic{text.substr(0, dot), text.substr(dot + 1)};
  if (s.statistic.empty() || (dot != std::string::npos && s.contract.empty()))
    throw SweepSelectionError(where + ": expected [CONTRACT.]STATISTIC (e.g. cap.p_loss or provider_margin)");
  return s;
}

bool lower_is_better(const std::string& statistic) { return is_tail_statistic(statistic); }

}  // namespace

bool RowFilter::accepts(double x) const {
  switch (comparison) {
    case Comparison::less:
      return x < value;
    case Comparison::less_equal:
      return x <= value;
    case Comparison::greater:
      return x > value;
    case Comparison::greater_equal:
      return x >= value;
  }
  return false;
}

RowRank parse_row_rank(const std::string& argument) {
  const std::string where = "--rank " + argument;
  std::string text = argument;
  std::optional<bool> ascending;
  if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    const std::string order = text.substr(colon + 1);
    if (order != "asc" && order != "desc")
      throw SweepSelectionError(where + ": the order after ':' must be asc or desc, got '" + order + "'");
    ascending = order == "asc";
    text.resize(colon);
  }
  RowRank rank{split_row_statistic(text, where), true};
  rank.ascending = ascending.value_or(lower_is_better(rank.of.statistic));
  return rank;
}

RowFilter parse_row_filter(const std::string& argument) {
  const std::string where = "--where " + argument;
  const auto op = argument.find_first_of("<>");
  if (op == std::string::npos)
    throw SweepSelectionError(where + ": expected [CONTRACT.]STATISTIC<VALUE (<, <=, > or >=; e.g. 'cap.p_loss<0.1')");
  RowFilter filter;
  const bool or_equal = op + 1 < argument.size() && argument[op + 1] == '=';
  if (argument[op] == '<')
    filter.comparison = or_equal ? Comparison::less_equal : Comparison::less;
  else
    filter.comparison = or_equal ? Comparison::greater_equal : Comparison::greater;
  filter.of = split_row_statistic(argument.substr(0, op), where);
  const std::string value = argument.substr(op + (or_equal ? 2 : 1));
  const std::optional<double> number = finite_number(value);
  if (!number)
    throw SweepSelectionError(where + ": the value after the comparison must be a finite number, got '" + value + "'");
  filter.value = *number;
  return filter;
}

void check_row_statistic(const RowStatistic& s, const RunResults& layout, const std::string& option) {
  const std::string where = option + " " + s.name();
  if (!s.contract.empty()) {
    if (const auto problem = contract_statistic_problem(layout, s.contract, s.statistic))
      throw SweepSelectionError(where + ": " + *problem);
    return;
  }
  std::optional<std::string> first_problem;
  for (const ContractResults& c : layout.contracts) {
    const auto problem = contract_statistic_problem(layout, c.name, s.statistic);
    if (!problem) return;
    if (!first_problem) first_problem = problem;
  }
  throw SweepSelectionError(where + ": no contract has it" + (first_problem ? " (" + *first_problem + ")" : ""));
}

double row_statistic_value(const RowStatistic& s, const RunResults& results, const std::string& row_contract) {
  const std::string& contract = s.contract.empty() ? row_contract : s.contract;
  if (contract_statistic_problem(results, contract, s.statistic)) return std::numeric_limits<double>::quiet_NaN();
  const ContractStatistic statistic = contract_statistic(s.statistic);
  return statistic_of(contract_horizon_values(results, contract, statistic.metric), statistic.column);
}

}  // namespace pmsim
