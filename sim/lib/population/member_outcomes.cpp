//! \file member_outcomes.cpp
//! The end of the chunk's year, in slot order (so that every sum is added in one fixed
//! order; runs of members of one payer at a time): the year's services, spending, months and risk into the tally of the
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

// The year's services, spending, months and risk of members [begin, end), all of one payer,
// into its tally: each sum added in member order, as one member at a time would, but held in
// registers over the run (through the tally in memory every add waited for the last one).
// The counts (units, members, deaths, churn, months) are whole numbers: summed as integers,
// in any order, and added once, they give the bits of the sum a member at a time (every
// partial sum of whole doubles below 2^53 is exact), with only the spending's and risk's
// sums left on the floating-point adder.
void tally_members(const YearContext& y, const Chunk& c, std::size_t begin, std::size_t end, YearTally& tally) {
  const PopulationModel& m = y.m;
  const std::size_t n = c.n;
  for (int k = 0; k < kCategoryCount; ++k) {
    const std::uint32_t* units = c.counts.data() + static_cast<std::size_t>(k) * n;
    std::uint64_t sum = 0;
    for (std::size_t i = begin; i < end; ++i) sum += units[i];
    tally.counts[k] += static_cast<double>(sum);
  }
  std::int64_t months = 0, deaths = 0, churned = 0;
  for (std::size_t i = begin; i < end; ++i) {
    months += c.months[i];
    deaths += c.died[i] != 0;
    churned += c.churned[i] != 0;
  }
  tally.member_months += static_cast<double>(months);
  tally.members += static_cast<double>(end - begin);
  tally.deaths += static_cast<double>(deaths);
  tally.churned += static_cast<double>(churned);
  CategoryValues claims = tally.claims;
  double risk_member_months = tally.risk_member_months, decedent_claims = tally.decedent_claims;
  const double risk_scale = y.risk_scale;
  for (std::size_t i = begin; i < end; ++i) {
    for (int k = 0; k < kCategoryCount; ++k) claims[k] += c.claims[k * n + i];
    risk_member_months += c.risk[i] * risk_scale * c.months[i];
    // Adding 0 to a sum of non-negative terms (never -0) leaves its bits: no branch needed.
    decedent_claims += c.died[i] != 0 ? c.total[i] : 0.0;
  }
  tally.claims = claims;
  tally.risk_member_months = risk_member_months, tally.decedent_claims = decedent_claims;
  for (std::size_t t = 0; t < m.truncation_points.size(); ++t) {
    const double point = m.truncation_points[t];
    for (std::size_t i = begin; i < end; ++i) {
      tally.truncated_claims[t] += std::min(c.total[i], point);
      if (c.total[i] > point) add_excess_by_month(c.total[i], c.months[i], point, tally.excess_by_month[t]);
    }
  }
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

// Run by run of members of one payer; within a run, member by member for each kind of sum
// (tally_members, the quality outcomes, the episodes touch different fields of the tally), so
// every field's terms are added in member order.
void record_outcomes(const YearContext& y, Chunk& c, std::span<YearTally> tallies, const MemberYearVisitor& visit) {
  const PopulationModel& m = y.m;
  for (std::size_t begin = 0; begin < c.n;) {
    std::size_t end = begin + 1;
    while (end < c.n && c.segment[end] == c.segment[begin]) ++end;
    YearTally& tally = tally_of(y, c, tallies, begin);
    tally_members(y, c, begin, end, tally);
    for (std::size_t i = begin; i < end; ++i) {
      if (m.quality_outcomes) draw_quality(y, c, i, tally);
      if (!m.episode_types.empty()) track_member_episodes(y, c, i, tally);
      if (visit) visit(member_year_record(y, c, i));
      c.present[i] = !c.leaves(i);
    }
    begin = end;
  }
}

}  // namespace pmsim::generator_detail
