#pragma once
//! \file population_fit.h
//! pmsim fit: a scenario whose synthetic population reproduces a member file's statistics
//! (panel_statistics.h), found by simulating (docs/model.md, "Fitting a population to a
//! member file"). The mix (age bands, sex, prevalence by band, payer shares) is set to the
//! file's and corrected for what ageing, deaths and incidence do to it by the time of the
//! cross-section; the spending's shape (share with no claims, top shares) is fitted by the
//! frailty shape and multipliers of utilisation and of the severity CVs, least squares in SE
//! units; the fee level then makes the mean exact. Every evaluation simulates the same
//! members with the same streams (common random numbers), so the search sees a smooth surface.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "analysis/panel_comparison.h"
#include "config/member_panel.h"
#include "config/scenario.h"

namespace pmsim {

//! A member file or base scenario the fit cannot work with (bad input: exit 2).
class FitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FitOptions {
  std::int64_t members = 200000;  //!< simulated members of each evaluation
  std::uint32_t replication = 0;  //!< whose streams every evaluation uses
  int year = 1;                   //!< the cross-section: 0-based year after the warm-up (pmsim calibrate's)
  int cycles = 2;                 //!< rounds of the search over the spending's parameters
};

//! What the fit found: the frailty shape, and multipliers of the base scenario's values.
struct FitParameters {
  double frailty_shape = 1;
  double utilization = 1;  //!< of every age band's utilisation
  double severity = 1;     //!< of every severity CV
  double fees = 1;         //!< of every fee and unit cost
};

struct FitResult {
  Scenario scenario;  //!< the base with the fitted population (and no member file)
  PanelLayout layout;
  PanelStatistics file;
  PanelComparison fitted;  //!< the fitted scenario's simulated statistics against the file's
  FitParameters parameters;
  int evaluations = 0;  //!< simulations run
};

//! Fits the population of `base` to `panel` (read against `base`'s schema). Uses all cores.
//! Throws FitError when the file has no claims or a value the fit sets is uncertain in `base`.
FitResult fit_population(const Scenario& base, const MemberPanel& panel, const FitOptions& options);

//! The scenario that is compared with a member file: `s` without its member file, at the
//! fees and rates of the year before its first simulated year (a member file's year) and
//! without trend, with `members` slots and its cross-section `year` (calibration_scenario).
Scenario member_file_comparison_scenario(const Scenario& s, std::int64_t members, int year);

}  // namespace pmsim
