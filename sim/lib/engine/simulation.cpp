#include "engine/simulation.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>

#include "engine/reference_population.h"
#include "keys/parameter_values.h"
#include "keys/scenario_rules.h"
#include "random/parameter_distribution.h"

namespace pmsim {

namespace {

// The scenario as the provider behaves under one type of contract: its rates and per-visit
// quality probabilities multiplied by the response (probabilities capped at 1).
Scenario behaviour_scenario(Scenario s, const BehaviourConfig& b) {
  for (int c = 0; c < kCategoryCount; ++c) {
    double& rate = s.services[c].rate;
    rate *= b.utilization[c];
    if (is_admission_driven(static_cast<Category>(c))) rate = std::min(rate, 1.0);
  }
  for (AdmissionType& a : s.admission_types) a.rate *= b.utilization[static_cast<int>(Category::inpatient)];
  s.quality.screening_per_visit = std::min(1.0, s.quality.screening_per_visit * b.screening);
  s.quality.control_per_visit *= b.control;
  return s;
}

// The provider's economics scaled to one payer's share of the panel, year by year.
PricingContext payer_context(const Scenario& s, const PopulationModel& model, const PayerConfig& payer) {
  PricingContext c(s, model.truncation_points, model.episode_definitions);
  for (int year = 0; year < s.simulation.years; ++year) c.shares.push_back(payer.share_in_year(year));
  return c;
}

// Index of the response to contract type `type` in Scenario::behaviour; -1 none.
int behaviour_index(const Scenario& s, ContractType type) {
  for (std::size_t b = 0; b < s.behaviour.size(); ++b)
    if (s.behaviour[b].type == type) return static_cast<int>(b);
  return -1;
}

std::size_t contract_index(const Scenario& s, const std::string& name) {
  for (std::size_t j = 0; j < s.contracts.size(); ++j)
    if (s.contracts[j].name == name) return j;
  throw std::invalid_argument("no contract named '" + name + "'");
}

ContractPlan make_plan(const Scenario& s, const ContractConfig& contract) {
  ContractPlan plan;
  if (!contract.payer.empty()) {
    const auto it =
        std::find_if(s.payers.begin(), s.payers.end(), [&](const PayerConfig& p) { return p.name == contract.payer; });
    if (it == s.payers.end())
      throw std::invalid_argument("contract '" + contract.name + "': no payer named '" + contract.payer + "'");
    plan.payer = static_cast<int>(it - s.payers.begin());
    plan.share = it->share;
  }
  plan.behaviour = behaviour_index(s, contract.type());
  std::visit(
      [&](const auto& terms) {
        if constexpr (MadeOfParts<std::decay_t<decltype(terms)>>) {
          for (const std::string& name : part_names(terms)) plan.parts.push_back(contract_index(s, name));
          plan.part_years = part_years(terms, s.simulation.years);
        }
      },
      contract.terms);
  return plan;
}

// The contracts in an order where each comes after the contracts it is made of (the parser
// refuses cycles; a contract met again while its parts are placed is one).
std::vector<std::size_t> parts_first(const std::vector<ContractPlan>& plans) {
  std::vector<std::size_t> order;
  std::vector<int> state(plans.size(), 0);  // 0 not placed, 1 placing its parts, 2 placed
  const std::function<void(std::size_t)> place = [&](std::size_t k) {
    if (state[k] == 2) return;
    if (state[k] == 1) throw std::invalid_argument("contracts made of each other");
    state[k] = 1;
    for (const std::size_t j : plans[k].parts) place(j);
    state[k] = 2;
    order.push_back(k);
  };
  for (std::size_t k = 0; k < plans.size(); ++k) place(k);
  return order;
}

}  // namespace

Simulation::Simulation(Scenario scenario) : Simulation(std::move(scenario), nullptr, -1) {}

Simulation::Simulation(Scenario scenario, std::shared_ptr<const ReferenceMembers> reference, std::int64_t replication)
    : nominal_(scenario.uncertain.empty() || replication >= 0 ? Scenario() : scenario),
      reference_(replication >= 0 ? std::move(reference) : reference_for(scenario)),
      replication_(replication),
      scenario_(resolve_reference_quantiles(std::move(scenario), reference_.get())),
      population_(scenario_),
      pricing_(scenario_, population_.truncation_points, population_.episode_definitions) {
  for (const auto& p : scenario_.payers) payer_pricing_.push_back(payer_context(scenario_, population_, p));
  for (const auto& b : scenario_.behaviour) behaviour_populations_.emplace_back(behaviour_scenario(scenario_, b));
  for (const ContractConfig& c : scenario_.contracts) plans_.push_back(make_plan(scenario_, c));
  // The default terms are fee-for-service, the payer's counterfactual.
  counterfactual_behaviour_ = behaviour_index(scenario_, type_of(ContractTerms{}));
  pricing_order_ = parts_first(plans_);
}

Simulation Simulation::for_replication(std::uint32_t replication) const {
  Scenario drawn = nominal_;
  apply_parameter_values(drawn, draw_parameters(nominal_, replication));
  const auto broken = [replication](const std::string& rules) {
    return std::runtime_error("replication " + std::to_string(replication) +
                              ": the drawn values of the uncertain parameters break a rule of the scenario:\n" + rules);
  };
  if (const BrokenRules rules = broken_rules(drawn); !rules.empty()) throw broken(describe(rules));
  try {  // the limits the simulation itself checks (distinct truncation amounts, episodes)
    return Simulation(std::move(drawn), reference_, replication);
  } catch (const std::invalid_argument& e) {
    throw broken(e.what());
  }
}

}  // namespace pmsim
