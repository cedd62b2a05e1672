// The engine: compiling a scenario into a Simulation, simulating a panel, pricing a
// replication and running replications into results.
// Over 500 lines because these four concepts still share one file: splitting it into
// simulation.cpp, panel.cpp, replication.cpp and run.cpp is the next step of issue 11 (the
// house), and was left for a commit of its own so that each move can be checked bit for bit.
#include "engine/engine.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <type_traits>
#include <variant>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include "contracts/common_metrics.h"
#include "engine/cash_flow.h"
#include "keys/parameter_values.h"
#include "keys/scenario_rules.h"
#include "population/population_generator.h"
#include "random/parameter_distribution.h"
#include "util/quantile.h"

namespace pmsim {

namespace {

// The replication id of the reference population that truncation percentiles are taken
// from: its own streams, apart from every replication of a run.
constexpr std::uint32_t kReferenceReplication = 0xFFFFFFFFu;

}  // namespace

// Members' annual claims and risk scores in the last baseline year (the first performance
// year without baseline years) of the scenario's population, on the reference replication,
// each sorted.
struct ReferenceMembers {
  std::vector<double> claims;
  std::vector<double> risk;
};

namespace {

// The percentile of members' annual claims at which a contract truncates them (shared
// savings and risk); 0 none.
double truncation_percentile(const ContractConfig& c) {
  return std::visit(
      [](const auto& terms) {
        if constexpr (std::is_base_of_v<SharedSavingsTerms, std::decay_t<decltype(terms)>>)
          return terms.truncation_percentile;
        else
          return 0.0;
      },
      c.terms);
}

ReferenceMembers reference_members(const Scenario& scenario) {
  Scenario reference = scenario;
  reference.contracts.clear();
  reference.payers.clear();         // one tally segment; payers do not change members
  reference.shocks.clear();         // an ordinary year
  reference.interventions.clear();  // before any programme
  reference.population.size = std::max<std::int64_t>(scenario.population.size, 100000);
  reference.simulation.years = 1;
  const PopulationModel model(reference);
  const int year = model.warmup_years + std::max(model.baseline_years, 1) - 1;
  ReferenceMembers r;
  r.claims.assign(static_cast<std::size_t>(model.size), 0.0);
  r.risk.assign(static_cast<std::size_t>(model.size), 0.0);
  const std::int64_t blocks = (model.size + model.block_size - 1) / model.block_size;
  tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {
    YearTallies scratch(static_cast<std::size_t>(model.total_years));
    const std::int64_t first = b * model.block_size;
    const auto count = static_cast<std::size_t>(std::min(model.block_size, model.size - first));
    simulate_block(model, kReferenceReplication, first, count, scratch, [&](const MemberYear& m) {
      if (m.year != year) return;
      r.claims[m.slot] = m.total_claims();
      r.risk[m.slot] = m.risk;
    });
  });
  std::sort(r.claims.begin(), r.claims.end());
  std::sort(r.risk.begin(), r.risk.end());
  return r;
}

// The reference population, when a contract's truncation percentile or an intervention's
// target share needs one.
std::shared_ptr<const ReferenceMembers> reference_for(const Scenario& s) {
  bool needed = false;
  for (const ContractConfig* c : contract_terms(s)) needed = needed || truncation_percentile(*c) > 0;
  for (const auto& iv : s.interventions) needed = needed || iv.target_top_risk_share < 1;
  if (!needed) return nullptr;
  return std::make_shared<const ReferenceMembers>(reference_members(s));
}

// Turns every shared contract's truncation_percentile into its truncation amount, and every
// intervention's target share into its risk threshold.
Scenario resolve_reference_quantiles(Scenario s, const ReferenceMembers* reference) {
  if (reference == nullptr) return s;
  const auto resolve = [&](ContractConfig& c) {
    std::visit(
        [&](auto& terms) {
          if constexpr (std::is_base_of_v<SharedSavingsTerms, std::decay_t<decltype(terms)>>)
            if (terms.truncation_percentile > 0)
              terms.truncation = sorted_quantile(reference->claims, terms.truncation_percentile);
        },
        c.terms);
  };
  for (auto& c : s.contracts) {
    resolve(c);
    for (auto& y : c.by_year) resolve(y);
  }
  for (auto& iv : s.interventions)
    iv.risk_threshold =
        iv.target_top_risk_share < 1 ? sorted_quantile(reference->risk, 1.0 - iv.target_top_risk_share) : 0.0;
  return s;
}

}  // namespace

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
  // The contracts a blend or a transition names, by index, once (not per replication).
  for (const ContractConfig& c : scenario_.contracts) {
    std::vector<std::size_t> parts;
    if (const auto* blend = std::get_if<BlendTerms>(&c.terms))
      for (const auto& name : blend->components) parts.push_back(contract_index(scenario_, name));
    if (const auto* transition = std::get_if<TransitionTerms>(&c.terms))
      for (const auto& stage : transition->stages) parts.push_back(contract_index(scenario_, stage.contract));
    parts_.push_back(std::move(parts));
  }
}

int Simulation::behaviour_of(const ContractConfig& contract) const {
  for (std::size_t b = 0; b < scenario_.behaviour.size(); ++b)
    if (scenario_.behaviour[b].type == contract.type()) return static_cast<int>(b);
  return -1;
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

int Simulation::payer_of(const ContractConfig& contract) const {
  if (contract.payer.empty()) return -1;
  for (std::size_t p = 0; p < scenario_.payers.size(); ++p)
    if (scenario_.payers[p].name == contract.payer) return static_cast<int>(p);
  throw std::invalid_argument("contract '" + contract.name + "': no payer named '" + contract.payer + "'");
}

double Simulation::share_of(const ContractConfig& contract) const {
  const int p = payer_of(contract);
  return p < 0 ? 1.0 : scenario_.payers[p].share;
}

PanelTallies simulate_panel(const Simulation& sim, StreamIds ids) { return simulate_panel(sim.population(), ids); }

PanelTallies simulate_panel(const PopulationModel& model, StreamIds ids) {
  const std::int64_t block = model.block_size;
  const std::int64_t blocks = (model.size + block - 1) / block;
  const auto years = static_cast<std::size_t>(model.total_years);
  const YearTallies empty(years * model.segments);
  // Deterministic reduce: the split and join tree depend only on the number of blocks.
  YearTallies all = tbb::parallel_deterministic_reduce(
      tbb::blocked_range<std::int64_t>(0, blocks, 1), empty,
      [&](const tbb::blocked_range<std::int64_t>& range, YearTallies sum) {
        for (std::int64_t b = range.begin(); b != range.end(); ++b) {
          YearTallies part = empty;
          const std::int64_t first = b * block;
          const auto count = static_cast<std::size_t>(std::min(block, model.size - first));
          simulate_block(model, ids, first, count, part);
          add_tallies(sum, part);
        }
        return sum;
      },
      [](YearTallies a, const YearTallies& b) {
        add_tallies(a, b);
        return a;
      });
  // Warm-up years are not reported.
  const auto reported = [&](int segment) {
    const auto first = all.begin() + static_cast<std::ptrdiff_t>(segment * years);
    return YearTallies(first + model.warmup_years, first + static_cast<std::ptrdiff_t>(years));
  };
  // The shock multipliers of each simulated year, for pricing (the generator applied the
  // same ones to rates and fees).
  for (int segment = 0; segment < model.segments; ++segment)
    for (std::size_t y = 0; y < years; ++y) {
      const YearShock shock = shock_of_year(model.shocks, model.seed, ids.systematic, static_cast<int>(y));
      YearTally& t = all[segment * years + y];
      t.price_factor = shock.price;
      t.cost_factor = shock.cost;
    }
  PanelTallies panel;
  panel.total = reported(0);
  if (model.segments > 1) {
    panel.by_payer.push_back(panel.total);
    for (int p = 1; p < model.segments; ++p) {
      panel.by_payer.push_back(reported(p));
      add_tallies(panel.total, panel.by_payer.back());
    }
  }
  return panel;
}

YearTallies simulate_population(const Simulation& sim, std::uint32_t replication) {
  return simulate_panel(sim, replication).total;
}

const YearTallies& ReplicationOutcome::tallies_of(const Simulation& sim, const ContractConfig& contract) const {
  const int p = sim.payer_of(contract);
  const int b = sim.behaviour_of(contract);
  if (b >= 0) return p < 0 ? behaviour_tallies[b].total : behaviour_tallies[b].by_payer[p];
  return p < 0 ? tallies : payer_tallies[p];
}

namespace {

// Fee-for-service for a contract's members: the payer's counterfactual.
ContractConfig ffs_for(const ContractConfig& contract) {
  ContractConfig ffs;
  ffs.payer = contract.payer;
  return ffs;
}

}  // namespace

ReplicationOutcome simulate_replication(const Simulation& nominal, std::uint32_t replication, bool twin) {
  if (nominal.needs_draws()) return simulate_replication(nominal.for_replication(replication), replication, twin);
  const Simulation& sim = nominal;
  ReplicationOutcome out;
  out.parameters = draw_parameters(sim.scenario(), replication);
  out.reserves = sim.scenario().provider.reserves;
  const StreamIds ids = twin ? StreamIds::twin_of(replication) : StreamIds(replication);
  PanelTallies panel = simulate_panel(sim, ids);
  out.tallies = std::move(panel.total);
  out.payer_tallies = std::move(panel.by_payer);
  for (const PopulationModel& model : sim.behaviour_populations())
    out.behaviour_tallies.push_back(simulate_panel(model, ids));
  const auto& s = sim.scenario();
  const bool behaviour = !s.behaviour.empty();
  out.ledgers.resize(s.contracts.size());
  for (std::size_t k = 0; k < s.contracts.size(); ++k) {
    const auto& contract = s.contracts[k];
    if (!is_priced_on_tallies(contract.terms)) continue;
    const PricingContext& context = sim.pricing(sim.payer_of(contract));
    const YearTallies& tallies = out.tallies_of(sim, contract);
    for (int y = 0; y < s.simulation.years; ++y) {
      out.ledgers[k].push_back(price_year(contract, context, tallies, y));
      // With behaviour, the payer's counterfactual is fee-for-service as the provider behaves under it.
      if (behaviour)
        out.ledgers[k].back().payer_savings =
            out.tallies_of(sim, ffs_for(contract))[s.simulation.baseline_years + y].total_claims() -
            out.ledgers[k].back().payer_spend;
    }
  }
  // Blends add up their components' ledgers (priced above: a blend has no blend component).
  for (std::size_t k = 0; k < s.contracts.size(); ++k) {
    if (!s.contracts[k].is<BlendTerms>()) continue;
    for (int y = 0; y < s.simulation.years; ++y) {
      std::vector<Ledger> parts;
      for (const std::size_t j : sim.parts_of(k)) parts.push_back(out.ledgers[j][y]);
      out.ledgers[k].push_back(
          combine_ledgers(parts, out.tallies_of(sim, ContractConfig{})[s.simulation.baseline_years + y]));
    }
  }
  // Transitions take each year's ledger from the stage in force, and compare its margin with
  // fee-for-service for the same members.
  for (std::size_t k = 0; k < s.contracts.size(); ++k) {
    const auto& contract = s.contracts[k];
    const auto* transition = std::get_if<TransitionTerms>(&contract.terms);
    if (transition == nullptr) continue;
    const ContractConfig ffs = ffs_for(contract);
    const PricingContext& context = sim.pricing(sim.payer_of(contract));
    const YearTallies& tallies = out.tallies_of(sim, ffs);
    for (int y = 0; y < s.simulation.years; ++y) {
      const int stage = stage_in_force(*transition, y);
      Ledger l = out.ledgers[sim.parts_of(k)[stage]][y];
      // The stage's own values are its metrics, not the transition's.
      l.values = {};
      l[TransitionValue::stage] = stage + 1;
      l[TransitionValue::margin_vs_ffs] = l.margin - price_year(ffs, context, tallies, y).margin;
      out.ledgers[k].push_back(l);
    }
  }
  return out;
}

std::size_t contract_index(const Scenario& s, const std::string& name) {
  for (std::size_t j = 0; j < s.contracts.size(); ++j)
    if (s.contracts[j].name == name) return j;
  throw std::invalid_argument("no contract named '" + name + "'");
}

namespace {

Metric make_metric(std::string name, std::string unit, std::string description, std::int64_t rows, int cols,
                   Aggregation aggregation = Aggregation::flow) {
  return Metric{std::move(name), std::move(unit), std::move(description), aggregation, Matrix(rows, cols)};
}

// The metrics of a contract, in output order: the common ones, the type's own, its quality
// score, its cash, then utilisation by category.
std::vector<MetricSpec> metrics_of(const ContractConfig& c) {
  std::vector<MetricSpec> list;
  for (const LedgerMetric& m : common_contract_metrics()) list.push_back(m.spec);
  std::visit(
      [&](const auto& terms) {
        for (const MetricSpec& m : metric_catalogue(terms)) list.push_back(m);
        if (fixed_quality_score(terms).has_value()) list.push_back(quality_score_metric());
      },
      c.terms);
  list.push_back(cash_low_metric());
  list.push_back(drawdown_metric());
  for (int k = 0; k < kCategoryCount; ++k) list.push_back(utilization_metric(static_cast<Category>(k)));
  return list;
}

ContractResults make_contract_results(const ContractConfig& c, std::int64_t rows, int years) {
  ContractResults r;
  r.name = c.name;
  r.type = std::string(to_string(c.type()));
  std::visit(
      [&](const auto& terms) {
        if constexpr (std::is_base_of_v<SharedSavingsTerms, std::decay_t<decltype(terms)>>)
          if (terms.truncation > 0) r.attributes.emplace_back("truncation_amount", terms.truncation);
      },
      c.terms);
  for (const MetricSpec& m : metrics_of(c))
    r.metrics.push_back(
        make_metric(std::string(m.name), std::string(m.unit), std::string(m.description), rows, years, m.aggregation));
  return r;
}

// A contract's row of every metric (in the order of metrics_of): `type_values` is how many
// of the type's own values it writes, `quality` whether it writes its quality score.
void fill_contract_row(ContractResults& r, std::size_t type_values, bool quality, std::int64_t row,
                       const std::vector<Ledger>& ledgers, const YearTallies& tallies, int baseline, double reserves,
                       const CashPath& cash) {
  for (int y = 0; y < static_cast<int>(ledgers.size()); ++y) {
    const Ledger& l = ledgers[y];
    const YearTally& t = tallies[baseline + y];
    reserves += l.margin;
    std::size_t m = 0;
    for (const LedgerMetric& spec : common_contract_metrics())
      r.metrics[m++].values(row, y) = spec.value(l, t, reserves);
    for (std::size_t v = 0; v < type_values; ++v) r.metrics[m++].values(row, y) = l.values[v];
    if (quality) r.metrics[m++].values(row, y) = l.quality_score;
    r.metrics[m++].values(row, y) = cash.low[y];
    r.metrics[m++].values(row, y) = cash.drawdown[y];
    for (int c = 0; c < kCategoryCount; ++c) r.metrics[m++].values(row, y) = t.counts[c];
  }
}

std::vector<Metric> make_population_results(std::int64_t rows, int years) {
  std::vector<Metric> p;
  auto add = [&](std::string name, const char* unit, const char* description) {
    p.push_back(make_metric(std::move(name), unit, description, rows, years));
  };
  add("member_years", "member-years", "member-months / 12");
  add("risk_member_years", "member-years", "sum of risk score x member-months / 12");
  add("entrants", "members", "new members who replaced those who died or left");
  add("deaths", "members", "members who died in the year");
  add("churned", "members", "members who left for other reasons");
  add("claims_total", "USD", "all services at fee-for-service prices");
  add("decedent_claims", "USD", "claims of members who died in the year");
  add("members", "members", "member records in the year (everyone enrolled at some point)");
  add("screened", "members", "members screened (quality outcome)");
  add("control_eligible", "members", "members with the controlled condition");
  add("controlled", "members", "members whose condition was controlled");
  add("avoidable_admissions", "units", "index admissions that were avoidable");
  add("members_with_avoidable", "members", "members with at least one avoidable admission");
  for (auto name : kCategoryNames) add("counts/" + std::string(name), "units", "units of service");
  for (auto name : kCategoryNames) add("claims/" + std::string(name), "USD", "claims at fee-for-service prices");
  return p;
}

void fill_population_row(std::vector<Metric>& p, std::int64_t row, const YearTallies& tallies) {
  for (int y = 0; y < static_cast<int>(tallies.size()); ++y) {
    const YearTally& t = tallies[y];
    const double values[] = {t.member_years(),
                             t.risk_member_months / 12.0,
                             t.entrants,
                             t.deaths,
                             t.churned,
                             t.total_claims(),
                             t.decedent_claims,
                             t.members,
                             t.screened,
                             t.control_eligible,
                             t.controlled,
                             t.avoidable_admissions,
                             t.members_with_avoidable};
    std::size_t m = 0;
    for (double v : values) p[m++].values(row, y) = v;
    for (int c = 0; c < kCategoryCount; ++c) p[m++].values(row, y) = t.counts[c];
    for (int c = 0; c < kCategoryCount; ++c) p[m++].values(row, y) = t.claims[c];
  }
}

// The tallies each year of a contract was priced on: a transition's are its stage's that year
// (they differ when the stages' types have different behaviour).
YearTallies priced_tallies(const Simulation& sim, const ReplicationOutcome& out, std::size_t k) {
  const ContractConfig& contract = sim.scenario().contracts[k];
  YearTallies tallies = out.tallies_of(sim, contract);
  const auto* transition = std::get_if<TransitionTerms>(&contract.terms);
  if (transition == nullptr) return tallies;
  const Scenario& s = sim.scenario();
  for (int y = 0; y < s.simulation.years; ++y) {
    const ContractConfig& stage = s.contracts[sim.parts_of(k)[stage_in_force(*transition, y)]];
    tallies[s.simulation.baseline_years + y] = out.tallies_of(sim, stage)[s.simulation.baseline_years + y];
  }
  return tallies;
}

// The outcomes whose variance is decomposed (read off the ledger), in the order of
// ContractResults::twins: provider_margin first, for the run summary.
struct TwinOutcome {
  const char* name;
  double Ledger::*value;
};
constexpr TwinOutcome kTwinOutcomes[] = {{"provider_margin", &Ledger::margin},
                                         {"provider_revenue", &Ledger::revenue},
                                         {"payer_spend", &Ledger::payer_spend},
                                         {"payer_savings", &Ledger::payer_savings}};

// The twin's values of the decomposed outcomes.
void fill_twin_rows(RunResults& results, std::int64_t row, const ReplicationOutcome& twin) {
  for (std::size_t c = 0; c < results.contracts.size(); ++c)
    for (std::size_t k = 0; k < results.contracts[c].twins.size(); ++k)
      for (int y = 0; y < results.years; ++y)
        results.contracts[c].twins[k].values(row, y) = twin.ledgers[c][y].*kTwinOutcomes[k].value;
}

CashTiming cash_timing(const Scenario& s, const ContractConfig& c) {
  CashTiming t;
  t.claims_lag_months = s.provider.claims_lag_months;
  t.settlement_lag_months = s.provider.settlement_lag_months;
  t.prepayment_period_months = std::visit([](const auto& terms) { return prepayment_period_months(terms); }, c.terms);
  return t;
}

// A contract's monthly cash flows; a blend's are its components', each on its own timing; a
// transition's are each year's on the timing of the stage then in force.
std::vector<double> contract_cash_flows(const Simulation& sim, const ReplicationOutcome& out, std::size_t k) {
  const Scenario& s = sim.scenario();
  const ContractConfig& contract = s.contracts[k];
  std::vector<double> sum(static_cast<std::size_t>(12 * s.simulation.years), 0.0);
  if (const auto* transition = std::get_if<TransitionTerms>(&contract.terms)) {
    for (int y = 0; y < s.simulation.years; ++y) {
      std::vector<Ledger> only(static_cast<std::size_t>(s.simulation.years));
      only[y] = out.ledgers[k][y];
      const ContractConfig& stage = s.contracts[sim.parts_of(k)[stage_in_force(*transition, y)]];
      const std::vector<double> part = monthly_cash_flows(only, cash_timing(s, stage));
      for (std::size_t t = 0; t < sum.size(); ++t) sum[t] += part[t];
    }
    return sum;
  }
  if (!contract.is<BlendTerms>()) return monthly_cash_flows(out.ledgers[k], cash_timing(s, contract));
  for (const std::size_t j : sim.parts_of(k)) {
    const std::vector<double> part = monthly_cash_flows(out.ledgers[j], cash_timing(s, s.contracts[j]));
    for (std::size_t t = 0; t < sum.size(); ++t) sum[t] += part[t];
  }
  return sum;
}

}  // namespace

RunResults run_simulation(const Simulation& sim, const RunOptions& options) {
  const auto& s = sim.scenario();
  RunResults results;
  results.scenario = s;
  results.first_replication = options.first_replication;
  results.replications = options.replications >= 0 ? options.replications : s.simulation.replications;
  results.years = s.simulation.years;
  results.baseline_years = s.simulation.baseline_years;
  const std::int64_t rows = results.replications;
  for (const auto& c : s.contracts) {
    results.contracts.push_back(make_contract_results(c, rows, results.years));
    if (s.simulation.variance_decomposition)
      for (const TwinOutcome& outcome : kTwinOutcomes)
        results.contracts.back().twins.push_back(
            make_metric(outcome.name, "USD", "the twin's value", rows, results.years));
    if (!c.payer.empty()) results.contracts.back().attributes.emplace_back("payer_share", sim.share_of(c));
  }
  results.population = make_population_results(rows, results.baseline_years + results.years);
  results.parameters = Matrix(rows, static_cast<int>(s.uncertain.size()));
  const std::size_t first_enrolled = results.population.size();
  for (const auto& iv : s.interventions)
    results.population.push_back(make_metric("enrolled/" + iv.name, "member-years",
                                             "member-years enrolled in the intervention", rows,
                                             results.baseline_years + results.years));
  const std::size_t first_shock = results.population.size();
  for (const auto& shock : s.shocks)
    results.population.push_back(make_metric("shocks/" + shock.name, "indicator",
                                             "1 if the shock hit the year (the mean is its frequency)", rows,
                                             results.baseline_years + results.years));

  // How many of its own values and whether its quality score each contract writes.
  std::vector<std::size_t> type_values;
  std::vector<bool> quality;
  for (const auto& c : s.contracts)
    std::visit(
        [&](const auto& terms) {
          type_values.push_back(metric_catalogue(terms).size());
          quality.push_back(fixed_quality_score(terms).has_value());
        },
        c.terms);
  std::atomic<std::int64_t> done{0};
  // Each replication writes only its own row: no shared accumulation, no ordering effects.
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, rows, 1), [&](const auto& range) {
    for (std::int64_t row = range.begin(); row != range.end(); ++row) {
      const auto replication = static_cast<std::uint32_t>(options.first_replication + row);
      const ReplicationOutcome out = simulate_replication(sim, replication);
      if (s.simulation.variance_decomposition)
        fill_twin_rows(results, row, simulate_replication(sim, replication, true));
      for (std::size_t c = 0; c < results.contracts.size(); ++c) {
        const double reserves = out.reserves * sim.share_of(s.contracts[c]);
        fill_contract_row(results.contracts[c], type_values[c], quality[c], row, out.ledgers[c],
                          priced_tallies(sim, out, c), results.baseline_years, reserves,
                          cash_path(contract_cash_flows(sim, out, c), reserves));
      }
      fill_population_row(results.population, row, out.tallies);
      for (std::size_t j = 0; j < out.parameters.size(); ++j)
        results.parameters(row, static_cast<int>(j)) = out.parameters[j];
      for (std::size_t k = 0; k < s.interventions.size(); ++k)
        for (int y = 0; y < results.baseline_years + results.years; ++y)
          results.population[first_enrolled + k].values(row, y) = out.tallies[y].enrolled_member_months[k] / 12.0;
      const auto& model = sim.population();
      for (int y = 0; y < results.baseline_years + results.years; ++y) {
        const YearShock shock = shock_of_year(model.shocks, model.seed, replication, model.warmup_years + y);
        for (std::size_t k = 0; k < shock.active.size(); ++k)
          results.population[first_shock + k].values(row, y) = shock.active[k];
      }
      const std::int64_t finished = ++done;
      if (options.progress) options.progress(finished);
    }
  });
  return results;
}

}  // namespace pmsim
