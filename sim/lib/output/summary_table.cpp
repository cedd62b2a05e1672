#include "output/summary_table.h"

#include "output/text_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace pmsim {

namespace {

std::string printf_string(const char* format, auto... args) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, args...);
  return buffer;
}

}  // namespace

std::string format_run_header(const RunResults& r, const std::string& output_path, double seconds, int threads) {
  const auto& s = r.scenario;
  const double patient_years = static_cast<double>(s.population.size) * r.replications *
                               (s.simulation.warmup_years + r.baseline_years + r.years);
  std::string out = printf_string(
      "pmsim: scenario '%s': %lld replications x (%d warm-up + %d baseline + %d performance) years x %lld members, "
      "seed %llu\n",
      s.simulation.name.c_str(), static_cast<long long>(r.replications), s.simulation.warmup_years, r.baseline_years,
      r.years, static_cast<long long>(s.population.size), static_cast<unsigned long long>(s.simulation.seed));
  out += printf_string("pmsim: %s on %d threads (%.2f M patient-years/s); results in %s\n",
                       readable_duration(seconds).c_str(), threads, seconds > 0 ? patient_years / seconds / 1e6 : 0.0,
                       output_path.c_str());
  return out;
}

std::string format_summary_table(const RunResults& r, const RunAnalysis& a, const TableUnits& units) {
  const double scale = units.divisor();
  // Columns wide enough for whole USD when the table is not in millions.
  const bool usd = scale == 1.0;
  const int amount = usd ? 13 : 9, se = usd ? 10 : 6;
  const int digits = usd ? 0 : 3;
  std::string out =
      printf_string("\nProvider and payer over the %d performance years (sums; %s; mean +- Monte Carlo SE)\n", r.years,
                    units.money_label().c_str());
  int width = 8;
  for (const auto& c : r.contracts) width = std::max(width, static_cast<int>(c.name.size()));
  const int pair = amount + se + 4;
  out += printf_string("%-*s %*s %*s %*s %*s %*s %8s %8s %*s %*s\n", width, "contract", pair, "revenue", pair, "margin",
                       amount, "margin SD", amount, "VaR95", amount, "ES95", "P(loss)", "P(ruin)", pair, "payer spend",
                       pair, "payer savings");
  for (std::size_t i = 0; i < r.contracts.size(); ++i) {
    const ContractResults& c = r.contracts[i];
    const ContractAnalysis& ca = a.contracts.at(i);
    const Summary& revenue = ca.horizon(c, "provider_revenue");
    const Summary& margin = ca.horizon(c, "provider_margin");
    const Summary& payer = ca.horizon(c, "payer_spend");
    const Summary& cash = ca.horizon(c, "provider_cash_low");
    const Summary& savings = ca.horizon(c, "payer_savings");
    auto mean_se = [&](const Summary& x) {
      return printf_string("%*.*f +- %*.*f", amount, digits, x.get("mean") / scale, se, digits, x.get("mc_se") / scale);
    };
    out += printf_string("%-*s %s %s %*.*f %*.*f %*.*f %8.4f %8.4f %s %s\n", width, c.name.c_str(),
                         mean_se(revenue).c_str(), mean_se(margin).c_str(), amount, digits, margin.get("sd") / scale,
                         amount, digits, margin.get("var95") / scale, amount, digits, margin.get("es95") / scale,
                         margin.get("p_loss"), cash.get("p_loss"), mean_se(payer).c_str(), mean_se(savings).c_str());
  }
  out +=
      "VaR95/ES95: loss of horizon margin at 95% (positive = loss); P(ruin): cash below zero at a month end;\n"
      "payer savings: FFS payer spend - payer spend on the same simulated claims (paired; its own SE).\n";
  if (r.contracts.empty() || r.contracts.front().twins.empty()) return out;
  out += printf_string("\nRisk of the horizon margin that a larger panel would not diversify (%s)\n",
                       units.money_label().c_str());
  out += printf_string("%-*s %*s %14s %16s %18s\n", width, "contract", amount + 1, "total SD", "systematic SD",
                       "idiosyncratic SD", "systematic share");
  for (std::size_t i = 0; i < r.contracts.size(); ++i) {
    const ContractResults& c = r.contracts[i];
    const VarianceSplit& v = a.contracts.at(i).decompositions.at(0).back();  // provider_margin's twin, horizon
    const auto sd = [&](double variance) { return std::sqrt(std::max(0.0, variance)) / scale; };
    out += printf_string("%-*s %*.*f %14.*f %16.*f %9.3f +- %5.3f\n", width, c.name.c_str(), amount + 1, digits,
                         sd(v.total), digits, sd(v.systematic), digits, sd(v.idiosyncratic), v.systematic_share,
                         v.total > 0 ? v.systematic_se / v.total : 0.0);
  }
  out +=
      "systematic: shocks and uncertain parameters, shared by every member (Cov of each replication with a twin\n"
      "panel of new members under the same draws); idiosyncratic: the rest, which shrinks as the panel grows.\n";
  return out;
}

}  // namespace pmsim
