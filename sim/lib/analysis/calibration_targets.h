#pragma once
//! \file calibration_targets.h
//! The published figures a population is calibrated to (docs/calibration.md), as
//! sets of targets, one per kind of population: Medicare fee-for-service beneficiaries 65+,
//! and the US civilian population of MEPS 2019 (all ages and payers). A panel is held to the
//! set of the population it stands for: chosen by its age bands unless named.
//!
//! A target passes when the simulated value agrees with the published figure within 4
//! standard errors of their difference: the simulation's Monte Carlo SE, and the published
//! figure's own uncertainty, which is its band where the source gives one (docs/calibration.md's
//! Medicare bands: the value must lie in it, give or take 4 simulation SEs), or else the
//! sampling SE of a survey of its size plus the rounding of the published figure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/calibration.h"
#include "config/scenario.h"

namespace pmsim {

struct CalibrationTarget {
  std::string label;  //!< "share of spending, top 1%"
  CalibrationStatistic statistic;
  double published = 0;                       //!< the figure as published
  std::optional<double> band_low, band_high;  //!< the published band, when the source gives one
  double rounding = 0;                        //!< half the unit the figure is rounded to (about 14%: 0.005)
  std::string source;                         //!< what was published, in words
};

//! A statistic printed without a target (an outcome of the model, or a figure only implied).
struct CalibrationOutcome {
  std::string label;
  CalibrationStatistic statistic;
  std::string note;  //!< e.g. "about 1.00 at entry", "" when nothing is published
};

struct CalibrationTargetSet {
  std::string name;   //!< medicare_ffs, meps_2019
  std::string title;  //!< the population and the sources
  //! Persons in the survey the figures come from, whose sampling error is the figures' own
  //! (0 when the figures have bands instead).
  std::int64_t survey_sample = 0;
  std::vector<CalibrationTarget> targets;
  std::vector<CalibrationOutcome> outcomes;
};

//! Every target set, by name.
const std::vector<CalibrationTargetSet>& calibration_target_sets();
//! The set named `name`, or nullptr.
const CalibrationTargetSet* find_calibration_target_set(const std::string& name);
//! The set of the population the panel stands for: Medicare FFS when at least half of it
//! (by age-band share) is 65 or older, else the general population (MEPS, all ages).
const CalibrationTargetSet& default_calibration_target_set(const PopulationConfig& population);

//! How far 4 SEs reach, and the verdict.
constexpr double kCalibrationSeMultiple = 4.0;

struct TargetCheck {
  const CalibrationTarget* target = nullptr;
  double simulated = 0;
  double simulation_se = 0;  //!< NaN when the population is too small for two batches
  double published_se = 0;   //!< survey sampling SE and rounding (0 for a banded target)
  double low = 0, high = 0;  //!< the accepted range
  bool checked = false;      //!< false without SEs (too few members)
  bool pass = false;
};

//! The report's statistics against each target of `set`. The report's batches should be of
//! the set's survey size (compute_calibration's batch_size) for the survey SE to be exact.
std::vector<TargetCheck> check_targets(const CalibrationReport& report, const CalibrationTargetSet& set);

//! The report for `pmsim calibrate`: each target with the simulated value, its SE, the
//! published figure and its uncertainty, the accepted range and the verdict, then the
//! statistics without a target. `why` says how the set was chosen.
std::string format_calibration(const CalibrationReport& report, const CalibrationTargetSet& set,
                               const std::string& why);

}  // namespace pmsim
