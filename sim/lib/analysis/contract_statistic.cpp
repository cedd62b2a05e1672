#include "analysis/contract_statistic.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "analysis/statistics.h"
#include "util/quantile.h"
#include "util/words.h"

namespace pmsim {

namespace {

constexpr const char* kMarginStatistics[] = {"p_loss", "var95", "es95", "var99", "es99"};

// The tail share t of a VaR or ES column: 0.05 for var95 and es95, 0.01 for var99 and es99.
double tail_share(const std::string& column) { return column.ends_with("95") ? 0.05 : 0.01; }

}  // namespace

bool is_tail_statistic(const std::string& name) {
  return name == "p_ruin" ||
         std::find(std::begin(kMarginStatistics), std::end(kMarginStatistics), name) != std::end(kMarginStatistics);
}

ContractStatistic contract_statistic(const std::string& name) {
  if (name == "p_ruin") return {"provider_cash_low", "p_loss"};
  if (is_tail_statistic(name)) return {"provider_margin", name};
  return {name, "mean"};
}

double statistic_of(std::span<const double> values, const std::string& column) { return summarize(values).get(column); }

double statistic_se(std::span<const double> values, const std::string& column) {
  const std::size_t n = values.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const Summary s = summarize(values);
  const double dn = static_cast<double>(n);
  if (column == "mean") return s.get("mc_se");
  if (column == "p_loss") {
    const double p = s.get("p_loss");
    return std::sqrt(p * (1 - p) / dn);
  }
  std::vector<double> x(values.begin(), values.end());
  std::sort(x.begin(), x.end());
  const double t = tail_share(column);
  if (column.starts_with("var")) {
    // The order statistics one binomial SD either side of the quantile: q_t's SE is about half
    // the distance between them, (Q(t + h) - Q(t - h)) / 2 with h = sqrt(t (1 - t) / n).
    const double h = std::sqrt(t * (1 - t) / dn);
    const double below = std::max(0.0, t - h), above = std::min(1.0, t + h);
    return (sorted_quantile(x, above) - sorted_quantile(x, below)) / (above - below) * h;
  }
  // ES: the k smallest values.
  const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(dn * t)));
  double mean = 0;
  for (std::size_t i = 0; i < k; ++i) mean += x[i];
  mean /= static_cast<double>(k);
  double squares = 0;
  for (std::size_t i = 0; i < k; ++i) squares += (x[i] - mean) * (x[i] - mean);
  const double variance = k > 1 ? squares / static_cast<double>(k - 1) : 0.0;
  const double gap = x[k - 1] - mean;
  return std::sqrt((variance + (1 - t) * gap * gap) / (dn * t));
}

std::optional<StatisticArgument> split_statistic_argument(const std::string& text) {
  const auto equals = text.find('=');
  const auto dot = text.substr(0, equals).rfind('.');
  if (equals == std::string::npos || dot == std::string::npos || dot == 0 || dot + 1 >= equals) return std::nullopt;
  return StatisticArgument{text.substr(0, dot), text.substr(dot + 1, equals - dot - 1), text.substr(equals + 1)};
}

std::optional<double> finite_number(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

namespace {

std::vector<std::string> names_of(const auto& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

// "; did you mean 'x'?" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
  const auto suggestion = suggest(word, names);
  return suggestion ? "; did you mean '" + *suggestion + "'?" : "";
}

}  // namespace

std::optional<std::string> contract_statistic_problem(const RunResults& layout, const std::string& contract,
                                                      const std::string& statistic) {
  const std::vector<std::string> contracts = names_of(layout.contracts);
  const auto c = std::find(contracts.begin(), contracts.end(), contract);
  if (c == contracts.end())
    return "no contract '" + contract + "' in the scenario" + did_you_mean(contract, contracts) +
           " (accepted: " + join(contracts) + ")";
  std::vector<std::string> metrics = names_of(layout.contracts[c - contracts.begin()].metrics);
  if (std::find(metrics.begin(), metrics.end(), contract_statistic(statistic).metric) != metrics.end())
    return std::nullopt;
  for (const char* tail : {"p_loss", "p_ruin", "var95", "es95", "var99", "es99"}) metrics.emplace_back(tail);
  return "contract '" + contract + "' has no metric or statistic '" + statistic + "'" +
         did_you_mean(statistic, metrics) + " (accepted: " + join(metrics) + ")";
}

std::vector<double> contract_horizon_values(const RunResults& results, const std::string& contract,
                                            const std::string& metric) {
  const Metric& m = results.contract(contract).metric(metric);
  std::vector<double> values(static_cast<std::size_t>(m.values.rows));
  for (std::int64_t i = 0; i < m.values.rows; ++i) values[static_cast<std::size_t>(i)] = horizon_value(m, i);
  return values;
}

}  // namespace pmsim
