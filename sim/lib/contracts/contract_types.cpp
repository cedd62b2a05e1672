#include "contracts/contract_types.h"

#include <array>
#include <utility>

namespace pmsim {

namespace {

template <std::size_t... I>
constexpr std::array<std::string_view, kContractTypeCount> type_names(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, ContractTerms>::kType...};
}
constexpr auto kTypeNames = type_names(std::make_index_sequence<kContractTypeCount>{});

template <std::size_t... I>
ContractTerms terms_at(std::size_t index, std::index_sequence<I...>) {
  ContractTerms terms;
  ((index == I ? (terms.emplace<I>(), true) : false) || ...);
  return terms;
}

}  // namespace

std::string_view to_string(ContractType t) {
  const auto i = static_cast<std::size_t>(t);
  return i < kContractTypeCount ? kTypeNames[i] : "unknown";
}

const std::vector<std::string>& contract_type_names() {
  static const std::vector<std::string> names(kTypeNames.begin(), kTypeNames.end());
  return names;
}

ContractTerms default_terms(ContractType t) {
  return terms_at(static_cast<std::size_t>(t), std::make_index_sequence<kContractTypeCount>{});
}

}  // namespace pmsim
