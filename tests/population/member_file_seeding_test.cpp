// Members from a file: a panel seeded from last year's claims goes on as the model says it
// would. The members and claims of one simulated year (the "file") seed a new run; by decile
// of last year's claims, the mean claims of the seeded run's first year must match those the
// same members had the next year in the simulation they came from (4 SE): members with high
// prior claims cost more, regressing toward the mean as the frailty's persistence implies.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

#include "population/frailty_posterior.h"
#include "population/population_generator.h"
#include "population/population_model.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr std::int64_t kMembers = 60000;
constexpr int kFileYear = 2;  // the year the "file" records; the next one is compared

struct Member {
  double prior = 0;  // claims in the file's year
  double next = 0;   // claims the year after, in the source simulation
  double seeded = 0;
};

// Runs every block of `model` on replication 0, calling `visit` for each member-year.
template <class Visit>
void simulate(const PopulationModel& model, Visit visit) {
  const std::int64_t blocks = (model.size + model.block_size - 1) / model.block_size;
  for (std::int64_t b = 0; b < blocks; ++b) {
    YearTallies scratch(static_cast<std::size_t>(model.total_years));
    const std::int64_t first = b * model.block_size;
    const auto count = static_cast<std::size_t>(std::min(model.block_size, model.size - first));
    simulate_block(model, 0, first, count, scratch, visit);
  }
}

TEST(MemberFileSeeding, NextYearClaimsByPriorClaimsMatchTheModel) {
  const Scenario source = testing::full_scenario(kMembers, 1, 4096);
  const PopulationModel source_model(source);
  ASSERT_GE(source_model.total_years, kFileYear + 2);
  // The file: members who stay from the file's year into the next, as they enter the next
  // year (age, sex, conditions), with the file year's claims.
  std::vector<MemberYear> in_file(kMembers), after(kMembers);
  std::vector<std::uint8_t> stays(kMembers, 0), present_after(kMembers, 0);
  simulate(source_model, [&](const MemberYear& m) {
    if (m.year == kFileYear) {
      in_file[m.slot] = m;
      stays[m.slot] = !m.died && !m.churned && !m.aged_out;
    } else if (m.year == kFileYear + 1) {
      after[m.slot] = m;
      present_after[m.slot] = !m.entered;
    }
  });
  auto panel = std::make_shared<MemberPanel>();
  panel->path = "seeded.csv";
  panel->observed.assign(kCategoryCount, 0);
  std::vector<Member> members;
  for (std::int64_t s = 0; s < kMembers; ++s) {
    if (!stays[s] || !present_after[s]) continue;
    ASSERT_EQ(in_file[s].months, 12);
    panel->rows += 1;
    panel->age.push_back(static_cast<std::uint8_t>(after[s].age));
    panel->female.push_back(after[s].female);
    panel->payer.push_back(-1);
    panel->months.push_back(12);
    panel->conditions.push_back(after[s].conditions);
    panel->claims.push_back(in_file[s].total_claims());
    members.push_back({in_file[s].total_claims(), after[s].total_claims(), 0});
  }
  ASSERT_GT(members.size(), 40000u);

  Scenario seeded = source;
  seeded.simulation.seed = source.simulation.seed + 1;  // streams apart from the source's
  seeded.simulation.baseline_years = 0;
  seeded.simulation.years = 1;
  seeded.population.size = static_cast<std::int64_t>(panel->rows);
  seeded.population.members = panel->path;
  seeded.population.member_panel.panel = panel;
  const PopulationModel seeded_model(seeded);
  ASSERT_EQ(seeded_model.member_frailty.size(), members.size());
  simulate(seeded_model, [&](const MemberYear& m) {
    if (m.year == 0) members[m.slot].seeded = m.total_claims();
  });

  // By decile of prior claims.
  std::vector<std::size_t> order(members.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return members[a].prior < members[b].prior; });
  double overall = 0;
  for (const Member& m : members) overall += m.next;
  overall /= static_cast<double>(members.size());
  double previous_mean = 0;
  for (int d = 0; d < 10; ++d) {
    const std::size_t lo = order.size() * d / 10, hi = order.size() * (d + 1) / 10;
    double prior = 0, next = 0, next2 = 0, seed = 0, seed2 = 0;
    for (std::size_t k = lo; k < hi; ++k) {
      const Member& m = members[order[k]];
      prior += m.prior;
      next += m.next;
      next2 += m.next * m.next;
      seed += m.seeded;
      seed2 += m.seeded * m.seeded;
    }
    const auto n = static_cast<double>(hi - lo);
    prior /= n;
    next /= n;
    seed /= n;
    const double se = std::sqrt((next2 / n - next * next) / n + (seed2 / n - seed * seed) / n);
    EXPECT_NEAR(seed, next, 4 * se) << "decile " << d + 1 << ": prior claims " << prior;
    if (d > 0) {  // higher prior claims, higher next year
      EXPECT_GT(seed, previous_mean) << "decile " << d + 1;
    }
    previous_mean = seed;
    if (d == 9) {
      EXPECT_LT(seed, prior) << "the top decile regresses toward the mean " << overall;
    }
  }
}

// The posterior of a member with no claims is exact in the likelihood (P(no claims | f) is
// the model's): with one category, Poisson(l f), it is Gamma(k, 1/(k + l)).
TEST(FrailtyPosterior, NoClaimsGivesTheConjugatePosterior) {
  Scenario s = testing::full_scenario(100, 1, 100);
  for (auto& service : s.services) service.rate = 0;
  auto& pc = s.services[static_cast<std::size_t>(Category::primary_care)];
  pc.rate = 4;
  pc.frailty_exponent = 1;
  s.population.conditions.clear();
  const PopulationModel model(s);
  const double k = model.frailty.shape();
  const double l = 4 * model.bands[0].utilization;  // a man in the first band, no conditions
  const double zero = 0;
  ObservedMember who;
  who.claims = &zero;
  const FrailtyPosterior p = frailty_posterior(model, who);
  EXPECT_NEAR(p.mean(), k / (k + l), 1e-3 * k / (k + l));
  EXPECT_NEAR(p.shape, k, 1e-3 * k);
  // Half the year enrolled: half the exposure.
  who.months = 6;
  EXPECT_NEAR(frailty_posterior(model, who).mean(), k / (k + l / 2), 1e-3);
}

}  // namespace
}  // namespace pmsim
