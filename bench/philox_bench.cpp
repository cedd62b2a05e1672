// Philox4x32-10 blocks per second: the scalar function one block at a time against the
// many-lane one (philox_lanes.h) on the target it dispatches to, side by side. The counters
// are laid out as the engine's members would be (word 2, the slot, varies per lane).
// docs/performance.md records the figures; run: pmsim_bench --benchmark_filter=Philox
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "random/philox.h"
#include "random/philox_lanes.h"

namespace {

constexpr std::size_t kBlocks = 4096;  // per iteration; 4 x 16 KiB in, 4 x 16 KiB out
constexpr pmsim::PhiloxKey kKey{0x89abcdefu, 0x01234567u};

struct Counters {
  Counters() {
    for (auto& w : words) w.resize(kBlocks);
    for (std::size_t i = 0; i < kBlocks; ++i) {
      words[0][i] = 0;
      words[1][i] = (5u << 16) | 5u;
      words[2][i] = static_cast<std::uint32_t>(i);
      words[3][i] = 7;
    }
  }
  std::array<std::vector<std::uint32_t>, 4> words;
};

void BM_PhiloxScalar(benchmark::State& state) {
  Counters c;
  std::array<std::vector<std::uint32_t>, 4> out;
  for (auto& w : out) w.resize(kBlocks);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlocks; ++i) {
      const auto block = pmsim::philox4x32_10({c.words[0][i], c.words[1][i], c.words[2][i], c.words[3][i]}, kKey);
      for (std::size_t j = 0; j < 4; ++j) out[j][i] = block[j];
    }
    benchmark::DoNotOptimize(out[0].data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlocks));
}
BENCHMARK(BM_PhiloxScalar);

// Times `lanes(in, out)` over kBlocks blocks of the engine's counter layout.
template <class Lanes>
void time_lanes(benchmark::State& state, const char* label, Lanes lanes) {
  Counters c;
  std::array<std::vector<std::uint32_t>, 4> out;
  for (auto& w : out) w.resize(kBlocks);
  const pmsim::PhiloxWordsIn in{c.words[0].data(), c.words[1].data(), c.words[2].data(), c.words[3].data()};
  const pmsim::PhiloxWordsOut o{out[0].data(), out[1].data(), out[2].data(), out[3].data()};
  for (auto _ : state) {
    lanes(in, o);
    benchmark::DoNotOptimize(out[0].data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlocks));
  state.SetLabel(label);
}

void BM_PhiloxLanes(benchmark::State& state) {
  time_lanes(state, pmsim::philox_lanes_target_name(),
             [](const pmsim::PhiloxWordsIn& in, const pmsim::PhiloxWordsOut& o) {
               pmsim::philox4x32_10_lanes(in, kKey, kBlocks, o);
             });
}
BENCHMARK(BM_PhiloxLanes);

// Each compiled target this CPU supports, for the speed-up per instruction set.
void BM_PhiloxLanesOn(benchmark::State& state) {
  const auto targets = pmsim::philox_lanes_targets::compiled();
  const auto& target = targets.at(static_cast<std::size_t>(state.range(0)));
  if (!target.supported) {
    state.SkipWithError((std::string(target.name) + ": not supported by this CPU").c_str());
    return;
  }
  time_lanes(state, target.name, [&](const pmsim::PhiloxWordsIn& in, const pmsim::PhiloxWordsOut& o) {
    pmsim::philox_lanes_targets::run_on(target.id, in, kKey, kBlocks, o);
  });
}
BENCHMARK(BM_PhiloxLanesOn)->DenseRange(0, static_cast<int>(pmsim::philox_lanes_targets::compiled().size()) - 1);

}  // namespace
