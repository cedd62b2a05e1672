// The exposure-weighted statistics of a panel (analysis/panel_statistics.h), by hand: the
// weighted Lorenz curve with a partial boundary member, the unweighted top share it reduces to
// when every member is enrolled all year, and the mix statistics of a small panel.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "analysis/calibration.h"
#include "analysis/panel_statistics.h"

namespace pmsim {
namespace {

TEST(PanelStatistics, TopShareCountsTheBoundaryMemberWithThePartOfItsWeightInside) {
  // (weight, claims): annualised 100, 200, 0, 50; weight 3.5, claims 250.
  const std::vector<std::pair<double, double>> members = {{1, 100}, {0.5, 100}, {1, 0}, {1, 50}};
  const std::vector<double> fractions = {0.10, 0.50, 1.0};
  const std::vector<double> top = weighted_top_shares(members, fractions);
  // Top 10% = 0.35 member-years: 0.7 of the 200-a-year member.
  EXPECT_DOUBLE_EQ(top[0], 70.0 / 250.0);
  // Top 50% = 1.75: the 200 and the 100 a year whole, a quarter of the 50 a year.
  EXPECT_DOUBLE_EQ(top[1], 212.5 / 250.0);
  EXPECT_DOUBLE_EQ(top[2], 1.0);
}

TEST(PanelStatistics, WithEveryoneEnrolledAllYearTheTopShareIsTheUnweightedOne) {
  std::vector<std::pair<double, double>> members;
  std::vector<double> sorted;
  for (int i = 0; i < 200; ++i) {
    const double claims = std::fmod(i * 7919.0, 1000.0);
    members.emplace_back(1.0, claims);
    sorted.push_back(claims);
  }
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const std::vector<double> all = weighted_top_shares(members, kPanelTopFractions);
  for (std::size_t t = 0; t < kPanelTopFractions.size(); ++t)
    EXPECT_NEAR(all[t], top_share(sorted, kPanelTopFractions[t]), 1e-12) << kPanelTopFractions[t];
}

TEST(PanelStatistics, MixAndSpendingAreWeightedByExposure) {
  PanelLayout layout;
  layout.conditions = {"diabetes"};
  layout.payers = {"a", "b"};
  layout.groups.push_back({"", -1, {{65, 74}, {75, 99}}});
  EXPECT_EQ(layout.locate(-1, 70), std::make_pair(0, 0));
  EXPECT_EQ(layout.locate(-1, 80), std::make_pair(0, 1));
  std::vector<PanelMemberYear> members(3);
  members[0] = {1.0, 1200, 1u, 0, 0, 0, true};  // 12 months, diabetic, payer a
  members[1] = {0.5, 0, 0u, 0, 0, 1, false};    // 6 months, no claims, payer b
  members[2] = {0.5, 600, 1u, 0, 1, 1, true};   // 6 months, older band, diabetic
  const PanelStatistics st = panel_statistics(layout, members);
  EXPECT_DOUBLE_EQ(st.spending_per_member_year, 1800.0 / 2.0);
  EXPECT_DOUBLE_EQ(st.zero_claims_share, 0.25);
  EXPECT_DOUBLE_EQ(st.payer_share[0], 0.5);
  EXPECT_DOUBLE_EQ(st.groups[0].female_share, 0.75);
  EXPECT_DOUBLE_EQ(st.groups[0].band_share[0], 0.75);
  EXPECT_DOUBLE_EQ(st.groups[0].prevalence[0][0], 1.0 / 1.5);
  EXPECT_DOUBLE_EQ(st.groups[0].prevalence[0][1], 1.0);
  EXPECT_EQ(st.values().size(), panel_statistic_labels(layout).size());
  // A band nobody is in has no prevalence.
  members.pop_back();
  EXPECT_TRUE(std::isnan(panel_statistics(layout, members).groups[0].prevalence[0][1]));
}

TEST(PanelStatistics, AFileWithoutAConditionsColumnSaysNothingOfPrevalence) {
  PanelLayout layout;
  layout.conditions = {"diabetes"};
  layout.groups.push_back({"", -1, {{65, 99}}});
  MemberPanel panel;
  panel.rows = 2;
  panel.age = {70, 80};
  panel.female = {1, 0};
  panel.months = {12, 12};
  panel.conditions = {0u, 0u};
  panel.claims = {100.0, 0.0};
  EXPECT_TRUE(std::isnan(member_file_statistics(layout, panel).groups[0].prevalence[0][0]));
  panel.has_conditions = true;  // a column, empty in both rows: nobody has it
  const PanelStatistics st = member_file_statistics(layout, panel);
  EXPECT_EQ(st.groups[0].prevalence[0][0], 0.0);
  EXPECT_DOUBLE_EQ(st.zero_claims_share, 0.5);
}

}  // namespace
}  // namespace pmsim
