// population.age_out: members who reach the oldest band's max_age leave at the end of that
// year and a new member takes the slot (a commercial panel losing its members to Medicare).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "population/population_generator.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

// One band of ages 60-64, nobody dies or leaves otherwise.
Scenario panel_of_60_to_64(bool age_out) {
  Scenario s = testing::stationary_panel("age_out", 20000, 1, 5, "", "  - {name: ffs, type: fee_for_service}\n");
  s.population.age_bands[0].min_age = 60;
  s.population.age_bands[0].max_age = 64;
  s.population.age_out = age_out;
  return s;
}

struct Observed {
  std::vector<double> entrants, at_limit;  //!< by year: new members; members aged 64
  int oldest = 0;
  bool full_years = true;  //!< every member-year of 12 months
};

Observed observe(const Scenario& s) {
  const PopulationModel model(s);
  YearTallies tallies(static_cast<std::size_t>(model.total_years));
  Observed o;
  o.entrants.assign(static_cast<std::size_t>(model.total_years), 0);
  o.at_limit.assign(static_cast<std::size_t>(model.total_years), 0);
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), tallies, [&](const MemberYear& m) {
    if (m.entered) o.entrants[m.year] += 1;
    if (m.age == 64) o.at_limit[m.year] += 1;
    EXPECT_EQ(m.aged_out, m.age == 64 && s.population.age_out);
    o.oldest = std::max(o.oldest, m.age);
    o.full_years = o.full_years && m.months == 12;
  });
  return o;
}

TEST(AgeOut, MembersAtTheAgeLimitAreReplacedTheNextYear) {
  const Observed o = observe(panel_of_60_to_64(true));
  EXPECT_EQ(o.oldest, 64);
  EXPECT_TRUE(o.full_years);  // they leave at the end of the year, not during it
  for (std::size_t y = 1; y < o.entrants.size(); ++y) EXPECT_EQ(o.entrants[y], o.at_limit[y - 1]) << "year " << y;
  // Ages at entry are uniform over the band: Bin(N, 1/5) members are 64 in the first year.
  const double n = 20000, p = 0.2;
  EXPECT_NEAR(o.at_limit[0], n * p, 4 * std::sqrt(n * p * (1 - p)));
}

TEST(AgeOut, WithoutItMembersStayInTheOldestBand) {
  const Observed o = observe(panel_of_60_to_64(false));
  EXPECT_GT(o.oldest, 64);
  for (std::size_t y = 1; y < o.entrants.size(); ++y) EXPECT_EQ(o.entrants[y], 0) << "year " << y;
}

TEST(AgeOut, ReadAndWritten) {
  Scenario s = panel_of_60_to_64(true);
  const std::string text = to_yaml(s);
  EXPECT_NE(text.find("  age_out: true\n"), std::string::npos);
  EXPECT_EQ(parse_scenario(text, "again.yaml"), s);
  const std::string bad = text.substr(0, text.find("  age_out: true\n")) + "  age_out: 65\n" +
                          text.substr(text.find("  age_out: true\n") + 16);
  try {
    parse_scenario(bad, "bad.yaml");
    ADD_FAILURE() << "age_out: 65 accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("population.age_out"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pmsim
