//! \file scenario_numbers.cpp
//! Numbers written as maps: distributions and schedules by performance year.

#include "scenario/scenario_numbers.h"

#include <algorithm>
#include <cctype>

#include "random/parameter_distribution.h"

namespace pmsim::scenario_parser {

//! A map whose keys are all integers: a schedule by year ({1: ..., 3: ...}).
bool has_year_keys(const YAML::Node& node) {
  if (!node.IsMap() || node.size() == 0) return false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
    if (k.empty() ||
        !std::all_of(k.begin(), k.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return false;
  }
  return true;
}

bool is_number_map(const YAML::Node& node) { return node.IsMap() && (node["distribution"] || has_year_keys(node)); }

//! Reads a schedule by performance year, {year: value, ...}: years 1..`years`, each once, year
//! 1 required; values plain numbers in `range`. Returns false after reporting what is wrong.
bool read_year_schedule(Diagnostics& diag, const Value& v, const Range& range, int years, YearSchedule& schedule) {
  schedule = YearSchedule{v.path, {}};
  bool ok = true;
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const Value year_key = yaml::inner_value(v, it->first, v.path);
    std::int64_t year = 0;
    if (!yaml::read_integer(diag, year_key, 1, years, year)) {
      ok = false;
      continue;
    }
    const Value value = yaml::inner_value(v, it->second, v.path + "[year " + std::to_string(year) + "]");
    double x = 0;
    if (!yaml::read_plain_number(diag, value, range, x, "(a schedule's values are fixed)")) {
      ok = false;
      continue;
    }
    for (const auto& [y, _] : schedule.values)
      if (y == year) {
        diag.error(year_key.mark, v.path, "year " + std::to_string(year) + " given twice");
        ok = false;
      }
    schedule.values.emplace_back(static_cast<int>(year), x);
  }
  if (!ok) return false;
  std::sort(schedule.values.begin(), schedule.values.end());
  if (schedule.values.front().first != 1) {
    diag.error(v.mark, v.path, "a schedule must give performance year 1 (each value holds until the next year given)");
    return false;
  }
  return true;
}

//! The value of a schedule in performance year `year` (1-based): the last one given at or before it.
double scheduled_value(const YearSchedule& schedule, int year) {
  double value = schedule.values.front().second;
  for (const auto& [y, x] : schedule.values)
    if (y <= year) value = x;
  return value;
}

bool read_values_by_year(Diagnostics& diag, const Value& v, const Range& range, int years, double& year1,
                         std::vector<double>& by_year) {
  YearSchedule schedule;
  if (!read_year_schedule(diag, v, range, years, schedule)) return false;
  year1 = scheduled_value(schedule, 1);
  for (int year = 1; year <= years; ++year) by_year.push_back(scheduled_value(schedule, year));
  return true;
}

bool ScenarioNumbers::resolve(Diagnostics& diag, const Value& v, const Range& range, double& out) {
  // The net for what the checks did not foresee: an exception of a dependency (yaml-cpp,
  // Boost.Math) becomes a message at the key.
  try {
    return resolve_map(diag, v, range, out);
  } catch (const std::exception& e) {
    diag.error(v.mark, v.path, std::string("cannot be read (please report this): ") + e.what());
    return false;
  }
}

bool ScenarioNumbers::resolve_map(Diagnostics& diag, const Value& v, const Range& range, double& out) {
  if (v.node["distribution"]) return read_distribution(diag, v, range, out);
  if (has_year_keys(v.node)) return read_schedule(diag, v, range, out);
  const std::string distribution = "a distribution ({distribution: normal, mean: ..., sd: ...})";
  diag.error(
      v.mark, v.path,
      "expected a number " + range.describe() +
          (is_contract_term(v.path) ? ", " + distribution + " or a schedule by performance year ({1: ..., 3: ...})"
                                    : " or " + distribution) +
          ", got a map");
  return false;
}

bool ScenarioNumbers::read_distribution(Diagnostics& diag, const Value& v, const Range& range, double& out) {
  MapReader m(diag, v);
  static const std::vector<std::string> kinds = {"normal", "lognormal", "gamma", "beta", "uniform", "triangular"};
  int kind = -1;
  if (!m.choice("distribution", kind, kinds, Need::required)) {
    for (const char* k : {"mean", "sd", "mode", "min", "max"}) m.accept(k);
    m.finish();
    return false;
  }
  DistributionSpec d;
  d.kind = static_cast<DistributionKind>(kind);
  const bool by_bounds = d.kind == DistributionKind::uniform || d.kind == DistributionKind::triangular;
  const Range any = Range::closed(-1e300, 1e300);
  constexpr std::string_view inside = "(a distribution's parameters are fixed)";
  bool ok = true;
  if (!by_bounds) {
    ok &= m.plain_number("mean", d.mean, any, inside, Need::required);
    ok &= m.plain_number("sd", d.sd, Range::closed(0, 1e300), inside, Need::required);
  }
  if (d.kind == DistributionKind::triangular) ok &= m.plain_number("mode", d.mode, any, inside, Need::required);
  const Need bounds = by_bounds ? Need::required : Need::optional;
  ok &= m.plain_number("min", d.min, any, inside, bounds);
  ok &= m.plain_number("max", d.max, any, inside, bounds);
  m.finish();
  if (!ok) return false;
  if (const std::string problem = distribution_problem(d); !problem.empty()) {
    diag.error(v.mark, v.path, problem);
    return false;
  }
  const double outside = mass_outside(d, range.lo, range.hi);
  if (outside > 1e-9) {
    diag.error(v.mark, v.path,
               "the distribution puts " + yaml::format_number(outside) +
                   " of its probability outside the accepted values (must be " + range.describe() +
                   "); give min and max within them");
    return false;
  }
  // The accepted range truncates what is left (at most 1e-9 of the probability).
  d.min = std::max(d.min, range.lo);
  d.max = std::min(d.max, range.hi);
  // Every draw lies between the quantiles at the stream's extreme uniforms: both must be
  // numbers the key accepts (an open bound, such as > 0, is not reached by the clamp above).
  if (const auto [lowest, highest] = draw_reach(d); !range.contains(lowest) || !range.contains(highest)) {
    diag.error(v.mark, v.path,
               "the distribution's draws reach " + yaml::format_number(lowest) + " to " + yaml::format_number(highest) +
                   ", outside the accepted values (must be " + range.describe() +
                   "); give min and max within them, or a smaller sd");
    return false;
  }
  const double nominal = nominal_value(d);
  if (!range.contains(nominal)) {
    diag.error(v.mark, v.path,
               "the distribution's mean must be " + range.describe() + ", got " + yaml::format_number(nominal));
    return false;
  }
  uncertain.push_back({v.path, d, {v.path}});
  out = nominal;
  return true;
}

bool ScenarioNumbers::read_schedule(Diagnostics& diag, const Value& v, const Range& range, double& out) {
  if (!is_contract_term(v.path)) {
    diag.error(v.mark, v.path,
               "a schedule by year ({1: ..., 3: ...}) is accepted for contract terms and payers' shares only; "
               "a number " +
                   range.describe() + " or a distribution is expected here");
    return false;
  }
  YearSchedule schedule;
  if (!read_year_schedule(diag, v, range, years_, schedule)) return false;
  out = scheduled_value(schedule, std::max(year_, 1));
  schedules.push_back(std::move(schedule));
  return true;
}

}  // namespace pmsim::scenario_parser
