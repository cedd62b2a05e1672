#include "claims/year_tally.h"

#include <algorithm>

namespace pmsim {

double YearTally::total_claims() const {
  double sum = 0;
  for (double c : claims) sum += c;
  return sum;
}

void YearTally::add(const YearTally& o) {
  member_months += o.member_months;
  risk_member_months += o.risk_member_months;
  entrants += o.entrants;
  deaths += o.deaths;
  churned += o.churned;
  decedent_claims += o.decedent_claims;
  members += o.members;
  screened += o.screened;
  control_eligible += o.control_eligible;
  controlled += o.controlled;
  avoidable_admissions += o.avoidable_admissions;
  members_with_avoidable += o.members_with_avoidable;
  for (int c = 0; c < kCategoryCount; ++c) {
    counts[c] += o.counts[c];
    claims[c] += o.claims[c];
    fee_premium[c] += o.fee_premium[c];
  }
  for (int t = 0; t < kMaxTruncations; ++t) {
    truncated_claims[t] += o.truncated_claims[t];
    for (int m = 0; m < 12; ++m) excess_by_month[t][m] += o.excess_by_month[t][m];
  }
  for (int e = 0; e < kMaxEpisodeTypes; ++e) episodes[e].add(o.episodes[e]);
  for (int k = 0; k < kMaxInterventions; ++k) enrolled_member_months[k] += o.enrolled_member_months[k];
}

void EpisodeTally::add(const EpisodeTally& o) {
  episodes += o.episodes;
  spending += o.spending;
  capped_spending += o.capped_spending;
  risk += o.risk;
  days += o.days;
  anchors += o.anchors;
  stays += o.stays;
  readmissions += o.readmissions;
  post_acute_stays += o.post_acute_stays;
  with_readmission += o.with_readmission;
  with_post_acute += o.with_post_acute;
}

int truncation_index(const std::vector<double>& points, double amount) {
  if (amount <= 0) return -1;
  const auto it = std::find(points.begin(), points.end(), amount);
  return it == points.end() ? -1 : static_cast<int>(it - points.begin());
}

int episode_index(const std::vector<EpisodeDefinition>& definitions, const EpisodeDefinition& definition) {
  const auto it = std::find(definitions.begin(), definitions.end(), definition);
  return it == definitions.end() ? -1 : static_cast<int>(it - definitions.begin());
}

void add_tallies(YearTallies& into, const YearTallies& from) {
  if (into.empty()) {
    into = from;
    return;
  }
  for (std::size_t y = 0; y < into.size(); ++y) into[y].add(from[y]);
}

}  // namespace pmsim
