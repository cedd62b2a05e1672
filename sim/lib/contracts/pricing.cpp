#include "contracts/pricing.h"

#include <stdexcept>
#include <type_traits>

#include "contracts/quality.h"

namespace pmsim {

namespace {

// What the provider's interventions cost in performance year `year`: per enrolled
// member-year, coordinators by caseload, and the investment spread over its years.
double intervention_costs(const PricingContext& context, const YearTally& t, int year) {
  double cost = 0;
  for (std::size_t k = 0; k < context.interventions.size(); ++k) {
    const InterventionConfig& iv = context.interventions[k];
    const double enrolled = t.enrolled_member_months[k] / 12.0;
    cost += enrolled * iv.cost_per_member_year;
    if (iv.caseload > 0) cost += enrolled / iv.caseload * iv.fte_salary;
    const int since_start = year - (iv.start_year - 1);
    if (since_start >= 0 && since_start < iv.amortisation_years)
      cost += context.share(year) * iv.one_time_cost / iv.amortisation_years;
  }
  return cost;
}

}  // namespace

Ledger price_year(const ContractConfig& scheduled, const PricingContext& context, const YearTallies& tallies,
                  int year) {
  const ContractConfig& contract = scheduled.in_year(year);
  const YearTally& t = tallies[context.baseline_years + year];
  Ledger l;
  std::visit(
      [&](const auto& terms) {
        using Terms = std::decay_t<decltype(terms)>;
        if constexpr (!PricedOnTallies<Terms>) {
          throw std::logic_error("a " + std::string(Terms::kType) + " is priced from the contracts it names");
        } else {
          l.quality_score = !contract.quality_measures.empty() ? quality_score(contract.quality_measures, t)
                                                               : fixed_quality_score(terms).value_or(1.0);
          // Fee-for-service pays every category the type does not cover.
          const CategoryFlags covered = covered_categories(terms);
          double uncovered_claims = 0, covered_claims = 0;
          for (int c = 0; c < kCategoryCount; ++c) {
            const double claims = t.claims[c];
            if (context.self_delivered[c]) {
              // Costs follow the units delivered, not the fees: undo a payer's fee factor and a
              // price shock, apply a cost shock.
              l.delivery_cost += (claims - t.fee_premium[c]) / t.price_factor * t.cost_factor * context.cost_ratio[c];
              if (!covered[c]) l.ffs_revenue += claims;
            } else if (covered[c]) {
              l.claims_paid += claims;  // the provider is at risk for others' covered services
            }
            (covered[c] ? covered_claims : uncovered_claims) += claims;
          }
          settle(terms, SettlementYear{context, tallies, year, t, covered_claims}, l);
          l.revenue = l.ffs_revenue + l.prepaid_revenue + l.payer_adjustments + l.other_revenue;
          l.intervention_cost = intervention_costs(context, t, year) * t.cost_factor;
          l.cost = context.fixed_costs * context.share(year) * t.cost_factor + l.delivery_cost + l.intervention_cost +
                   l.claims_paid + l.other_cost;
          l.margin = l.revenue - l.cost;
          l.payer_spend = l.prepaid_revenue + uncovered_claims + l.payer_adjustments - l.paid_to_payer;
          l.payer_savings = t.total_claims() - l.payer_spend;
        }
      },
      contract.terms);
  return l;
}

}  // namespace pmsim
