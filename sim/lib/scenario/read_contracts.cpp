//! \file read_contracts.cpp
//! The `contracts` list. The keys every contract has (name, type, payer, quality measures) are
//! read here; each type reads its own terms (contracts/<type>.cpp, through the reader
//! interface), and declares its keys, from which the explanations of keys given on a contract
//! of another type are derived. No contract type is named here.

#include <algorithm>
#include <concepts>
#include <limits>
#include <map>
#include <span>
#include <string_view>
#include <utility>

#include "config/limits.h"
#include "contracts/contract_keys.h"
#include "contracts/quality.h"
#include "scenario/scenario_sections.h"
#include "scenario/yaml_key_reader.h"

namespace pmsim::scenario_parser {

namespace {

//! What every type provides to be read (contracts/contract_keys.h).
template <class T>
concept ReadsItsKeys = requires(const T& terms, T& out, KeyReader& reader) {
  { contract_keys(terms) } -> std::same_as<std::span<const std::string_view>>;
  read_terms(reader, out);
};
template <class... Types>
constexpr bool all_read_their_keys(std::variant<Types...>*) {
  return (ReadsItsKeys<Types> && ...);
}
static_assert(all_read_their_keys(static_cast<ContractTerms*>(nullptr)),
              "every contract type declares its keys and reads them (contracts/contract_keys.h)");

template <class T>
std::span<const ForeignKeyNote> notes_of(const T& terms) {
  if constexpr (requires { foreign_key_notes(terms); }) {
    return foreign_key_notes(terms);
  } else {
    return {};
  }
}

//! A type's declared keys and notes, by ContractType.
struct TypeKeys {
  std::span<const std::string_view> keys;
  std::span<const ForeignKeyNote> notes;

  bool accepts(std::string_view key) const { return std::find(keys.begin(), keys.end(), key) != keys.end(); }
};

template <std::size_t... I>
std::array<TypeKeys, kContractTypeCount> collect_type_keys(std::index_sequence<I...>) {
  return {TypeKeys{contract_keys(std::variant_alternative_t<I, ContractTerms>{}),
                   notes_of(std::variant_alternative_t<I, ContractTerms>{})}...};
}

const TypeKeys& keys_of(ContractType type) {
  static const auto table = collect_type_keys(std::make_index_sequence<kContractTypeCount>{});
  return table[static_cast<std::size_t>(type)];
}

//! Every key some type accepts (types in order, each type's keys in its order), with the
//! types that accept it.
struct ContractKey {
  std::string_view key;
  std::vector<ContractType> types;
};

const std::vector<ContractKey>& all_contract_keys() {
  static const std::vector<ContractKey> keys = [] {
    std::vector<ContractKey> out;
    for (std::size_t index = 0; index < kContractTypeCount; ++index) {
      const auto type = static_cast<ContractType>(index);
      for (std::string_view key : keys_of(type).keys) {
        auto it = std::find_if(out.begin(), out.end(), [&](const ContractKey& k) { return k.key == key; });
        if (it == out.end()) it = out.insert(out.end(), ContractKey{key, {}});
        it->types.push_back(type);
      }
    }
    return out;
  }();
  return keys;
}

//! The names of `types`: "a", "a and b", "a, b and c".
std::string type_names(const std::vector<ContractType>& types) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += i + 1 == types.size() ? " and " : ", ";
    out += to_string(types[i]);
  }
  return out;
}

//! Explains, on a contract of `type`, each key of the other types: which types it applies to,
//! and what the type says about it.
void explain_keys_of_other_types(MapReader& m, ContractType type) {
  const TypeKeys& own = keys_of(type);
  for (const ContractKey& k : all_contract_keys()) {
    if (own.accepts(k.key)) continue;
    std::string note = "'" + std::string(k.key) + "' applies only to " + type_names(k.types) + " contracts";
    for (const ForeignKeyNote& n : own.notes) {
      if (n.key != k.key) continue;
      note = n.replaces ? std::string(n.text) : note + std::string(n.text);
    }
    m.explain_unknown(k.key, std::move(note));
  }
}

//! Checks the contracts each contract names (for the types that name any), once all are read.
void check_named_contracts(ParseContext& ctx, const Value& seq, const std::vector<ContractConfig>& contracts) {
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    std::visit(
        [&](const auto& terms) {
          const std::span<const ContractConfig> all(contracts);
          if constexpr (requires(KeyReader & r) { check_references(r, terms, contracts[i], all); }) {
            YamlKeyReader contract(ctx, MapReader(ctx.diag, yaml::item(seq, i)));
            check_references(contract, terms, contracts[i], all);
          }
        },
        contracts[i].terms);
  }
}

//! `preset` and `include`, merged into the map already (scenario/contract_fragments.h).
void accept_fragment_keys(MapReader& m) {
  m.accept("preset");
  m.accept("include");
}

}  // namespace

void read_contracts(ParseContext& ctx, MapReader& root, std::vector<ContractConfig>& out) {
  auto seq = root.sequence("contracts", 1, kMaxContracts, Need::required);
  if (!seq) return;
  const std::size_t n = seq->node.size();
  out.assign(n, ContractConfig{});
  std::map<std::string, int> first_line;
  for (std::size_t i = 0; i < n; ++i) {
    ContractConfig& c = out[i];
    YamlKeyReader contract(ctx, MapReader(ctx.diag, yaml::item(*seq, i)));
    MapReader& m = contract.map_reader();
    if (m.string("name", c.name, Need::required, name_check(64, "_-", ", '_' and '-'"))) {
      const auto v = m.get("name");
      if (auto [it, inserted] = first_line.emplace(c.name, v->mark.line + 1); !inserted) {
        ctx.diag.error(
            v->mark, v->path,
            "duplicate contract name '" + c.name + "' (first given at line " + std::to_string(it->second) + ")");
      }
    }
    ctx.contract_name = c.name;
    int type = -1;
    m.choice("type", type, contract_type_names(), Need::required);
    if (type < 0) {
      // Type missing or invalid (already reported): do not pile unknown-key errors on top.
      for (const ContractKey& k : all_contract_keys()) m.accept(k.key);
      accept_fragment_keys(m);
      m.finish();
      continue;
    }
    c.terms = default_terms(static_cast<ContractType>(type));
    // Its keys, accepted in the order the type declares them (the order of the accepted
    // keys in an unknown key's message), whatever order they are read in.
    const TypeKeys& keys = keys_of(c.type());
    for (std::string_view key : keys.keys) m.accept(key);
    if (keys.accepts("payer")) read_listed_name(ctx, m, "payer", c.payer, ctx.payer_names, "payer", "payers");
    std::visit([&](auto& terms) { read_terms(contract, terms); }, c.terms);
    if (keys.accepts("quality_measures")) read_quality_measures(contract, c.quality_measures);
    if (keys.accepts("settlement")) read_settlement_timing(contract, c.settlement);
    explain_keys_of_other_types(m, c.type());
    accept_fragment_keys(m);
    m.finish();
  }
  check_named_contracts(ctx, *seq, out);
}

}  // namespace pmsim::scenario_parser
