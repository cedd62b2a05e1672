#include "engine/replication.h"

#include <type_traits>
#include <variant>

#include "contracts/pricing.h"
#include "random/parameter_distribution.h"

namespace pmsim {

const YearTallies& ReplicationOutcome::tallies_of(int payer, int behaviour) const {
  if (behaviour >= 0)
    return payer < 0 ? behaviour_tallies[behaviour].total : behaviour_tallies[behaviour].by_payer[payer];
  return payer < 0 ? tallies : payer_tallies[payer];
}

namespace {

// Fee-for-service for a contract's members: the payer's counterfactual.
ContractConfig ffs_for(const ContractConfig& contract) {
  ContractConfig ffs;
  ffs.payer = contract.payer;
  return ffs;
}

// The ledgers of contract `k`, priced on its members' tallies.
std::vector<Ledger> price_on_tallies(const Simulation& sim, const ReplicationOutcome& out, std::size_t k) {
  const Scenario& s = sim.scenario();
  const ContractConfig& contract = s.contracts[k];
  const ContractPlan& plan = sim.plan(k);
  const PricingContext& context = sim.pricing(plan.payer);
  const YearTallies& tallies = out.tallies_of(plan.payer, plan.behaviour);
  std::vector<Ledger> ledgers;
  for (int y = 0; y < s.simulation.years; ++y) {
    ledgers.push_back(price_year(contract, context, tallies, y));
    // With behaviour, the payer's counterfactual is fee-for-service as the provider behaves under it.
    if (!s.behaviour.empty())
      ledgers.back().payer_savings =
          out.tallies_of(plan.payer, sim.counterfactual_behaviour())[s.simulation.baseline_years + y].total_claims() -
          ledgers.back().payer_spend;
  }
  return ledgers;
}

// The ledgers of contract `k`, combined year by year from its parts' (priced before it).
template <class Terms>
std::vector<Ledger> price_from_parts(const Simulation& sim, const ReplicationOutcome& out, std::size_t k,
                                     const Terms& terms) {
  const Scenario& s = sim.scenario();
  const ContractConfig& contract = s.contracts[k];
  const ContractPlan& plan = sim.plan(k);
  const ContractConfig ffs = ffs_for(contract);
  const PricingContext& context = sim.pricing(plan.payer);
  const YearTallies& members = out.tallies_of(plan.payer, sim.counterfactual_behaviour());
  std::vector<Ledger> ledgers;
  for (int y = 0; y < s.simulation.years; ++y) {
    std::vector<Ledger> parts;
    for (const std::size_t j : plan.parts) parts.push_back(out.ledgers[j][y]);
    const PartsYear year{y, parts, members[s.simulation.baseline_years + y],
                         price_year(ffs, context, members, y).margin};
    ledgers.push_back(combine_parts(terms, year));
  }
  return ledgers;
}

}  // namespace

ReplicationOutcome simulate_replication(const Simulation& nominal, std::uint32_t replication, bool twin,
                                        const BlockSums* sums) {
  if (nominal.needs_draws()) return simulate_replication(nominal.for_replication(replication), replication, twin, sums);
  const Simulation& sim = nominal;
  ReplicationOutcome out;
  out.parameters = draw_parameters(sim.scenario(), replication);
  out.reserves = sim.scenario().provider.reserves;
  const StreamIds ids = twin ? StreamIds::twin_of(replication) : StreamIds(replication);
  PanelTallies panel = simulate_panel(sim, ids, sums);
  out.tallies = std::move(panel.total);
  out.payer_tallies = std::move(panel.by_payer);
  for (const PopulationModel& model : sim.behaviour_populations())
    out.behaviour_tallies.push_back(simulate_panel(model, ids, sums));
  const auto& contracts = sim.scenario().contracts;
  out.ledgers.resize(contracts.size());
  for (const std::size_t k : sim.pricing_order())
    std::visit(
        [&](const auto& terms) {
          using Terms = std::decay_t<decltype(terms)>;
          if constexpr (MadeOfParts<Terms>)
            out.ledgers[k] = price_from_parts(sim, out, k, terms);
          else
            out.ledgers[k] = price_on_tallies(sim, out, k);
        },
        contracts[k].terms);
  return out;
}

}  // namespace pmsim
