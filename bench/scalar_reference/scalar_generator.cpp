//! \file scalar_generator.cpp
//! The generator as it was before issue 13 (commit 11ca485: one member at a time, scalar
//! Philox streams, glibc exp/log, Boost's incomplete gamma function for large Poisson means),
//! kept unchanged for the side-by-side benchmark BM_ScalarReference (bench/engine_bench.cpp):
//! not built into pmsim. What follows is the original file's own description.
//!
//! population_generator.cpp:
//! The generator's year, one member at a time. Year t for the member in a slot
//! (docs/model.md gives the formulas):
//!  1. its payer (a uniform drawn at entry, against the year's shares);
//!  2. a slot that is empty (year 0, or its member died or left) gets a new member; a
//!     continuing member ages one year, draws its next frailty and any new conditions;
//!  3. risk score from age band, sex and conditions (known at the start of the year);
//!  4. death (hazard from band, sex, conditions, frailty), else churn, and the exit month; a
//!     survivor at the age limit (population.age_out) leaves at the end of the year;
//!  5. the interventions it is enrolled in scale its use of services;
//!  6. service counts and their claims (generator_services.cpp);
//!  7. quality outcomes and bundled-payment episodes (episodes.h), from streams of their own;
//!  8. all of it added to the tally of its payer and year, and shown to the visitor if any.

#include "scalar_reference/scalar_generator.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "random/random_stream.h"
#include "random/samplers.h"
#include "scalar_reference/scalar_steps.h"

namespace pmsim::scalar_reference {
namespace generator_detail {
namespace {

constexpr int kInpatient = static_cast<int>(Category::inpatient);
constexpr int kReadmission = static_cast<int>(Category::readmission);
constexpr int kPostAcute = static_cast<int>(Category::post_acute);

// The member's payer: the first whose cumulative share this year exceeds the member's own
// uniform, drawn once at entry, so that members switch payer only when the shares change.
void assign_payer(const YearContext& y, BlockState& s, std::size_t i, std::uint32_t slot, bool entering) {
  const PopulationModel& m = y.m;
  if (m.segments <= 1) return;
  if (entering) s.payer_draw[i] = RandomStream(m.seed, y.replication, slot, y.year, Purpose::payer).uniform();
  int p = 0;
  while (p + 1 < m.segments && s.payer_draw[i] >= y.payer_cumulative[p]) ++p;
  s.segment[i] = static_cast<std::uint8_t>(p);
}

// A new member in an empty slot: age band and age, sex, prevalent conditions and initial
// frailty from the new-member stream, and its propensities to enrol in each intervention
// from a stream of their own (so that adding an intervention changes no other draw).
void enter_member(const YearContext& y, BlockState& s, std::size_t i, std::uint32_t slot, YearTally& tally) {
  const PopulationModel& m = y.m;
  RandomStream rng(m.seed, y.replication, slot, y.year, Purpose::new_member);
  const double u_band = rng.uniform();
  int band = 0;
  while (band + 1 < m.entry_populations[0].end_band && u_band > m.bands[band].cumulative_share) ++band;
  const auto& b = m.bands[band];
  const int span = b.max_age - b.min_age + 1;
  s.age[i] = b.min_age + static_cast<int>(rng.uniform() * span);
  s.band[i] = band;
  s.female[i] = rng() < m.entry_populations[0].female_threshold;
  std::uint32_t mask = 0;
  for (std::size_t c = 0; c < m.conditions.size(); ++c)
    if (rng() < b.prevalence_threshold[c]) mask |= 1u << c;
  s.conditions[i] = mask;
  s.frailty[i] = m.frailty.initial(rng);  // last: it uses a variable number of words

  const std::size_t n_interventions = m.interventions.size();
  if (n_interventions > 0) {
    RandomStream trait(m.seed, y.replication, slot, y.year, Purpose::interventions);
    for (std::size_t k = 0; k < n_interventions; ++k) s.propensity[i * n_interventions + k] = trait.uniform();
  }
  if (y.year > 0) tally.entrants += 1;
}

// A continuing member ages a year and draws, from the transition stream, its new conditions
// and its next frailty.
void continue_member(const YearContext& y, BlockState& s, std::size_t i, std::uint32_t slot) {
  const PopulationModel& m = y.m;
  s.age[i] += 1;
  s.band[i] = m.band_of_age(s.age[i]);
  RandomStream rng(m.seed, y.replication, slot, y.year, Purpose::transition);
  // New conditions, independent Bernoulli(incidence_j) for the conditions the member lacks,
  // from one uniform: u < p_j decides j, and u / p_j (yes) or (u - p_j) / (1 - p_j) (no) is
  // again uniform and independent of the decision, for the next condition.
  double u = rng.uniform();
  std::uint32_t mask = s.conditions[i];
  for (std::size_t c = 0; c < m.conditions.size(); ++c) {
    if (mask & (1u << c)) continue;
    const double p = m.onset.p[c];
    if (u < p) {
      mask |= 1u << c;
      u /= p;
    } else {
      u = (u - p) / (1.0 - p);
    }
  }
  s.conditions[i] = mask;
  s.frailty[i] = m.frailty.step(s.frailty[i], rng);  // last: a variable number of words
}

// The member as the rest of the year sees it: fixed once entry or transition is done.
Member member_of_year(const PopulationModel& m, const BlockState& s, std::size_t i, std::uint32_t slot, bool entering) {
  const bool female = s.female[i] != 0;
  return {slot,
          entering,
          s.band[i],
          female,
          s.conditions[i],
          s.frailty[i],
          m.normalised_risk(s.band[i], female, s.conditions[i])};
}

// One stream of fixed layout per member-year, drawn at once: a uniform per service category,
// by index, then the exit uniform.
CountUniforms count_uniforms(const YearContext& y, std::uint32_t slot) {
  RandomStream rng(y.m.seed, y.replication, slot, y.year, Purpose::counts);
  CountUniforms uniforms;
  for (double& u : uniforms) u = rng.uniform();
  return uniforms;
}

// What the member's conditions do this year: multiply its death hazard and, category by
// category, its use of services.
struct ConditionEffects {
  double hazard;               //!< death hazard of band, sex, conditions and frailty
  CategoryValues utilization;  //!< product of the conditions' factors (the interventions' later)
};

ConditionEffects condition_effects(const PopulationModel& m, const Member& member, FrailtyPowers& frailty_power) {
  ConditionEffects e;
  e.hazard = m.bands[member.band].hazard * (member.female ? m.female_mortality : 1.0);
  e.utilization.fill(1.0);
  for (std::uint32_t bits = member.conditions; bits != 0; bits &= bits - 1) {
    const auto& cond = m.conditions[std::countr_zero(bits)];
    e.hazard *= cond.mortality;
    for (int c = 0; c < kCategoryCount; ++c) e.utilization[c] *= cond.utilization[c];
  }
  if (m.mortality_exponent != 0.0) e.hazard *= frailty_power(m.mortality_exponent) * m.mortality_moment_inverse;
  return e;
}

// Exit: death, else churn, from one uniform u: death if u < p_death; given survival,
// (u - p_death) / (1 - p_death) is a fresh uniform for churn; the exit month comes from the
// uniform left within the event's interval. A survivor at the age limit stays the whole year
// and leaves at its end.
Exit draw_exit(const PopulationModel& m, int age, double hazard, double u_exit) {
  Exit exit;
  // Exits fill [0, p + churn (1 - p)); p = 1 - exp(-hazard) <= hazard, so u beyond
  // hazard + churn is a member who stays, known without computing p.
  double u_within = 0.0;
  if (u_exit < hazard + m.churn) {
    const double p_death = -std::expm1(-hazard);
    exit.died = u_exit < p_death;
    if (exit.died) {
      u_within = u_exit / p_death;
    } else if (m.churn > 0.0) {
      const double u_churn = (u_exit - p_death) / (1.0 - p_death);
      exit.churned = u_churn < m.churn;
      u_within = u_churn / m.churn;
    }
  }
  exit.months = (exit.died || exit.churned) ? 1 + std::min(11, static_cast<int>(u_within * 12.0)) : 12;
  exit.ages_out = !exit.died && !exit.churned && m.entry_populations[0].age_out_age >= 0 &&
                  age >= m.entry_populations[0].age_out_age;
  return exit;
}

// What the interventions add to the quality outcomes of an enrolled member.
struct OutcomeGains {
  double screening = 0;
  double control = 0;
};

// Interventions the member is enrolled in this year (its risk at least the threshold, its
// propensity below the enrolment share) scale its rates and lift its outcomes.
OutcomeGains apply_interventions(const YearContext& y, const BlockState& s, std::size_t i, const Member& member,
                                 int months, CategoryValues& utilization, YearTally& tally) {
  const PopulationModel& m = y.m;
  const std::size_t n_interventions = m.interventions.size();
  OutcomeGains gains;
  for (std::size_t k = 0; k < n_interventions; ++k) {
    const auto& iv = m.interventions[k];
    const double share = iv.effect_share[y.year];
    if (share <= 0 || member.risk < iv.risk_threshold || s.propensity[i * n_interventions + k] >= iv.enrollment)
      continue;
    for (int c = 0; c < kCategoryCount; ++c) utilization[c] *= 1.0 - share * (1.0 - iv.effects[c]);
    gains.screening += share * iv.screening_gain;
    gains.control += share * iv.control_gain;
    tally.enrolled_member_months[k] += months;
  }
  return gains;
}

// The year's services and spending, and the member's months and risk, into its tally.
void tally_member_year(const PopulationModel& m, const Member& member, const Exit& exit, const Services& services,
                       YearTally& tally) {
  for (int c = 0; c < kCategoryCount; ++c) {
    tally.counts[c] += services.counts[c];
    tally.claims[c] += services.claims[c];
  }
  for (std::size_t t = 0; t < m.truncation_points.size(); ++t)
    tally.truncated_claims[t] += std::min(services.total, m.truncation_points[t]);
  tally.member_months += exit.months;
  tally.members += 1;
  tally.risk_member_months += member.risk * exit.months;
  if (exit.died) {
    tally.deaths += 1;
    tally.decedent_claims += services.total;
  }
  if (exit.churned) tally.churned += 1;
}

// Quality outcomes, from one stream of fixed layout (screening, control, avoidable
// admissions): screened with a chance per primary-care visit, the controlled condition
// under control with a chance that grows with visits, and a binomial share of the
// admissions avoidable.
void draw_quality(const YearContext& y, const Member& member, const Services& services, const OutcomeGains& gains,
                  YearTally& tally) {
  const PopulationModel& m = y.m;
  RandomStream outcome_rng(m.seed, y.replication, member.slot, y.year, Purpose::outcomes);
  const double u_screen = outcome_rng.uniform(), u_control = outcome_rng.uniform();
  const double u_avoidable = outcome_rng.uniform();
  const std::uint32_t visits = services.counts[static_cast<int>(Category::primary_care)];
  double miss = 1.0;  // (1 - p)^visits
  const double miss_per_visit =
      gains.screening > 0 ? std::max(0.0, m.screening_miss_per_visit - gains.screening) : m.screening_miss_per_visit;
  for (std::uint32_t v = 0; v < visits; ++v) miss *= miss_per_visit;
  tally.screened += u_screen < 1.0 - miss;
  if (m.controlled_condition >= 0 && (member.conditions >> m.controlled_condition & 1u)) {
    tally.control_eligible += 1;
    tally.controlled +=
        u_control < std::min(m.control_max, m.control_base + m.control_per_visit * visits) + gains.control;
  }
  const std::uint32_t avoidable = binomial_inverse(services.counts[kInpatient], m.avoidable_share, u_avoidable);
  tally.avoidable_admissions += avoidable;
  tally.members_with_avoidable += avoidable > 0;
}

// Bundled-payment episodes of every definition, from the year's stays (one untyped group
// when the scenario has no admission types); an exit closes the open ones.
void track_member_episodes(const YearContext& y, BlockState& s, std::size_t i, const Member& member, const Exit& exit,
                           Services& services, YearTally& tally) {
  const PopulationModel& m = y.m;
  if (!services.typed) {
    services.groups.admissions[0] = services.counts[kInpatient];
    services.groups.readmissions[0] = services.counts[kReadmission];
    services.groups.post_acute[0] = services.counts[kPostAcute];
    services.groups.claims[0] = services.claims[kInpatient];
  }
  const EpisodeMemberYear facts{y.replication,    member.slot,       y.year,        &services.counts,
                                &services.claims, &services.groups,  exit.months,   exit.leaves(),
                                member.risk,      member.conditions, y.shock.price, y.m.fees_of_year(y.year)};
  const std::size_t types = m.episode_types.size();
  for (std::size_t e = 0; e < types; ++e)
    track_episodes(m, m.episode_types[e], facts, s.open_episodes[i * types + e], tally.episodes[e]);
}

// The member-year as the visitor sees it.
MemberYear member_year_record(const YearContext& y, const BlockState& s, std::size_t i, const Member& member,
                              const Exit& exit, const Services& services) {
  MemberYear r;
  r.slot = member.slot;
  r.year = y.year;
  r.segment = s.segment[i];
  r.age = s.age[i];
  r.female = member.female;
  r.entered = member.entering;
  r.died = exit.died;
  r.churned = exit.churned;
  r.aged_out = exit.ages_out;
  r.conditions = member.conditions;
  r.frailty = member.frailty;
  r.risk = member.risk;
  r.months = exit.months;
  r.counts = services.counts;
  r.claims = services.claims;
  return r;
}

// The year of the member in slot i, step by step.
void simulate_member_year(const YearContext& y, BlockState& s, std::size_t i, std::uint32_t slot,
                          std::span<YearTally> tallies, const MemberYearVisitor& visit) {
  const PopulationModel& m = y.m;
  const bool entering = !s.present[i];
  assign_payer(y, s, i, slot, entering);
  YearTally& tally = tallies[static_cast<std::size_t>(s.segment[i]) * m.total_years + y.year];
  if (entering) {
    enter_member(y, s, i, slot, tally);
  } else {
    continue_member(y, s, i, slot);
  }
  const Member member = member_of_year(m, s, i, slot, entering);
  FrailtyPowers frailty_power(member.frailty);
  const CountUniforms uniforms = count_uniforms(y, slot);
  ConditionEffects effects = condition_effects(m, member, frailty_power);
  const Exit exit = draw_exit(m, s.age[i], effects.hazard, uniforms[kExitUniform]);
  const OutcomeGains gains = apply_interventions(y, s, i, member, exit.months, effects.utilization, tally);
  Services services;
  draw_counts(y, member, exit, effects.utilization, uniforms, frailty_power, services);
  price_services(y, slot, services);
  tally_member_year(m, member, exit, services, tally);
  if (m.quality_outcomes) draw_quality(y, member, services, gains, tally);
  if (!m.episode_types.empty()) track_member_episodes(y, s, i, member, exit, services, tally);
  if (visit) visit(member_year_record(y, s, i, member, exit, services));
  s.present[i] = !exit.leaves();
}

}  // namespace
}  // namespace generator_detail

void simulate_block(const PopulationModel& m, StreamIds ids, std::int64_t first_slot, std::size_t count,
                    std::span<YearTally> tallies, MemberYearVisitor visit) {
  using namespace generator_detail;
  BlockState s(count, m.episode_types.size(), m.interventions.size());
  for (int year = 0; year < m.total_years; ++year) {
    const YearContext y{m, ids.members, year, shock_of_year(m.shocks, m.seed, ids.systematic, year),
                        m.payer_thresholds(year)};
    for (std::size_t i = 0; i < count; ++i)
      simulate_member_year(y, s, i, static_cast<std::uint32_t>(first_slot + static_cast<std::int64_t>(i)), tallies,
                           visit);
  }
}

}  // namespace pmsim::scalar_reference
