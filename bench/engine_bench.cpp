// Patient-years per second of the engine on the default scenario (FFS and capitation
// contracts priced), on one core and scaling across cores, and of its generator against the
// generator before issue 13 (BM_ScalarReference, bench/scalar_reference/) on the same panel.
// docs/performance.md records the figures; run: build/release/bench/pmsim_bench (or
// ./scripts/bench).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include <tbb/info.h>
#include <tbb/task_arena.h>

#include "engine/engine.h"
#include "population/population_generator.h"
#include "random/lanes_targets.h"
#include "scalar_reference/scalar_generator.h"
#include "scenario/scenario_yaml.h"

namespace {

const pmsim::Simulation& default_simulation() {
  static const pmsim::Simulation sim(pmsim::load_scenario(PMSIM_SOURCE_DIR "/scenarios/default.yaml"));
  return sim;
}

double patient_years_per_replication(const pmsim::Simulation& sim) {
  const auto& s = sim.scenario();
  return static_cast<double>(s.population.size) *
         (s.simulation.warmup_years + s.simulation.baseline_years + s.simulation.years);
}

// Replications of `sim` one after another on one thread, counted in patient-years per second.
void replications_on_one_core(benchmark::State& state, const pmsim::Simulation& sim) {
  tbb::task_arena arena(1);
  std::uint32_t replication = 0;
  for (auto _ : state) {
    arena.execute([&] { benchmark::DoNotOptimize(pmsim::simulate_replication(sim, replication++)); });
  }
  state.counters["patient_years/s"] =
      benchmark::Counter(patient_years_per_replication(sim) * state.iterations(), benchmark::Counter::kIsRate);
}

// One replication of the default scenario on one thread: the per-core rate.
void BM_ReplicationOneCore(benchmark::State& state) { replications_on_one_core(state, default_simulation()); }
BENCHMARK(BM_ReplicationOneCore)->Unit(benchmark::kMillisecond)->UseRealTime();

// One replication of scenarios/parameter_uncertainty.yaml without its twin panels: the
// default with five uncertain inputs, so each replication first re-reads the scenario with
// its drawn values (compare with BM_ReplicationOneCore for the cost of the draws).
void BM_UncertainReplicationOneCore(benchmark::State& state) {
  static const pmsim::Simulation sim = [] {
    pmsim::Scenario s = pmsim::load_scenario(PMSIM_SOURCE_DIR "/scenarios/parameter_uncertainty.yaml");
    s.simulation.variance_decomposition = false;
    return pmsim::Simulation(std::move(s));
  }();
  replications_on_one_core(state, sim);
}
BENCHMARK(BM_UncertainReplicationOneCore)->Unit(benchmark::kMillisecond)->UseRealTime();

// The scenario of one replication's drawn values, alone (applied by key path, then compiled).
void BM_DrawnScenario(benchmark::State& state) {
  static const pmsim::Simulation sim(pmsim::load_scenario(PMSIM_SOURCE_DIR "/scenarios/parameter_uncertainty.yaml"));
  std::uint32_t replication = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sim.for_replication(replication++));
}
BENCHMARK(BM_DrawnScenario)->Unit(benchmark::kMillisecond);

// The generator alone (no pricing, no tallies merge): one block of 1024 members.
void BM_GeneratorBlock(benchmark::State& state) {
  const auto& sim = default_simulation();
  const auto& model = sim.population();
  std::uint32_t replication = 0;
  for (auto _ : state) {
    pmsim::YearTallies tallies(static_cast<std::size_t>(model.total_years));
    pmsim::simulate_block(model, replication++, 0, 1024, tallies);
    benchmark::DoNotOptimize(tallies);
  }
  state.counters["patient_years/s"] =
      benchmark::Counter(1024.0 * model.total_years * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GeneratorBlock)->Unit(benchmark::kMicrosecond);

// The default panel (every block, every year) of one replication after another on one
// thread, by `simulate` (a simulate_block): the generator's share of BM_ReplicationOneCore,
// without pricing.
template <class Simulate>
void panel_on_one_core(benchmark::State& state, Simulate simulate) {
  const auto& model = default_simulation().population();
  const auto years = static_cast<std::size_t>(model.total_years) * model.segments;
  std::uint32_t replication = 0;
  for (auto _ : state) {
    pmsim::YearTallies sum(years);
    for (std::int64_t first = 0; first < model.size; first += model.block_size) {
      pmsim::YearTallies part(years);
      simulate(model, replication, first, static_cast<std::size_t>(std::min(model.block_size, model.size - first)),
               part);
      pmsim::add_tallies(sum, part);
    }
    ++replication;
    benchmark::DoNotOptimize(sum);
  }
  state.counters["patient_years/s"] = benchmark::Counter(
      static_cast<double>(model.size) * model.total_years * state.iterations(), benchmark::Counter::kIsRate);
}

// The generator before issue 13, one member at a time: the baseline of the speed-up.
void BM_ScalarReference(benchmark::State& state) {
  panel_on_one_core(
      state, [](const auto& model, std::uint32_t r, std::int64_t first, std::size_t count, pmsim::YearTallies& t) {
        pmsim::scalar_reference::simulate_block(model, r, first, count, t);
      });
}
BENCHMARK(BM_ScalarReference)->Unit(benchmark::kMillisecond)->UseRealTime();

// Today's generator on the same panel, on each compiled target this CPU supports (the
// dispatched one is BM_PanelOneCore/-1); compare patient_years/s with BM_ScalarReference.
void BM_PanelOneCore(benchmark::State& state) {
  const auto targets = pmsim::lanes_targets::compiled();
  const bool best = state.range(0) < 0;
  if (!best) {
    const auto& target = targets.at(static_cast<std::size_t>(state.range(0)));
    if (!target.supported) {
      state.SkipWithError((std::string(target.name) + ": not supported by this CPU").c_str());
      return;
    }
    pmsim::lanes_targets::use_target(target.id);
  }
  state.SetLabel(pmsim::lanes_targets::dispatched_name());
  panel_on_one_core(state, [](const auto& model, std::uint32_t r, std::int64_t first, std::size_t count,
                              pmsim::YearTallies& t) { pmsim::simulate_block(model, r, first, count, t); });
  pmsim::lanes_targets::use_target(0);
}
BENCHMARK(BM_PanelOneCore)
    ->DenseRange(-1, static_cast<int>(pmsim::lanes_targets::compiled().size()) - 1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Whole runs (replications in parallel) on 1..all cores: the scaling.
void BM_RunThreads(benchmark::State& state) {
  const auto& sim = default_simulation();
  const int threads = static_cast<int>(state.range(0));
  tbb::task_arena arena(threads);
  pmsim::RunOptions options;
  options.replications = 8;
  for (auto _ : state) {
    arena.execute([&] { benchmark::DoNotOptimize(pmsim::run_simulation(sim, options)); });
  }
  state.counters["patient_years/s"] = benchmark::Counter(
      patient_years_per_replication(sim) * options.replications * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["threads"] = threads;
}
BENCHMARK(BM_RunThreads)->DenseRange(1, tbb::info::default_concurrency())->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
