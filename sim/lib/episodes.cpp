#include "episodes.h"

#include <algorithm>
#include <cmath>

#include "gamma_sampler.h"
#include "population_model.h"
#include "random_stream.h"
#include "samplers.h"

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

// Hands out a member-year's units of one category, a few at a time, with their costs: fee x
// units without severity; the next lognormal factors of the category's severity stream (the
// very draws the claims were made of); or, for a gamma sum, a Beta(j a, (n - j) a) share of
// what is left, which given the sum is exactly the cost of j of its n units.
class UnitCosts {
 public:
  UnitCosts(const PopulationModel& m, int category, const EpisodeMemberYear& f)
      : table_(m.categories[category]),
        units_((*f.counts)[category]),
        claims_((*f.claims)[category]),
        severity_(m.seed, f.replication, f.slot, f.year,
                  static_cast<std::uint32_t>(Purpose::severity) + static_cast<std::uint32_t>(category)) {}

  double take(std::uint32_t units, RandomStream& rng) {
    units = std::min(units, units_);
    if (units == 0) return 0.0;
    double cost;
    if (!table_.severity) {
      cost = table_.fee * units;
    } else if (units == units_) {
      cost = claims_;
    } else if (table_.severity_distribution == SeverityDistribution::lognormal) {
      double sum = 0;
      for (std::uint32_t k = 0; k < units; ++k)
        sum += std::exp(table_.log_mu + table_.log_sigma * normal_inverse(severity_.uniform()));
      cost = std::min(claims_, table_.fee * sum);
    } else {
      const double taken = GammaSampler(units * table_.unit_gamma_shape)(rng);
      const double left = GammaSampler((units_ - units) * table_.unit_gamma_shape)(rng);
      cost = claims_ * taken / (taken + left);
    }
    units_ -= units;
    claims_ -= cost;
    return cost;
  }

 private:
  const CategoryTable& table_;
  std::uint32_t units_;
  double claims_;
  RandomStream severity_;
};

}  // namespace

void track_episodes(const PopulationModel& m, const EpisodeTable& e, const EpisodeMemberYear& f, OpenEpisode& open,
                    EpisodeTally& tally) {
  const auto& counts = *f.counts;
  const bool eligible = e.trigger_condition < 0 || (f.conditions >> e.trigger_condition & 1u);
  const std::uint32_t admissions = counts[kInpatient];
  if (open.remaining_days <= 0 && (!eligible || admissions == 0)) return;  // the common case

  // One stream of the member-year for every definition: definitions that differ only in
  // their probability get nested anchors, in their window the same anchor days.
  RandomStream rng(m.seed, f.replication, f.slot, f.year, Purpose::episodes);
  const double u_anchor = rng.uniform();
  const std::uint32_t anchors = eligible ? binomial_inverse(admissions, e.trigger_probability, u_anchor) : 0;
  const double enrolled_days = f.months == 12 ? kDaysPerYear : f.months * kDaysPerYear / 12.0;
  std::vector<double> days(anchors);
  for (double& d : days) d = rng.uniform() * enrolled_days;
  std::sort(days.begin(), days.end());
  tally.anchors += anchors;
  const std::vector<EpisodeSegment> segments = episode_segments(open.remaining_days, days, e.window_days);

  // Units not yet given to an episode, and the time they can still fall in.
  std::uint32_t other_admissions = admissions - anchors;
  std::array<std::uint32_t, kCategoryCount> left = counts;
  double time_left = enrolled_days;
  std::uint32_t pool_stays = admissions, pool_readmissions = counts[kReadmission];
  std::uint32_t pool_post_acute_stays = admissions + counts[kReadmission], pool_post_acute = counts[kPostAcute];
  std::array<UnitCosts, kCategoryCount> costs = {UnitCosts(m, 0, f), UnitCosts(m, 1, f), UnitCosts(m, 2, f),
                                                 UnitCosts(m, 3, f), UnitCosts(m, 4, f), UnitCosts(m, 5, f),
                                                 UnitCosts(m, 6, f)};
  static_assert(kCategoryCount == 7);

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
    // The stays, and the readmissions and post-acute stays that follow them.
    const std::uint32_t stays = static_cast<std::uint32_t>(seg.anchors) + others;
    const std::uint32_t readmissions = hypergeometric_inverse(pool_stays, pool_readmissions, stays, rng.uniform());
    pool_stays -= stays;
    pool_readmissions -= readmissions;
    const std::uint32_t post_acute =
        hypergeometric_inverse(pool_post_acute_stays, pool_post_acute, stays + readmissions, rng.uniform());
    pool_post_acute_stays -= stays + readmissions;
    pool_post_acute -= post_acute;
    if (e.included[kInpatient]) spending += costs[kInpatient].take(stays, rng);
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
