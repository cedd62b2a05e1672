// Contract terms on a schedule by performance year: the value given for a year holds until the
// next year given, and each year is priced with exactly the terms then in force.
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

Scenario panel(const std::string& contracts, int members = 400, int replications = 6) {
  return testing::stationary_panel("schedule", members, replications, 11, "", contracts);
}

TEST(YearSchedule, TermsChangeExactlyAtTheirYearAndHoldUntilChanged) {
  const Scenario s = panel("  - {name: cap, type: capitation, pmpm: {1: 100, 3: 200}, risk_adjusted: false}\n");
  ASSERT_EQ(s.contracts[0].by_year.size(), 3u);
  EXPECT_EQ(s.contracts[0].in_year(0).as<CapitationTerms>().pmpm, 100);
  EXPECT_EQ(s.contracts[0].in_year(1).as<CapitationTerms>().pmpm, 100);
  EXPECT_EQ(s.contracts[0].in_year(2).as<CapitationTerms>().pmpm, 200);
  EXPECT_EQ(s.contracts[0].as<CapitationTerms>().pmpm, 100);  // the nominal terms are year 1's
  const RunResults r = run_simulation(Simulation(s));
  const ContractResults& cap = r.contract("cap");
  const double pmpm[] = {100, 100, 200};
  for (std::int64_t row = 0; row < r.replications; ++row)
    for (int y = 0; y < r.years; ++y)
      EXPECT_DOUBLE_EQ(cap.metric("revenue_capitation").values(row, y),
                       pmpm[y] * cap.metric("members").values(row, y) * 12)
          << "replication " << row << " year " << y + 1;
}

TEST(YearSchedule, EachYearIsPricedAsAContractWithThatYearsTerms) {
  // The same patients: a year of the scheduled contract is bit-equal to the contract whose
  // terms are that year's, for every ledger entry.
  const Scenario s = panel(
      "  - {name: glide, type: shared_risk, benchmark: {method: fixed, pmpy: 3600}, sharing_rate: 0.5,\n"
      "     loss_sharing_rate: {1: 0.3, 2: 0.5, 3: 0.7}, loss_cap_benchmark: {1: 0.02, 3: 0.05}}\n"
      "  - {name: y1, type: shared_risk, benchmark: {method: fixed, pmpy: 3600}, sharing_rate: 0.5,\n"
      "     loss_sharing_rate: 0.3, loss_cap_benchmark: 0.02}\n"
      "  - {name: y2, type: shared_risk, benchmark: {method: fixed, pmpy: 3600}, sharing_rate: 0.5,\n"
      "     loss_sharing_rate: 0.5, loss_cap_benchmark: 0.02}\n"
      "  - {name: y3, type: shared_risk, benchmark: {method: fixed, pmpy: 3600}, sharing_rate: 0.5,\n"
      "     loss_sharing_rate: 0.7, loss_cap_benchmark: 0.05}\n",
      300, 20);
  const RunResults r = run_simulation(Simulation(s));
  const char* in_force[] = {"y1", "y2", "y3"};
  int losses = 0;
  for (const Metric& m : r.contract("glide").metrics)
    for (std::int64_t row = 0; row < r.replications; ++row)
      for (int y = 0; y < r.years; ++y) {
        if (m.name == "provider_reserves" || m.name == "provider_cash_low" || m.name == "provider_drawdown") continue;
        EXPECT_EQ(m.values(row, y), r.contract(in_force[y]).metric(m.name).values(row, y))
            << m.name << " year " << y + 1;
        if (m.name == "loss_owed") losses += m.values(row, y) > 0;
      }
  EXPECT_GT(losses, 0);  // the loss terms were exercised
}

std::string first_error(const std::string& contracts) {
  try {
    panel(contracts);
  } catch (const ScenarioError& e) {
    return e.messages().front();
  }
  return "";
}

TEST(YearSchedule, ParserErrors) {
  EXPECT_NE(first_error("  - {name: cap, type: capitation, pmpm: {2: 100, 3: 200}}\n")
                .find("contracts[0].pmpm: a schedule must give performance year 1"),
            std::string::npos);
  EXPECT_NE(first_error("  - {name: cap, type: capitation, pmpm: {1: 100, 4: 200}}\n")
                .find("contracts[0].pmpm: must be in [1, 3], got 4"),
            std::string::npos)
      << first_error("  - {name: cap, type: capitation, pmpm: {1: 100, 4: 200}}\n");
  EXPECT_NE(first_error("  - {name: cap, type: capitation, pmpm: {1: 100, 2: -5}}\n")
                .find("contracts[0].pmpm[year 2]: must be in [0, "),
            std::string::npos)
      << first_error("  - {name: cap, type: capitation, pmpm: {1: 100, 2: -5}}\n");
  EXPECT_NE(
      first_error("  - {name: cap, type: capitation, pmpm: {1: 100, 2: {distribution: normal, mean: 1, sd: 0}}}\n")
          .find("must be a plain number (a schedule's values are fixed)"),
      std::string::npos);
}

TEST(YearSchedule, ResolvedScenarioRoundTrips) {
  const Scenario s = panel(
      "  - {name: cap, type: capitation, pmpm: {1: 100, 3: 200}, risk_adjusted: false,\n"
      "     corridors: [{from: 0, rate: {1: 1, 2: 0.5}}, {from: 0.05, rate: 0.2}]}\n");
  const std::string text = to_yaml(s);
  EXPECT_NE(text.find("pmpm: {1: 100, 3: 200}"), std::string::npos) << text;
  EXPECT_NE(text.find("- {from: 0, rate: {1: 1, 2: 0.5}}"), std::string::npos) << text;
  EXPECT_EQ(parse_scenario(text, "resolved.yaml"), s);
  EXPECT_EQ(s.contracts[0].in_year(1).as<CapitationTerms>().corridors[0].rate, 0.5);
}

}  // namespace
}  // namespace pmsim
