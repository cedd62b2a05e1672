#pragma once
//! \file population_generator.h
//! The generator of patient histories: simulates one block of member slots through every
//! year of one replication and adds what it sees to per-year tallies. Slots are
//! independent, so blocks can run in any order on any thread; a slot's draws depend only
//! on (seed, replication, slot, year, purpose).
//!
//! Year t for the member in a slot (docs/model.md gives the formulas):
//!  1. a slot that is empty (year 0, or its member died or left) gets a new member;
//!     a continuing member ages one year, draws its next frailty and any new conditions;
//!  2. risk score from age band, sex and conditions (known at the start of the year);
//!  3. death (hazard from band, sex, conditions, frailty), else churn, and the exit month; a
//!     survivor at the age limit (population.age_out) leaves at the end of the year;
//!  4. service counts: Poisson by inversion for rate-driven categories, binomial in the
//!     admissions for readmissions and post-acute stays; lognormal severity per unit;
//!  5. quality outcomes and bundled-payment episodes (episodes.h), from streams of their own.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "claims/year_tally.h"
#include "population/population_model.h"
#include "random/gamma_sampler.h"
#include "random/random_stream.h"
#include "random/samplers.h"

namespace pmsim {

//! One member-year as the generator saw it (for calibration and tests; the engine itself
//! keeps only the tallies).
struct MemberYear {
  std::uint32_t slot = 0;
  int year = 0;     //!< 0-based, baseline years first
  int segment = 0;  //!< the member's payer (0 when the panel has one)
  int age = 0;
  bool female = false;
  bool entered = false;  //!< a new member this year
  bool died = false;
  bool churned = false;
  bool aged_out = false;         //!< reached the age limit: leaves at the end of the year (population.age_out)
  std::uint32_t conditions = 0;  //!< bit c set: has condition c
  double frailty = 1;
  double risk = 1;
  int months = 12;
  std::array<std::uint32_t, kCategoryCount> counts{};
  CategoryValues claims{};

  double total_claims() const {
    double sum = 0;
    for (double c : claims) sum += c;
    return sum;
  }
};

struct NoObserver {
  void operator()(const MemberYear&) const {}
};

namespace generator_detail {

struct BlockState {
  BlockState(std::size_t n, std::size_t episode_types)
      : age(n),
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

inline void enter_member(const PopulationModel& m, RandomStream& rng, BlockState& s, std::size_t i) {
  const double u_band = rng.uniform();
  int band = 0;
  while (band + 1 < static_cast<int>(m.bands.size()) && u_band > m.bands[band].cumulative_share) ++band;
  const auto& b = m.bands[band];
  const int span = b.max_age - b.min_age + 1;
  s.age[i] = b.min_age + static_cast<int>(rng.uniform() * span);
  s.band[i] = band;
  s.female[i] = rng() < m.female_threshold;
  std::uint32_t mask = 0;
  for (std::size_t c = 0; c < m.conditions.size(); ++c)
    if (rng() < b.prevalence_threshold[c]) mask |= 1u << c;
  s.conditions[i] = mask;
  s.frailty[i] = m.frailty.initial(rng);  // last: it uses a variable number of words
}

inline void continue_member(const PopulationModel& m, std::uint32_t replication, std::uint32_t slot, int year,
                            BlockState& s, std::size_t i) {
  s.age[i] += 1;
  s.band[i] = m.band_of_age(s.age[i]);
  RandomStream rng(m.seed, replication, slot, year, Purpose::transition);
  // New conditions, independent Bernoulli(incidence_j) for the conditions the member lacks,
  // from one uniform: u < p_j decides j, and u / p_j (yes) or (u - p_j) / (1 - p_j) (no) is
  // again uniform and independent of the decision, for the next condition.
  double u = rng.uniform();
  std::uint32_t mask = s.conditions[i];
  for (std::size_t c = 0; c < m.conditions.size(); ++c) {
    if (mask & (1u << c)) continue;
    const double p = m.conditions[c].incidence;
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

// F^e, with the common exponents exact and cheap; log F is computed once, when needed.
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

inline double severity_claims(const PopulationModel& m, int category, std::uint32_t units, std::uint32_t replication,
                              std::uint32_t slot, int year) {
  const auto& t = m.categories[category];
  if (!t.severity || units == 0) return t.fee * units;
  RandomStream rng(m.seed, replication, slot, year,
                   static_cast<std::uint32_t>(Purpose::severity) + static_cast<std::uint32_t>(category));
  if (t.severity_distribution == SeverityDistribution::gamma) {
    // The sum of n Gamma(a, s) factors is Gamma(n a, s): one draw for all units.
    const GammaSampler sum =
        units < t.gamma_sums.size() ? t.gamma_sums[units] : GammaSampler(t.unit_gamma_shape * units, t.gamma_scale);
    return t.fee * sum(rng);
  }
  double sum = 0;  // lognormal factors by inversion, one uniform a unit
  for (std::uint32_t k = 0; k < units; ++k) sum += std::exp(t.log_mu + t.log_sigma * normal_inverse(rng.uniform()));
  return t.fee * sum;
}

// Admission types: the index admissions split into groups (0 untyped, 1 + k type k) by
// sequential binomials, then each group's readmissions and post-acute stays with the type's
// factors. The untyped group uses the counts stream's uniform, the rest the admissions stream.
// Types with a rate of their own are drawn with the other index admissions (add_rate_admissions);
// the types with a share then split what is left.
inline void split_admissions(const PopulationModel& m, RandomStream& rng, std::uint32_t admissions,
                             AdmissionGroups& g) {
  g.count = 1 + static_cast<int>(m.admission_types.size());
  std::uint32_t left = admissions;
  for (std::size_t k = 0; k < m.admission_types.size(); ++k) left -= g.admissions[1 + k];  // rate types
  for (std::size_t k = 0; k < m.admission_types.size(); ++k) {
    if (m.admission_types[k].rate > 0) continue;
    const std::uint32_t n = left > 0 ? binomial_inverse(left, m.admission_types[k].share_of_rest, rng.uniform()) : 0;
    g.admissions[1 + k] = n;
    left -= n;
  }
  g.admissions[0] = left;
}

// Admissions of the types with a rate of their own: Poisson(rate x person x F^e / E[F^e]),
// one uniform each from the admissions stream. Returns how many.
inline std::uint32_t add_rate_admissions(const PopulationModel& m, RandomStream& rng, double person,
                                         FrailtyPowers& frailty_power, AdmissionGroups& g) {
  std::uint32_t total = 0;
  for (std::size_t k = 0; k < m.admission_types.size(); ++k) {
    const auto& t = m.admission_types[k];
    if (t.rate <= 0) continue;
    const double mean = t.rate * person * frailty_power(t.frailty_exponent) * t.frailty_moment_inverse;
    total += g.admissions[1 + k] = poisson_inverse(mean, rng.uniform());
  }
  return total;
}

inline std::uint32_t typed_readmissions(const PopulationModel& m, RandomStream& rng, double rate, double u,
                                        AdmissionGroups& g) {
  std::uint32_t total = g.readmissions[0] = binomial_inverse(g.admissions[0], std::min(1.0, rate), u);
  for (int k = 1; k < g.count; ++k) {
    const double p = std::min(1.0, rate * m.admission_types[k - 1].readmission_factor);
    total += g.readmissions[k] = g.admissions[k] > 0 ? binomial_inverse(g.admissions[k], p, rng.uniform()) : 0;
  }
  return total;
}

inline std::uint32_t typed_post_acute(const PopulationModel& m, RandomStream& rng, double rate, double u,
                                      AdmissionGroups& g) {
  std::uint32_t total = g.post_acute[0] = binomial_inverse(g.admissions[0] + g.readmissions[0], std::min(1.0, rate), u);
  for (int k = 1; k < g.count; ++k) {
    const std::uint32_t stays = g.admissions[k] + g.readmissions[k];
    const double p = std::min(1.0, rate * m.admission_types[k - 1].post_acute_factor);
    total += g.post_acute[k] = stays > 0 ? binomial_inverse(stays, p, rng.uniform()) : 0;
  }
  return total;
}

// Inpatient claims group by group from the category's severity stream: lognormal factors unit
// by unit (the untyped group's units first), or one gamma sum per group; each group's stays
// cost its type's cost_factor times the fee.
inline double typed_inpatient_claims(const PopulationModel& m, AdmissionGroups& g, std::uint32_t replication,
                                     std::uint32_t slot, int year) {
  constexpr int kInpatient = static_cast<int>(Category::inpatient);
  const auto& t = m.categories[kInpatient];
  RandomStream rng(m.seed, replication, slot, year,
                   static_cast<std::uint32_t>(Purpose::severity) + static_cast<std::uint32_t>(kInpatient));
  double total = 0;
  for (int k = 0; k < g.count; ++k) {
    const std::uint32_t units = g.admissions[k];
    const double fee = t.fee * (k == 0 ? 1.0 : m.admission_types[k - 1].cost_factor);
    double sum = units;
    if (t.severity && units > 0) {
      if (t.severity_distribution == SeverityDistribution::gamma) {
        sum = GammaSampler(t.unit_gamma_shape * units, t.gamma_scale)(rng);
      } else {
        sum = 0;
        for (std::uint32_t u = 0; u < units; ++u)
          sum += std::exp(t.log_mu + t.log_sigma * normal_inverse(rng.uniform()));
      }
    }
    g.claims[k] = fee * sum;
    total += g.claims[k];
  }
  return total;
}

}  // namespace generator_detail

//! Simulates slots [first_slot, first_slot + count) of one replication through every year,
//! adding to tallies[segment x total_years + year] (tallies.size() == model.segments x
//! model.total_years; one segment per payer) and calling observe(record) for every member-year.
template <class Observer = NoObserver>
void simulate_block(const PopulationModel& m, StreamIds ids, std::int64_t first_slot, std::size_t count,
                    std::span<YearTally> tallies, Observer&& observe = {}) {
  using namespace generator_detail;
  const std::uint32_t replication = ids.members;
  constexpr bool kObserved = !std::is_same_v<std::remove_cvref_t<Observer>, NoObserver>;
  constexpr int kInpatient = static_cast<int>(Category::inpatient);
  constexpr int kReadmission = static_cast<int>(Category::readmission);
  constexpr int kPostAcute = static_cast<int>(Category::post_acute);

  BlockState s(count, m.episode_types.size());
  const std::size_t n_interventions = m.interventions.size();
  s.propensity.assign(count * n_interventions, 0.0);
  const std::size_t powers = m.frailty_exponents.size();
  std::array<double, kCategoryCount> frailty_factor{};

  for (int year = 0; year < m.total_years; ++year) {
    const YearShock shock = shock_of_year(m.shocks, m.seed, ids.systematic, year);
    const double* payer_cumulative = m.payer_thresholds(year);
    for (std::size_t i = 0; i < count; ++i) {
      const auto slot = static_cast<std::uint32_t>(first_slot + static_cast<std::int64_t>(i));
      const bool entering = !s.present[i];
      if (m.segments > 1) {
        if (entering) s.payer_draw[i] = RandomStream(m.seed, replication, slot, year, Purpose::payer).uniform();
        int p = 0;
        while (p + 1 < m.segments && s.payer_draw[i] >= payer_cumulative[p]) ++p;
        s.segment[i] = static_cast<std::uint8_t>(p);
      }
      YearTally& tally = tallies[static_cast<std::size_t>(s.segment[i]) * m.total_years + year];
      if (entering) {
        RandomStream rng(m.seed, replication, slot, year, Purpose::new_member);
        enter_member(m, rng, s, i);
        if (n_interventions > 0) {
          RandomStream trait(m.seed, replication, slot, year, Purpose::interventions);
          for (std::size_t k = 0; k < n_interventions; ++k) s.propensity[i * n_interventions + k] = trait.uniform();
        }
        if (year > 0) tally.entrants += 1;
      } else {
        continue_member(m, replication, slot, year, s, i);
      }
      const auto& band = m.bands[s.band[i]];
      const bool female = s.female[i] != 0;
      const std::uint32_t mask = s.conditions[i];
      const double frailty = s.frailty[i];
      const double risk = m.normalised_risk(s.band[i], female, mask);

      // Frailty factors F^e / E[F^e], one per distinct exponent.
      FrailtyPowers frailty_power(frailty);
      for (std::size_t p = 0; p < powers; ++p)
        frailty_factor[p] = frailty_power(m.frailty_exponents[p]) * m.frailty_moment_inverse[p];

      // One stream of fixed layout per member-year: a uniform per service category, by
      // index, then the exit uniform.
      RandomStream count_rng(m.seed, replication, slot, year, Purpose::counts);
      std::array<double, kCategoryCount + 1> uniforms;
      for (double& u : uniforms) u = count_rng.uniform();

      // Exit: death, else churn, from one uniform u: death if u < p_death; given survival,
      // (u - p_death) / (1 - p_death) is a fresh uniform for churn; the exit month comes
      // from the uniform left within the event's interval.
      double hazard = band.hazard * (female ? m.female_mortality : 1.0);
      CategoryValues condition_factor;
      condition_factor.fill(1.0);
      for (std::uint32_t bits = mask; bits != 0; bits &= bits - 1) {
        const auto& cond = m.conditions[std::countr_zero(bits)];
        hazard *= cond.mortality;
        for (int c = 0; c < kCategoryCount; ++c) condition_factor[c] *= cond.utilization[c];
      }
      if (m.mortality_exponent != 0.0) hazard *= frailty_power(m.mortality_exponent) * m.mortality_moment_inverse;
      const double u_exit = uniforms[kCategoryCount];
      // Exits fill [0, p + churn (1 - p)); p = 1 - exp(-hazard) <= hazard, so u beyond
      // hazard + churn is a member who stays, known without computing p.
      bool died = false, churned = false;
      double u_within = 0.0;
      if (u_exit < hazard + m.churn) {
        const double p_death = -std::expm1(-hazard);
        died = u_exit < p_death;
        if (died) {
          u_within = u_exit / p_death;
        } else if (m.churn > 0.0) {
          const double u_churn = (u_exit - p_death) / (1.0 - p_death);
          churned = u_churn < m.churn;
          u_within = u_churn / m.churn;
        }
      }
      const int months = (died || churned) ? 1 + std::min(11, static_cast<int>(u_within * 12.0)) : 12;
      // A survivor at the age limit stays the whole year and leaves at its end.
      const bool ages_out = !died && !churned && m.age_out_age >= 0 && s.age[i] >= m.age_out_age;
      const double exposure = months / 12.0;

      // Interventions the member is enrolled in this year scale its rates and lift its outcomes.
      double screening_gain = 0, control_gain = 0;
      for (std::size_t k = 0; k < n_interventions; ++k) {
        const auto& iv = m.interventions[k];
        const double share = iv.effect_share[year];
        if (share <= 0 || risk < iv.risk_threshold || s.propensity[i * n_interventions + k] >= iv.enrollment) continue;
        for (int c = 0; c < kCategoryCount; ++c) condition_factor[c] *= 1.0 - share * (1.0 - iv.effects[c]);
        screening_gain += share * iv.screening_gain;
        control_gain += share * iv.control_gain;
        tally.enrolled_member_months[k] += months;
      }

      // Service counts by inversion.
      std::array<std::uint32_t, kCategoryCount> counts{};
      AdmissionGroups groups;
      const bool typed = !m.admission_types.empty();
      RandomStream admission_rng(m.seed, replication, slot, year, Purpose::admissions);
      const double person = band.utilization * (female ? m.female_utilization : 1.0) * exposure;
      for (int c = 0; c < kCategoryCount; ++c) {
        const auto& t = m.categories[c];
        const double u = uniforms[c];
        const double eol = died ? t.end_of_life : 1.0;
        const double factor = condition_factor[c] * frailty_factor[t.frailty_power] * eol * shock.utilization[c];
        if (c == kReadmission) {
          if (typed) {
            split_admissions(m, admission_rng, counts[kInpatient], groups);
            counts[c] = typed_readmissions(m, admission_rng, t.rate * factor, u, groups);
          } else {
            counts[c] = binomial_inverse(counts[kInpatient], std::min(1.0, t.rate * factor), u);
          }
        } else if (c == kPostAcute) {
          counts[c] =
              typed ? typed_post_acute(m, admission_rng, t.rate * factor, u, groups)
                    : binomial_inverse(counts[kInpatient] + counts[kReadmission], std::min(1.0, t.rate * factor), u);
        } else {
          counts[c] = poisson_inverse(t.rate * person * factor, u);
          if (c == kInpatient && m.rate_admission_types)
            counts[c] += add_rate_admissions(m, admission_rng, person * shock.utilization[c], frailty_power, groups);
        }
      }

      CategoryValues claims;
      double total = 0;
      for (int c = 0; c < kCategoryCount; ++c) {
        claims[c] =
            shock.price * (typed && c == kInpatient ? typed_inpatient_claims(m, groups, replication, slot, year)
                                                    : severity_claims(m, c, counts[c], replication, slot, year));
        total += claims[c];
        tally.counts[c] += counts[c];
        tally.claims[c] += claims[c];
      }
      if (typed && shock.price != 1.0)
        for (int g = 0; g < groups.count; ++g) groups.claims[g] *= shock.price;
      for (std::size_t t = 0; t < m.truncation_points.size(); ++t)
        tally.truncated_claims[t] += std::min(total, m.truncation_points[t]);
      tally.member_months += months;
      tally.members += 1;
      if (m.quality_outcomes) {
        // One stream of fixed layout: screening, control, avoidable admissions.
        RandomStream outcome_rng(m.seed, replication, slot, year, Purpose::outcomes);
        const double u_screen = outcome_rng.uniform(), u_control = outcome_rng.uniform();
        const double u_avoidable = outcome_rng.uniform();
        const std::uint32_t visits = counts[static_cast<int>(Category::primary_care)];
        double miss = 1.0;  // (1 - p)^visits
        const double miss_per_visit = screening_gain > 0 ? std::max(0.0, m.screening_miss_per_visit - screening_gain)
                                                         : m.screening_miss_per_visit;
        for (std::uint32_t v = 0; v < visits; ++v) miss *= miss_per_visit;
        tally.screened += u_screen < 1.0 - miss;
        if (m.controlled_condition >= 0 && (mask >> m.controlled_condition & 1u)) {
          tally.control_eligible += 1;
          tally.controlled +=
              u_control < std::min(m.control_max, m.control_base + m.control_per_visit * visits) + control_gain;
        }
        const std::uint32_t avoidable = binomial_inverse(counts[kInpatient], m.avoidable_share, u_avoidable);
        tally.avoidable_admissions += avoidable;
        tally.members_with_avoidable += avoidable > 0;
      }
      tally.risk_member_months += risk * months;
      if (!m.episode_types.empty()) {
        if (!typed) {
          groups.admissions[0] = counts[kInpatient];
          groups.readmissions[0] = counts[kReadmission];
          groups.post_acute[0] = counts[kPostAcute];
          groups.claims[0] = claims[kInpatient];
        }
        const EpisodeMemberYear episode_facts{replication, slot,    year,       &counts,
                                              &claims,     &groups, months,     died || churned || ages_out,
                                              risk,        mask,    shock.price};
        for (std::size_t e = 0; e < m.episode_types.size(); ++e)
          track_episodes(m, m.episode_types[e], episode_facts, s.open_episodes[i * m.episode_types.size() + e],
                         tally.episodes[e]);
      }
      if (died) {
        tally.deaths += 1;
        tally.decedent_claims += total;
      }
      if (churned) tally.churned += 1;

      if constexpr (kObserved) {
        MemberYear r;
        r.slot = slot;
        r.year = year;
        r.segment = s.segment[i];
        r.age = s.age[i];
        r.female = female;
        r.entered = entering;
        r.died = died;
        r.churned = churned;
        r.aged_out = ages_out;
        r.conditions = mask;
        r.frailty = frailty;
        r.risk = risk;
        r.months = months;
        r.counts = counts;
        r.claims = claims;
        observe(r);
      }
      s.present[i] = !(died || churned || ages_out);
    }
  }
}

}  // namespace pmsim
