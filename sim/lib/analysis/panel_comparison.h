#pragma once
//! \file panel_comparison.h
//! A simulated panel's statistics against a member file's (pmsim calibrate --targets FILE,
//! and what pmsim fit prints): each with its Monte Carlo SE and the file's own sampling SE,
//! both from the spread of the statistic over disjoint batches of simulated members, and the
//! verdict: the two agree within 4 SEs of their difference (kCalibrationSeMultiple).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/panel_statistics.h"

namespace pmsim {

struct PanelCheck {
  std::string label;
  double file = 0;
  double simulated = 0;
  double simulation_se = 0;
  double file_se = 0;        //!< the sampling SE of a panel of the file's size
  double low = 0, high = 0;  //!< the accepted range of the simulated value
  bool checked = false;      //!< false: the statistic is not defined in the file or the simulation
  bool pass = false;
};

struct PanelComparison {
  std::int64_t simulated_members = 0;  //!< member-years of the simulation's cross-section
  std::int64_t file_members = 0;
  std::int64_t batch_size = 0, batches = 0;
  PanelStatistics simulated;
  std::vector<PanelCheck> checks;  //!< in panel_statistic_labels order

  std::size_t failures() const;
};

//! The simulated members' statistics against the file's (`file_members` rows), with SEs from
//! batches of min(file size, simulated / 10) consecutive simulated members.
PanelComparison compare_panel(const PanelLayout& layout, const PanelStatistics& file, std::int64_t file_members,
                              std::span<const PanelMemberYear> simulated);

//! The comparison as a table: statistic, file, simulated, the SEs, the accepted range and the
//! verdict; then how many passed.
std::string format_panel_comparison(const PanelComparison& comparison);

}  // namespace pmsim
