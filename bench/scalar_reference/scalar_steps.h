#pragma once
//! \file generator_steps.h
//! What the steps of the generator's member-year share (population_generator.cpp runs the
//! steps, generator_services.cpp draws the services): internal to the generator, not for
//! its callers.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "claims/admission_groups.h"
#include "config/scenario.h"
#include "population/episodes.h"
#include "population/population_model.h"
#include "population/shocks.h"

namespace pmsim::scalar_reference::generator_detail {

//! The slots of a block, a struct of arrays: what a member carries from one year into the
//! next.
struct BlockState {
  BlockState(std::size_t n, std::size_t episode_types, std::size_t interventions)
      : propensity(n * interventions, 0.0),
        age(n),
        band(n),
        female(n),
        present(n, 0),
        segment(n, 0),
        payer_draw(n, 0.0),
        conditions(n),
        frailty(n),
        open_episodes(n * episode_types) {}
  std::vector<double> propensity;  //!< [member][intervention]: enrols if below the enrolment share
  std::vector<int> age, band;
  std::vector<std::uint8_t> female, present;
  std::vector<std::uint8_t> segment;  //!< the member's payer this year
  std::vector<double> payer_draw;     //!< the member's uniform for its payer, drawn at entry
  std::vector<std::uint32_t> conditions;
  std::vector<double> frailty;
  std::vector<OpenEpisode> open_episodes;  //!< [member][episode type]: open at the end of last year
};

//! What every member of the block shares in one year.
struct YearContext {
  const PopulationModel& m;
  std::uint32_t replication;
  int year;
  YearShock shock;
  const double* payer_cumulative;  //!< the year's payer thresholds
};

//! The member of one slot in one year, as known at the start of the year.
struct Member {
  std::uint32_t slot;
  bool entering;  //!< a new member this year
  int band;
  bool female;
  std::uint32_t conditions;
  double frailty;
  double risk;  //!< normalised risk score, from band, sex and conditions
};

//! How the member's year ends: in death, in churn, at the age limit, or not at all.
struct Exit {
  bool died = false;
  bool churned = false;
  bool ages_out = false;  //!< a survivor at the age limit: stays the year, leaves at its end
  int months = 12;        //!< enrolled months this year
  bool leaves() const { return died || churned || ages_out; }
};

//! The uniforms of the member-year's counts stream, of fixed layout: one per service
//! category, by index, then the exit uniform.
using CountUniforms = std::array<double, kCategoryCount + 1>;
inline constexpr int kExitUniform = kCategoryCount;

//! The member-year's services: counts, their claims, and the stays by admission group.
struct Services {
  bool typed = false;  //!< the scenario has admission types: the stays are split into groups
  std::array<std::uint32_t, kCategoryCount> counts{};
  AdmissionGroups groups;
  CategoryValues claims;
  double total = 0;  //!< the sum of claims, category by category
};

//! F^e, with the common exponents exact and cheap; log F is computed once, when needed.
class FrailtyPowers {
 public:
  explicit FrailtyPowers(double frailty) : frailty_(frailty) {}
  double operator()(double e) {
    if (e == 1.0) return frailty_;
    if (e == 0.0) return 1.0;
    if (e == 0.5) return std::sqrt(frailty_);
    if (e == 1.5) return frailty_ * std::sqrt(frailty_);
    if (e == 2.0) return frailty_ * frailty_;
    if (log_ != log_) log_ = std::log(frailty_);  // NaN: not yet computed
    return std::exp(e * log_);
  }

 private:
  double frailty_;
  double log_ = std::numeric_limits<double>::quiet_NaN();
};

//! Service counts of the member-year (generator_services.cpp): `utilization` is the product of
//! the condition and intervention factors per category.
void draw_counts(const YearContext& y, const Member& member, const Exit& exit, const CategoryValues& utilization,
                 const CountUniforms& uniforms, FrailtyPowers& frailty_power, Services& services);

//! Claims of the counted services, from the severity streams, times the year's price shock.
void price_services(const YearContext& y, std::uint32_t slot, Services& services);

}  // namespace pmsim::scalar_reference::generator_detail
