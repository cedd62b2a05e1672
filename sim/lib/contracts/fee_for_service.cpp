#include "contracts/fee_for_service.h"

namespace pmsim {

std::span<const MetricSpec> metric_catalogue(const FeeForServiceTerms&) { return {}; }
TallyNeeds tally_needs(const FeeForServiceTerms&) { return {}; }
std::optional<double> fixed_quality_score(const FeeForServiceTerms&) { return std::nullopt; }
int prepayment_period_months(const FeeForServiceTerms&) { return 1; }
CategoryFlags covered_categories(const FeeForServiceTerms&) { return kNoCategory; }
// The fee-for-service part of the ledger is common to every type (pricing.cpp).
void settle(const FeeForServiceTerms&, const SettlementYear&, Ledger&) {}

// ---- reading its keys ----

namespace {
constexpr std::string_view kKeys[] = {"payer"};
}  // namespace

std::span<const std::string_view> contract_keys(const FeeForServiceTerms&) { return kKeys; }
// Its only key is its contract's payer.
void read_terms(KeyReader&, FeeForServiceTerms&) {}

}  // namespace pmsim
