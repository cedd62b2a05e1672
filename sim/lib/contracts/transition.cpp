#include "contracts/transition.h"

#include <algorithm>
#include <limits>
#include <string>

#include "config/key_reader.h"
#include "contracts/contract.h"
#include "util/words.h"

namespace pmsim {

namespace {

constexpr MetricSpec kMetrics[] = {
    {"stage", "stage", "the stage in force (1 = the first of `stages`)", Aggregation::label},
    {"margin_vs_ffs", "USD", "provider_margin minus the margin under fee-for-service for the same members",
     Aggregation::flow},
};

}  // namespace

std::span<const MetricSpec> metric_catalogue(const TransitionTerms&) { return kMetrics; }
TallyNeeds tally_needs(const TransitionTerms&) { return {}; }
std::optional<double> fixed_quality_score(const TransitionTerms&) { return std::nullopt; }
// Each year's cash follows the timing of the stage then in force (engine/cash_flow).
int prepayment_period_months(const TransitionTerms&) { return 1; }

int stage_in_force(const TransitionTerms& transition, int year) {
  int stage = 0;
  for (std::size_t j = 0; j < transition.stages.size(); ++j)
    if (transition.stages[j].from_year - 1 <= year) stage = static_cast<int>(j);
  return stage;
}

// ---- made of its stages ----

std::vector<std::string> part_names(const TransitionTerms& terms) {
  std::vector<std::string> names;
  for (const TransitionStage& stage : terms.stages) names.push_back(stage.contract);
  return names;
}

std::vector<PartYears> part_years(const TransitionTerms& terms, int years) {
  std::vector<PartYears> out;
  for (int y = 0; y < years; ++y) out.push_back({static_cast<std::size_t>(stage_in_force(terms, y)), y, y});
  return out;
}

std::optional<std::size_t> reported_part(const TransitionTerms& terms, int year) {
  return static_cast<std::size_t>(stage_in_force(terms, year));
}

Ledger combine_parts(const TransitionTerms& terms, const PartsYear& year) {
  const int stage = stage_in_force(terms, year.year);
  Ledger l = year.ledgers[static_cast<std::size_t>(stage)];
  // The stage's own values are its metrics, not the transition's.
  l.values = {};
  l[TransitionValue::stage] = stage + 1;
  l[TransitionValue::margin_vs_ffs] = l.margin - year.ffs_margin;
  return l;
}

// ---- reading its keys ----

namespace {
constexpr std::string_view kKeys[] = {"stages", "payer"};
}  // namespace

std::span<const std::string_view> contract_keys(const TransitionTerms&) { return kKeys; }

void read_terms(KeyReader& contract, TransitionTerms& terms) {
  auto v = contract.list("stages", 1, 50, Need::required);
  if (!v) return;
  std::vector<TransitionStage>& out = terms.stages;
  out.assign(v->size(), TransitionStage{});
  int previous = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto r = v->map_item(i);
    if (r->integer("from_year", out[i].from_year, 1, std::max(1, contract.years()), Need::required)) {
      const int expected_first = 1;
      if (i == 0 && out[i].from_year != expected_first) {
        r->error_at("from_year", "the first stage starts in year 1, got " + std::to_string(out[i].from_year));
      } else if (i > 0 && out[i].from_year <= previous) {
        r->error_at("from_year", "stages must start in ascending years: after year " + std::to_string(previous) +
                                     ", got " + std::to_string(out[i].from_year));
      }
      previous = out[i].from_year;
    }
    r->string("contract", out[i].contract, Need::required);
    r->finish();
  }
}

void check_references(KeyReader& contract, const TransitionTerms& terms, const ContractConfig& transition,
                      std::span<const ContractConfig> contracts) {
  if (contract.shape("stages") != ValueShape::sequence) return;
  std::vector<std::string> names;
  for (const auto& c : contracts) names.push_back(c.name);
  const std::vector<TransitionStage>& stages = terms.stages;
  auto items = contract.list("stages", 0, std::numeric_limits<std::size_t>::max());
  for (std::size_t k = 0; k < stages.size() && k < items->size(); ++k) {
    const std::string& name = stages[k].contract;
    if (name.empty()) continue;
    auto stage = items->map_item(k);
    stage->accept("from_year");
    if (!stage->has("contract")) continue;
    const auto it = std::find_if(contracts.begin(), contracts.end(), [&](const auto& c) { return c.name == name; });
    if (it == contracts.end()) {
      std::string msg = "unknown contract '" + name + "'";
      if (auto sug = suggest(name, names)) msg += "; did you mean '" + *sug + "'?";
      stage->error_at("contract", msg);
    } else if (!is_priced_on_tallies(it->terms)) {
      stage->error_at("contract", "'" + name + "' is a " + std::string(to_string(it->type())) +
                                      ": a stage is a contract of another type");
    } else if (it->payer != transition.payer) {
      stage->error_at("contract",
                      "'" + name + "' covers " + (it->payer.empty() ? "the whole panel" : "payer '" + it->payer + "'") +
                          ", the transition " +
                          (transition.payer.empty() ? "the whole panel" : "payer '" + transition.payer + "'") +
                          ": every stage covers the transition's members");
    }
  }
}

// ---- its keys, walked ----

void walk_keys(TransitionTerms& terms, std::vector<QualityMeasure>&, KeyVisitor& v) {
  walk_list(v, "stages", terms.stages, ItemLayout::inline_map, [&v](TransitionStage& stage) {
    v.integer("from_year", stage.from_year);
    v.text("contract", stage.contract);
  });
}

}  // namespace pmsim
