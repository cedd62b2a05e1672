#pragma once
//! \file pay_for_performance.h
//! Pay-for-performance: fee-for-service with quality adjustments (a withhold earned back,
//! a readmission penalty, a symmetric bonus/penalty scale).

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "config/key_visitor.h"
#include "config/quality_measure.h"
#include "contracts/payment_model.h"

namespace pmsim {

//! Pay-for-performance: fee-for-service plus quality adjustments on the provider's FFS
//! revenue R (Hospital VBP, HRRP and MIPS styles).
struct PayForPerformanceTerms {
  static constexpr std::string_view kType = "pay_for_performance";

  //! Withhold earned back by the score: adjustment = R x withhold x (q x slope - 1), so a
  //! slope above 1 lets a top score earn more than the withhold.
  double withhold = 0.0;
  double withhold_slope = 1.0;
  //! Readmission penalty: R x min(cap, max(0, observed / expected - 1) x multiplier), with
  //! observed = readmissions / index admissions; 0 expected switches it off.
  double expected_readmission_rate = 0.0;
  double readmission_multiplier = 1.0;
  double readmission_penalty_cap = 0.03;
  //! Symmetric scale: R x scale x (q - t) / (1 - t) above the threshold t, R x scale x
  //! (q - t) / t below it (+scale at q = 1, -scale at q = 0).
  double scale = 0.0;
  double scale_threshold = 0.75;
  double quality_score = 1.0;  //!< the fixed score when the contract has no quality_measures

  bool operator==(const PayForPerformanceTerms&) const = default;
};

//! Its values in a ledger (Ledger::values), in the order of its metrics.
enum class PayForPerformanceValue { quality_adjustment, readmission_penalty, penalty_applied };
static_assert(static_cast<std::size_t>(PayForPerformanceValue::penalty_applied) < kMaxTypeValues,
              "Ledger::values holds them");

std::span<const MetricSpec> metric_catalogue(const PayForPerformanceTerms& terms);
TallyNeeds tally_needs(const PayForPerformanceTerms& terms);
std::optional<double> fixed_quality_score(const PayForPerformanceTerms& terms);
int prepayment_period_months(const PayForPerformanceTerms& terms);
CategoryFlags covered_categories(const PayForPerformanceTerms& terms);
void settle(const PayForPerformanceTerms& terms, const SettlementYear& year, Ledger& ledger);

// ---- reading its keys (contracts/contract_keys.h) ----

class KeyReader;
std::span<const std::string_view> contract_keys(const PayForPerformanceTerms& terms);
void read_terms(KeyReader& contract, PayForPerformanceTerms& terms);

// ---- its keys, walked ----

//! Its keys, in the order of docs/scenarios.md (after the contract's name, type and payer);
//! `quality_score` only when it is not computed from quality measures.
void walk_keys(PayForPerformanceTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v);

}  // namespace pmsim
