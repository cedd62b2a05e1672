#include "contracts/common_metrics.h"

#include <array>
#include <string>

namespace pmsim {

namespace {

const LedgerMetric kCommon[] = {
    {{"provider_revenue", "USD", "everything the provider is paid", Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.revenue; }},
    {{"provider_cost", "USD", "fixed costs + cost of self-delivered services + claims of others it pays",
      Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.cost; }},
    {{"provider_margin", "USD", "provider_revenue - provider_cost", Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.margin; }},
    {{"payer_spend", "USD", "everything the payer pays out for the population", Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.payer_spend; }},
    {{"payer_savings", "USD", "payer spend under fee-for-service (all claims) - payer_spend, same claims",
      Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.payer_savings; }},
    {{"members", "member-years", "member-months / 12", Aggregation::flow},
     [](const Ledger&, const YearTally& t, double) { return t.member_years(); }},
    {{"provider_reserves", "USD", "reserves at the end of the year (starting reserves + cumulative margin)",
      Aggregation::stock},
     [](const Ledger&, const YearTally&, double reserves) { return reserves; }},
    {{"revenue_ffs", "USD", "fee-for-service part of provider_revenue", Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.ffs_revenue; }},
    {{"revenue_capitation", "USD", "capitation part of provider_revenue", Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.prepaid_revenue; }},
    {{"provider_delivery_cost", "USD", "provider's cost of the services it delivers", Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.delivery_cost; }},
    {{"provider_claims_paid", "USD", "claims of others' covered services the provider pays", Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.claims_paid; }},
    {{"provider_intervention_cost", "USD", "cost of the provider's care-transformation interventions",
      Aggregation::flow},
     [](const Ledger& l, const YearTally&, double) { return l.intervention_cost; }},
};

constexpr MetricSpec kQualityScore = {
    "quality_score", "score", "quality score in force (from quality_measures, or the fixed score)", Aggregation::level};
constexpr MetricSpec kCashLow = {
    "provider_cash_low", "USD", "lowest month-end cash in the year (reserves + cash flows so far)", Aggregation::stock};
constexpr MetricSpec kDrawdown = {"provider_drawdown", "USD",
                                  "largest fall of month-end cash from an earlier peak, up to the year's end",
                                  Aggregation::peak};

// "utilization/<category>", kept for the life of the program (MetricSpec holds views).
const std::array<std::string, kCategoryCount>& utilization_names() {
  static const std::array<std::string, kCategoryCount> names = [] {
    std::array<std::string, kCategoryCount> n;
    for (int c = 0; c < kCategoryCount; ++c) n[c] = "utilization/" + std::string(kCategoryNames[c]);
    return n;
  }();
  return names;
}

}  // namespace

std::span<const LedgerMetric> common_contract_metrics() { return kCommon; }
const MetricSpec& quality_score_metric() { return kQualityScore; }
const MetricSpec& cash_low_metric() { return kCashLow; }
const MetricSpec& drawdown_metric() { return kDrawdown; }

MetricSpec utilization_metric(Category c) {
  return {utilization_names()[static_cast<int>(c)], "units", "units of service delivered", Aggregation::flow};
}

}  // namespace pmsim
