#pragma once
//! \file episodes.h
//! Episodes of bundled payments, built from a member-year's simulated services. The
//! generator draws annual counts, not dated events; an episode places its anchor
//! admissions at uniform days of the member's enrolled time and takes, of each category,
//! the units that fall in its window (binomial thinning, exact for events uniform in time)
//! and the readmissions and post-acute stays that follow its stays (hypergeometric: which
//! of the year's stays they follow is exchangeable). Units are exchangeable in cost too, so
//! an episode's spending is exact in distribution: the next lognormal units of the
//! category's severity stream, or a beta share of a gamma sum. The population's own draws
//! are untouched: adding a bundle changes no other contract's numbers.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "claims/admission_groups.h"
#include "claims/year_tally.h"
#include "config/scenario.h"

namespace pmsim {

class PopulationModel;

inline constexpr double kDaysPerYear = 365.0;

//! An episode definition in the form the generator reads.
struct EpisodeTable {
  double trigger_probability = 0;
  int trigger_condition = -1;  //!< index into the conditions; -1 any member
  int trigger_group = -1;      //!< admission group that anchors (AdmissionGroups); -1 any
  double window_days = 90;
  std::array<bool, kCategoryCount> included{};
  double spending_cap = 0;  //!< 0 none
};

//! An episode still open at the end of a year, carried into the next.
struct OpenEpisode {
  double remaining_days = 0;  //!< window days left at the start of the next year; 0 none
  double spending = 0;
  double risk = 0;  //!< the member's risk score in the year of the first anchor
  double days = 0;  //!< window days covered so far
  double stays = 0, readmissions = 0, post_acute_stays = 0;
};

//! One episode's window within one year, in days from the year's start.
struct EpisodeSegment {
  double start = 0;
  double window_end = 0;  //!< may lie beyond the year (the episode goes on next year)
  int anchors = 0;        //!< anchor admissions in it this year
  bool carried = false;   //!< opened in an earlier year
};

//! This year's episodes: the carried one (its remaining days), then one per anchor day
//! (ascending), except that an anchor inside an open window joins that episode.
std::vector<EpisodeSegment> episode_segments(double carried_remaining_days, std::span<const double> anchor_days,
                                             double window_days);

//! What the episode tracker needs of one member-year.
struct EpisodeMemberYear {
  std::uint32_t replication = 0;
  std::uint32_t slot = 0;
  int year = 0;
  const std::array<std::uint32_t, kCategoryCount>* counts = nullptr;
  const CategoryValues* claims = nullptr;
  const AdmissionGroups* admissions = nullptr;  //!< the year's stays by admission group
  int months = 12;
  bool exits = false;  //!< died or left this year: every open episode ends at the exit
  double risk = 1;
  std::uint32_t conditions = 0;
  double price = 1;              //!< the year's shock multiplier of fees
  const double* fees = nullptr;  //!< the year's fee of each category (PopulationModel::fees_of_year)
};

//! Adds the member-year to the episodes of one definition: closes the episodes that end
//! this year into `tally` and leaves the one that goes on in `open`.
void track_episodes(const PopulationModel& model, const EpisodeTable& definition, const EpisodeMemberYear& member,
                    OpenEpisode& open, EpisodeTally& tally);

}  // namespace pmsim
