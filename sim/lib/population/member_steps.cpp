//! \file member_steps.cpp
//! The member's side of the year, for a whole chunk at once (docs/model.md gives the
//! formulas): payers; new members in the empty slots; a year older, new conditions and the
//! next frailty for the others; the risk score, frailty powers and death hazard; then death,
//! churn, the exit month and the interventions the member is enrolled in.

#include <algorithm>
#include <cmath>

#include "population/generator_steps.h"
#include "random/math_lanes.h"
#include "random/random_stream.h"

namespace pmsim::generator_detail {

void Chunk::reset(const PopulationModel& m, std::int64_t first_slot, std::size_t count) {
  n = count;
  slot.resize(count);
  for (std::size_t i = 0; i < n; ++i) slot[i] = static_cast<std::uint32_t>(first_slot + static_cast<std::int64_t>(i));
  for (auto* v : {&present, &female, &segment, &entered_as, &entering, &from_file, &died, &churned, &ages_out})
    v->assign(count, 0);
  for (auto* v : {&age, &band, &months}) v->assign(count, 0);
  for (auto* v : {&conditions, &latent_count}) v->assign(count, 0);
  for (auto* v : {&payer_draw, &frailty, &step_uniform, &risk, &hazard, &total, &screening_gain, &control_gain})
    v->assign(count, 0.0);
  own_payer.assign(count, -1);  // by payer_draw
  risk_factor.assign(count, 1.0);
  propensity.assign(count * m.interventions.size(), 0.0);
  open_episodes.assign(count * m.episode_types.size(), OpenEpisode{});
  frailty_power.assign(count * m.power_exponents.size(), 0.0);
  utilization.assign(count * kCategoryCount, 0.0);
  count_uniform.assign(count * kCountWords, 0.0);
  counts.assign(count * kCategoryCount, 0);
  claims.assign(count * kCategoryCount, 0.0);
  groups.assign(m.admission_types.empty() ? 0 : count, AdmissionGroups{});
}

namespace {

// `words` uniforms of each picked lane's stream for `purpose`, word w of lane j at
// out[w x lanes + j].
const double* lane_uniforms(const YearContext& y, Chunk& c, std::size_t lanes, Purpose purpose, std::size_t words) {
  c.lane_a.resize(std::max<std::size_t>(1, words * lanes));
  if (lanes > 0 && words > 0)
    uniforms_lanes(y.streams(c.lane_slot.data(), static_cast<std::uint32_t>(purpose)), lanes, words, c.lane_a.data(),
                   lanes);
  return c.lane_a.data();
}

// The member's payer: the first whose cumulative share this year exceeds the member's own
// uniform, drawn once at entry, so that members switch payer only when the shares change.
void assign_payers(const YearContext& y, Chunk& c) {
  const PopulationModel& m = y.m;
  if (m.segments <= 1) return;
  const std::size_t lanes = c.pick([&](std::size_t i) { return c.entering[i] != 0; });
  const double* u = lane_uniforms(y, c, lanes, Purpose::payer, 1);
  for (std::size_t j = 0; j < lanes; ++j) {
    const std::size_t i = c.lane[j];
    c.payer_draw[i] = u[j];
    c.own_payer[i] = c.from_file[i] ? m.panel->payer[c.slot[i]] : std::int8_t{-1};
  }
  for (std::size_t i = 0; i < c.n; ++i) {
    int p = 0;
    if (c.own_payer[i] >= 0) {
      p = c.own_payer[i];
    } else {
      while (p + 1 < m.segments && c.payer_draw[i] >= y.payer_cumulative[p]) ++p;
    }
    c.segment[i] = static_cast<std::uint8_t>(p);
  }
}

// A word's uniform against a probability held as a 32-bit threshold t: (w + 1/2) 2^-32 <
// t 2^-32 exactly when w < t, the comparison RandomStream's callers make on words.
bool below_threshold(double u, std::uint32_t threshold) { return u < static_cast<double>(threshold) * 0x1p-32; }

// A member of the member file in its slot: its age, sex and conditions instead of the
// drawn ones, and the ratio of its risk score in the file to the model's, kept for life.
void take_from_file(const PopulationModel& m, Chunk& c, std::size_t i) {
  const MemberPanel& panel = *m.panel;
  const std::size_t j = c.slot[i];
  c.age[i] = panel.age[j];
  c.band[i] = m.band_of_age(c.age[i], c.entered_as[i]);
  c.female[i] = panel.female[j];
  c.conditions[i] = panel.conditions[j];
  if (!panel.risk_score.empty()) {
    const double model = m.normalised_risk(c.band[i], c.female[i] != 0, c.conditions[i]);
    c.risk_factor[i] = model > 0 ? panel.risk_score[j] / model : 1.0;
  }
}

// New members in the empty slots: age band and age, sex and prevalent conditions from the
// new-member stream, and the propensities to enrol in each intervention from a stream of
// their own (so that adding an intervention changes no other draw). Their frailty is drawn
// with the continuing members' (draw_frailties).
void enter_members(const YearContext& y, Chunk& c, std::span<YearTally> tallies) {
  const PopulationModel& m = y.m;
  const std::size_t lanes = c.pick([&](std::size_t i) { return c.entering[i] != 0; });
  if (lanes == 0) return;
  const std::size_t n_conditions = m.conditions.size();
  const double* u = lane_uniforms(y, c, lanes, Purpose::new_member, 3 + n_conditions);
  for (std::size_t j = 0; j < lanes; ++j) {
    const std::size_t i = c.lane[j];
    // Who enters with this year's payer: the population's tables or the payer's own.
    c.entered_as[i] = m.payer_population.empty() ? std::uint8_t{0} : m.payer_population[c.segment[i]];
    const EntryPopulation& from = m.entry_populations[c.entered_as[i]];
    // The first band whose cumulative share reaches u: the number of bands before the last
    // that u is above (their cumulative shares, sums of shares in [0, 1], never decrease).
    // Counted, not searched: the search's exit mispredicts.
    int band = from.first_band;
    for (int b = from.first_band; b + 1 < from.end_band; ++b) band += u[j] > m.bands[b].cumulative_share;
    const BandTable& b = m.bands[band];
    c.band[i] = band;
    c.age[i] = b.min_age + static_cast<int>(u[lanes + j] * (b.max_age - b.min_age + 1));
    c.female[i] = below_threshold(u[2 * lanes + j], from.female_threshold);
    std::uint32_t mask = 0;
    for (std::size_t k = 0; k < n_conditions; ++k)  // (an or of the bit, not a branch on it)
      mask |= static_cast<std::uint32_t>(below_threshold(u[(3 + k) * lanes + j], b.prevalence_threshold[k])) << k;
    c.conditions[i] = mask;
    c.risk_factor[i] = 1.0;
    if (c.from_file[i]) take_from_file(m, c, i);
    if (y.year > 0) tally_of(y, c, tallies, i).entrants += 1;
  }
  const std::size_t n_interventions = m.interventions.size();
  if (n_interventions > 0) {
    const double* trait = lane_uniforms(y, c, lanes, Purpose::interventions, n_interventions);
    for (std::size_t j = 0; j < lanes; ++j)
      for (std::size_t k = 0; k < n_interventions; ++k)
        c.propensity[c.lane[j] * n_interventions + k] = trait[k * lanes + j];
  }
}

// Continuing members age a year and draw, from one uniform of the transition stream, their
// new conditions: independent Bernoulli(incidence_j) for the conditions they lack, u < p_j
// deciding j, and u / p_j (yes) or (u - p_j) / (1 - p_j) (no) again uniform and independent
// of the decision, for the next condition (event_set_lanes: the chain of each member, a
// compare, a subtract and a multiply a condition, was a tenth of the year one member at a
// time).
void continue_members(const YearContext& y, Chunk& c) {
  const PopulationModel& m = y.m;
  const std::size_t lanes = c.pick([&](std::size_t i) { return c.entering[i] == 0; });
  if (lanes == 0) return;
  const double* u = lane_uniforms(y, c, lanes, Purpose::transition, 2);
  c.lane_counts.resize(lanes);
  for (std::size_t j = 0; j < lanes; ++j) {
    const std::size_t i = c.lane[j];
    c.age[i] += 1;
    c.band[i] = m.band_of_age(c.age[i], c.entered_as[i]);
    c.lane_counts[j] = c.conditions[i];
    c.step_uniform[i] = u[lanes + j];
  }
  event_set_lanes(u, m.onset, lanes, c.lane_counts.data());
  for (std::size_t j = 0; j < lanes; ++j) c.conditions[c.lane[j]] = c.lane_counts[j];
}

// Last year's frailty of the file members entering this (first) year, from their
// posteriors (the member_file stream), and the uniforms of their first step.
void draw_last_year_frailties(const YearContext& y, Chunk& c) {
  const PopulationModel& m = y.m;
  const std::size_t lanes = c.pick([&](std::size_t i) { return c.from_file[i] != 0; });
  if (lanes == 0) return;
  c.lane_b.resize(lanes);
  c.lane_c.resize(lanes);
  c.lane_out.resize(lanes);
  for (std::size_t j = 0; j < lanes; ++j) {
    const FrailtyPosterior& p = m.member_frailty[c.lane_slot[j]];
    c.lane_b[j] = p.shape;
    c.lane_c[j] = p.scale;
  }
  gamma_lanes(c.lane_b.data(), c.lane_c.data(),
              y.streams(c.lane_slot.data(), static_cast<std::uint32_t>(Purpose::member_file)), lanes,
              c.lane_out.data());
  for (std::size_t j = 0; j < lanes; ++j) c.frailty[c.lane[j]] = c.lane_out[j];
  const double* u = lane_uniforms(y, c, lanes, Purpose::transition, 2);
  for (std::size_t j = 0; j < lanes; ++j) c.step_uniform[c.lane[j]] = u[lanes + j];
}

// Frailty (frailty.h): a new member's from the stationary Gamma(k, 1/k); a continuing
// member's next one through the latent count N ~ Poisson(c F) (the transition stream's
// second uniform, or rejection from a stream of its own for a large mean), then
// Gamma(k + N, (1 - rho) / k). All of them in one pass over the chunk.
void draw_frailties(const YearContext& y, Chunk& c) {
  const PopulationModel& m = y.m;
  const FrailtyProcess& f = m.frailty;
  const double k = f.shape(), rho = f.persistence();
  const bool stepped = rho > 0.0 && rho < 1.0;
  // File members start from last year's frailty, drawn from its posterior, and step from it
  // as continuing members do (the step's uniform: their transition stream's word 1).
  const auto continues = [&](std::size_t i) { return c.entering[i] == 0 || c.from_file[i] != 0; };
  if (m.panel && y.year == 0 && rho > 0.0) draw_last_year_frailties(y, c);
  if (stepped) {  // the latent counts of the continuing members
    const std::size_t lanes = c.pick(continues);
    c.lane_b.resize(lanes);
    c.lane_c.resize(lanes);
    c.lane_counts.resize(lanes);
    for (std::size_t j = 0; j < lanes; ++j) {
      c.lane_b[j] = c.step_uniform[c.lane[j]];
      c.lane_c[j] = f.poisson_rate() * c.frailty[c.lane[j]];
    }
    if (lanes > 0)
      poisson_lanes(c.lane_c.data(), c.lane_b.data(),
                    y.streams(c.lane_slot.data(), static_cast<std::uint32_t>(Purpose::frailty_tries)), lanes,
                    c.lane_counts.data());
    for (std::size_t j = 0; j < lanes; ++j) c.latent_count[c.lane[j]] = c.lane_counts[j];
  }
  const std::size_t lanes = c.pick([&](std::size_t i) {
    return rho < 1.0 || (c.entering[i] != 0 && c.from_file[i] == 0);  // rho 1: a frailty for life
  });
  if (lanes == 0) return;
  c.lane_b.resize(lanes);
  c.lane_c.resize(lanes);
  c.lane_out.resize(lanes);
  const double stationary_scale = 1.0 / k;
  for (std::size_t j = 0; j < lanes; ++j) {
    const std::size_t i = c.lane[j];
    const bool step = stepped && continues(i);
    c.lane_b[j] = step ? k + c.latent_count[i] : k;
    c.lane_c[j] = step ? f.step_scale() : stationary_scale;
  }
  gamma_lanes(c.lane_b.data(), c.lane_c.data(),
              y.streams(c.lane_slot.data(), static_cast<std::uint32_t>(Purpose::frailty)), lanes, c.lane_out.data());
  for (std::size_t j = 0; j < lanes; ++j) c.frailty[c.lane[j]] = c.lane_out[j];
}

}  // namespace

void enter_and_continue(const YearContext& y, Chunk& c, std::span<YearTally> tallies) {
  const std::size_t from_file = y.year == 0 ? y.m.panel_rows() : 0;
  for (std::size_t i = 0; i < c.n; ++i) {
    c.entering[i] = c.present[i] == 0;
    c.from_file[i] = c.entering[i] && c.slot[i] < from_file;
  }
  assign_payers(y, c);
  enter_members(y, c, tallies);
  continue_members(y, c);
  draw_frailties(y, c);
}

void member_of_year(const YearContext& y, Chunk& c) {
  const PopulationModel& m = y.m;
  const std::size_t n = c.n;
  // F^e for every exponent the year needs: the common ones exact (F^0.5 and F^1.5 from one
  // square root), the others from one log.
  bool need_log = false, need_sqrt = false;
  for (double e : m.power_exponents) {
    need_log = need_log || !(e == 0.0 || e == 0.5 || e == 1.0 || e == 1.5 || e == 2.0);
    need_sqrt = need_sqrt || e == 0.5 || e == 1.5;
  }
  if (need_log) {
    c.lane_a.resize(n);
    log_lanes(c.frailty.data(), n, c.lane_a.data());
  }
  if (need_sqrt) {
    c.lane_b.resize(n);
    sqrt_lanes(c.frailty.data(), n, c.lane_b.data());
  }
  for (std::size_t p = 0; p < m.power_exponents.size(); ++p) {
    const double e = m.power_exponents[p];
    double* power = c.row(c.frailty_power, p);
    const double* f = c.frailty.data();
    if (e == 0.0) {
      std::fill(power, power + n, 1.0);
    } else if (e == 1.0) {
      std::copy(f, f + n, power);
    } else if (e == 0.5) {
      std::copy(c.lane_b.begin(), c.lane_b.begin() + static_cast<std::ptrdiff_t>(n), power);
    } else if (e == 1.5) {
      for (std::size_t i = 0; i < n; ++i) power[i] = f[i] * c.lane_b[i];
    } else if (e == 2.0) {
      for (std::size_t i = 0; i < n; ++i) power[i] = f[i] * f[i];
    } else {
      for (std::size_t i = 0; i < n; ++i) power[i] = e * c.lane_a[i];
      exp_lanes(power, n, power);
    }
  }
  const double* mortality_power = m.mortality_power >= 0 ? c.row(c.frailty_power, m.mortality_power) : nullptr;
  ConditionSet scratch;
  for (std::size_t i = 0; i < n; ++i) {
    const BandTable& b = m.bands[c.band[i]];
    const bool female = c.female[i] != 0;
    const ConditionSet& set = m.condition_set(c.conditions[i], scratch);
    c.risk[i] =
        (b.risk_score * (female ? m.female_risk : 1.0) + set.risk_score) * m.inverse_risk_normaliser * c.risk_factor[i];
    double hazard = b.hazard * (female ? m.female_mortality : 1.0) * set.mortality;
    if (mortality_power != nullptr) hazard *= mortality_power[i] * m.mortality_moment_inverse;
    c.hazard[i] = hazard;
    for (int k = 0; k < kCategoryCount; ++k) c.utilization[k * n + i] = set.utilization[k];
  }
}

namespace {

// What the interventions the member is enrolled in this year (its risk at least the
// threshold, its propensity below the enrolment share) do: scale its rates, lift its
// quality outcomes.
void apply_interventions(const YearContext& y, Chunk& c, std::span<YearTally> tallies) {
  const PopulationModel& m = y.m;
  const std::size_t n_interventions = m.interventions.size();
  std::fill(c.screening_gain.begin(), c.screening_gain.end(), 0.0);
  std::fill(c.control_gain.begin(), c.control_gain.end(), 0.0);
  for (std::size_t k = 0; k < n_interventions; ++k) {
    const InterventionTable& iv = m.interventions[k];
    const double share = iv.effect_share[y.year];
    if (share <= 0) continue;
    for (std::size_t i = 0; i < c.n; ++i) {
      if (c.risk[i] < iv.risk_threshold || c.propensity[i * n_interventions + k] >= iv.enrollment) continue;
      for (int cat = 0; cat < kCategoryCount; ++cat)
        c.utilization[cat * c.n + i] *= 1.0 - share * (1.0 - iv.effects[cat]);
      c.screening_gain[i] += share * iv.screening_gain;
      c.control_gain[i] += share * iv.control_gain;
      tally_of(y, c, tallies, i).enrolled_member_months[k] += c.months[i];
    }
  }
}

}  // namespace

// Exit: death, else churn, from the counts stream's exit uniform u: death if u < p_death;
// given survival, (u - p_death) / (1 - p_death) is a fresh uniform for churn; the exit month
// comes from the uniform left within the event's interval. A survivor at the age limit
// stays the whole year and leaves at its end.
void exits_and_interventions(const YearContext& y, Chunk& c, std::span<YearTally> tallies) {
  const PopulationModel& m = y.m;
  const std::size_t n = c.n;
  uniforms_lanes(y.streams(c.slot.data(), static_cast<std::uint32_t>(Purpose::counts)), n, kCountWords,
                 c.count_uniform.data(), n);
  c.lane_a.resize(n);
  for (std::size_t i = 0; i < n; ++i) c.lane_a[i] = -c.hazard[i];
  exp_lanes(c.lane_a.data(), n, c.lane_a.data());  // survival, exp(-hazard)
  const double* u_exit = c.row(c.count_uniform, kExitWord);
  for (std::size_t i = 0; i < n; ++i) {
    const double p_death = 1.0 - c.lane_a[i];
    const double u = u_exit[i];
    bool died = u < p_death, churned = false;
    double u_within = 0.0;
    if (died) {
      u_within = u / p_death;
    } else if (m.churn > 0.0) {
      const double u_churn = (u - p_death) / (1.0 - p_death);
      churned = u_churn < m.churn;
      u_within = u_churn / m.churn;
    }
    c.died[i] = died;
    c.churned[i] = churned;
    c.months[i] = (died || churned) ? 1 + std::min(11, static_cast<int>(u_within * 12.0)) : 12;
    const int age_out_age = m.entry_populations[c.entered_as[i]].age_out_age;
    c.ages_out[i] = !died && !churned && age_out_age >= 0 && c.age[i] >= age_out_age;
  }
  apply_interventions(y, c, tallies);
}

}  // namespace pmsim::generator_detail
