#include "contracts/blend.h"

#include "claims/year_tally.h"

namespace pmsim {

std::span<const MetricSpec> metric_catalogue(const BlendTerms&) { return {}; }
TallyNeeds tally_needs(const BlendTerms&) { return {}; }
std::optional<double> fixed_quality_score(const BlendTerms&) { return std::nullopt; }
// A blend's cash follows each component's own timing (engine/cash_flow).
int prepayment_period_months(const BlendTerms&) { return 1; }

Ledger combine_ledgers(const std::vector<Ledger>& parts, const YearTally& total) {
  Ledger l;
  for (const Ledger& p : parts) {
    l.ffs_revenue += p.ffs_revenue;
    l.prepaid_revenue += p.prepaid_revenue;
    l.revenue += p.revenue;
    l.delivery_cost += p.delivery_cost;
    l.intervention_cost += p.intervention_cost;
    l.claims_paid += p.claims_paid;
    l.cost += p.cost;
    l.margin += p.margin;
    l.payer_spend += p.payer_spend;
  }
  l.payer_savings = total.total_claims() - l.payer_spend;
  return l;
}

// ---- its keys, walked ----

void walk_keys(BlendTerms& terms, std::vector<QualityMeasure>&, KeyVisitor& v) {
  v.texts("components", terms.components);
}

}  // namespace pmsim
