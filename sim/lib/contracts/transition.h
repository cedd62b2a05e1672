#pragma once
//! \file transition.h
//! A transition: a schedule of contracts, each in force from a performance year on, compared
//! with fee-for-service on the same patients.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/key_visitor.h"
#include "config/quality_measure.h"
#include "contracts/composite.h"
#include "contracts/payment_model.h"

namespace pmsim {

//! A stage of a transition: from performance year `from_year` (1-based) on, the contract named
//! `contract` is in force.
struct TransitionStage {
  int from_year = 1;
  std::string contract;

  bool operator==(const TransitionStage&) const = default;
};

struct TransitionTerms {
  static constexpr std::string_view kType = "transition";
  //! The contract in force from each stage's first performance year on.
  std::vector<TransitionStage> stages;

  bool operator==(const TransitionTerms&) const = default;
};

//! Its values in a ledger (Ledger::values), in the order of its metrics.
enum class TransitionValue { stage, margin_vs_ffs };
static_assert(static_cast<std::size_t>(TransitionValue::margin_vs_ffs) < kMaxTypeValues, "Ledger::values holds them");

std::span<const MetricSpec> metric_catalogue(const TransitionTerms& terms);
TallyNeeds tally_needs(const TransitionTerms& terms);
std::optional<double> fixed_quality_score(const TransitionTerms& terms);
int prepayment_period_months(const TransitionTerms& terms);

//! The stage in force in performance year `year` (0-based): the last whose from_year - 1 <= year.
int stage_in_force(const TransitionTerms& transition, int year);

// ---- made of its stages (contracts/composite.h) ----

std::vector<std::string> part_names(const TransitionTerms& terms);
//! Each year the stage in force, its cash on that stage's timing.
std::vector<PartYears> part_years(const TransitionTerms& terms, int years);
//! The stage in force: a year is reported on the tallies its stage was priced on (they differ
//! when the stages' types have different behaviour).
std::optional<std::size_t> reported_part(const TransitionTerms& terms, int year);
//! The stage's ledger, its own values replaced by the stage number and the margin against
//! fee-for-service for the same members.
Ledger combine_parts(const TransitionTerms& terms, const PartsYear& year);

// ---- reading its keys (contracts/contract_keys.h) ----

class KeyReader;
struct ContractConfig;
std::span<const std::string_view> contract_keys(const TransitionTerms& terms);
//! `stages`: from_year ascending from 1, contract names checked by check_references.
void read_terms(KeyReader& contract, TransitionTerms& terms);
//! Each stage names another contract, not a transition or a blend, for the transition's
//! members: the same payer.
void check_references(KeyReader& contract, const TransitionTerms& terms, const ContractConfig& transition,
                      std::span<const ContractConfig> contracts);

// ---- its keys, walked ----

//! Its keys (after the contract's name, type and payer): one inline item per stage.
void walk_keys(TransitionTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v);

}  // namespace pmsim
