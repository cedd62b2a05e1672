#pragma once
//! \file generator_steps.h
//! What the generator's steps share: a chunk of member slots as a structure of arrays (one
//! entry a member: the lanes of the many-lane samplers, random/sampler_lanes.h), the year
//! every member of the chunk lives through, and the steps, each a pass over the whole chunk.
//! Internal to the generator (population_generator.cpp runs the steps in order), not for its
//! callers.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "claims/admission_groups.h"
#include "population/episodes.h"
#include "population/population_generator.h"
#include "population/population_model.h"
#include "population/shocks.h"
#include "random/sampler_lanes.h"

namespace pmsim::generator_detail {

constexpr int kInpatient = static_cast<int>(Category::inpatient);
constexpr int kReadmission = static_cast<int>(Category::readmission);
constexpr int kPostAcute = static_cast<int>(Category::post_acute);

//! The uniforms of the member-year's counts stream, one per service category (by index),
//! then the exit uniform.
inline constexpr int kCountWords = kCategoryCount + 1;
inline constexpr int kExitWord = kCategoryCount;

//! The slots of a chunk: what a member carries from one year into the next, and what the
//! steps of one year compute. Arrays of n, or n x something as named, index i = slot - first.
struct Chunk {
  //! Slots [first_slot, first_slot + n) before their first year: every array sized and set
  //! as a new chunk's (the storage of the last chunk is kept: a thread reuses one chunk).
  void reset(const PopulationModel& m, std::int64_t first_slot, std::size_t n);
  std::size_t n = 0;
  std::vector<std::uint32_t> slot;

  // Carried from year to year.
  std::vector<std::uint8_t> present;  //!< the slot has a member (else one enters this year)
  std::vector<int> age, band;
  std::vector<std::uint8_t> female;
  std::vector<std::uint8_t> segment;     //!< the member's payer this year
  std::vector<std::uint8_t> entered_as;  //!< its entry population (PopulationModel::entry_populations), for life
  std::vector<double> payer_draw;        //!< the member's uniform for its payer, drawn at entry
  std::vector<std::int8_t> own_payer;    //!< a file member's payer (index) for life; -1: by payer_draw
  std::vector<double> risk_factor;       //!< a file member's risk_score over the model's score at entry; else 1
  std::vector<std::uint32_t> conditions;
  std::vector<double> frailty;
  std::vector<double> propensity;          //!< [i x interventions + k]: enrols if below the enrolment share
  std::vector<OpenEpisode> open_episodes;  //!< [i x episode types + e]: open at the end of last year

  // This year's.
  std::vector<std::uint8_t> entering;       //!< a new member this year
  std::vector<std::uint8_t> from_file;      //!< entering from the member file (first simulated year)
  std::vector<double> step_uniform;         //!< the transition stream's uniform for the frailty step's count
  std::vector<std::uint32_t> latent_count;  //!< the frailty step's Poisson count (frailty.h)
  std::vector<double> risk;                 //!< normalised risk score, from band, sex and conditions
  std::vector<double> hazard;               //!< death hazard of band, sex, conditions and frailty
  //! F^e for each of PopulationModel::frailty_powers' exponents: [p x n + i].
  std::vector<double> frailty_power;
  std::vector<double> utilization;    //!< [c x n + i]: the conditions' and interventions' factors
  std::vector<double> count_uniform;  //!< [w x n + i], w < kCountWords
  std::vector<std::uint8_t> died, churned, ages_out;
  std::vector<int> months;
  std::vector<std::uint32_t> counts;                 //!< [c x n + i]
  std::vector<double> claims;                        //!< [c x n + i]
  std::vector<double> total;                         //!< the sum of the claims, category by category
  std::vector<double> screening_gain, control_gain;  //!< what the interventions add to quality outcomes
  std::vector<AdmissionGroups> groups;               //!< the stays by admission group (admission types)

  // Scratch of the steps: a list of lanes (pick) and their parameters.
  std::vector<std::uint32_t> lane, lane_slot, lane_units, lane_counts;
  std::vector<double> lane_a, lane_b, lane_c, lane_out;

  //! The members for which keep(i) holds, in order: their indices into `lane`, their slots
  //! into `lane_slot`; returns how many. Without a branch on keep (it mispredicts): each member
  //! is written at the end of the lists and counted when kept.
  template <class Keep>
  std::size_t pick(Keep keep) {
    lane.resize(n);
    lane_slot.resize(n);
    std::uint32_t* const l = lane.data();
    std::uint32_t* const s = lane_slot.data();
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t at = static_cast<std::uint32_t>(i), member = slot[i];
      l[count] = at;
      s[count] = member;
      count += keep(i) ? 1 : 0;
    }
    return count;
  }

  bool leaves(std::size_t i) const { return died[i] || churned[i] || ages_out[i]; }
  double* row(std::vector<double>& v, std::size_t r) const { return v.data() + r * n; }
  std::uint32_t* row(std::vector<std::uint32_t>& v, std::size_t r) const { return v.data() + r * n; }
};

//! What every member of the chunk shares in one year.
struct YearContext {
  const PopulationModel& m;
  std::uint32_t replication;  //!< the members' stream id (StreamIds::members)
  int year;
  YearShock shock;
  const double* payer_cumulative;   //!< the year's payer thresholds
  const double* fees;               //!< the year's fees, by segment (PopulationModel::fees_of_year)
  const double* utilization_trend;  //!< the year's trend multiplier of each category's rate
  double risk_scale;                //!< the year's normalisation of the scores contracts see

  //! The fee of each category for member i's payer.
  const double* fees_of(const Chunk& c, std::size_t i) const {
    return fees + static_cast<std::size_t>(c.segment[i]) * kCategoryCount;
  }

  //! The streams of the listed slots for `purpose`, this year.
  LaneStreams streams(const std::uint32_t* slots, std::uint32_t purpose) const {
    return {m.seed, replication, year, purpose, slots};
  }
};

// The steps of the year, in the order population_generator.cpp runs them.

//! Payers, entering members (a new member in every empty slot) and continuing members
//! (a year older, new conditions, the next frailty): member_steps.cpp.
void enter_and_continue(const YearContext& y, Chunk& c, std::span<YearTally> tallies);
//! Risk score, frailty powers, death hazard and the conditions' utilization factors.
void member_of_year(const YearContext& y, Chunk& c);
//! Death, churn, the exit month, age-out; then the interventions the member is enrolled in.
void exits_and_interventions(const YearContext& y, Chunk& c, std::span<YearTally> tallies);
//! Service counts (generator_services.cpp).
void draw_counts(const YearContext& y, Chunk& c);
//! Claims of the counted services, times the year's price shock (generator_services.cpp).
void price_services(const YearContext& y, Chunk& c);
//! Tallies, quality outcomes, episodes and the visitor (member_outcomes.cpp).
void record_outcomes(const YearContext& y, Chunk& c, std::span<YearTally> tallies, const MemberYearVisitor& visit);

//! The tally of member i's payer this year.
inline YearTally& tally_of(const YearContext& y, const Chunk& c, std::span<YearTally> tallies, std::size_t i) {
  return tallies[static_cast<std::size_t>(c.segment[i]) * y.m.total_years + y.year];
}

}  // namespace pmsim::generator_detail
