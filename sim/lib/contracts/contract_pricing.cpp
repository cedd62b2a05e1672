#include "contracts/contract_pricing.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "contracts/bundled_payment.h"
#include "contracts/quality.h"
#include "contracts/shared_savings.h"

namespace pmsim {

PricingContext::PricingContext(const Scenario& s, std::vector<double> points,
                               std::vector<EpisodeDefinition> episode_definitions)
    : fixed_costs(s.provider.fixed_costs),
      baseline_years(s.simulation.baseline_years),
      population_size(static_cast<double>(s.population.size)),
      truncation_points(std::move(points)),
      episode_definitions(std::move(episode_definitions)),
      interventions(s.interventions) {
  for (int c = 0; c < kCategoryCount; ++c) {
    const auto& svc = s.services[c];
    self_delivered[c] = svc.delivered_by == Deliverer::provider;
    cost_ratio[c] = svc.fee > 0 ? svc.unit_cost / svc.fee : 0.0;
  }
}

namespace {

// Shared savings or risk on top of the FFS ledger: the provider keeps its FFS revenue and
// receives shared savings, or pays shared losses; the payer pays all claims plus savings
// minus losses.
void settle_shared(const ContractConfig& contract, const PricingContext& context, const YearTallies& tallies, int year,
                   Ledger& l) {
  SharedSavingsTerms terms = contract.shared;
  terms.quality_score = l.quality_score;
  const bool two_sided = contract.type == ContractType::shared_risk;
  const YearTally& t = tallies[context.baseline_years + year];
  const int truncation = truncation_index(context.truncation_points, terms.truncation);
  l.benchmark =
      benchmark_per_member_year(terms.benchmark, tallies, context.baseline_years, year, truncation) * t.member_years();
  l.benchmark_spending = benchmark_spending(t, truncation);
  const double size = context.population_size * context.share(year);
  const double msr = terms.msr_size_based ? mssp_minimum_rate(size) : terms.minimum_savings_rate;
  const double mlr = terms.mlr_size_based ? mssp_minimum_rate(size) : terms.minimum_loss_rate;
  const Settlement s = settle(terms, two_sided, l.benchmark, l.benchmark_spending, l.ffs_revenue, msr, mlr);
  l.shared_savings = s.shared_savings;
  l.shared_losses = s.shared_losses;
  l.savings_paid = s.savings_paid;
  l.loss_owed = s.loss_owed;
  l.cap_binding = s.cap_binding;
}

// Capitation terms beyond the PMPM: quality withhold, individual stop-loss, risk corridors.
void settle_capitation(const CapitationTerms& cap, const PricingContext& context, const YearTally& t,
                       double covered_claims, Ledger& l) {
  const double capitation = l.capitation_revenue;
  l.quality_adjustment = -cap.quality_withhold * capitation * (1.0 - l.quality_score);
  const int attachment = truncation_index(context.truncation_points, cap.stop_loss_attachment);
  if (attachment >= 0) {
    // sum_i max(0, claims_i - A) = sum_i claims_i - sum_i min(claims_i, A)
    const double excess = t.total_claims() - t.truncated_claims[attachment];
    l.stop_loss_recoveries = cap.stop_loss_coinsurance * excess;
    l.stop_loss_premiums = cap.stop_loss_premium_pmpm * t.member_months;
  }
  if (!cap.corridors.empty() && capitation > 0) {
    const double gain = capitation - covered_claims;
    const double kept = corridor_share(cap.corridors, std::abs(gain) / capitation) * capitation;
    l.corridor_transfer = gain > 0 ? -(gain - kept) : (-gain - kept);
  }
}

// Pay-for-performance adjustments on the provider's FFS revenue.
void settle_pay_for_performance(const PayForPerformanceTerms& p, const YearTally& t, Ledger& l) {
  const double revenue = l.ffs_revenue;
  const double q = l.quality_score;
  double adjustment = revenue * p.withhold * (q * p.withhold_slope - 1.0);
  if (p.scale > 0) {
    const double position = q >= p.scale_threshold ? (q - p.scale_threshold) / (1.0 - p.scale_threshold)
                                                   : (q - p.scale_threshold) / p.scale_threshold;
    adjustment += revenue * p.scale * position;
  }
  l.quality_adjustment = adjustment;
  if (p.expected_readmission_rate > 0) {
    const double admissions = t.counts[static_cast<int>(Category::inpatient)];
    const double observed = admissions > 0 ? t.counts[static_cast<int>(Category::readmission)] / admissions : 0.0;
    const double excess = observed / p.expected_readmission_rate;
    l.readmission_penalty =
        revenue * std::min(p.readmission_penalty_cap, std::max(0.0, excess - 1.0) * p.readmission_multiplier);
  }
}

// Cost per successful outcome: successes and attempts of the year, and the payment.
void settle_outcomes(const OutcomeTerms& o, const YearTally& t, Ledger& l) {
  switch (o.success) {
    case SuccessDefinition::condition_controlled:
      l.attempts = t.control_eligible;
      l.successes = t.controlled;
      break;
    case SuccessDefinition::no_avoidable_admission:
      l.attempts = t.members;
      l.successes = t.members - t.members_with_avoidable;
      break;
    case SuccessDefinition::no_readmission:
      // Readmissions are binomial in the index admissions: at most one per admission.
      l.attempts = t.counts[static_cast<int>(Category::inpatient)];
      l.successes = l.attempts - t.counts[static_cast<int>(Category::readmission)];
      break;
  }
  l.outcome_payment = o.price_per_success * l.successes + o.base_per_attempt * l.attempts;
}

// Bundled payment: fee-for-service all year, then the year's episodes reconciled against
// their targets.
void settle_bundle(const BundleTerms& terms, const PricingContext& context, const YearTallies& tallies, int year,
                   Ledger& l) {
  const int e = episode_index(context.episode_definitions, terms.episode);
  if (e < 0) throw std::logic_error("bundled payment priced without its episode definition");
  std::vector<EpisodeTally> baseline;
  for (int b = 0; b < context.baseline_years; ++b) baseline.push_back(tallies[b].episodes[e]);
  const EpisodeTally& current = tallies[context.baseline_years + year].episodes[e];
  const BundleSettlement s = reconcile_episodes(terms, episode_target(terms, baseline, year), current);
  l.episodes = current.episodes;
  l.episode_spending = current.capped_spending;
  l.episode_target = s.target;
  l.reconciliation = s.reconciliation;
  l.cap_binding = s.cap_binding;
  l.episodes_with_post_acute = current.with_post_acute;
  l.episodes_with_readmission = current.with_readmission;
}

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
  const bool shared = contract.type == ContractType::shared_savings || contract.type == ContractType::shared_risk;
  l.quality_score = !contract.quality_measures.empty()                   ? quality_score(contract.quality_measures, t)
                    : shared                                             ? contract.shared.quality_score
                    : contract.type == ContractType::capitation          ? contract.capitation.quality_score
                    : contract.type == ContractType::pay_for_performance ? contract.p4p.quality_score
                                                                         : 1.0;
  // Fee-for-service pays every category not covered by a capitation.
  std::array<bool, kCategoryCount> covered{};
  if (contract.type == ContractType::cost_per_outcome) covered = contract.outcome.covered;
  if (contract.type == ContractType::capitation) {
    covered = contract.capitation.covered;
    const auto& cap = contract.capitation;
    l.capitation_revenue = cap.pmpm * (cap.risk_adjusted ? t.risk_member_months : t.member_months);
  }
  double uncovered_claims = 0, covered_claims = 0;
  for (int c = 0; c < kCategoryCount; ++c) {
    const double claims = t.claims[c];
    if (context.self_delivered[c]) {
      // Costs follow the units delivered, not the fees: undo a price shock, apply a cost shock.
      l.delivery_cost += claims / t.price_factor * t.cost_factor * context.cost_ratio[c];
      if (!covered[c]) l.ffs_revenue += claims;
    } else if (covered[c]) {
      l.claims_paid += claims;  // the provider is at risk for others' covered services
    }
    (covered[c] ? covered_claims : uncovered_claims) += claims;
  }
  if (contract.type == ContractType::capitation) settle_capitation(contract.capitation, context, t, covered_claims, l);
  if (shared) settle_shared(contract, context, tallies, year, l);
  if (contract.type == ContractType::pay_for_performance) settle_pay_for_performance(contract.p4p, t, l);
  if (contract.type == ContractType::cost_per_outcome) settle_outcomes(contract.outcome, t, l);
  if (contract.type == ContractType::bundled_payment) settle_bundle(contract.bundle, context, tallies, year, l);
  const double payer_adjustments = l.quality_adjustment - l.readmission_penalty + l.corridor_transfer +
                                   l.shared_savings - l.shared_losses + l.outcome_payment + l.reconciliation;
  l.revenue = l.ffs_revenue + l.capitation_revenue + payer_adjustments + l.stop_loss_recoveries;
  l.intervention_cost = intervention_costs(context, t, year) * t.cost_factor;
  l.cost = context.fixed_costs * context.share(year) * t.cost_factor + l.delivery_cost + l.intervention_cost +
           l.claims_paid + l.stop_loss_premiums;
  l.margin = l.revenue - l.cost;
  // Stop-loss flows are between the provider and its reinsurer, not the payer.
  l.payer_spend = l.capitation_revenue + uncovered_claims + payer_adjustments;
  l.payer_savings = t.total_claims() - l.payer_spend;
  return l;
}

Ledger combine_ledgers(const std::vector<Ledger>& parts, const YearTally& total) {
  Ledger l;
  for (const Ledger& p : parts) {
    l.ffs_revenue += p.ffs_revenue;
    l.capitation_revenue += p.capitation_revenue;
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

}  // namespace pmsim
