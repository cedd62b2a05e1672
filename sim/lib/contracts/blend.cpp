#include "contracts/blend.h"

#include <algorithm>
#include <limits>
#include <map>

#include "claims/year_tally.h"
#include "config/key_reader.h"
#include "config/limits.h"
#include "contracts/contract.h"
#include "contracts/contract_keys.h"
#include "util/words.h"

namespace pmsim {

std::span<const MetricSpec> metric_catalogue(const BlendTerms&) { return {}; }
TallyNeeds tally_needs(const BlendTerms&) { return {}; }
std::optional<double> fixed_quality_score(const BlendTerms&) { return std::nullopt; }
// A blend's cash follows each component's own timing (engine/cash_flow).
int prepayment_period_months(const BlendTerms&) { return 1; }

Ledger combine_ledgers(const std::vector<Ledger>& parts, const YearTally& total) {
  Ledger l;
  for (const Ledger& p : parts) {
    l.ffs_revenue += p.ffs_revenue;
    l.prepaid_revenue += p.prepaid_revenue;
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

// ---- made of its components ----

std::vector<std::string> part_names(const BlendTerms& terms) { return terms.components; }

std::vector<PartYears> part_years(const BlendTerms& terms, int years) {
  std::vector<PartYears> out;
  for (std::size_t j = 0; j < terms.components.size(); ++j) out.push_back({j, 0, years - 1});
  return out;
}

std::optional<std::size_t> reported_part(const BlendTerms&, int) { return std::nullopt; }

Ledger combine_parts(const BlendTerms&, const PartsYear& year) { return combine_ledgers(year.ledgers, year.members); }

// ---- reading its keys ----

namespace {

constexpr std::string_view kKeys[] = {"components"};
constexpr ForeignKeyNote kNotes[] = {
    {"payer", "a blend covers every payer through its components; 'payer' applies to the components", true}};

}  // namespace

std::span<const std::string_view> contract_keys(const BlendTerms&) { return kKeys; }
std::span<const ForeignKeyNote> foreign_key_notes(const BlendTerms&) { return kNotes; }

void read_terms(KeyReader& contract, BlendTerms& terms) {
  auto v = contract.list("components", 1, kMaxContracts, Need::required);
  if (!v) return;
  for (std::size_t i = 0; i < v->size(); ++i) {
    std::string name;
    if (v->string_item(i, name)) terms.components.push_back(name);
  }
}

void check_references(KeyReader& contract, const BlendTerms& terms, const ContractConfig& /*blend*/,
                      std::span<const ContractConfig> contracts) {
  if (!contract.has("components")) return;
  const std::vector<std::string>& payers = contract.payer_names();
  if (payers.empty()) {
    contract.error_at("components", "a blend adds up contracts of several payers: the scenario has no payers section");
    return;
  }
  std::vector<std::string> names;
  for (const auto& c : contracts) names.push_back(c.name);
  const std::vector<std::string>& components = terms.components;
  // Components were read only from a valid sequence.
  auto items = components.empty() ? nullptr : contract.list("components", 0, std::numeric_limits<std::size_t>::max());
  std::map<std::string, std::string> covered;  // payer -> component
  for (std::size_t k = 0; k < components.size(); ++k) {
    const std::string& name = components[k];
    const auto it = std::find_if(contracts.begin(), contracts.end(), [&](const auto& c) { return c.name == name; });
    if (it == contracts.end()) {
      std::string msg = "unknown contract '" + name + "'";
      if (auto sug = suggest(name, names)) msg += "; did you mean '" + *sug + "'?";
      items->error_at(k, msg);
      continue;
    }
    if (it->is<BlendTerms>() || it->payer.empty()) {
      items->error_at(k, "'" + name + "' " + (it->is<BlendTerms>() ? "is a blend" : "covers no single payer") +
                             ": a blend's components are contracts with a 'payer'");
      continue;
    }
    if (auto [p, inserted] = covered.emplace(it->payer, name); !inserted) {
      items->error_at(k, "payer '" + it->payer + "' is covered twice (by '" + p->second + "' and '" + name + "')");
    }
  }
  std::vector<std::string> missing;
  for (const auto& p : payers)
    if (!covered.count(p)) missing.push_back(p);
  if (!missing.empty() && covered.size() + missing.size() == payers.size()) {
    contract.error_at("components", "a blend covers every payer once; no component covers " + join(missing));
  }
}

// ---- its keys, walked ----

void walk_keys(BlendTerms& terms, std::vector<QualityMeasure>&, KeyVisitor& v) {
  v.texts("components", terms.components);
}

}  // namespace pmsim
