#include "analysis/solve.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "analysis/contract_statistic.h"
#include "analysis/statistics.h"

namespace pmsim {

namespace {

std::vector<double> horizon_values_of(const RunResults& r, const SolveTarget& t) {
  return contract_horizon_values(r, t.contract, contract_statistic(t.statistic).metric);
}

}  // namespace

SolveTarget parse_solve_target(const std::string& text) {
  const std::optional<StatisticArgument> parts = split_statistic_argument(text);
  if (!parts)
    throw SolveError("--target " + text +
                     ": expected CONTRACT.STATISTIC=VALUE, STATISTIC one of p_loss, p_ruin, var95, es95, var99, es99 "
                     "or a metric of the contract (its horizon mean), e.g. global_capitation.p_loss=0.1 or "
                     "global_capitation.provider_margin=0");
  const std::optional<double> value = finite_number(parts->value);
  if (!value) throw SolveError("--target " + text + ": '" + parts->value + "' is not a finite number");
  SolveTarget t{parts->contract, parts->statistic, *value};
  if ((t.statistic == "p_loss" || t.statistic == "p_ruin") && !(t.value > 0 && t.value < 1))
    throw SolveError("--target " + text + ": a probability target must be in (0, 1), got " + parts->value);
  return t;
}

void check_solve_target(const SolveTarget& t, const RunResults& r) {
  if (const auto problem = contract_statistic_problem(r, t.contract, t.statistic))
    throw SolveError("--target " + t.contract + "." + t.statistic + ": " + *problem);
}

double solve_statistic(const RunResults& results, const SolveTarget& target) {
  return statistic_of(horizon_values_of(results, target), contract_statistic(target.statistic).column);
}

double solve_statistic_se(const RunResults& results, const SolveTarget& target) {
  return statistic_se(horizon_values_of(results, target), contract_statistic(target.statistic).column);
}

SolveOutcome solve_key(const std::function<RunResults(double)>& run, double lo, double hi, const SolveTarget& target,
                       const TrialReport& report, int max_trials) {
  SolveOutcome out;
  const auto trial = [&](double x) {
    const RunResults r = run(x);
    out.trials.push_back({x, solve_statistic(r, target), solve_statistic_se(r, target)});
    if (report) report(out.trials.back(), out.trials.size());
    return out.trials.back();
  };
  const SolveTrial low = trial(lo), high = trial(hi);
  double a = lo, b = hi, ga = low.statistic - target.value, gb = high.statistic - target.value;
  if (std::isnan(ga) || std::isnan(gb) || (ga > 0) == (gb > 0)) {
    if (ga == 0 || gb == 0) {
      out.value = ga == 0 ? lo : hi;
      out.converged = true;
      return out;
    }
    throw SolveError(target.name() + " is " + std::to_string(low.statistic) + " at " + std::to_string(lo) + " and " +
                     std::to_string(high.statistic) + " at " + std::to_string(hi) + ": the target " +
                     std::to_string(target.value) + " is not between them; widen --vary");
  }
  // Illinois: the interpolation weights (wa, wb) halve at an end kept twice in a row.
  double wa = ga, wb = gb;
  int kept = 0;  // which end the last trial replaced: +1 a, -1 b (the other end was kept)
  double solution = (a * gb - b * ga) / (gb - ga);
  while (static_cast<int>(out.trials.size()) < max_trials) {
    double x = (a * wb - b * wa) / (wb - wa);
    if (!(x > a && x < b)) x = 0.5 * (a + b);
    const SolveTrial t = trial(x);
    const double g = t.statistic - target.value;
    solution = x;
    if (g == 0 || std::abs(g) <= 0.1 * t.se) {
      out.converged = true;
      break;
    }
    if ((g > 0) == (ga > 0)) {
      a = x, ga = g, wa = g;
      if (kept == +1) wb /= 2;
      kept = +1;
    } else {
      b = x, gb = g, wb = g;
      if (kept == -1) wa /= 2;
      kept = -1;
    }
    if (b - a <= 1e-3 * (hi - lo)) {
      solution = (a * gb - b * ga) / (gb - ga);  // the last bracket's interpolation
      out.converged = true;
      break;
    }
  }
  out.value = solution;
  // The SE: the statistic's SE near the solution over the local slope.
  std::vector<SolveTrial> sorted = out.trials;
  std::sort(sorted.begin(), sorted.end(), [](const SolveTrial& p, const SolveTrial& q) { return p.key < q.key; });
  const SolveTrial& nearest =
      *std::min_element(sorted.begin(), sorted.end(), [&](const SolveTrial& p, const SolveTrial& q) {
        return std::abs(p.key - solution) < std::abs(q.key - solution);
      });
  const double se_statistic = nearest.se;
  double slope = (high.statistic - low.statistic) / (hi - lo), width = hi - lo;
  for (const SolveTrial& l : sorted)
    for (const SolveTrial& r : sorted)
      if (l.key <= solution && r.key >= solution && r.key > l.key && r.key - l.key < width &&
          std::abs(r.statistic - l.statistic) >= 4 * se_statistic) {
        width = r.key - l.key;
        slope = (r.statistic - l.statistic) / width;
      }
  out.se = slope != 0 ? se_statistic / std::abs(slope) : std::numeric_limits<double>::infinity();
  return out;
}

}  // namespace pmsim
