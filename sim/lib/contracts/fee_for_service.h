#pragma once
//! \file fee_for_service.h
//! Fee-for-service: every service paid at its fee; the reference every other model is
//! compared with (payer savings are against it).

#include <optional>
#include <span>
#include <string_view>

#include <vector>
#include "config/key_visitor.h"
#include "config/quality_measure.h"
#include "contracts/payment_model.h"

namespace pmsim {

struct FeeForServiceTerms {
  static constexpr std::string_view kType = "fee_for_service";

  bool operator==(const FeeForServiceTerms&) const = default;
};

std::span<const MetricSpec> metric_catalogue(const FeeForServiceTerms& terms);
TallyNeeds tally_needs(const FeeForServiceTerms& terms);
std::optional<double> fixed_quality_score(const FeeForServiceTerms& terms);
int prepayment_period_months(const FeeForServiceTerms& terms);
CategoryFlags covered_categories(const FeeForServiceTerms& terms);
void settle(const FeeForServiceTerms& terms, const SettlementYear& year, Ledger& ledger);

// ---- reading its keys (contracts/contract_keys.h) ----

class KeyReader;
std::span<const std::string_view> contract_keys(const FeeForServiceTerms& terms);
void read_terms(KeyReader& contract, FeeForServiceTerms& terms);

// ---- its keys, walked ----

//! Fee-for-service has no keys of its own.
inline void walk_keys(FeeForServiceTerms&, std::vector<QualityMeasure>&, KeyVisitor&) {}

}  // namespace pmsim
