// Payers at their own prices (payers[].fee_factors): the same members and services, claims at
// the payer's fees, the provider's delivery costs at the scenario's, and the keys' rules.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/scenario_warnings.h"
#include "engine/engine.h"
#include "population/frailty_posterior.h"
#include "population/population_generator.h"
#include "population/population_model.h"
#include "scenario/scenario_yaml.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr int kCommercial = 1;
constexpr int kInpatient = static_cast<int>(Category::inpatient);

Scenario two_payers(std::int64_t members, std::int64_t replications, bool own_fees) {
  Scenario s = testing::full_scenario(members, replications, 512);
  s.payers = {testing::payer("medicare_advantage", 0.6), testing::payer("commercial", 0.4)};
  if (own_fees) {
    CategoryFactors f = unit_factors();
    f.fill(1.45);
    f[kInpatient] = 1.9;
    s.payers[kCommercial].fee_factors = f;
    s.payers[kCommercial].fee_factors_given = true;
  }
  return s;
}

TEST(PayerFees, APayersClaimsAreItsFeesTimesTheSameServices) {
  const Scenario plain = two_payers(4000, 1, false);
  const Scenario priced = two_payers(4000, 1, true);
  const PanelTallies a = simulate_panel(Simulation(plain), 0);
  const PanelTallies b = simulate_panel(Simulation(priced), 0);
  ASSERT_EQ(a.by_payer.size(), 2u);
  const CategoryFactors& factor = priced.payers[kCommercial].fee_factors;
  for (std::size_t y = 0; y < a.total.size(); ++y) {
    // The other payer is untouched, bit for bit; the commercial members use the same services.
    EXPECT_EQ(b.by_payer[0][y].claims, a.by_payer[0][y].claims) << "year " << y;
    EXPECT_EQ(b.by_payer[0][y].fee_premium, CategoryValues{}) << "year " << y;
    EXPECT_EQ(b.by_payer[kCommercial][y].counts, a.by_payer[kCommercial][y].counts) << "year " << y;
    EXPECT_EQ(b.by_payer[kCommercial][y].members, a.by_payer[kCommercial][y].members) << "year " << y;
    for (int k = 0; k < kCategoryCount; ++k) {
      const double base = a.by_payer[kCommercial][y].claims[k];
      const double paid = b.by_payer[kCommercial][y].claims[k];
      // Each member's claim is fee x factor x severity: the sum scales by the factor (rounding only).
      EXPECT_NEAR(paid, factor[k] * base, 1e-12 * paid + 1e-9) << "year " << y << " category " << k;
      EXPECT_NEAR(b.by_payer[kCommercial][y].fee_premium[k], paid - base, 1e-12 * paid + 1e-9)
          << "year " << y << " category " << k;
    }
    EXPECT_GT(b.by_payer[kCommercial][y].total_claims(), 1.4 * a.by_payer[kCommercial][y].total_claims());
  }
}

TEST(PayerFees, TheProviderCostsTheSameAndThePayerPaysItsFees) {
  Scenario plain = two_payers(3000, 4, false);
  Scenario priced = two_payers(3000, 4, true);
  for (Scenario* s : {&plain, &priced}) {
    ContractConfig commercial;
    commercial.name = "ffs_commercial";
    commercial.payer = "commercial";
    s->contracts.resize(1);  // fee-for-service for the whole panel
    s->contracts.push_back(commercial);
  }
  const RunResults a = run_simulation(Simulation(plain));
  const RunResults b = run_simulation(Simulation(priced));
  // The scenario must have services the provider delivers, or the test shows nothing.
  ASSERT_GT(a.contract("ffs").metric("provider_delivery_cost").values(0, 0), 0);
  for (const char* contract : {"ffs", "ffs_commercial"}) {
    const Metric& cost_a = a.contract(contract).metric("provider_delivery_cost");
    const Metric& cost_b = b.contract(contract).metric("provider_delivery_cost");
    const Metric& spend_a = a.contract(contract).metric("payer_spend");
    const Metric& spend_b = b.contract(contract).metric("payer_spend");
    for (std::int64_t row = 0; row < a.replications; ++row)
      for (int y = 0; y < a.years; ++y) {
        EXPECT_NEAR(cost_b.values(row, y), cost_a.values(row, y), 1e-9 * cost_a.values(row, y))
            << contract << " row " << row << " year " << y;
        EXPECT_GT(spend_b.values(row, y), spend_a.values(row, y)) << contract << " row " << row << " year " << y;
      }
  }
  // The payer's spending under its own FFS is its claims: at least 1.45 times the plain ones.
  const Metric& spend_a = a.contract("ffs_commercial").metric("payer_spend");
  const Metric& spend_b = b.contract("ffs_commercial").metric("payer_spend");
  for (int y = 0; y < a.years; ++y) {
    EXPECT_GE(spend_b.values(0, y), 1.45 * spend_a.values(0, y) * (1 - 1e-12));
    EXPECT_LE(spend_b.values(0, y), 1.9 * spend_a.values(0, y) * (1 + 1e-12));
  }
}

// A member file's claims are at the member's payer's fees: a commercial member whose claims
// are 1.5 times a Medicare member's, by category, is the same evidence of frailty.
TEST(PayerFees, LastYearsClaimsAreReadAtTheMembersPayersFees) {
  Scenario s = two_payers(100, 1, false);
  s.payers[kCommercial].fee_factors.fill(1.5);
  const PopulationModel model(s);
  std::vector<double> medicare(kCategoryCount, 0.0), commercial(kCategoryCount, 0.0);
  std::vector<std::uint8_t> observed(kCategoryCount, 1);
  for (double claims : {0.0, 800.0, 12000.0, 90000.0}) {
    medicare.assign(kCategoryCount, 0.0);
    medicare[static_cast<std::size_t>(Category::primary_care)] = claims / 8;
    medicare[static_cast<std::size_t>(Category::inpatient)] = claims;
    for (int k = 0; k < kCategoryCount; ++k) commercial[k] = 1.5 * medicare[k];
    ObservedMember who;
    who.by_category = true;
    who.observed = observed.data();
    who.claims = medicare.data();
    const FrailtyPosterior at_own_fees = frailty_posterior(model, who);
    who.segment = kCommercial;
    who.claims = commercial.data();
    const FrailtyPosterior commercial_member = frailty_posterior(model, who);
    EXPECT_NEAR(commercial_member.mean(), at_own_fees.mean(), 1e-6 * at_own_fees.mean()) << claims;
    EXPECT_NEAR(commercial_member.shape, at_own_fees.shape, 1e-6 * at_own_fees.shape) << claims;
    // Read at the scenario's fees instead, the same claims would say the member is frailer.
    who.segment = 0;
    if (claims > 0) {
      EXPECT_GT(frailty_posterior(model, who).mean(), 1.01 * at_own_fees.mean()) << claims;
    }
  }
}

// The pilot behind a contract's warnings ("pmpm is 27% below the expected claims") is of the
// contract's payer's members, at that payer's fees.
TEST(PayerFees, APayersContractIsWarnedAboutWithItsOwnMembersExpectations) {
  const std::vector<PanelExpectations> plain = panel_expectations(Simulation(two_payers(3000, 1, false)), 1);
  const std::vector<PanelExpectations> priced = panel_expectations(Simulation(two_payers(3000, 1, true)), 1);
  ASSERT_EQ(plain.size(), 3u);  // the panel, then each payer
  ASSERT_EQ(priced.size(), 3u);
  const int primary_care = static_cast<int>(Category::primary_care);
  EXPECT_EQ(priced[1].claims_per_member_month, plain[1].claims_per_member_month);
  EXPECT_NEAR(priced[2].claims_per_member_month[primary_care], 1.45 * plain[2].claims_per_member_month[primary_care],
              1e-12 * priced[2].claims_per_member_month[primary_care]);
  EXPECT_NEAR(priced[2].claims_per_member_month[kInpatient], 1.9 * plain[2].claims_per_member_month[kInpatient],
              1e-12 * priced[2].claims_per_member_month[kInpatient]);
  // The panel's lies between its payers'.
  EXPECT_GT(priced[0].claims_per_member_month[kInpatient], plain[0].claims_per_member_month[kInpatient]);
  EXPECT_LT(priced[0].claims_per_member_month[kInpatient], priced[2].claims_per_member_month[kInpatient]);
}

const std::string kPayers =
    "payers:\n"
    "  - {name: medicare_advantage, share: 0.6}\n"
    "  - {name: commercial, share: 0.4, fee_factors: {all: 1.45, inpatient: 1.9}}\n";

TEST(PayerFees, FactorsReadWithAllAndByCategoryAndRoundTrip) {
  const std::string base = to_yaml(testing::full_scenario(1000, 2, 512));
  const Scenario s = parse_scenario(base + kPayers, "fees.yaml");
  ASSERT_EQ(s.payers.size(), 2u);
  EXPECT_EQ(s.payers[0].fee_factors, unit_factors());
  EXPECT_FALSE(s.payers[0].fee_factors_given);
  EXPECT_EQ(s.payers[1].fee_factors[kInpatient], 1.9);
  EXPECT_EQ(s.payers[1].fee_factors[static_cast<int>(Category::primary_care)], 1.45);
  EXPECT_EQ(parse_scenario(to_yaml(s), "again.yaml"), s);
  // A payer without the key writes none: the resolved text of older scenarios is unchanged.
  EXPECT_EQ(to_yaml(s).find("fee_factors"), to_yaml(s).rfind("fee_factors"));

  // A factor written as a distribution is drawn per replication; one at 1 stays a key.
  const Scenario uncertain = parse_scenario(
      base +
          "payers:\n  - {name: a, share: 0.5}\n  - name: b\n    share: 0.5\n    fee_factors:\n      all: "
          "{distribution: lognormal, mean: 1, sd: 0.1}\n",
      "uncertain.yaml");
  ASSERT_EQ(uncertain.uncertain.size(), 1u);
  EXPECT_EQ(uncertain.uncertain[0].stored_at.size(), static_cast<std::size_t>(kCategoryCount));
  EXPECT_NO_THROW((void)run_simulation(Simulation(uncertain)));
}

TEST(PayerFees, AFactorOfZeroOrAnUnknownCategoryIsAnError) {
  const std::string base = to_yaml(testing::full_scenario(1000, 2, 512));
  for (const auto& [edit, expected] :
       std::vector<std::pair<std::string, std::string>>{{"inpatient: 1.9", "payers[1].fee_factors.inpatient"},
                                                        {"inpatient: 1.9", "> 0 and <= 100"},
                                                        {"surgery: 1.9", "payers[1].fee_factors.surgery"}}) {
    std::string yaml = base + kPayers;
    const std::string value = edit.starts_with("inpatient") ? "inpatient: 0" : edit;
    yaml.replace(yaml.find("inpatient: 1.9"), 14, value);
    try {
      parse_scenario(yaml, "bad.yaml");
      ADD_FAILURE() << value << " was accepted";
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace pmsim
