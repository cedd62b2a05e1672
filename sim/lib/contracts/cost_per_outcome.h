#pragma once
//! \file cost_per_outcome.h
//! Cost per successful outcome: a price per success and a base per attempt, in place of
//! fee-for-service for the covered categories.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <string>
#include "config/key_rules.h"
#include "config/key_visitor.h"
#include "config/quality_measure.h"
#include "contracts/payment_model.h"

namespace pmsim {

//! What counts as a success for a cost-per-successful-outcome contract, and its attempts.
enum class SuccessDefinition {
  condition_controlled,    //!< per member with quality.controlled_condition: controlled this year
  no_avoidable_admission,  //!< per member: no avoidable admission this year
  no_readmission,          //!< per index admission (an episode): no 30-day readmission
};

//! Cost per successful outcome (CPSO): price x successes + base x attempts, in place of FFS
//! for the covered categories (the provider still bears their cost) and on top of FFS for
//! the rest. No covered category: a pure add-on to FFS.
struct OutcomeTerms {
  static constexpr std::string_view kType = "cost_per_outcome";

  SuccessDefinition success = SuccessDefinition::condition_controlled;
  double price_per_success = 0.0;
  double base_per_attempt = 0.0;
  CategoryFlags covered{};  //!< all false by default

  bool operator==(const OutcomeTerms&) const = default;
};

//! "condition_controlled", "no_avoidable_admission", "no_readmission".
std::string_view to_string(SuccessDefinition d);

//! Its values in a ledger (Ledger::values), in the order of its metrics.
enum class OutcomeValue { outcome_payment, successes, attempts };
static_assert(static_cast<std::size_t>(OutcomeValue::attempts) < kMaxTypeValues, "Ledger::values holds them");

std::span<const MetricSpec> metric_catalogue(const OutcomeTerms& terms);
TallyNeeds tally_needs(const OutcomeTerms& terms);
std::optional<double> fixed_quality_score(const OutcomeTerms& terms);
int prepayment_period_months(const OutcomeTerms& terms);
CategoryFlags covered_categories(const OutcomeTerms& terms);
void settle(const OutcomeTerms& terms, const SettlementYear& year, Ledger& ledger);

// ---- reading its keys (contracts/contract_keys.h) ----

class KeyReader;
std::span<const std::string_view> contract_keys(const OutcomeTerms& terms);
void read_terms(KeyReader& contract, OutcomeTerms& terms);

// ---- its keys, walked ----

//! Its keys, in the order of docs/scenarios.md (after the contract's name, type and payer).
void walk_keys(OutcomeTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v);
void check_key_rules(const OutcomeTerms& terms, const SimulatedQuality& quality, const std::string& path,
                     BrokenRules& broken);

}  // namespace pmsim
