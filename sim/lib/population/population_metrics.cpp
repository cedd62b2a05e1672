#include "population/population_metrics.h"

#include <string>
#include <vector>

namespace pmsim {

namespace {

std::vector<TallyMetric> make_population_metrics() {
  std::vector<TallyMetric> m = {
      {{"member_years", "member-years", "member-months / 12"}, [](const YearTally& t) { return t.member_years(); }},
      {{"risk_member_years", "member-years", "sum of risk score x member-months / 12"},
       [](const YearTally& t) { return t.risk_member_months / 12.0; }},
      {{"entrants", "members", "new members who replaced those who died or left"},
       [](const YearTally& t) { return t.entrants; }},
      {{"deaths", "members", "members who died in the year"}, [](const YearTally& t) { return t.deaths; }},
      {{"churned", "members", "members who left for other reasons"}, [](const YearTally& t) { return t.churned; }},
      {{"claims_total", "USD", "all services at fee-for-service prices"},
       [](const YearTally& t) { return t.total_claims(); }},
      {{"decedent_claims", "USD", "claims of members who died in the year"},
       [](const YearTally& t) { return t.decedent_claims; }},
      {{"members", "members", "member records in the year (everyone enrolled at some point)"},
       [](const YearTally& t) { return t.members; }},
      {{"screened", "members", "members screened (quality outcome)"}, [](const YearTally& t) { return t.screened; }},
      {{"control_eligible", "members", "members with the controlled condition"},
       [](const YearTally& t) { return t.control_eligible; }},
      {{"controlled", "members", "members whose condition was controlled"},
       [](const YearTally& t) { return t.controlled; }},
      {{"avoidable_admissions", "units", "index admissions that were avoidable"},
       [](const YearTally& t) { return t.avoidable_admissions; }},
      {{"members_with_avoidable", "members", "members with at least one avoidable admission"},
       [](const YearTally& t) { return t.members_with_avoidable; }},
  };
  // The names of the per-category metrics live as long as the program (MetricSpec holds views).
  static std::vector<std::string> names;
  for (auto category : kCategoryNames) names.push_back("counts/" + std::string(category));
  for (auto category : kCategoryNames) names.push_back("claims/" + std::string(category));
  for (int c = 0; c < kCategoryCount; ++c)
    m.push_back({{names[c], "units", "units of service"}, [c](const YearTally& t) { return t.counts[c]; }});
  for (int c = 0; c < kCategoryCount; ++c)
    m.push_back({{names[kCategoryCount + c], "USD", "claims at fee-for-service prices"},
                 [c](const YearTally& t) { return t.claims[c]; }});
  return m;
}

constexpr MetricSpec kEnrolled = {"enrolled", "member-years", "member-years enrolled in the intervention"};
constexpr MetricSpec kShock = {"shocks", "indicator", "1 if the shock hit the year (the mean is its frequency)",
                               Aggregation::indicator};

}  // namespace

std::span<const TallyMetric> population_metrics() {
  static const std::vector<TallyMetric> metrics = make_population_metrics();
  return metrics;
}

const MetricSpec& enrolled_metric() { return kEnrolled; }
const MetricSpec& shock_metric() { return kShock; }

}  // namespace pmsim
