//! \file generator_services.cpp
//! The services of the chunk's member-years: counts (Poisson for the rate-driven categories,
//! binomial in the admissions for readmissions and post-acute stays), the split of the
//! admissions into admission types, and the claims (lognormal or gamma severity per unit).
//! docs/model.md: Service counts, Admission types, Claims. Each category is one pass of the
//! many-lane samplers over the chunk; admission types, rare, go member by member.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "population/generator_steps.h"
#include "population/rate_lanes.h"
#include "random/draw_errors.h"
#include "random/gamma_sampler.h"
#include "random/lognormal_factor.h"
#include "random/random_stream.h"
#include "random/samplers.h"

namespace pmsim::generator_detail {
namespace {

// The largest expected count of a service a member-year: 2,700 services a day is beyond any
// real member, keeps the count and the sum of the inpatient and admission types' counts far
// inside uint32 (4.3e9), and a member-year's claims (lognormal severity: one draw a unit)
// within milliseconds (docs/reliability/ranges.md, "Products of multipliers").
constexpr double kLargestExpectedCount = 1e6;

// A member's expected count of a category (admission type -1) or of an admission type is a
// product of the scenario's rates and multipliers (band, sex, conditions, events, shocks,
// frailty). Each is within its key's range, but no one of them bounds the product: a mean
// beyond the sampler's limit (or not a number) stops the run.
[[noreturn]] void count_beyond_limit(const YearContext& y, std::uint32_t slot, int category, int admission_type,
                                     double mean) {
  const std::string what = admission_type < 0 ? "services." + std::string(kCategoryNames[category])
                                              : "admission_types[" + std::to_string(admission_type) + "]";
  char numbers[64];
  std::snprintf(numbers, sizeof numbers, "%.4g, beyond %.0e", mean, kLargestExpectedCount);
  // The stream id of a twin population has its top bit set (random_stream.h).
  throw CountBeyondLimitError(
      "replication " + std::to_string(y.replication & 0x7FFFFFFFu) + ", simulated year " + std::to_string(y.year + 1) +
      " of " + std::to_string(y.m.total_years) + " (counting the warm-up and baseline years), member slot " +
      std::to_string(slot) + ": the expected count of " + what + " is " + numbers +
      " a member-year: the product of its rate, the utilization multipliers (band, sex, "
      "conditions, events, shocks, end of life) and the frailty factor F^e / E[F^e] is beyond what "
      "pmsim draws; lower them (docs/reliability/ranges.md)");
}

void check_mean(const YearContext& y, std::uint32_t slot, int category, int admission_type, double mean) {
  if (!(mean <= kLargestExpectedCount)) [[unlikely]]
    count_beyond_limit(y, slot, category, admission_type, mean);
}

// The member's multiplier of category k's rate (rate_lanes.h): its conditions' and
// interventions' factors, the frailty factor F^e / E[F^e], end of life in the year of death,
// the year's shock and trend.
RateFactors rate_factors(const YearContext& y, const Chunk& c, int k) {
  const PopulationModel& m = y.m;
  const CategoryTable& t = m.categories[k];
  RateFactors f;
  f.utilization = c.utilization.data() + static_cast<std::size_t>(k) * c.n;
  f.power = c.frailty_power.data() + static_cast<std::size_t>(t.frailty_power) * c.n;
  f.died = c.died.data();
  f.moment_inverse = m.frailty_moment_inverse[t.frailty_power];
  f.end_of_life = t.end_of_life;
  f.year_factor = y.shock.utilization[k] * y.utilization_trend[k];
  return f;
}

// The members' own scale of every rate: band, sex, the share of the year enrolled.
void person_scales(const PopulationModel& m, const Chunk& c, double* person) {
  const double sex[2] = {1.0, m.female_utilization};  // by female: a branch on it mispredicts
  for (std::size_t i = 0; i < c.n; ++i)
    person[i] = m.bands[c.band[i]].utilization * sex[c.female[i] != 0] * (c.months[i] / 12.0);
}

// Admission types, member by member from its admissions stream, in this order: the
// admissions of the types with a rate of their own (Poisson(rate x person x F^e / E[F^e]),
// added to the inpatient count), the split of the other index admissions into the types
// with a share (sequential binomials; group 0 untyped, 1 + k type k), then each group's
// readmissions and post-acute stays with the type's factors. Group 0 uses the counts
// stream's uniform of the category, the other groups the admissions stream.
void draw_typed_admissions(const YearContext& y, Chunk& c, const double* person, const double* readmission_factor,
                           const double* post_acute_factor) {
  const PopulationModel& m = y.m;
  const std::size_t n = c.n;
  const CategoryTable& readmission = m.categories[kReadmission];
  const CategoryTable& post_acute = m.categories[kPostAcute];
  const double year_factor = y.shock.utilization[kInpatient] * y.utilization_trend[kInpatient];
  for (std::size_t i = 0; i < n; ++i) {
    RandomStream rng(m.seed, y.replication, c.slot[i], y.year, Purpose::admissions);
    AdmissionGroups& g = c.groups[i];
    g = AdmissionGroups{};
    g.count = 1 + static_cast<int>(m.admission_types.size());
    std::uint32_t& admissions = c.counts[kInpatient * n + i];
    if (m.rate_admission_types) {
      const double scale = person[i] * year_factor;
      for (std::size_t k = 0; k < m.admission_types.size(); ++k) {
        const AdmissionTypeTable& t = m.admission_types[k];
        if (t.rate <= 0) continue;
        const double power = c.frailty_power[static_cast<std::size_t>(t.frailty_power) * n + i];
        const double mean = t.rate * scale * power * t.frailty_moment_inverse;
        check_mean(y, c.slot[i], kInpatient, static_cast<int>(k), mean);
        admissions += g.admissions[1 + k] = poisson_inverse(mean, rng.uniform());
      }
    }
    std::uint32_t left = admissions;
    for (std::size_t k = 0; k < m.admission_types.size(); ++k) left -= g.admissions[1 + k];  // the rate types
    for (std::size_t k = 0; k < m.admission_types.size(); ++k) {
      if (m.admission_types[k].rate > 0) continue;
      const std::uint32_t taken =
          left > 0 ? binomial_inverse(left, m.admission_types[k].share_of_rest, rng.uniform()) : 0;
      g.admissions[1 + k] = taken;
      left -= taken;
    }
    g.admissions[0] = left;

    const double readmission_rate = readmission.rate * readmission_factor[i];
    std::uint32_t readmissions = g.readmissions[0] =
        binomial_inverse(g.admissions[0], std::min(1.0, readmission_rate), c.count_uniform[kReadmission * n + i]);
    for (int k = 1; k < g.count; ++k) {
      const double p = std::min(1.0, readmission_rate * m.admission_types[k - 1].readmission_factor);
      readmissions += g.readmissions[k] = g.admissions[k] > 0 ? binomial_inverse(g.admissions[k], p, rng.uniform()) : 0;
    }
    c.counts[kReadmission * n + i] = readmissions;

    const double post_acute_rate = post_acute.rate * post_acute_factor[i];
    std::uint32_t stays = g.post_acute[0] = binomial_inverse(
        g.admissions[0] + g.readmissions[0], std::min(1.0, post_acute_rate), c.count_uniform[kPostAcute * n + i]);
    for (int k = 1; k < g.count; ++k) {
      const std::uint32_t trials = g.admissions[k] + g.readmissions[k];
      const double p = std::min(1.0, post_acute_rate * m.admission_types[k - 1].post_acute_factor);
      stays += g.post_acute[k] = trials > 0 ? binomial_inverse(trials, p, rng.uniform()) : 0;
    }
    c.counts[kPostAcute * n + i] = stays;
  }
}

}  // namespace

// Categories in index order, so that readmissions follow the inpatient admissions they
// depend on and post-acute stays both.
void draw_counts(const YearContext& y, Chunk& c) {
  const PopulationModel& m = y.m;
  const std::size_t n = c.n;
  const bool typed = !m.admission_types.empty();
  c.lane_a.resize(n);
  c.lane_b.resize(n);
  c.lane_c.resize(n);
  double* person = c.lane_c.data();
  person_scales(m, c, person);
  std::vector<double> readmission_factor, post_acute_factor;  // kept for the typed pass
  for (int k = 0; k < kCategoryCount; ++k) {
    const CategoryTable& t = m.categories[k];
    const RateFactors f = rate_factors(y, c, k);
    const double* u = c.count_uniform.data() + static_cast<std::size_t>(k) * n;
    std::uint32_t* count = c.counts.data() + static_cast<std::size_t>(k) * n;
    const LaneStreams tries = y.streams(c.slot.data(), static_cast<std::uint32_t>(Purpose::count_tries) + k);
    if (k == kReadmission || k == kPostAcute) {
      double* factor = c.lane_a.data();
      rate_factors_lanes(f, n, factor);
      if (typed) {
        (k == kReadmission ? readmission_factor : post_acute_factor).assign(factor, factor + n);
        continue;
      }
      const std::uint32_t* admissions = c.counts.data() + static_cast<std::size_t>(kInpatient) * n;
      const std::uint32_t* readmissions = c.counts.data() + static_cast<std::size_t>(kReadmission) * n;
      c.lane_counts.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        c.lane_counts[i] = admissions[i] + (k == kPostAcute ? readmissions[i] : 0u);
        c.lane_b[i] = std::min(1.0, t.rate * factor[i]);
      }
      binomial_lanes(c.lane_counts.data(), c.lane_b.data(), u, tries, n, count);
    } else {
      double* mean = c.lane_b.data();
      if (!expected_counts_lanes(f, t.rate, person, n, kLargestExpectedCount, mean)) [[unlikely]]
        for (std::size_t i = 0; i < n; ++i) check_mean(y, c.slot[i], k, -1, mean[i]);
      poisson_lanes(mean, u, tries, n, count);
    }
  }
  if (typed) draw_typed_admissions(y, c, person, readmission_factor.data(), post_acute_factor.data());
}

namespace {

// Inpatient claims of admission types, member by member, group by group from the category's
// severity stream: lognormal factors unit by unit (the untyped group's units first), or one
// gamma sum per group; each group's stays cost its type's cost_factor times the fee.
void price_typed_inpatient(const YearContext& y, Chunk& c) {
  const PopulationModel& m = y.m;
  const CategoryTable& t = m.categories[kInpatient];
  for (std::size_t i = 0; i < c.n; ++i) {
    RandomStream rng(m.seed, y.replication, c.slot[i], y.year,
                     static_cast<std::uint32_t>(Purpose::severity) + static_cast<std::uint32_t>(kInpatient));
    AdmissionGroups& g = c.groups[i];
    double total = 0;
    for (int k = 0; k < g.count; ++k) {
      const std::uint32_t units = g.admissions[k];
      const double fee = y.fees_of(c, i)[kInpatient] * (k == 0 ? 1.0 : m.admission_types[k - 1].cost_factor);
      double sum = units;
      if (t.severity && units > 0) {
        if (t.severity_distribution == SeverityDistribution::gamma) {
          sum = GammaSampler(t.unit_gamma_shape * units, t.gamma_scale)(rng);
        } else {
          sum = 0;
          for (std::uint32_t u = 0; u < units; ++u) sum += lognormal_factor(t.log_mu, t.log_sigma, rng.uniform());
        }
      }
      g.claims[k] = fee * sum;
      total += g.claims[k];
    }
    c.claims[kInpatient * c.n + i] = y.shock.price * total;
    if (y.shock.price != 1.0)
      for (int k = 0; k < g.count; ++k) g.claims[k] *= y.shock.price;
  }
}

}  // namespace

// The claims of each category: the fee per unit, times a severity factor per unit drawn from
// the category's own stream when the category has one: lognormal factors, one word a unit,
// added in unit order; or, the sum of n Gamma(a, s) factors being Gamma(n a, s), one gamma
// draw for all units.
void price_services(const YearContext& y, Chunk& c) {
  const PopulationModel& m = y.m;
  const std::size_t n = c.n;
  const double price = y.shock.price;
  const bool typed = !m.admission_types.empty();
  for (int k = 0; k < kCategoryCount; ++k) {
    const CategoryTable& t = m.categories[k];
    const std::uint32_t* count = c.counts.data() + static_cast<std::size_t>(k) * n;
    double* claims = c.claims.data() + static_cast<std::size_t>(k) * n;
    if (typed && k == kInpatient) {
      price_typed_inpatient(y, c);
      continue;
    }
    if (!t.severity) {
      for (std::size_t i = 0; i < n; ++i) claims[i] = price * (y.fees_of(c, i)[k] * count[i]);
      continue;
    }
    // The members with units of the category, and their severity sums.
    std::fill(claims, claims + n, 0.0);
    const std::size_t lanes = c.pick([&](std::size_t i) { return count[i] != 0; });
    if (lanes == 0) continue;
    c.lane_units.resize(lanes);
    for (std::size_t j = 0; j < lanes; ++j) c.lane_units[j] = count[c.lane[j]];
    const LaneStreams streams =
        y.streams(c.lane_slot.data(), static_cast<std::uint32_t>(Purpose::severity) + static_cast<std::uint32_t>(k));
    c.lane_out.resize(lanes);
    if (t.severity_distribution == SeverityDistribution::gamma) {
      c.lane_a.resize(lanes);
      c.lane_b.resize(lanes);
      for (std::size_t j = 0; j < lanes; ++j) {
        c.lane_a[j] = t.unit_gamma_shape * c.lane_units[j];
        c.lane_b[j] = t.gamma_scale;
      }
      gamma_lanes(c.lane_a.data(), c.lane_b.data(), streams, lanes, c.lane_out.data());
    } else {
      lognormal_sums_lanes(c.lane_units.data(), t.log_mu, t.log_sigma, streams, lanes, c.lane_out.data());
    }
    for (std::size_t j = 0; j < lanes; ++j) claims[c.lane[j]] = price * (y.fees_of(c, c.lane[j])[k] * c.lane_out[j]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    double total = 0;
    for (int k = 0; k < kCategoryCount; ++k) total += c.claims[k * n + i];
    c.total[i] = total;
  }
}

}  // namespace pmsim::generator_detail
