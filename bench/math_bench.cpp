// exp and log values per second: std::exp / std::log one value at a time against
// exp_lanes / log_lanes (math_lanes.h), dispatched and on each target this CPU supports.
// docs/performance.md records the figures; run: pmsim_bench --benchmark_filter='Exp|Log'
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "random/math_lanes.h"

namespace {

constexpr std::size_t kValues = 4096;  // per iteration; 32 KiB in, 32 KiB out

// Inputs as the engine would draw them: exp of normal deviates (lognormal), log of uniforms.
std::vector<double> exp_inputs() {
  std::vector<double> x(kValues);
  for (std::size_t i = 0; i < kValues; ++i) x[i] = -8.0 + 16.0 * static_cast<double>(i) / kValues;
  return x;
}
std::vector<double> log_inputs() {
  std::vector<double> x(kValues);
  for (std::size_t i = 0; i < kValues; ++i) x[i] = (static_cast<double>(i) + 0.5) / kValues;
  return x;
}

template <bool kExp>
void BM_Std(benchmark::State& state) {
  const auto x = kExp ? exp_inputs() : log_inputs();
  std::vector<double> out(kValues);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kValues; ++i) out[i] = kExp ? std::exp(x[i]) : std::log(x[i]);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kValues));
}
void BM_ExpStd(benchmark::State& state) { BM_Std<true>(state); }
void BM_LogStd(benchmark::State& state) { BM_Std<false>(state); }
BENCHMARK(BM_ExpStd);
BENCHMARK(BM_LogStd);

template <bool kExp>
void BM_Lanes(benchmark::State& state) {
  const auto x = kExp ? exp_inputs() : log_inputs();
  std::vector<double> out(kValues);
  for (auto _ : state) {
    (kExp ? pmsim::exp_lanes : pmsim::log_lanes)(x.data(), kValues, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kValues));
  state.SetLabel(pmsim::math_lanes_target_name());
}
void BM_ExpLanes(benchmark::State& state) { BM_Lanes<true>(state); }
void BM_LogLanes(benchmark::State& state) { BM_Lanes<false>(state); }
BENCHMARK(BM_ExpLanes);
BENCHMARK(BM_LogLanes);

// Each compiled target this CPU supports, for the speed-up per instruction set.
template <bool kExp>
void BM_LanesOn(benchmark::State& state) {
  const auto targets = pmsim::math_lanes_targets::compiled();
  const auto& target = targets.at(static_cast<std::size_t>(state.range(0)));
  if (!target.supported) {
    state.SkipWithError((std::string(target.name) + ": not supported by this CPU").c_str());
    return;
  }
  const auto x = kExp ? exp_inputs() : log_inputs();
  std::vector<double> out(kValues);
  for (auto _ : state) {
    (kExp ? pmsim::math_lanes_targets::exp_on : pmsim::math_lanes_targets::log_on)(target.id, x.data(), kValues,
                                                                                   out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kValues));
  state.SetLabel(target.name);
}
void BM_ExpLanesOn(benchmark::State& state) { BM_LanesOn<true>(state); }
void BM_LogLanesOn(benchmark::State& state) { BM_LanesOn<false>(state); }
BENCHMARK(BM_ExpLanesOn)->DenseRange(0, static_cast<int>(pmsim::math_lanes_targets::compiled().size()) - 1);
BENCHMARK(BM_LogLanesOn)->DenseRange(0, static_cast<int>(pmsim::math_lanes_targets::compiled().size()) - 1);

}  // namespace
