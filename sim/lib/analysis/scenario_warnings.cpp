#include "analysis/scenario_warnings.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/panel.h"

namespace pmsim {

PanelExpectations panel_expectations(const Simulation& sim, int replications) {
  PanelExpectations e;
  const Scenario& s = sim.scenario();
  e.warmup_years = s.simulation.warmup_years;
  e.replications = replications;
  CategoryValues claims{};
  double months = 0, risk_months = 0;
  for (int r = 0; r < replications; ++r) {
    const YearTallies years = simulate_population(sim, static_cast<std::uint32_t>(r));
    for (std::size_t y = static_cast<std::size_t>(s.simulation.baseline_years); y < years.size(); ++y) {
      for (int c = 0; c < kCategoryCount; ++c) claims[c] += years[y].claims[c];
      months += years[y].member_months;
      risk_months += years[y].risk_member_months;
    }
  }
  if (months > 0) {
    for (int c = 0; c < kCategoryCount; ++c) e.claims_per_member_month[c] = claims[c] / months;
    e.mean_risk = risk_months / months;
  }
  return e;
}

std::vector<std::string> scenario_warnings(const Simulation& sim) {
  const Scenario& s = sim.scenario();
  std::vector<std::string> out;
  if (s.provider.reserves == 0)
    out.push_back(
        "provider.reserves is 0: P(ruin) counts every replication whose cash goes below zero in any month, so it "
        "will be near 1; give the reserves the provider holds (USD)");
  if (s.provider.fixed_costs == 0)
    out.push_back("provider.fixed_costs is 0: the provider's margins leave out its fixed costs (USD a year)");
  // About 3 replications of a 100,000-member panel: a fraction of a second; larger panels fewer.
  const int pilot =
      static_cast<int>(std::clamp<std::int64_t>(300000 / std::max<std::int64_t>(s.population.size, 1), 1, 3));
  const PanelExpectations expected = panel_expectations(sim, pilot);
  for (std::size_t k = 0; k < s.contracts.size(); ++k)
    std::visit(
        [&](const auto& terms) {
          if constexpr (HasTermWarnings<std::decay_t<decltype(terms)>>)
            for (const std::string& w : term_warnings(terms, expected))
              out.push_back("contracts[" + std::to_string(k) + "] (" + s.contracts[k].name + "): " + w);
        },
        s.contracts[k].terms);
  return out;
}

}  // namespace pmsim
