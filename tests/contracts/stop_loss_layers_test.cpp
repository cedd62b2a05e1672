// Stop-loss layers of a capitation contract (a payer's beside a reinsurer's, recoveries paid
// annually or monthly) and a contract's settlement timing: read, written back, their errors
// by key path, and how a layer's money moves through the ledgers.
#include <gtest/gtest.h>

#include <string>

#include "config/scenario.h"
#include "contract_scenarios.h"
#include "contracts/pricing.h"
#include "scenario/scenario_yaml.h"
#include "scenario_errors.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::expect_error;
using testing::expect_valid;

const testing::YamlDocument kCapitation = testing::capitation_scenario();

constexpr const char* kTwoLayers =
    "[{attachment: 150000, coinsurance: 0.8, premium_pmpm: 20, provided_by: payer, payment: monthly, "
    "lag_months: 1},\n {attachment: 500000, coinsurance: 0.2, premium_pmpm: 1.5}]";

TEST(StopLossLayers, TwoLayersAndTheirTimingParseAndRoundTrip) {
  const Scenario s =
      parse_scenario(kCapitation.with("contracts[0].stop_loss", kTwoLayers)
                         .with("contracts[0].settlement", "{interim: quarterly, interim_lag_months: 2, lag_months: 4}"),
                     "layers.yaml");
  const ContractConfig& c = s.contracts[0];
  const auto& layers = c.as<CapitationTerms>().stop_loss;
  ASSERT_EQ(layers.size(), 2u);
  StopLossLayer payer{150000, 0.8, 20, StopLossCarrier::payer, RecoveryPayment::monthly, 1};
  StopLossLayer reinsurer{500000, 0.2, 1.5};
  EXPECT_EQ(layers[0], payer);
  EXPECT_EQ(layers[1], reinsurer);
  EXPECT_EQ(c.settlement, (SettlementTiming{3, 2, 4}));
  // Contracts without the key keep the defaults: the provider's settlement lag, no interim.
  EXPECT_EQ(s.contracts[1].settlement, SettlementTiming{});

  const std::string out = to_yaml(s);
  EXPECT_EQ(parse_scenario(out, "out.yaml"), s) << out;
  EXPECT_NE(out.find("    stop_loss:\n      - {attachment: 150000, coinsurance: 0.8, premium_pmpm: 20, provided_by: "
                     "payer, payment: monthly, lag_months: 1}\n      - {attachment: 500000, coinsurance: 0.2, "
                     "premium_pmpm: 1.5}\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    settlement:\n      interim: quarterly\n      interim_lag_months: 2\n      lag_months: 4\n"),
            std::string::npos)
      << out;
  // One layer is still written as a map, and no settlement map when nothing is set.
  const std::string plain = to_yaml(parse_scenario(kCapitation, "plain.yaml"));
  EXPECT_NE(plain.find("    stop_loss:\n      attachment: 100000\n"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("settlement:"), std::string::npos) << plain;
}

TEST(StopLossLayers, KeyErrorsNameTheKeyAndTheRange) {
  expect_error(kCapitation.with("contracts[0].stop_loss.provided_by", "insurer"), "contracts[0].stop_loss.provided_by",
               "unknown value 'insurer'; did you mean 'reinsurer'? (accepted: reinsurer, payer)");
  expect_error(kCapitation.with("contracts[0].stop_loss.payment", "weekly"), "contracts[0].stop_loss.payment",
               "unknown value 'weekly' (accepted: annual, monthly)");
  expect_error(kCapitation.with("contracts[0].stop_loss.lag_months", "2"), "contracts[0].stop_loss.lag_months",
               "lag_months applies to recoveries paid monthly (payment: monthly); annual recoveries are paid with "
               "the year's settlement (the contract's settlement.lag_months)");
  expect_error(
      kCapitation.with("contracts[0].stop_loss.payment", "monthly").with("contracts[0].stop_loss.lag_months", "25"),
      "contracts[0].stop_loss.lag_months", "must be in [0, 24], got 25");
  expect_error(kCapitation.with("contracts[0].stop_loss", "[]"), "contracts[0].stop_loss", "must not be empty");
  expect_error(kCapitation.with("contracts[0].stop_loss",
                                "[{attachment: 1e5, coinsurance: 0.5}, {attachment: 2e5, coinsurance: 0.5},\n"
                                " {attachment: 3e5, coinsurance: 0}]"),
               "contracts[0].stop_loss", "must have at most 2 items, got 3");
  expect_error(kCapitation.with("contracts[0].stop_loss",
                                "[{attachment: 1e5, coinsurance: 0.8}, {attachment: 2e5, coinsurance: 0.3}]"),
               "contracts[0].stop_loss",
               "the layers' coinsurance adds up to 1.1: at most 1 (above the highest attachment every layer pays)");
  expect_error(kCapitation.with("contracts[0].stop_loss", "[{attachment: 1e5, coinsurance: 0.5}, {attachment: 2e5}]"),
               "contracts[0].stop_loss[1]", "missing required key 'coinsurance'");
  // Two layers are two of the scenario's distinct per-member amounts.
  expect_valid(kCapitation.with("contracts[0].stop_loss", kTwoLayers));
}

TEST(SettlementTiming, KeyErrors) {
  expect_error(kCapitation.with("contracts[0].settlement", "{interim: yearly}"), "contracts[0].settlement.interim",
               "unknown value 'yearly' (accepted: none, monthly, quarterly, semiannual)");
  expect_error(kCapitation.with("contracts[0].settlement", "{interim_lag_months: 1}"),
               "contracts[0].settlement.interim_lag_months",
               "interim_lag_months needs interim payments (interim: monthly, quarterly or semiannual)");
  expect_error(kCapitation.with("contracts[0].settlement", "{lag_months: 40}"), "contracts[0].settlement.lag_months",
               "must be in [0, 36], got 40");
  expect_error(kCapitation.with("contracts[0].settlement", "{interim: monthly, lag: 2}"), "contracts[0].settlement.lag",
               "unknown key (accepted: interim, interim_lag_months, lag_months)");
  expect_error(kCapitation.with("contracts[0].settlement", "6"), "contracts[0].settlement", "expected a map, got '6'");
  // A fee-for-service contract settles nothing.
  const std::string ffs = testing::minimal_scenario().with("contracts[0].settlement", "{lag_months: 1}");
  const auto errors = testing::errors_of(ffs);
  ASSERT_EQ(errors.size(), 1u) << ffs;
  EXPECT_NE(errors[0].find("contracts[0].settlement"), std::string::npos) << errors[0];
}

// ---- the money ----

YearTallies one_year(double claims, double truncated_at_150k, double truncated_at_500k) {
  YearTally t;
  t.member_months = 12000;
  t.risk_member_months = 12000;
  t.claims[static_cast<int>(Category::inpatient)] = claims;
  t.truncated_claims[0] = truncated_at_150k;
  t.truncated_claims[1] = truncated_at_500k;
  // The excess above each point accrues through the year, all of it by December.
  for (int m = 0; m < 12; ++m) {
    t.excess_by_month[0][m] = (claims - truncated_at_150k) * (m + 1) * (m + 1) / 144.0;
    t.excess_by_month[1][m] = m < 6 ? 0.0 : (claims - truncated_at_500k) * (m - 5) / 6.0;
  }
  return {t};
}

PricingContext context() {
  Scenario s = testing::full_scenario(100, 1, 64);
  s.simulation.baseline_years = 0;
  s.provider.fixed_costs = 0;
  for (auto& svc : s.services) svc.delivered_by = Deliverer::others;
  return PricingContext(s, {150000, 500000});
}

ContractConfig capitation(std::vector<StopLossLayer> layers) {
  ContractConfig c;
  c.name = "cap";
  c.terms = default_terms(ContractType::capitation);
  c.as<CapitationTerms>().pmpm = 100;  // 1.2e6 a year
  c.as<CapitationTerms>().stop_loss = std::move(layers);
  return c;
}

TEST(StopLossLayers, APayersLayerFlowsThroughThePayerAReinsurersDoesNot) {
  // Claims 1.5e6: 0.3e6 above 150k, 0.1e6 above 500k.
  const YearTallies year = one_year(1.5e6, 1.2e6, 1.4e6);
  const StopLossLayer payer{150000, 0.8, 20, StopLossCarrier::payer};
  const StopLossLayer reinsurer{500000, 0.2, 1.5};
  const Ledger both = price_year(capitation({payer, reinsurer}), context(), year, 0);
  EXPECT_NEAR(both[CapitationValue::stop_loss_recoveries], 0.8 * 0.3e6 + 0.2 * 0.1e6, 1e-6);
  EXPECT_NEAR(both[CapitationValue::stop_loss_premiums], (20 + 1.5) * 12000, 1e-6);
  EXPECT_NEAR(both.other_revenue, 0.2 * 0.1e6, 1e-6);  // the reinsurer's
  EXPECT_NEAR(both.payer_adjustments, 0.8 * 0.3e6, 1e-6);
  EXPECT_NEAR(both.paid_to_payer, 20 * 12000, 1e-6);
  // The payer pays the capitation and its recoveries and keeps its premiums.
  EXPECT_NEAR(both.payer_spend, 1.2e6 + 0.8 * 0.3e6 - 20 * 12000, 1e-6);
  EXPECT_NEAR(both.margin, 1.2e6 + 0.8 * 0.3e6 + 0.2 * 0.1e6 - 1.5e6 - 21.5 * 12000, 1e-6);
  // The same layer from a reinsurer: the same margin, the payer out of it.
  StopLossLayer bought = payer;
  bought.provided_by = StopLossCarrier::reinsurer;
  const Ledger own = price_year(capitation({bought, reinsurer}), context(), year, 0);
  EXPECT_NEAR(own.margin, both.margin, 1e-6);
  EXPECT_NEAR(own.payer_spend, 1.2e6, 1e-6);
  EXPECT_EQ(own.paid_to_payer, 0.0);
}

TEST(StopLossLayers, MonthlyRecoveriesAccrueAsTheExcessDoes) {
  const YearTallies year = one_year(1.5e6, 1.2e6, 1.4e6);
  StopLossLayer payer{150000, 0.8, 20, StopLossCarrier::payer, RecoveryPayment::monthly, 2};
  StopLossLayer reinsurer{500000, 0.2, 1.5, StopLossCarrier::reinsurer, RecoveryPayment::monthly, 0};
  const Ledger l = price_year(capitation({payer, reinsurer}), context(), year, 0);
  const MonthlyPaidRevenue& first = l.paid_monthly[0];
  const MonthlyPaidRevenue& second = l.paid_monthly[1];
  EXPECT_EQ(first.lag_months, 2);
  EXPECT_EQ(second.lag_months, 0);
  EXPECT_DOUBLE_EQ(first.accrued[11], 0.8 * (1.5e6 - 1.2e6));  // the year's recovery, exactly
  EXPECT_DOUBLE_EQ(second.accrued[11], 0.2 * (1.5e6 - 1.4e6));
  for (int m = 0; m < 12; ++m) {
    EXPECT_NEAR(first.accrued[m], 0.8 * 0.3e6 * (m + 1) * (m + 1) / 144.0, 1e-6) << m;
    EXPECT_NEAR(second.accrued[m], m < 6 ? 0.0 : 0.2 * 0.1e6 * (m - 5) / 6.0, 1e-6) << m;
  }
  // Annual layers leave paid_monthly empty.
  const Ledger annual = price_year(capitation({StopLossLayer{150000, 0.8}}), context(), year, 0);
  for (const MonthlyPaidRevenue& p : annual.paid_monthly) EXPECT_EQ(p.accrued[11], 0.0);
}

}  // namespace
}  // namespace pmsim
