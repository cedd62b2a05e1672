// The optional sections (admission types, payers and a blend, shocks, interventions, cash
// timing) read and written back, and their errors.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/scenario.h"
#include "contract_scenarios.h"
#include "scenario/scenario_yaml.h"
#include "scenario_errors.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::edit;
using testing::errors_of;

const testing::YamlDocument kMinimal = testing::minimal_scenario();

// Admission types, payers with a blend, shocks, interventions and cash timing: a scenario
// with all of them, built on kMinimal.
std::string with_everything() {
  return edit(kMinimal, "contracts:\n  - {name: ffs, type: fee_for_service}\n",
              "admission_types:\n"
              "  - {name: joint, rate: 0.0136, frailty_exponent: 0.25, cost_factor: 1.15}\n"
              "  - {name: chf, share: 0.1, readmission_factor: 1.3}\n"
              "provider: {fixed_costs: 1000, claims_lag_months: 2, settlement_lag_months: 9}\n"
              "payers:\n  - {name: medicare, share: 0.7}\n  - {name: commercial, share: 0.3}\n"
              "shocks:\n"
              "  - {name: pandemic, year: 2, duration_months: 4, utilization: {all: 0.7, inpatient: 0.8}}\n"
              "  - {name: inflation, probability: 0.1, cost: 1.05, price: 1.02}\n"
              "interventions:\n"
              "  - {name: care, start_year: 2, target_top_risk_share: 0.1, enrollment: 0.6,\n"
              "     effects: {inpatient: 0.8, emergency: 0.88}, ramp: [0.5, 1], cost_per_member_year: 100,\n"
              "     caseload: 150, fte_salary: 90000, one_time_cost: 5.0e5, amortisation_years: 5}\n"
              "contracts:\n"
              "  - {name: aco, type: shared_savings, payer: medicare}\n"
              "  - {name: cap, type: capitation, payer: commercial, pmpm: 300, prepayment: quarterly}\n"
              "  - {name: provider, type: blend, components: [aco, cap]}\n"
              "  - {name: lejr, type: bundled_payment, episode: {trigger_type: joint}}\n");
}

TEST(ScenarioTransitionsAndMix, EverythingParsesAndRoundTrips) {
  const Scenario s = parse_scenario(with_everything(), "s.yaml");
  ASSERT_EQ(s.admission_types.size(), 2u);
  EXPECT_EQ(s.admission_types[0].rate, 0.0136);
  EXPECT_EQ(s.admission_types[0].frailty_exponent, 0.25);
  EXPECT_EQ(s.admission_types[1].share, 0.1);
  EXPECT_EQ(s.provider.claims_lag_months, 2);
  EXPECT_EQ(s.provider.settlement_lag_months, 9);
  ASSERT_EQ(s.payers.size(), 2u);
  EXPECT_EQ(s.payers[1].name, "commercial");
  ASSERT_EQ(s.shocks.size(), 2u);
  EXPECT_EQ(s.shocks[0].year, 2);
  EXPECT_EQ(s.shocks[0].utilization[static_cast<int>(Category::emergency)], 0.7);
  EXPECT_EQ(s.shocks[0].utilization[static_cast<int>(Category::inpatient)], 0.8);
  EXPECT_EQ(s.shocks[1].probability, 0.1);
  ASSERT_EQ(s.interventions.size(), 1u);
  EXPECT_EQ(s.interventions[0].ramp, (std::vector<double>{0.5, 1}));
  EXPECT_EQ(s.contracts[1].as<CapitationTerms>().prepayment, Prepayment::quarterly);
  EXPECT_EQ(s.contracts[2].type(), ContractType::blend);
  EXPECT_EQ(s.contracts[2].as<BlendTerms>().components, (std::vector<std::string>{"aco", "cap"}));
  EXPECT_EQ(s.contracts[3].as<BundleTerms>().episode.trigger_type, "joint");
  EXPECT_EQ(s.contracts[3].as<BundleTerms>().episode.trigger_probability, 1.0);
  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "r.yaml"), s) << out;
}

TEST(ScenarioTransitionsAndMix, Errors) {
  const std::string all = with_everything();
  auto first_error = [](const std::string& text) {
    const auto e = errors_of(text);
    return e.empty() ? std::string() : e[0];
  };
  EXPECT_NE(first_error(edit(all, "{name: chf, share: 0.1,", "{name: chf, share: 0.1, rate: 0.1,"))
                .find("give exactly one of 'share'"),
            std::string::npos);
  EXPECT_NE(first_error(edit(all, "share: 0.3}", "share: 0.4}")).find("must add up to 1"), std::string::npos);
  EXPECT_NE(first_error(edit(all, "payer: commercial,", "payer: comercial,")).find("did you mean 'commercial'"),
            std::string::npos);
  EXPECT_NE(
      first_error(edit(all, "components: [aco, cap]", "components: [aco]")).find("no component covers commercial"),
      std::string::npos);
  EXPECT_NE(
      first_error(edit(all, "components: [aco, cap]", "components: [aco, cap, lejr]")).find("covers no single payer"),
      std::string::npos);
  EXPECT_NE(first_error(edit(all, "trigger_type: joint", "trigger_type: jont")).find("did you mean 'joint'"),
            std::string::npos);
  EXPECT_NE(first_error(edit(all, "year: 2, duration", "probability: 0.2, year: 2, duration"))
                .find("give exactly one of 'year'"),
            std::string::npos);
  EXPECT_NE(first_error(edit(all, "prepayment: quarterly", "prepayment: weekly")).find("unknown value 'weekly'"),
            std::string::npos);
  EXPECT_NE(first_error(edit(all, "caseload: 150, ", "")).find("needs a caseload"), std::string::npos);
  EXPECT_NE(first_error(edit(all, "type: blend,", "type: blend, payer: medicare,")).find("through its components"),
            std::string::npos);
  EXPECT_NE(
      first_error(edit(kMinimal, "{name: ffs, type: fee_for_service}", "{name: ffs, type: fee_for_service, payer: x}"))
          .find("the scenario has no payers section"),
      std::string::npos);
}

}  // namespace
}  // namespace pmsim
