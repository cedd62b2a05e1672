#include "contracts/transition.h"

namespace pmsim {

namespace {

constexpr MetricSpec kMetrics[] = {
    {"stage", "stage", "the stage in force (1 = the first of `stages`)", Aggregation::flow},
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

// ---- its keys, walked ----

void walk_keys(TransitionTerms& terms, std::vector<QualityMeasure>&, KeyVisitor& v) {
  walk_list(v, "stages", terms.stages, ItemLayout::inline_map, [&v](TransitionStage& stage) {
    v.integer("from_year", stage.from_year);
    v.text("contract", stage.contract);
  });
}

}  // namespace pmsim
