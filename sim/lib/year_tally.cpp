#include "year_tally.h"

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
  for (int c = 0; c < kCategoryCount; ++c) {
    counts[c] += o.counts[c];
    claims[c] += o.claims[c];
  }
}

void add_tallies(YearTallies& into, const YearTallies& from) {
  if (into.empty()) {
    into = from;
    return;
  }
  for (std::size_t y = 0; y < into.size(); ++y) into[y].add(from[y]);
}

}  // namespace pmsim
