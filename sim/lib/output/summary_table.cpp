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

std::string format_summary_table(const RunResults& r, const RunAnalysis& a) {
  const double scale = 1e6;  // table in USD millions
  std::string out = printf_string(
      "\nProvider and payer over the %d performance years (sums; USD millions; mean +- Monte Carlo SE)\n", r.years);
  int width = 8;
  for (const auto& c : r.contracts) width = std::max(width, static_cast<int>(c.name.size()));
  out += printf_string("%-*s %19s %19s %9s %9s %9s %8s %8s %19s %19s\n", width, "contract", "revenue", "margin",
                       "margin SD", "VaR95", "ES95", "P(loss)", "P(ruin)", "payer spend", "payer savings");
  for (std::size_t i = 0; i < r.contracts.size(); ++i) {
    const ContractResults& c = r.contracts[i];
    const ContractAnalysis& ca = a.contracts.at(i);
    const Summary& revenue = ca.horizon(c, "provider_revenue");
    const Summary& margin = ca.horizon(c, "provider_margin");
    const Summary& payer = ca.horizon(c, "payer_spend");
    const Summary& cash = ca.horizon(c, "provider_cash_low");
    const Summary& savings = ca.horizon(c, "payer_savings");
    auto mean_se = [&](const Summary& x) {
      return printf_string("%9.3f +- %6.3f", x.get("mean") / scale, x.get("mc_se") / scale);
    };
    out += printf_string("%-*s %19s %19s %9.3f %9.3f %9.3f %8.4f %8.4f %19s %19s\n", width, c.name.c_str(),
                         mean_se(revenue).c_str(), mean_se(margin).c_str(), margin.get("sd") / scale,
                         margin.get("var95") / scale, margin.get("es95") / scale, margin.get("p_loss"),
                         cash.get("p_loss"), mean_se(payer).c_str(), mean_se(savings).c_str());
  }
  out +=
      "VaR95/ES95: loss of horizon margin at 95% (positive = loss); P(ruin): cash below zero at a month end;\n"
      "payer savings: FFS payer spend - payer spend on the same simulated claims (paired; its own SE).\n";
  if (r.contracts.empty() || r.contracts.front().twins.empty()) return out;
  out += printf_string("\nRisk of the horizon margin that a larger panel would not diversify (USD millions)\n");
  out += printf_string("%-*s %10s %14s %16s %18s\n", width, "contract", "total SD", "systematic SD", "idiosyncratic SD",
                       "systematic share");
  for (std::size_t i = 0; i < r.contracts.size(); ++i) {
    const ContractResults& c = r.contracts[i];
    const VarianceSplit& v = a.contracts.at(i).decompositions.at(0).back();  // provider_margin's twin, horizon
    const auto sd = [&](double variance) { return std::sqrt(std::max(0.0, variance)) / scale; };
    out += printf_string("%-*s %10.3f %14.3f %16.3f %9.3f +- %5.3f\n", width, c.name.c_str(), sd(v.total),
                         sd(v.systematic), sd(v.idiosyncratic), v.systematic_share,
                         v.total > 0 ? v.systematic_se / v.total : 0.0);
  }
  out +=
      "systematic: shocks and uncertain parameters, shared by every member (Cov of each replication with a twin\n"
      "panel of new members under the same draws); idiosyncratic: the rest, which shrinks as the panel grows.\n";
  return out;
}

}  // namespace pmsim
