#include "contract_pricing.h"

namespace pmsim {

ProviderEconomics::ProviderEconomics(const Scenario& s) : fixed_costs(s.provider.fixed_costs) {
  for (int c = 0; c < kCategoryCount; ++c) {
    const auto& svc = s.services[c];
    self_delivered[c] = svc.delivered_by == Deliverer::provider;
    cost_ratio[c] = svc.fee > 0 ? svc.unit_cost / svc.fee : 0.0;
  }
}

Ledger price_year(const ContractConfig& contract, const ProviderEconomics& provider,
                  const YearTally& year) {
  Ledger l;
  // Fee-for-service pays every category not covered by a capitation.
  std::array<bool, kCategoryCount> covered{};
  if (contract.type == ContractType::capitation) {
    covered = contract.capitation.covered;
    const auto& cap = contract.capitation;
    l.capitation_revenue =
        cap.pmpm * (cap.risk_adjusted ? year.risk_member_months : year.member_months);
  }
  double uncovered_claims = 0;
  for (int c = 0; c < kCategoryCount; ++c) {
    const double claims = year.claims[c];
    if (provider.self_delivered[c]) {
      l.delivery_cost += claims * provider.cost_ratio[c];
      if (!covered[c]) l.ffs_revenue += claims;
    } else if (covered[c]) {
      l.claims_paid += claims;  // the provider is at risk for others' covered services
    }
    if (!covered[c]) uncovered_claims += claims;
  }
  l.revenue = l.ffs_revenue + l.capitation_revenue;
  l.cost = provider.fixed_costs + l.delivery_cost + l.claims_paid;
  l.margin = l.revenue - l.cost;
  l.payer_spend = l.capitation_revenue + uncovered_claims;
  return l;
}

}  // namespace pmsim
