#pragma once
//! \file contract_types.h
//! The type list: every payment model pmsim prices, as the alternatives of one variant. A
//! new type is one file pair contracts/<type>.{h,cpp} and one entry here (in both lists);
//! the PaymentModel concept checks that it provides every piece (payment_model.h), and every
//! std::visit of ContractTerms (the engine, the writers, the parser) fails to compile until
//! it handles the new alternative. docs/architecture.md walks through adding one.

#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "contracts/blend.h"
#include "contracts/bundled_payment.h"
#include "contracts/capitation.h"
#include "contracts/composite.h"
#include "contracts/cost_per_outcome.h"
#include "contracts/fee_for_service.h"
#include "contracts/pay_for_performance.h"
#include "contracts/payment_model.h"
#include "contracts/shared_savings.h"
#include "contracts/transition.h"

namespace pmsim {

//! A contract's terms: exactly one payment model. The first alternative, fee-for-service,
//! is the default (and the payer's counterfactual).
using ContractTerms = std::variant<FeeForServiceTerms, CapitationTerms, SharedSavingsTerms, SharedRiskTerms,
                                   PayForPerformanceTerms, OutcomeTerms, BundleTerms, BlendTerms, TransitionTerms>;

//! The alternatives of ContractTerms by name, in the same order (ContractTerms::index()).
enum class ContractType {
  fee_for_service,
  capitation,
  shared_savings,
  shared_risk,
  pay_for_performance,
  cost_per_outcome,
  bundled_payment,
  blend,
  transition,
};
inline constexpr std::size_t kContractTypeCount = std::variant_size_v<ContractTerms>;
static_assert(static_cast<std::size_t>(ContractType::transition) + 1 == kContractTypeCount,
              "ContractType lists the alternatives of ContractTerms");

//! The pieces every type provides (payment_model.h).
template <class T>
concept PaymentModel = requires(const T& terms) {
  { T::kType } -> std::convertible_to<std::string_view>;
  { metric_catalogue(terms) } -> std::same_as<std::span<const MetricSpec>>;
  { tally_needs(terms) } -> std::same_as<TallyNeeds>;
  { fixed_quality_score(terms) } -> std::same_as<std::optional<double>>;
  { prepayment_period_months(terms) } -> std::same_as<int>;
};

//! A type priced on the year's tallies, as opposed to one made of other contracts (a blend,
//! a transition), which the engine prices from the ledgers of the contracts it names.
template <class T>
concept PricedOnTallies = PaymentModel<T> && requires(const T& terms, const SettlementYear& year, Ledger& ledger) {
  { covered_categories(terms) } -> std::same_as<CategoryFlags>;
  settle(terms, year, ledger);
};

//! A type made of other contracts (a blend, a transition; contracts/composite.h): the engine
//! prices its parts first, then combines their ledgers year by year.
template <class T>
concept MadeOfParts = PaymentModel<T> && requires(const T& terms, int year, const PartsYear& parts) {
  { part_names(terms) } -> std::same_as<std::vector<std::string>>;
  { part_years(terms, year) } -> std::same_as<std::vector<PartYears>>;
  { reported_part(terms, year) } -> std::same_as<std::optional<std::size_t>>;
  { combine_parts(terms, parts) } -> std::same_as<Ledger>;
};

//! Optional: a type that truncates members' claims at a percentile of a reference population
//! (shared savings and risk), which the engine simulates once and resolves into an amount.
template <class T>
concept NeedsClaimsPercentile = requires(T& terms, double amount) {
  { claims_percentile(std::as_const(terms)) } -> std::same_as<double>;
  set_claims_percentile_amount(terms, amount);
};

//! Optional: attributes a type writes on its results group (name, value).
template <class T>
concept HasResultAttributes = requires(const T& terms) {
  { result_attributes(terms) } -> std::same_as<std::vector<std::pair<std::string, double>>>;
};

//! Optional: warnings about terms a careful actuary would question (a price far from the
//! panel's expected cost, a historical benchmark of an unsettled panel), each a sentence.
template <class T>
concept HasTermWarnings = requires(const T& terms, const PanelExpectations& expected) {
  { term_warnings(terms, expected) } -> std::same_as<std::vector<std::string>>;
};

namespace detail {
template <class... Types>
constexpr bool all_payment_models(std::variant<Types...>*) {
  return (PaymentModel<Types> && ...);
}
template <class... Types>
constexpr bool each_priced_one_way(std::variant<Types...>*) {
  return ((PricedOnTallies<Types> != MadeOfParts<Types>)&&...);
}
}  // namespace detail
static_assert(detail::all_payment_models(static_cast<ContractTerms*>(nullptr)),
              "every alternative of ContractTerms provides the pieces of payment_model.h");
static_assert(detail::each_priced_one_way(static_cast<ContractTerms*>(nullptr)),
              "every alternative of ContractTerms is priced on tallies or made of parts, not both");

//! The type's name in scenario files and results (its kType).
std::string_view to_string(ContractType t);
//! Every type's name, in ContractType order.
const std::vector<std::string>& contract_type_names();
//! Default terms of a type.
ContractTerms default_terms(ContractType t);
inline ContractType type_of(const ContractTerms& terms) { return static_cast<ContractType>(terms.index()); }
//! False for a type made of other contracts (a blend, a transition).
inline bool is_priced_on_tallies(const ContractTerms& terms) {
  return std::visit([](const auto& t) { return PricedOnTallies<std::decay_t<decltype(t)>>; }, terms);
}

}  // namespace pmsim
