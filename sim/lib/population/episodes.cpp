#include "population/episodes.h"

#include <algorithm>
#include <cmath>

#include "population/population_model.h"
#include "random/gamma_sampler.h"
#include "random/lognormal_factor.h"
#include "random/random_stream.h"
#include "random/samplers.h"

namespace pmsim {

std::vector<EpisodeSegment> episode_segments(double carried_remaining_days, std::span<const double> anchor_days,
                                             double window_days) {
  std::vector<EpisodeSegment> segments;
  if (carried_remaining_days > 0) segments.push_back({0.0, carried_remaining_days, 0, true});
  for (double day : anchor_days) {
    if (!segments.empty() && day < segments.back().window_end) {
      segments.back().anchors += 1;  // inside an open window: the same episode
    } else {
      segments.push_back({day, day + window_days, 1, false});
    }
  }
  return segments;
}

namespace {

constexpr int kInpatient = static_cast<int>(Category::inpatient);
constexpr int kReadmission = static_cast<int>(Category::readmission);
constexpr int kPostAcute = static_cast<int>(Category::post_acute);
// Categories whose units occur at a rate over the year (placed uniformly in time).
constexpr int kTimedCategories[] = {static_cast<int>(Category::primary_care), static_cast<int>(Category::specialist),
                                    static_cast<int>(Category::emergency), static_cast<int>(Category::outpatient)};

// Hands out a member-year's units of one category (or of one admission group), a few at a
// time, with their costs: fee x units without severity; the next lognormal factors of the
// category's severity stream (the very draws the claims were made of; a group's units start
// after those of the groups before it); or, for a gamma sum, a Beta(j a, (n - j) a) share of
// what is left, which given the sum is exactly the cost of j of its n units.
class UnitCosts {
 public:
  UnitCosts() = default;
  UnitCosts(const PopulationModel& m, int category, const EpisodeMemberYear& f, std::uint32_t units, double claims,
            double fee_factor, std::uint32_t stream_offset)
      : table_(&m.categories[category]),
        units_(units),
        claims_(claims),
        fee_(f.fees[category] * fee_factor * f.price),
        severity_(m.seed, f.replication, f.slot, f.year,
                  static_cast<std::uint32_t>(Purpose::severity) + static_cast<std::uint32_t>(category)),
        skip_(stream_offset) {}

  double take(std::uint32_t units, RandomStream& rng) {
    units = std::min(units, units_);
    if (units == 0) return 0.0;
    double cost;
    if (!table_->severity) {
      cost = fee_ * units;
    } else if (units == units_) {
      cost = claims_;
    } else if (table_->severity_distribution == SeverityDistribution::lognormal) {
      for (; skip_ > 0; --skip_) severity_.uniform();
      double sum = 0;
      for (std::uint32_t k = 0; k < units; ++k)
        sum += lognormal_factor(table_->log_mu, table_->log_sigma, severity_.uniform());
      cost = std::min(claims_, fee_ * sum);
    } else {
      const double taken = GammaSampler(units * table_->unit_gamma_shape)(rng);
      const double left = GammaSampler((units_ - units) * table_->unit_gamma_shape)(rng);
      cost = claims_ * taken / (taken + left);
    }
    units_ -= units;
    claims_ -= cost;
    return cost;
  }

 private:
  const CategoryTable* table_ = nullptr;
  std::uint32_t units_ = 0;
  double claims_ = 0;
  double fee_ = 0;
  RandomStream severity_{0, 0, 0, 0, 0u};
  std::uint32_t skip_ = 0;
};

using GroupCounts = std::array<std::uint32_t, kMaxAdmissionGroups>;

// `draws` items taken at random from items in groups (`pool`, taken out of it): how many of
// each group (multivariate hypergeometric, group by group).
GroupCounts take_from_groups(GroupCounts& pool, int groups, std::uint32_t draws, RandomStream& rng) {
  GroupCounts taken{};
  std::uint32_t left = 0;
  for (int g = 0; g < groups; ++g) left += pool[g];
  for (int g = 0; g < groups && draws > 0; ++g) {
    std::uint32_t x = draws;
    if (g + 1 < groups && pool[g] < left) x = hypergeometric_inverse(left, pool[g], draws, rng.uniform());
    x = std::min(x, pool[g]);
    taken[g] = x;
    left -= pool[g];
    pool[g] -= x;
    draws -= x;
  }
  return taken;
}

}  // namespace

void track_episodes(const PopulationModel& m, const EpisodeTable& e, const EpisodeMemberYear& f, OpenEpisode& open,
                    EpisodeTally& tally) {
  const auto& counts = *f.counts;
  const AdmissionGroups& groups = *f.admissions;
  const int n_groups = groups.count;
  const bool eligible = e.trigger_condition < 0 || (f.conditions >> e.trigger_condition & 1u);
  std::uint32_t triggerable = 0;
  GroupCounts anchor_pool{};  // admissions that may anchor, by group
  for (int g = 0; g < n_groups; ++g) {
    if (e.trigger_group >= 0 && g != e.trigger_group) continue;
    anchor_pool[g] = groups.admissions[g];
    triggerable += groups.admissions[g];
  }
  if (open.remaining_days <= 0 && (!eligible || triggerable == 0)) return;  // the common case

  // One stream of the member-year for every definition: definitions that differ only in
  // their probability get nested anchors, in their window the same anchor days.
  RandomStream rng(m.seed, f.replication, f.slot, f.year, Purpose::episodes);
  const double u_anchor = rng.uniform();
  const std::uint32_t anchors = eligible ? binomial_inverse(triggerable, e.trigger_probability, u_anchor) : 0;
  const double enrolled_days = f.months == 12 ? kDaysPerYear : f.months * kDaysPerYear / 12.0;
  std::vector<double> days(anchors);
  for (double& d : days) d = rng.uniform() * enrolled_days;
  std::sort(days.begin(), days.end());
  tally.anchors += anchors;
  const std::vector<EpisodeSegment> segments = episode_segments(open.remaining_days, days, e.window_days);

  // The anchors' groups; the other admissions are the rest.
  GroupCounts anchors_left = take_from_groups(anchor_pool, n_groups, anchors, rng);
  GroupCounts others_left{};
  std::uint32_t other_admissions = 0;
  for (int g = 0; g < n_groups; ++g) other_admissions += others_left[g] = groups.admissions[g] - anchors_left[g];
  // Units not yet given to an episode, the time they can still fall in, and the pools the
  // stays' readmissions and post-acute stays are drawn from, by group.
  std::array<std::uint32_t, kCategoryCount> left = counts;
  double time_left = enrolled_days;
  GroupCounts stays_pool = groups.admissions, readmissions_pool = groups.readmissions;
  GroupCounts post_acute_trials{}, post_acute_pool = groups.post_acute;
  for (int g = 0; g < n_groups; ++g) post_acute_trials[g] = groups.admissions[g] + groups.readmissions[g];

  std::array<UnitCosts, kCategoryCount> costs;
  for (int c = 0; c < kCategoryCount; ++c)
    if (c != kInpatient) costs[c] = UnitCosts(m, c, f, counts[c], (*f.claims)[c], 1.0, 0);
  std::array<UnitCosts, kMaxAdmissionGroups> stay_costs;
  std::uint32_t offset = 0;
  for (int g = 0; g < n_groups; ++g) {
    const double factor = g == 0 ? 1.0 : m.admission_types[g - 1].cost_factor;
    stay_costs[g] = UnitCosts(m, kInpatient, f, groups.admissions[g], groups.claims[g], factor, offset);
    offset += groups.admissions[g];
  }

  for (const EpisodeSegment& seg : segments) {
    const double length = std::min(seg.window_end, enrolled_days) - seg.start;
    const double share = time_left > 0 ? std::clamp(length / time_left, 0.0, 1.0) : 0.0;
    time_left -= length;
    // Index admissions in the window besides the anchors, then units of the timed categories.
    const std::uint32_t others = binomial_inverse(other_admissions, share, rng.uniform());
    other_admissions -= others;
    double spending = 0;
    for (int c : kTimedCategories) {
      if (!e.included[c] || left[c] == 0) continue;
      const std::uint32_t in_window = binomial_inverse(left[c], share, rng.uniform());
      left[c] -= in_window;
      spending += costs[c].take(in_window, rng);
    }
    // The stays by group, and the readmissions and post-acute stays that follow them.
    const GroupCounts seg_anchors =
        take_from_groups(anchors_left, n_groups, static_cast<std::uint32_t>(seg.anchors), rng);
    const GroupCounts seg_others = take_from_groups(others_left, n_groups, others, rng);
    std::uint32_t stays = 0, readmissions = 0, post_acute = 0;
    for (int g = 0; g < n_groups; ++g) {
      const std::uint32_t s = seg_anchors[g] + seg_others[g];
      if (s == 0) continue;
      const std::uint32_t h = hypergeometric_inverse(stays_pool[g], readmissions_pool[g], s, rng.uniform());
      stays_pool[g] -= s;
      readmissions_pool[g] -= h;
      const std::uint32_t p = hypergeometric_inverse(post_acute_trials[g], post_acute_pool[g], s + h, rng.uniform());
      post_acute_trials[g] -= s + h;
      post_acute_pool[g] -= p;
      if (e.included[kInpatient]) spending += stay_costs[g].take(s, rng);
      stays += s;
      readmissions += h;
      post_acute += p;
    }
    if (e.included[kReadmission]) spending += costs[kReadmission].take(readmissions, rng);
    if (e.included[kPostAcute]) spending += costs[kPostAcute].take(post_acute, rng);
    OpenEpisode episode;
    if (seg.carried) {
      episode = open;
    } else {
      episode.risk = f.risk;
    }
    episode.days += length;
    episode.spending += spending;
    episode.stays += stays;
    episode.readmissions += readmissions;
    episode.post_acute_stays += post_acute;
    if (!f.exits && seg.window_end > kDaysPerYear) {
      episode.remaining_days = seg.window_end - kDaysPerYear;  // goes on next year
      open = episode;
      continue;
    }
    tally.episodes += 1;
    tally.spending += episode.spending;
    tally.capped_spending += e.spending_cap > 0 ? std::min(episode.spending, e.spending_cap) : episode.spending;
    tally.risk += episode.risk;
    tally.days += episode.days;
    tally.stays += episode.stays;
    tally.readmissions += episode.readmissions;
    tally.post_acute_stays += episode.post_acute_stays;
    tally.with_readmission += episode.readmissions > 0;
    tally.with_post_acute += episode.post_acute_stays > 0;
    if (seg.carried) open = OpenEpisode{};
  }
}

}  // namespace pmsim
