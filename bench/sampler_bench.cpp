// Draws per second of the many-lane samplers (sampler_lanes.h), dispatched and on each
// target this CPU supports, against the scalar samplers the engine uses today (samplers.h,
// GammaSampler) and Boost's, one member at a time from the member's RandomStream. The lanes
// figures include drawing the uniforms the inversion branches take (uniforms_lanes).
// run: pmsim_bench --benchmark_filter='Poisson|Binomial|Gamma|NormalQuantile|Lognormal|Uniforms'
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include "random/gamma_sampler.h"
#include "random/random_stream.h"
#include "random/sampler_lanes.h"
#include "random/samplers.h"

namespace {

constexpr std::size_t kMembers = 4096;  // lanes (members) per iteration
constexpr std::uint64_t kSeed = 0x0123456789abcdefull;
namespace targets = pmsim::sampler_lanes_targets;

struct Members {
  Members() : slots(kMembers) {
    for (std::size_t i = 0; i < kMembers; ++i) slots[i] = static_cast<std::uint32_t>(i);
    streams = {kSeed, 7, 3, 5, slots.data()};
    tries = {kSeed, 7, 3, 6, slots.data()};
  }
  pmsim::RandomStream stream(std::size_t i) const { return {kSeed, 7, slots[i], 3, 5u}; }
  std::vector<std::uint32_t> slots;
  pmsim::LaneStreams streams, tries;
};

template <class F>
void time_members(benchmark::State& state, const std::string& label, F draw_all) {
  for (auto _ : state) {
    draw_all();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kMembers));
  state.SetLabel(label);
}

// The target of argument `index` (of targets::compiled()), or 0 after SkipWithError.
std::int64_t target_of(benchmark::State& state, std::int64_t index, std::string& name) {
  const auto t = targets::compiled().at(static_cast<std::size_t>(index));
  name = t.name;
  if (!t.supported) {
    state.SkipWithError((name + ": not supported by this CPU").c_str());
    return 0;
  }
  return t.id;
}

// Each sampler's argument lists: {target index or -1 for dispatched, parameters...}.
void for_targets(benchmark::internal::Benchmark* b, const std::vector<std::vector<std::int64_t>>& parameters) {
  for (const auto& p : parameters) {
    for (std::int64_t t = -1; t < static_cast<std::int64_t>(targets::compiled().size()); ++t) {
      std::vector<std::int64_t> args{t};
      args.insert(args.end(), p.begin(), p.end());
      b->Args(args);
    }
  }
}

// ---- Poisson: the mean in hundredths (0.05: a rare service) ----

void BM_PoissonScalarInverse(benchmark::State& state) {
  const Members m;
  const auto mean = static_cast<double>(state.range(0)) / 100;
  std::vector<std::uint32_t> out(kMembers);
  time_members(state, "poisson_inverse", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) {
      auto rng = m.stream(i);
      out[i] = pmsim::poisson_inverse(mean, rng.uniform());
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_PoissonScalarInverse)->Arg(5)->Arg(300)->Arg(3000)->Arg(100000);

void BM_PoissonBoost(benchmark::State& state) {
  const Members m;
  boost::random::poisson_distribution<std::uint32_t, double> poisson(static_cast<double>(state.range(0)) / 100);
  std::vector<std::uint32_t> out(kMembers);
  time_members(state, "boost", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) {
      auto rng = m.stream(i);
      out[i] = poisson(rng);
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_PoissonBoost)->Arg(5)->Arg(300)->Arg(3000)->Arg(100000);

void BM_PoissonLanes(benchmark::State& state) {
  const Members m;
  std::string name = pmsim::sampler_lanes_target_name();
  const std::int64_t target = state.range(0) < 0 ? 0 : target_of(state, state.range(0), name);
  if (state.range(0) >= 0 && target == 0) return;
  const std::vector<double> mean(kMembers, static_cast<double>(state.range(1)) / 100);
  std::vector<double> u(kMembers);
  std::vector<std::uint32_t> out(kMembers);
  time_members(state, state.range(0) < 0 ? "dispatched " + name : name, [&] {
    if (target == 0) {
      pmsim::uniforms_lanes(m.streams, kMembers, 1, u.data(), kMembers);
      pmsim::poisson_lanes(mean.data(), u.data(), m.tries, kMembers, out.data());
    } else {
      targets::uniforms_on(target, m.streams, kMembers, 1, u.data(), kMembers);
      targets::poisson_on(target, mean.data(), u.data(), m.tries, kMembers, out.data());
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_PoissonLanes)->Apply([](auto* b) { for_targets(b, {{5}, {300}, {3000}, {100000}}); });

// ---- Binomial: range(1) trials, range(2) p in thousandths ----

void BM_BinomialScalarInverse(benchmark::State& state) {
  const Members m;
  const auto trials = static_cast<std::uint32_t>(state.range(0));
  const double p = static_cast<double>(state.range(1)) / 1000;
  std::vector<std::uint32_t> out(kMembers);
  time_members(state, "binomial_inverse", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) {
      auto rng = m.stream(i);
      out[i] = pmsim::binomial_inverse(trials, p, rng.uniform());
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_BinomialScalarInverse)->Args({20, 300})->Args({1000, 500});

void BM_BinomialBoost(benchmark::State& state) {
  const Members m;
  boost::random::binomial_distribution<std::int32_t, double> binomial(static_cast<std::int32_t>(state.range(0)),
                                                                      static_cast<double>(state.range(1)) / 1000);
  std::vector<std::uint32_t> out(kMembers);
  time_members(state, "boost", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) {
      auto rng = m.stream(i);
      out[i] = static_cast<std::uint32_t>(binomial(rng));
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_BinomialBoost)->Args({20, 300})->Args({1000, 500});

void BM_BinomialLanes(benchmark::State& state) {
  const Members m;
  std::string name = pmsim::sampler_lanes_target_name();
  const std::int64_t target = state.range(0) < 0 ? 0 : target_of(state, state.range(0), name);
  if (state.range(0) >= 0 && target == 0) return;
  const std::vector<std::uint32_t> trials(kMembers, static_cast<std::uint32_t>(state.range(1)));
  const std::vector<double> p(kMembers, static_cast<double>(state.range(2)) / 1000);
  std::vector<double> u(kMembers);
  std::vector<std::uint32_t> out(kMembers);
  time_members(state, state.range(0) < 0 ? "dispatched " + name : name, [&] {
    if (target == 0) {
      pmsim::uniforms_lanes(m.streams, kMembers, 1, u.data(), kMembers);
      pmsim::binomial_lanes(trials.data(), p.data(), u.data(), m.tries, kMembers, out.data());
    } else {
      targets::uniforms_on(target, m.streams, kMembers, 1, u.data(), kMembers);
      targets::binomial_on(target, trials.data(), p.data(), u.data(), m.tries, kMembers, out.data());
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_BinomialLanes)->Apply([](auto* b) { for_targets(b, {{20, 300}, {1000, 500}}); });

// ---- Gamma: range(1) the shape in hundredths ----

void BM_GammaScalar(benchmark::State& state) {
  const Members m;
  const pmsim::GammaSampler gamma(static_cast<double>(state.range(0)) / 100, 1.7);
  std::vector<double> out(kMembers);
  time_members(state, "GammaSampler", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) {
      auto rng = m.stream(i);
      out[i] = gamma(rng);
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_GammaScalar)->Arg(64)->Arg(430);

void BM_GammaBoost(benchmark::State& state) {
  const Members m;
  boost::random::gamma_distribution<double> gamma(static_cast<double>(state.range(0)) / 100, 1.7);
  std::vector<double> out(kMembers);
  time_members(state, "boost", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) {
      auto rng = m.stream(i);
      out[i] = gamma(rng);
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_GammaBoost)->Arg(64)->Arg(430);

void BM_GammaLanes(benchmark::State& state) {
  const Members m;
  std::string name = pmsim::sampler_lanes_target_name();
  const std::int64_t target = state.range(0) < 0 ? 0 : target_of(state, state.range(0), name);
  if (state.range(0) >= 0 && target == 0) return;
  const std::vector<double> shape(kMembers, static_cast<double>(state.range(1)) / 100), scale(kMembers, 1.7);
  std::vector<double> out(kMembers);
  time_members(state, state.range(0) < 0 ? "dispatched " + name : name, [&] {
    if (target == 0) {
      pmsim::gamma_lanes(shape.data(), scale.data(), m.streams, kMembers, out.data());
    } else {
      targets::gamma_on(target, shape.data(), scale.data(), m.streams, kMembers, out.data());
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_GammaLanes)->Apply([](auto* b) { for_targets(b, {{64}, {430}}); });

// ---- Normal quantile (no stream), lognormal sums of 5 units, 4 uniforms a member ----

std::vector<double> open_uniforms() {
  std::vector<double> u(kMembers);
  for (std::size_t i = 0; i < kMembers; ++i) u[i] = (static_cast<double>(i) + 0.5) / kMembers;
  return u;
}

void BM_NormalQuantileScalar(benchmark::State& state) {
  const auto u = open_uniforms();
  std::vector<double> out(kMembers);
  time_members(state, "normal_inverse", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) out[i] = pmsim::normal_inverse(u[i]);
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_NormalQuantileScalar);

void BM_NormalQuantileLanes(benchmark::State& state) {
  std::string name = pmsim::sampler_lanes_target_name();
  const std::int64_t target = state.range(0) < 0 ? 0 : target_of(state, state.range(0), name);
  if (state.range(0) >= 0 && target == 0) return;
  const auto u = open_uniforms();
  std::vector<double> out(kMembers);
  time_members(state, state.range(0) < 0 ? "dispatched " + name : name, [&] {
    if (target == 0) {
      pmsim::normal_quantile_lanes(u.data(), kMembers, out.data());
    } else {
      targets::normal_quantile_on(target, u.data(), kMembers, out.data());
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_NormalQuantileLanes)->Apply([](auto* b) { for_targets(b, {{}}); });

constexpr std::uint32_t kUnits = 5;

void BM_LognormalSumsScalar(benchmark::State& state) {
  const Members m;
  std::vector<double> out(kMembers);
  time_members(state, "normal_inverse + std::exp", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) {
      auto rng = m.stream(i);
      double sum = 0.0;
      for (std::uint32_t k = 0; k < kUnits; ++k) sum += std::exp(-0.3 + 0.8 * pmsim::normal_inverse(rng.uniform()));
      out[i] = sum;
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_LognormalSumsScalar);

void BM_LognormalSumsLanes(benchmark::State& state) {
  const Members m;
  std::string name = pmsim::sampler_lanes_target_name();
  const std::int64_t target = state.range(0) < 0 ? 0 : target_of(state, state.range(0), name);
  if (state.range(0) >= 0 && target == 0) return;
  const std::vector<std::uint32_t> units(kMembers, kUnits);
  std::vector<double> out(kMembers);
  time_members(state, state.range(0) < 0 ? "dispatched " + name : name, [&] {
    if (target == 0) {
      pmsim::lognormal_sums_lanes(units.data(), -0.3, 0.8, m.streams, kMembers, out.data());
    } else {
      targets::lognormal_sums_on(target, units.data(), -0.3, 0.8, m.streams, kMembers, out.data());
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_LognormalSumsLanes)->Apply([](auto* b) { for_targets(b, {{}}); });

constexpr std::size_t kWords = 8;  // the counts stream of a member-year: 7 categories and the exit

void BM_UniformsScalar(benchmark::State& state) {
  const Members m;
  std::vector<double> out(kMembers * kWords);
  time_members(state, "RandomStream", [&] {
    for (std::size_t i = 0; i < kMembers; ++i) {
      auto rng = m.stream(i);
      for (std::size_t w = 0; w < kWords; ++w) out[w * kMembers + i] = rng.uniform();
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_UniformsScalar);

void BM_UniformsLanes(benchmark::State& state) {
  const Members m;
  std::string name = pmsim::sampler_lanes_target_name();
  const std::int64_t target = state.range(0) < 0 ? 0 : target_of(state, state.range(0), name);
  if (state.range(0) >= 0 && target == 0) return;
  std::vector<double> out(kMembers * kWords);
  time_members(state, state.range(0) < 0 ? "dispatched " + name : name, [&] {
    if (target == 0) {
      pmsim::uniforms_lanes(m.streams, kMembers, kWords, out.data(), kMembers);
    } else {
      targets::uniforms_on(target, m.streams, kMembers, kWords, out.data(), kMembers);
    }
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_UniformsLanes)->Apply([](auto* b) { for_targets(b, {{}}); });

}  // namespace
