#include "engine/run.h"

#include <algorithm>
#include <atomic>
#include <string>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "engine/contract_rows.h"
#include "engine/replication.h"
#include "population/population_metrics.h"
#include "population/shocks.h"

namespace pmsim {

namespace {

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

// A metric of `spec` for one item of a list (an intervention, a shock): "<spec>/<item>".
Metric item_metric(const MetricSpec& spec, const std::string& item, std::int64_t rows, int cols) {
  Metric m = make_metric(spec, rows, cols);
  m.name += "/" + item;
  return m;
}

}  // namespace

RunResults allocate_results(const Scenario& s, std::int64_t first_replication, std::int64_t rows) {
  RunResults results;
  results.scenario = s;
  results.first_replication = first_replication;
  results.replications = rows;
  results.years = s.simulation.years;
  results.baseline_years = s.simulation.baseline_years;
  if (s.population.member_panel) results.member_file = s.population.member_panel->fingerprint();
  const int reported_years = results.baseline_years + results.years;
  for (const ContractConfig& c : s.contracts) {
    results.contracts.push_back(make_contract_results(c, rows, results.years));
    if (s.simulation.variance_decomposition)
      for (const TwinOutcome& outcome : kTwinOutcomes)
        results.contracts.back().twins.push_back(
            make_metric(MetricSpec{outcome.name, "USD", "the twin's value"}, rows, results.years));
    // Its payer's share of the panel in performance year 1 (Simulation's ContractPlan::share).
    const auto payer =
        std::find_if(s.payers.begin(), s.payers.end(), [&](const PayerConfig& p) { return p.name == c.payer; });
    if (payer != s.payers.end()) results.contracts.back().attributes.emplace_back("payer_share", payer->share);
  }
  for (const TallyMetric& m : population_metrics())
    results.population.push_back(make_metric(m.spec, rows, reported_years));
  results.parameters = Matrix(rows, static_cast<int>(s.uncertain.size()));
  for (const auto& iv : s.interventions)
    results.population.push_back(item_metric(enrolled_metric(), iv.name, rows, reported_years));
  for (const auto& shock : s.shocks)
    results.population.push_back(item_metric(shock_metric(), shock.name, rows, reported_years));
  return results;
}

RunResults run_simulation(const Simulation& sim, const RunOptions& options) {
  const auto& s = sim.scenario();
  const std::int64_t rows = options.replications >= 0 ? options.replications : s.simulation.replications;
  RunResults results = allocate_results(s, options.first_replication, rows);
  const int reported_years = results.baseline_years + results.years;
  const std::span<const TallyMetric> tally_metrics = population_metrics();
  const std::size_t first_enrolled = tally_metrics.size();
  const std::size_t first_shock = first_enrolled + s.interventions.size();

  std::atomic<std::int64_t> done{0};
  const BlockSums* sums = options.block_sums;
  // Each replication writes only its own row: no shared accumulation, no ordering effects.
  const auto run_rows = [&](const tbb::blocked_range<std::int64_t>& range) {
    for (std::int64_t row = range.begin(); row != range.end(); ++row) {
      const auto replication = static_cast<std::uint32_t>(options.first_replication + row);
      const ReplicationOutcome out = simulate_replication(sim, replication, false, sums);
      if (s.simulation.variance_decomposition)
        fill_twin_rows(results, row, simulate_replication(sim, replication, true, sums));
      for (std::size_t c = 0; c < results.contracts.size(); ++c)
        fill_contract_row(sim, out, c, row, results.contracts[c]);
      for (int y = 0; y < static_cast<int>(out.tallies.size()); ++y)
        for (std::size_t m = 0; m < tally_metrics.size(); ++m)
          results.population[m].values(row, y) = tally_metrics[m].value(out.tallies[y]);
      for (std::size_t j = 0; j < out.parameters.size(); ++j)
        results.parameters(row, static_cast<int>(j)) = out.parameters[j];
      for (std::size_t k = 0; k < s.interventions.size(); ++k)
        for (int y = 0; y < reported_years; ++y)
          results.population[first_enrolled + k].values(row, y) = out.tallies[y].enrolled_member_months[k] / 12.0;
      const auto& model = sim.population();
      for (int y = 0; y < reported_years; ++y) {
        const YearShock shock = shock_of_year(model.shocks, model.seed, replication, model.warmup_years + y);
        for (std::size_t k = 0; k < shock.active.size(); ++k)
          results.population[first_shock + k].values(row, y) = shock.active[k];
      }
      const std::int64_t finished = ++done;
      if (options.progress) options.progress(finished);
    }
  };
  if (sums)
    run_rows(tbb::blocked_range<std::int64_t>(0, rows, 1));  // in order: each panel's sum may be collective
  else
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, rows, 1), run_rows);
  return results;
}

}  // namespace pmsim
