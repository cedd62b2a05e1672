//! \file generator_services.cpp
//! The services of a member-year: counts by inversion (Poisson for the rate-driven
//! categories, binomial in the admissions for readmissions and post-acute stays), the split
//! of the admissions into admission types, and the claims (lognormal or gamma severity per
//! unit). docs/model.md: Service counts, Admission types, Claims.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "random/draw_errors.h"
#include "random/gamma_sampler.h"
#include "random/random_stream.h"
#include "random/samplers.h"
#include "scalar_reference/scalar_steps.h"

namespace pmsim::scalar_reference::generator_detail {
namespace {

constexpr int kInpatient = static_cast<int>(Category::inpatient);
constexpr int kReadmission = static_cast<int>(Category::readmission);
constexpr int kPostAcute = static_cast<int>(Category::post_acute);

// The largest expected count of a service a member-year: 2,700 services a day is beyond any
// real member, keeps the count and the sum of the inpatient and admission types' counts far
// inside uint32 (4.3e9), and a member-year's claims (lognormal severity: one draw a unit)
// within milliseconds (docs/reliability/ranges.md, "Products of multipliers").
constexpr double kLargestExpectedCount = 1e6;

// A member's count of a category (admission type -1) or of an admission type: Poisson(mean)
// by inversion, where the mean is a product of the scenario's rates and multipliers (band,
// sex, conditions, events, shocks, frailty). Each is within its key's range, but no one of
// them bounds the product: a mean beyond the sampler's limit (or not a number) stops the run.
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

std::uint32_t poisson_count(const YearContext& y, std::uint32_t slot, int category, int admission_type, double mean,
                            double u) {
  if (!(mean <= kLargestExpectedCount)) [[unlikely]]
    count_beyond_limit(y, slot, category, admission_type, mean);
  return poisson_inverse(mean, u);
}

// Admission types: the index admissions split into groups (0 untyped, 1 + k type k) by
// sequential binomials, then each group's readmissions and post-acute stays with the type's
// factors. The untyped group uses the counts stream's uniform, the rest the admissions stream.
// Types with a rate of their own are drawn with the other index admissions (add_rate_admissions);
// the types with a share then split what is left.
void split_admissions(const PopulationModel& m, RandomStream& rng, std::uint32_t admissions, AdmissionGroups& g) {
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
std::uint32_t add_rate_admissions(const YearContext& y, std::uint32_t slot, RandomStream& rng, double person,
                                  FrailtyPowers& frailty_power, AdmissionGroups& g) {
  const PopulationModel& m = y.m;
  std::uint32_t total = 0;
  for (std::size_t k = 0; k < m.admission_types.size(); ++k) {
    const auto& t = m.admission_types[k];
    if (t.rate <= 0) continue;
    const double mean = t.rate * person * frailty_power(t.frailty_exponent) * t.frailty_moment_inverse;
    total += g.admissions[1 + k] = poisson_count(y, slot, kInpatient, static_cast<int>(k), mean, rng.uniform());
  }
  return total;
}

std::uint32_t typed_readmissions(const PopulationModel& m, RandomStream& rng, double rate, double u,
                                 AdmissionGroups& g) {
  std::uint32_t total = g.readmissions[0] = binomial_inverse(g.admissions[0], std::min(1.0, rate), u);
  for (int k = 1; k < g.count; ++k) {
    const double p = std::min(1.0, rate * m.admission_types[k - 1].readmission_factor);
    total += g.readmissions[k] = g.admissions[k] > 0 ? binomial_inverse(g.admissions[k], p, rng.uniform()) : 0;
  }
  return total;
}

std::uint32_t typed_post_acute(const PopulationModel& m, RandomStream& rng, double rate, double u, AdmissionGroups& g) {
  std::uint32_t total = g.post_acute[0] = binomial_inverse(g.admissions[0] + g.readmissions[0], std::min(1.0, rate), u);
  for (int k = 1; k < g.count; ++k) {
    const std::uint32_t stays = g.admissions[k] + g.readmissions[k];
    const double p = std::min(1.0, rate * m.admission_types[k - 1].post_acute_factor);
    total += g.post_acute[k] = stays > 0 ? binomial_inverse(stays, p, rng.uniform()) : 0;
  }
  return total;
}

// The claims of `units` units of one category: the fee per unit, times a severity factor per
// unit drawn from the category's own stream when the category has one.
double severity_claims(const PopulationModel& m, int category, std::uint32_t units, std::uint32_t replication,
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

// Inpatient claims group by group from the category's severity stream: lognormal factors unit
// by unit (the untyped group's units first), or one gamma sum per group; each group's stays
// cost its type's cost_factor times the fee.
double typed_inpatient_claims(const PopulationModel& m, AdmissionGroups& g, std::uint32_t replication,
                              std::uint32_t slot, int year) {
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

}  // namespace

// Categories in index order, so that readmissions follow the inpatient admissions they
// depend on and post-acute stays both. The admissions stream is shared, in that order, by the
// rate admission types, the split of the admissions and the typed readmissions and
// post-acute stays.
void draw_counts(const YearContext& y, const Member& member, const Exit& exit, const CategoryValues& utilization,
                 const CountUniforms& uniforms, FrailtyPowers& frailty_power, Services& services) {
  const PopulationModel& m = y.m;
  // Frailty factors F^e / E[F^e], one per distinct exponent.
  std::array<double, kCategoryCount> frailty_factor{};
  for (std::size_t p = 0; p < m.frailty_exponents.size(); ++p)
    frailty_factor[p] = frailty_power(m.frailty_exponents[p]) * m.frailty_moment_inverse[p];

  auto& counts = services.counts;
  auto& groups = services.groups;
  const bool typed = services.typed = !m.admission_types.empty();
  RandomStream admission_rng(m.seed, y.replication, member.slot, y.year, Purpose::admissions);
  const auto& band = m.bands[member.band];
  const double exposure = exit.months / 12.0;
  const double person = band.utilization * (member.female ? m.female_utilization : 1.0) * exposure;
  for (int c = 0; c < kCategoryCount; ++c) {
    const auto& t = m.categories[c];
    const double u = uniforms[c];
    const double eol = exit.died ? t.end_of_life : 1.0;
    const double factor = utilization[c] * frailty_factor[t.frailty_power] * eol * y.shock.utilization[c];
    if (c == kReadmission) {
      if (typed) {
        split_admissions(m, admission_rng, counts[kInpatient], groups);
        counts[c] = typed_readmissions(m, admission_rng, t.rate * factor, u, groups);
      } else {
        counts[c] = binomial_inverse(counts[kInpatient], std::min(1.0, t.rate * factor), u);
      }
    } else if (c == kPostAcute) {
      counts[c] = typed
                      ? typed_post_acute(m, admission_rng, t.rate * factor, u, groups)
                      : binomial_inverse(counts[kInpatient] + counts[kReadmission], std::min(1.0, t.rate * factor), u);
    } else {
      counts[c] = poisson_count(y, member.slot, c, -1, t.rate * person * factor, u);
      if (c == kInpatient && m.rate_admission_types)
        counts[c] +=
            add_rate_admissions(y, member.slot, admission_rng, person * y.shock.utilization[c], frailty_power, groups);
    }
  }
}

void price_services(const YearContext& y, std::uint32_t slot, Services& services) {
  const PopulationModel& m = y.m;
  const double price = y.shock.price;
  services.total = 0;
  for (int c = 0; c < kCategoryCount; ++c) {
    services.claims[c] = price * (services.typed && c == kInpatient
                                      ? typed_inpatient_claims(m, services.groups, y.replication, slot, y.year)
                                      : severity_claims(m, c, services.counts[c], y.replication, slot, y.year));
    services.total += services.claims[c];
  }
  if (services.typed && price != 1.0)
    for (int g = 0; g < services.groups.count; ++g) services.groups.claims[g] *= price;
}

}  // namespace pmsim::scalar_reference::generator_detail
