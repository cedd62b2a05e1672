//! \file member_outcomes.cpp
//! The end of the chunk's year, member by member in slot order (so that sums are added in
//! one fixed order): the year's services, spending, months and risk into the tally of the
//! member's payer; quality outcomes and bundled-payment episodes, from streams of their own;
//! the record shown to the visitor, if any; and who is still there next year.

#include <algorithm>

#include "population/generator_steps.h"
#include "random/random_stream.h"
#include "random/samplers.h"

namespace pmsim::generator_detail {
namespace {

// A member's claims above `point` by each month's end, its claims incurred evenly over its
// `months` enrolled months from the year's start (members leave, never join, within a year).
void add_excess_by_month(double claims, int months, double point, std::array<double, 12>& excess) {
  for (int m = 1; m <= 12; ++m) {
    const double incurred = m >= months ? claims : claims * m / months;
    if (incurred > point) excess[m - 1] += incurred - point;
  }
}

void tally_member_year(const YearContext& y, const Chunk& c, std::size_t i, YearTally& tally) {
  const PopulationModel& m = y.m;
  const std::size_t n = c.n;
  for (int k = 0; k < kCategoryCount; ++k) {
    tally.counts[k] += c.counts[k * n + i];
    tally.claims[k] += c.claims[k * n + i];
  }
  for (std::size_t t = 0; t < m.truncation_points.size(); ++t) {
    const double point = m.truncation_points[t];
    tally.truncated_claims[t] += std::min(c.total[i], point);
    if (c.total[i] > point) add_excess_by_month(c.total[i], c.months[i], point, tally.excess_by_month[t]);
  }
  tally.member_months += c.months[i];
  tally.members += 1;
  tally.risk_member_months += c.risk[i] * y.risk_scale * c.months[i];
  if (c.died[i]) {
    tally.deaths += 1;
    tally.decedent_claims += c.total[i];
  }
  if (c.churned[i]) tally.churned += 1;
}

// Quality outcomes, from one stream of fixed layout (screening, control, avoidable
// admissions): screened with a chance per primary-care visit, the controlled condition
// under control with a chance that grows with visits, and a binomial share of the
// admissions avoidable.
void draw_quality(const YearContext& y, const Chunk& c, std::size_t i, YearTally& tally) {
  const PopulationModel& m = y.m;
  RandomStream rng(m.seed, y.replication, c.slot[i], y.year, Purpose::outcomes);
  const double u_screen = rng.uniform(), u_control = rng.uniform();
  const double u_avoidable = rng.uniform();
  const std::uint32_t visits = c.counts[static_cast<std::size_t>(Category::primary_care) * c.n + i];
  double miss = 1.0;  // (1 - p)^visits
  const double gain = c.screening_gain[i];
  const double miss_per_visit =
      gain > 0 ? std::max(0.0, m.screening_miss_per_visit - gain) : m.screening_miss_per_visit;
  for (std::uint32_t v = 0; v < visits; ++v) miss *= miss_per_visit;
  tally.screened += u_screen < 1.0 - miss;
  if (m.controlled_condition >= 0 && (c.conditions[i] >> m.controlled_condition & 1u)) {
    tally.control_eligible += 1;
    tally.controlled +=
        u_control < std::min(m.control_max, m.control_base + m.control_per_visit * visits) + c.control_gain[i];
  }
  const std::uint32_t avoidable = binomial_inverse(c.counts[kInpatient * c.n + i], m.avoidable_share, u_avoidable);
  tally.avoidable_admissions += avoidable;
  tally.members_with_avoidable += avoidable > 0;
}

// Bundled-payment episodes of every definition, from the year's stays (one untyped group
// when the scenario has no admission types); an exit closes the open ones.
void track_member_episodes(const YearContext& y, Chunk& c, std::size_t i, YearTally& tally) {
  const PopulationModel& m = y.m;
  const std::size_t n = c.n;
  std::array<std::uint32_t, kCategoryCount> counts;
  CategoryValues claims;
  for (int k = 0; k < kCategoryCount; ++k) {
    counts[k] = c.counts[k * n + i];
    claims[k] = c.claims[k * n + i];
  }
  AdmissionGroups untyped;
  const AdmissionGroups* groups = &untyped;
  if (m.admission_types.empty()) {
    untyped.admissions[0] = counts[kInpatient];
    untyped.readmissions[0] = counts[kReadmission];
    untyped.post_acute[0] = counts[kPostAcute];
    untyped.claims[0] = claims[kInpatient];
  } else {
    groups = &c.groups[i];
  }
  const EpisodeMemberYear facts{y.replication,   c.slot[i],     y.year,
                                &counts,         &claims,       groups,
                                c.months[i],     c.leaves(i),   c.risk[i] * y.risk_scale,
                                c.conditions[i], y.shock.price, y.fees_of(c, i)};
  const std::size_t types = m.episode_types.size();
  for (std::size_t e = 0; e < types; ++e)
    track_episodes(m, m.episode_types[e], facts, c.open_episodes[i * types + e], tally.episodes[e]);
}

MemberYear member_year_record(const YearContext& y, const Chunk& c, std::size_t i) {
  MemberYear r;
  r.slot = c.slot[i];
  r.year = y.year;
  r.segment = c.segment[i];
  r.age = c.age[i];
  r.female = c.female[i] != 0;
  r.entered = c.entering[i] != 0;
  r.died = c.died[i] != 0;
  r.churned = c.churned[i] != 0;
  r.aged_out = c.ages_out[i] != 0;
  r.conditions = c.conditions[i];
  r.frailty = c.frailty[i];
  r.risk = c.risk[i];
  r.months = c.months[i];
  for (int k = 0; k < kCategoryCount; ++k) {
    r.counts[k] = c.counts[k * c.n + i];
    r.claims[k] = c.claims[k * c.n + i];
  }
  return r;
}

}  // namespace

void record_outcomes(const YearContext& y, Chunk& c, std::span<YearTally> tallies, const MemberYearVisitor& visit) {
  const PopulationModel& m = y.m;
  for (std::size_t i = 0; i < c.n; ++i) {
    YearTally& tally = tally_of(y, c, tallies, i);
    tally_member_year(y, c, i, tally);
    if (m.quality_outcomes) draw_quality(y, c, i, tally);
    if (!m.episode_types.empty()) track_member_episodes(y, c, i, tally);
    if (visit) visit(member_year_record(y, c, i));
    c.present[i] = !c.leaves(i);
  }
}

}  // namespace pmsim::generator_detail
