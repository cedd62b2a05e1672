// A panel split across payers: members' payers against the shares, payer tallies that add
// up to the panel's, and a blend of per-payer contracts that is the provider's result.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "engine/engine.h"
#include "population/population_generator.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

Scenario with_payers(Scenario s) {
  s.payers = {testing::payer("medicare", 0.5), testing::payer("commercial", 0.3), testing::payer("medicaid", 0.2)};
  return s;
}

ContractConfig ffs_for(const std::string& payer) {
  ContractConfig c;
  c.name = "ffs_" + payer;
  c.payer = payer;
  return c;
}

TEST(PayerMix, EnteringMembersGetTheirPayerByShare) {
  const Scenario s = with_payers(testing::full_scenario(30000, 1, 1024));
  const PopulationModel model(s);
  YearTallies tallies(static_cast<std::size_t>(model.segments * model.total_years));
  std::array<double, 3> first_year{};
  std::array<double, 3> entered_later{};
  double later = 0;
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), tallies, [&](const MemberYear& m) {
    if (m.year == 0) first_year[m.segment] += 1;
    if (m.year > 0 && m.entered) entered_later[m.segment] += 1, later += 1;
  });
  const double n = static_cast<double>(model.size);
  for (int p = 0; p < 3; ++p) {
    const double share = s.payers[p].share;
    EXPECT_NEAR(first_year[p], n * share, 4 * std::sqrt(n * share * (1 - share))) << s.payers[p].name;
    EXPECT_NEAR(entered_later[p], later * share, 4 * std::sqrt(later * share * (1 - share))) << s.payers[p].name;
    // The segment tallies hold exactly the members of the payer.
    EXPECT_EQ(tallies[static_cast<std::size_t>(p * model.total_years)].members, first_year[p]);
  }
}

TEST(PayerMix, PayersAddUpToThePanelWhichTheyDoNotChange) {
  const Simulation one(testing::full_scenario(5000, 2, 512));
  const Simulation three(with_payers(testing::full_scenario(5000, 2, 512)));
  const YearTallies panel = simulate_population(one, 1);
  const PanelTallies split = simulate_panel(three, 1);
  ASSERT_EQ(split.by_payer.size(), 3u);
  for (std::size_t y = 0; y < panel.size(); ++y) {
    double claims = 0, members = 0;
    for (const auto& payer : split.by_payer) claims += payer[y].total_claims(), members += payer[y].members;
    EXPECT_NEAR(claims, split.total[y].total_claims(), 1e-9 * claims);
    EXPECT_EQ(members, panel[y].members);
    // The same members and claims as without payers: only the order of the sums differs.
    EXPECT_NEAR(split.total[y].total_claims(), panel[y].total_claims(), 1e-9 * claims);
    EXPECT_EQ(split.total[y].deaths, panel[y].deaths);
    EXPECT_EQ(split.total[y].counts, panel[y].counts);
  }
}

// FFS is linear in the claims and the fixed costs are split by share: the blend must
// reproduce the whole-panel contract, fixed costs and reserves counted once.
void expect_blend_of_ffs_by_payer_is_panel_ffs(Scenario s) {
  s.contracts.resize(1);  // ffs for the whole panel
  for (const auto& p : s.payers) s.contracts.push_back(ffs_for(p.name));
  ContractConfig blend;
  blend.name = "provider";
  blend.terms = default_terms(ContractType::blend);
  for (const auto& p : s.payers) blend.as<BlendTerms>().components.push_back("ffs_" + p.name);
  s.contracts.push_back(blend);
  const Simulation sim(s);
  const RunResults r = run_simulation(sim);
  const ContractResults& whole = r.contract("ffs");
  const ContractResults& provider = r.contract("provider");
  for (const char* name : {"provider_revenue", "provider_cost", "provider_margin", "payer_spend", "payer_savings",
                           "members", "provider_reserves", "utilization/inpatient"}) {
    const Metric& a = whole.metric(name);
    const Metric& b = provider.metric(name);
    for (std::int64_t row = 0; row < r.replications; ++row)
      for (int y = 0; y < r.years; ++y)
        EXPECT_NEAR(a.values(row, y), b.values(row, y), 1e-9 * (std::abs(a.values(row, y)) + 1e3))
            << name << " row " << row << " year " << y;
  }
  // Each payer's contract carries that year's share of the fixed costs.
  for (const PayerConfig& p : s.payers) {
    const ContractResults& c = r.contract("ffs_" + p.name);
    for (int y = 0; y < r.years; ++y) {
      const double fixed = c.metric("provider_cost").values(0, y) - c.metric("provider_delivery_cost").values(0, y);
      EXPECT_NEAR(fixed, p.share_in_year(y) * s.provider.fixed_costs, 1e-6) << p.name << " year " << y;
    }
  }
}

TEST(PayerMix, ABlendOfFeeForServiceByPayerIsFeeForServiceForThePanel) {
  expect_blend_of_ffs_by_payer_is_panel_ffs(with_payers(testing::full_scenario(3000, 6, 512)));
}

// ---- a payer mix that shifts by year ------------------------------------------------------

Scenario with_shifting_payers(Scenario s) {
  s.payers = {testing::payer("medicare", 0.5, {0.5, 0.5, 0.3}), testing::payer("commercial", 0.3, {0.3, 0.4, 0.5}),
              testing::payer("medicaid", 0.2, {0.2, 0.1, 0.2})};
  return s;
}

TEST(PayerMix, ABlendOfFeeForServiceByPayerIsPanelFeeForServiceWhenTheMixShifts) {
  expect_blend_of_ffs_by_payer_is_panel_ffs(with_shifting_payers(testing::full_scenario(3000, 6, 512)));
}

TEST(PayerMix, EachYearHasItsSharesAndMembersSwitchOnlyWhenTheyChange) {
  // Two payers, 0.7 / 0.3 in performance years 1-2 and 0.4 / 0.6 from year 3: every
  // simulated year's members split by that year's shares (binomial, 4 SE), and members
  // switch only at the start of year 3, from a to b, with probability (0.7 - 0.4) / 0.7.
  Scenario s = testing::full_scenario(40000, 1, 1024);
  s.payers = {testing::payer("a", 0.7, {0.7, 0.7, 0.4}), testing::payer("b", 0.3, {0.3, 0.3, 0.6})};
  const PopulationModel model(s);
  const int first_performance_year = model.total_years - s.simulation.years;
  YearTallies tallies(static_cast<std::size_t>(model.segments * model.total_years));
  std::vector<std::array<double, 2>> members(static_cast<std::size_t>(model.total_years));
  std::vector<int> last_payer(static_cast<std::size_t>(model.size), -1);
  std::vector<std::array<double, 2>> stayed(
      static_cast<std::size_t>(model.total_years));  // continuing, by last year's payer
  double a_to_b = 0, other_switches = 0;
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), tallies, [&](const MemberYear& m) {
    members[m.year][m.segment] += 1;
    int& last = last_payer[m.slot];
    if (!m.entered && last >= 0) {
      stayed[m.year][last] += 1;
      if (last != m.segment) {
        const bool expected = m.year == first_performance_year + 2 && last == 0;
        (expected ? a_to_b : other_switches) += 1;
      }
    }
    last = (m.died || m.churned) ? -1 : m.segment;
  });
  for (int y = 0; y < model.total_years; ++y) {
    const double n = members[y][0] + members[y][1];
    const double share_b = s.payers[1].share_in_year(y - first_performance_year);
    EXPECT_NEAR(members[y][1], n * share_b, 4 * std::sqrt(n * share_b * (1 - share_b))) << "year " << y;
    EXPECT_EQ(tallies[static_cast<std::size_t>(model.total_years + y)].members, members[y][1]);
  }
  EXPECT_EQ(other_switches, 0);
  const double at_risk = stayed[first_performance_year + 2][0];
  const double p = 0.3 / 0.7;
  EXPECT_NEAR(a_to_b, at_risk * p, 4 * std::sqrt(at_risk * p * (1 - p)));
}

TEST(PayerMix, APayersContractCoversItsShareOfThePanelYearByYear) {
  // Slots are refilled, so the panel keeps its size and a payer's members grow with its share.
  Scenario s = with_shifting_payers(testing::full_scenario(4000, 4, 512));
  ContractConfig aco;
  aco.name = "aco_commercial";
  aco.terms = default_terms(ContractType::shared_savings);
  aco.payer = "commercial";
  s.contracts = {aco};
  const RunResults r = run_simulation(Simulation(s));
  const ContractResults& c = r.contract("aco_commercial");
  for (int y = 1; y < r.years; ++y) {
    double members_before = 0, members_now = 0;
    for (std::int64_t row = 0; row < r.replications; ++row) {
      members_before += c.metric("members").values(row, 0);
      members_now += c.metric("members").values(row, y);
    }
    const double grew = members_now / members_before;
    const double share_grew = s.payers[1].share_in_year(y) / s.payers[1].share_in_year(0);
    // Members are binomial in each year: Var(log ratio) <= 1/n_0 + 1/n_y <= 2/n_0 (n_y >= n_0 here).
    EXPECT_NEAR(grew, share_grew, 4 * share_grew * std::sqrt(2.0 / (members_before)));
  }
}

TEST(PayerMix, SharesReadAsSchedulesByYear) {
  const std::string base = to_yaml(testing::full_scenario(1000, 2, 512));
  const Scenario s = parse_scenario(base +
                                        "payers:\n  - {name: a, share: {1: 0.7, 3: 0.4}}\n  - {name: b, share: 0.3}\n  "
                                        "- {name: c, share: {1: 0, 3: 0.3}}\n",
                                    "mix.yaml");
  ASSERT_EQ(s.payers.size(), 3u);
  EXPECT_EQ(s.payers[0].share, 0.7);
  EXPECT_EQ(s.payers[0].share_by_year, (std::vector<double>{0.7, 0.7, 0.4}));
  EXPECT_TRUE(s.payers[1].share_by_year.empty());
  EXPECT_EQ(s.payers[2].share_in_year(-1), 0.0);  // warm-up and baseline years: year 1's mix
  EXPECT_EQ(s.payers[2].share_in_year(5), 0.3);   // beyond the last year given: it holds
  EXPECT_EQ(parse_scenario(to_yaml(s), "again.yaml"), s);
}

// The shifting-mix example of docs/scenarios.md (the ```yaml block that starts with "payers:").
TEST(PayerMix, DocsExampleOfAShiftingMixParses) {
  std::ifstream f(std::string(PMSIM_SOURCE_DIR) + "/docs/scenarios.md");
  ASSERT_TRUE(f);
  const std::string doc((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const auto begin = doc.find("```yaml\npayers:\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = doc.find("```", begin + 8);
  const Scenario s = parse_scenario(
      to_yaml(testing::full_scenario(1000, 2, 512)) + doc.substr(begin + 8, end - begin - 8), "scenarios.md");
  ASSERT_EQ(s.payers.size(), 3u);
  EXPECT_EQ(s.payers[0].share_by_year, (std::vector<double>{0.6, 0.6, 0.45}));
  EXPECT_EQ(s.payers[1].share_by_year, (std::vector<double>{0.25, 0.25, 0.4}));
  EXPECT_TRUE(s.payers[2].share_by_year.empty());
}

std::string payer_error(const std::string& payers) {
  try {
    parse_scenario(to_yaml(testing::full_scenario(1000, 2, 512)) + payers, "mix.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(PayerMix, ScheduledSharesMustAddUpToOneInEveryYear) {
  EXPECT_NE(payer_error("payers:\n  - {name: a, share: {1: 0.7, 3: 0.4}}\n  - {name: b, share: 0.3}\n")
                .find("the payers' shares must add up to 1 (the whole panel) in every performance year; in year 3 "
                      "they add up to 0.7"),
            std::string::npos);
  EXPECT_NE(payer_error("payers:\n  - {name: a, share: {2: 0.4}}\n  - {name: b, share: 0.6}\n")
                .find("payers[0].share: a schedule must give performance year 1"),
            std::string::npos);
  EXPECT_NE(payer_error("payers:\n  - {name: a, share: {1: 0.5, 4: 0.4}}\n  - {name: b, share: 0.5}\n")
                .find("must be in [1, 3], got 4"),
            std::string::npos);
  EXPECT_NE(payer_error("payers:\n  - {name: a, share: {distribution: uniform, min: 0.4, max: 0.6}}\n"
                        "  - {name: b, share: 0.5}\n")
                .find("cannot be a distribution; a schedule by performance year"),
            std::string::npos);
  EXPECT_NE(payer_error("payers:\n  - {name: a, share: {1: 1.2}}\n  - {name: b, share: 0.5}\n")
                .find("payers[0].share[year 1]"),
            std::string::npos);
}

TEST(PayerMix, PercentileTruncationIsTakenFromTheWholePanel) {
  // The reference population a truncation percentile comes from ignores the payer split:
  // the same amount with or without payers.
  Scenario s = testing::full_scenario(2000, 1, 512);
  ContractConfig mssp;
  mssp.name = "mssp";
  mssp.terms = default_terms(ContractType::shared_savings);
  shared_terms(mssp).truncation_percentile = 0.99;
  s.contracts = {mssp};
  const Simulation one(s);
  s.payers = {testing::payer("a", 0.5), testing::payer("b", 0.5)};
  s.contracts[0].payer = "a";
  const Simulation two(s);
  EXPECT_GT(shared_terms(one.scenario().contracts[0]).truncation, 0);
  EXPECT_EQ(shared_terms(one.scenario().contracts[0]).truncation, shared_terms(two.scenario().contracts[0]).truncation);
}

}  // namespace
}  // namespace pmsim
