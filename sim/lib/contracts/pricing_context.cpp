#include "contracts/pricing_context.h"

namespace pmsim {

PricingContext::PricingContext(const Scenario& s, std::vector<double> points, std::vector<EpisodeDefinition> episodes)
    : fixed_costs(s.provider.fixed_costs),
      baseline_years(s.simulation.baseline_years),
      population_size(static_cast<double>(s.population.size)),
      truncation_points(std::move(points)),
      episode_definitions(std::move(episodes)),
      interventions(s.interventions) {
  for (int c = 0; c < kCategoryCount; ++c) {
    const auto& svc = s.services[c];
    self_delivered[c] = svc.delivered_by == Deliverer::provider;
    cost_ratio[c] = svc.fee > 0 ? svc.unit_cost / svc.fee : 0.0;
  }
}

}  // namespace pmsim
