//! \file panel_comparison.cpp
//! A simulated panel against a member file, statistic by statistic (panel_comparison.h).

#include "analysis/panel_comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tbb/parallel_for.h>

#include "analysis/calibration_targets.h"
#include "util/text_table.h"

namespace pmsim {

namespace {

std::string number(double x, double like) {
  if (!std::isfinite(x)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, std::abs(like) >= 100 ? "%.0f" : "%.4f", x);
  return text;
}

}  // namespace

std::size_t PanelComparison::failures() const {
  return static_cast<std::size_t>(
      std::count_if(checks.begin(), checks.end(), [](const PanelCheck& c) { return c.checked && !c.pass; }));
}

PanelComparison compare_panel(const PanelLayout& layout, const PanelStatistics& file, std::int64_t file_members,
                              std::span<const PanelMemberYear> simulated) {
  PanelComparison out;
  out.simulated_members = static_cast<std::int64_t>(simulated.size());
  out.file_members = file_members;
  out.simulated = panel_statistics(layout, simulated);
  // Consecutive simulated members are independent draws of the same population, so the
  // spread of a statistic over batches of them is its sampling SD at the batch's size.
  out.batch_size = std::max<std::int64_t>(1, std::min(file_members, out.simulated_members / 10));
  out.batches = out.simulated_members / out.batch_size;
  std::vector<std::vector<double>> batches(static_cast<std::size_t>(out.batches));
  tbb::parallel_for(std::int64_t{0}, out.batches, [&](std::int64_t b) {
    batches[static_cast<std::size_t>(b)] =
        panel_statistics(layout, simulated.subspan(static_cast<std::size_t>(b * out.batch_size),
                                                   static_cast<std::size_t>(out.batch_size)))
            .values();
  });
  const std::vector<std::string> labels = panel_statistic_labels(layout);
  const std::vector<double> file_values = file.values(), simulated_values = out.simulated.values();
  for (std::size_t i = 0; i < labels.size(); ++i) {
    PanelCheck c;
    c.label = labels[i];
    c.file = file_values[i];
    c.simulated = simulated_values[i];
    // The batch SD of the statistic (batches where it is defined: a band may be empty in some).
    double sum = 0, squares = 0, n = 0;
    for (const auto& b : batches)
      if (std::isfinite(b[i])) {
        sum += b[i];
        squares += b[i] * b[i];
        n += 1;
      }
    const double sd = n >= 2 ? std::sqrt(std::max(0.0, (squares - sum * sum / n) / (n - 1))) : NAN;
    const auto scaled = [&](double members) { return sd * std::sqrt(static_cast<double>(out.batch_size) / members); };
    c.simulation_se = scaled(static_cast<double>(out.simulated_members));
    c.file_se = scaled(static_cast<double>(file_members));
    const double reach = kCalibrationSeMultiple * std::hypot(c.simulation_se, c.file_se);
    c.low = c.file - reach;
    c.high = c.file + reach;
    c.checked = std::isfinite(c.file) && std::isfinite(c.simulated) && std::isfinite(reach);
    // An exact tie passes a zero-width range (a share of 0 in both, say).
    c.pass = c.checked && c.simulated >= c.low && c.simulated <= c.high;
    out.checks.push_back(c);
  }
  return out;
}

std::string format_panel_comparison(const PanelComparison& r) {
  char line[320];
  std::snprintf(line, sizeof line,
                "%lld simulated members against the file's %lld; SEs from %lld batches of %lld simulated members\n",
                static_cast<long long>(r.simulated_members), static_cast<long long>(r.file_members),
                static_cast<long long>(r.batches), static_cast<long long>(r.batch_size));
  std::string out = line;
  TextTable table({{"statistic", TextTable::Align::left},
                   {"file"},
                   {"its SE"},
                   {"simulated"},
                   {"MC SE"},
                   {"accepted"},
                   {"verdict", TextTable::Align::left}});
  std::size_t passed = 0, checked = 0;
  std::string missed;
  for (const PanelCheck& c : r.checks) {
    passed += c.pass;
    checked += c.checked;
    if (c.checked && !c.pass) missed += (missed.empty() ? "" : ", ") + c.label;
    const double like = std::isfinite(c.file) ? c.file : c.simulated;
    table.add_row({c.label, number(c.file, like), number(c.file_se, like), number(c.simulated, like),
                   number(c.simulation_se, like), c.checked ? number(c.low, like) + " to " + number(c.high, like) : "-",
                   !c.checked ? "not defined"
                   : c.pass   ? "pass"
                              : "MISSED"});
  }
  out += table.render("  ");
  std::snprintf(line, sizeof line, "%zu of %zu statistics agree", passed, checked);
  out += line;
  out += (missed.empty() ? std::string() : "; missed: " + missed) + "\n";
  out +=
      "accepted: file +- 4 x sqrt(its SE^2 + MC SE^2); its SE: the sampling SE of a panel of the file's size (SD "
      "over batches of simulated members, scaled to the file's size); not defined: no members in the band, or no "
      "conditions column in the file\n";
  return out;
}

}  // namespace pmsim
