#pragma once
//! \file solve.h
//! The value of one scenario key at which a statistic of a contract's horizon result hits a
//! target (pmsim solve): "what PMPM keeps our chance of a loss under 10%?". Every trial value
//! runs the same replications with the same seed (common random numbers), so the statistic is
//! a deterministic function of the key and the search is a root search on it: the bracket
//! [LO, HI] kept, each new trial by the Illinois method (regula falsi that halves the weight of
//! an end kept twice), until the statistic is within a tenth of its Monte Carlo SE of the
//! target or the bracket is a thousandth of its first width.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "results/results.h"

namespace pmsim {

//! CONTRACT.STATISTIC=VALUE: `p_loss`, `var95`, `es95`, `var99`, `es99` of the contract's
//! horizon provider_margin, `p_ruin` (the share of replications whose cash went below zero:
//! provider_cash_low's p_loss), or the horizon mean of any metric of the contract
//! (`provider_margin=0` for break-even).
struct SolveTarget {
  std::string contract;
  std::string statistic;
  double value = 0;
  std::string name() const { return contract + "." + statistic; }
};

//! Bad input to the solver (a target it cannot read, a bracket that does not bracket).
class SolveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Parses "CONTRACT.STATISTIC=VALUE"; throws SolveError saying what is accepted.
SolveTarget parse_solve_target(const std::string& text);
//! Throws SolveError naming the accepted contracts or metrics when `results` lacks them.
void check_solve_target(const SolveTarget& target, const RunResults& results);

//! The target's statistic of `results` (all its replications).
double solve_statistic(const RunResults& results, const SolveTarget& target);
//! Its Monte Carlo SE (analysis/contract_statistic.h: the binomial SE of a probability, the
//! asymptotic SE of a quantile or a tail mean, sd / sqrt(n) of a mean).
double solve_statistic_se(const RunResults& results, const SolveTarget& target);

struct SolveTrial {
  double key = 0;        //!< the key's value
  double statistic = 0;  //!< the statistic there, on the common replications
  double se = 0;         //!< its SE (solve_statistic_se)
};

struct SolveOutcome {
  std::vector<SolveTrial> trials;  //!< in the order run
  double value = 0;                //!< the solution
  //! Its Monte Carlo SE: the statistic's SE at the solution over the slope of the statistic
  //! there (the secant of the two trials nearest the solution on either side whose statistics
  //! differ by at least 4 SEs, else of LO and HI).
  double se = 0;
  bool converged = false;  //!< false: stopped at the trial limit with the bracket not closed
};

//! Called with each trial as it is run and its number (1-based), for a caller that shows them.
using TrialReport = std::function<void(const SolveTrial& trial, std::size_t number)>;

//! Searches [lo, hi] for the key value at which `run(value)`'s statistic is the target.
//! Throws SolveError when the target is not between the statistic at lo and at hi.
SolveOutcome solve_key(const std::function<RunResults(double)>& run, double lo, double hi, const SolveTarget& target,
                       const TrialReport& report = {}, int max_trials = 30);

}  // namespace pmsim
