#include "analysis/scenario_warnings.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/panel.h"

namespace pmsim {

namespace {

// Sums of the performance years' tallies of one part of the panel.
struct PilotSums {
  CategoryValues claims{};
  double months = 0, risk_months = 0;

  void add(const YearTallies& years, int baseline_years) {
    for (std::size_t y = static_cast<std::size_t>(baseline_years); y < years.size(); ++y) {
      for (int c = 0; c < kCategoryCount; ++c) claims[c] += years[y].claims[c];
      months += years[y].member_months;
      risk_months += years[y].risk_member_months;
    }
  }
};

}  // namespace

std::vector<PanelExpectations> panel_expectations(const Simulation& sim, int replications) {
  const Scenario& s = sim.scenario();
  std::vector<PilotSums> sums(1);
  for (int r = 0; r < replications; ++r) {
    const PanelTallies panel = simulate_panel(sim, static_cast<std::uint32_t>(r));
    sums.resize(1 + panel.by_payer.size());
    sums[0].add(panel.total, s.simulation.baseline_years);
    for (std::size_t p = 0; p < panel.by_payer.size(); ++p)
      sums[1 + p].add(panel.by_payer[p], s.simulation.baseline_years);
  }
  std::vector<PanelExpectations> out(sums.size());
  for (std::size_t i = 0; i < sums.size(); ++i) {
    PanelExpectations& e = out[i];
    e.warmup_years = s.simulation.warmup_years;
    e.replications = replications;
    if (sums[i].months > 0) {
      for (int c = 0; c < kCategoryCount; ++c) e.claims_per_member_month[c] = sums[i].claims[c] / sums[i].months;
      e.mean_risk = sums[i].risk_months / sums[i].months;
    }
  }
  return out;
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
  const std::vector<PanelExpectations> expected = panel_expectations(sim, pilot);
  // A contract's expectations are those of its payer's members.
  const auto of_contract = [&](const ContractConfig& c) -> const PanelExpectations& {
    for (std::size_t p = 0; p < s.payers.size() && p + 1 < expected.size(); ++p)
      if (s.payers[p].name == c.payer) return expected[1 + p];
    return expected[0];
  };
  for (std::size_t k = 0; k < s.contracts.size(); ++k)
    std::visit(
        [&](const auto& terms) {
          if constexpr (HasTermWarnings<std::decay_t<decltype(terms)>>)
            for (const std::string& w : term_warnings(terms, of_contract(s.contracts[k])))
              out.push_back("contracts[" + std::to_string(k) + "] (" + s.contracts[k].name + "): " + w);
        },
        s.contracts[k].terms);
  return out;
}

}  // namespace pmsim
