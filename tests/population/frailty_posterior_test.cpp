// The frailty posterior of a member file's members (population/frailty_posterior.h): close to
// the conjugate gamma where the likelihood is nearly Poisson's, and the same for a member
// whether it is computed alone or with a whole panel (types shared, tables split between
// threads).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "population/frailty_posterior.h"
#include "population/population_model.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

// One category, primary care at `rate` a year, fee 100, no severity, frailty exponent 1: n
// visits cost 100 n, and the likelihood of the claims is nearly Poisson(l f)'s of n.
Scenario one_category(double rate) {
  Scenario s = testing::full_scenario(100, 1, 100);
  for (auto& service : s.services) service.rate = 0;
  auto& pc = s.services[static_cast<std::size_t>(Category::primary_care)];
  pc.rate = rate;
  pc.fee = 100;
  pc.severity = SeverityConfig{};
  pc.frailty_exponent = 1;
  s.population.conditions.clear();
  return s;
}

// Claims of a category without severity are a count, whose likelihood is Poisson's: the
// posterior is the conjugate Gamma(k + n, 1/(k + l)), from a few visits to thousands (a
// posterior narrower than the shared grid's step, on its own grid).
TEST(FrailtyPosterior, ACountWithoutSeverityGivesTheConjugatePosterior) {
  const PopulationModel model(one_category(4));
  const double k = model.frailty.shape();
  const double l = 4 * model.bands[0].utilization;
  for (const double n : {1.0, 3.0, 40.0, 400.0, 4000.0}) {
    const double claims = 100 * n;
    ObservedMember who;
    who.by_category = true;
    std::vector<double> by(kCategoryCount, 0.0);
    by[static_cast<std::size_t>(Category::primary_care)] = claims;
    std::vector<std::uint8_t> observed(kCategoryCount, 1);
    who.claims = by.data();
    who.observed = observed.data();
    const FrailtyPosterior p = frailty_posterior(model, who);
    EXPECT_NEAR(p.mean(), (k + n) / (k + l), 1e-4 * (k + n) / (k + l)) << n << " visits";
    EXPECT_NEAR(p.shape, k + n, 1e-3 * (k + n)) << n << " visits";
  }
}

TEST(FrailtyPosterior, AMembersPosteriorIsTheSameAloneOrInAPanel) {
  Scenario s = testing::full_scenario(100, 1, 100);
  const PopulationModel model(s);
  MemberPanel panel;
  // 5,000 members of few types (most of one type: more than one table's worth), claims of
  // every size, zero included.
  const std::size_t n = 5000;
  for (std::size_t i = 0; i < n; ++i) {
    panel.age.push_back(static_cast<std::uint8_t>(i % 7 == 0 ? 82 : 71));
    panel.female.push_back(i % 11 == 0 ? 1 : 0);
    panel.payer.push_back(-1);
    panel.months.push_back(static_cast<std::uint8_t>(i % 13 == 0 ? 6 : 12));
    panel.conditions.push_back(i % 17 == 0 ? 1u : 0u);
    panel.claims.push_back(i % 5 == 0 ? 0.0 : std::exp(static_cast<double>(i % 97) / 8.0));
  }
  panel.rows = n;
  const std::vector<FrailtyPosterior> all = frailty_posteriors(model, panel);
  ASSERT_EQ(all.size(), n);
  for (std::size_t i = 0; i < n; i += 7) {
    ObservedMember who;
    who.band = model.band_of_age(panel.age[i]);
    who.female = panel.female[i] != 0;
    who.conditions = panel.conditions[i];
    who.months = panel.months[i];
    who.claims = &panel.claims[i];
    const FrailtyPosterior alone = frailty_posterior(model, who);
    ASSERT_EQ(all[i].shape, alone.shape) << "member " << i;
    ASSERT_EQ(all[i].scale, alone.scale) << "member " << i;
  }
}

}  // namespace
}  // namespace pmsim
