// event_set_lanes (sampler_lanes.h), the yearly onset of conditions: the definition's
// chain of decisions exactly, the same bits on every Highway target this CPU supports as on
// the scalar target, and, from uniform inputs, independent events with their probabilities:
// each event's frequency among the lanes that lack it, and the joint frequency of two, within
// 4 Monte Carlo standard errors, on fixed seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "random/random_stream.h"
#include "random/sampler_lanes.h"

namespace pmsim {
namespace {

namespace targets = sampler_lanes_targets;

EventChain chain_of(const std::vector<double>& p) {
  EventChain events;
  for (double probability : p) events.add(probability);
  return events;
}

// The header's definition, one lane at a time.
std::uint32_t by_definition(double v, const EventChain& events, std::uint32_t held) {
  for (std::size_t k = 0; k < events.count; ++k) {
    if (held & (1u << k)) continue;
    if (v < events.p[k]) {
      held |= 1u << k;
      v *= events.inverse_p[k];
    } else {
      v = (v - events.p[k]) * events.inverse_complement[k];
    }
  }
  return held;
}

struct Lanes {
  std::vector<double> u;
  std::vector<std::uint32_t> held;
};

// n lanes: uniforms of a stream (its extreme words among them), and held sets of every
// pattern of the low bits.
Lanes lanes(std::size_t n, std::size_t events) {
  Lanes l{std::vector<double>(n), std::vector<std::uint32_t>(n)};
  RandomStream rng(5, 0, 0, 0, 1);
  for (std::size_t i = 0; i < n; ++i) {
    l.u[i] = rng.uniform();
    l.held[i] = static_cast<std::uint32_t>(i * 2654435761u) & ((events >= 32 ? 0u : 1u << events) - 1u) & 0x5A5A5A5Au;
  }
  if (n > 2) l.u[1] = RandomStream::to_open_unit(0), l.u[2] = RandomStream::to_open_unit(0xffffffffu);
  return l;
}

// Probabilities of every kind: 0, tiny, the default scenario's incidences, a half, near 1, 1.
const std::vector<double> kProbabilities{0.012, 0.015, 0.0, 0.3, 1e-9, 0.5, 0.999, 0.02, 1.0, 0.07};

TEST(EventSetLanes, IsTheChainOfDecisionsOfItsDefinition) {
  for (std::size_t events : {std::size_t{0}, std::size_t{1}, std::size_t{3}, kProbabilities.size()}) {
    const EventChain chain = chain_of(std::vector<double>(kProbabilities.begin(), kProbabilities.begin() + events));
    const std::size_t n = 1001;
    Lanes l = lanes(n, events);
    std::vector<std::uint32_t> want(n);
    for (std::size_t i = 0; i < n; ++i) want[i] = by_definition(l.u[i], chain, l.held[i]);
    event_set_lanes(l.u.data(), chain, n, l.held.data());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(l.held[i], want[i]) << events << " events, lane " << i;
  }
}

TEST(EventSetLanes, ThirtyTwoEventsUseEveryBit) {
  std::vector<double> p(EventChain::kMax, 1.0);  // each event certain: every clear bit is set
  const EventChain chain = chain_of(p);
  std::vector<double> u{0.5, 0.999};
  std::vector<std::uint32_t> held{0u, 0x80000001u};
  event_set_lanes(u.data(), chain, u.size(), held.data());
  EXPECT_EQ(held[0], 0xffffffffu);
  EXPECT_EQ(held[1], 0xffffffffu);
}

TEST(EventSetLanes, GivesTheScalarTargetsBitsOnEveryTarget) {
  const std::int64_t scalar = targets::compiled().back().id;
  const EventChain chain = chain_of(kProbabilities);
  std::string skipped;
  for (const auto& target : targets::compiled()) {
    if (!target.supported) {
      skipped += std::string(skipped.empty() ? "" : ", ") + target.name;
      continue;
    }
    for (std::size_t n = 1; n <= 2 * targets::lanes_of(target.id) + 3; ++n) {
      Lanes want = lanes(n, chain.count), got = want;
      targets::event_set_on(scalar, want.u.data(), chain, n, want.held.data());
      targets::event_set_on(target.id, got.u.data(), chain, n, got.held.data());
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(got.held[i], want.held[i]) << target.name << ", n " << n;
    }
  }
  if (!skipped.empty()) std::cout << "[ event set ] targets this CPU lacks, skipped: " << skipped << "\n";
}

TEST(EventSetLanes, EventsAreIndependentWithTheirProbabilities) {
  // From empty sets, with independent uniforms: each event happens with its probability
  // and independently of the others; with a held event, the rest are unchanged in law.
  const std::vector<double> p{0.3, 0.012, 0.5, 0.07, 0.2};
  const EventChain chain = chain_of(p);
  const std::size_t n = 400000;
  RandomStream rng(11, 0, 0, 0, 2);
  std::vector<double> u(n);
  for (double& x : u) x = rng.uniform();
  std::vector<std::uint32_t> held(n, 0u);
  for (std::size_t i = 0; i < n; i += 2) held[i] = 1u << 2;  // half the lanes hold event 2
  event_set_lanes(u.data(), chain, n, held.data());
  for (std::size_t k = 0; k < p.size(); ++k) {
    const std::size_t lacking = k == 2 ? n / 2 : n;
    std::size_t happened = 0;
    for (std::size_t i = (k == 2 ? 1 : 0); i < n; i += (k == 2 ? 2 : 1)) happened += (held[i] >> k) & 1u;
    const double share = static_cast<double>(happened) / lacking;
    const double se = std::sqrt(p[k] * (1 - p[k]) / lacking);
    EXPECT_NEAR(share, p[k], 4 * se) << "event " << k;
  }
  for (std::size_t a = 0; a < p.size(); ++a) {
    for (std::size_t b = a + 1; b < p.size(); ++b) {
      if (a == 2 || b == 2) continue;
      std::size_t both = 0;
      for (std::size_t i = 0; i < n; ++i) both += ((held[i] >> a) & (held[i] >> b) & 1u);
      const double joint = p[a] * p[b];
      EXPECT_NEAR(static_cast<double>(both) / n, joint, 4 * std::sqrt(joint * (1 - joint) / n))
          << "events " << a << " and " << b;
    }
  }
}

}  // namespace
}  // namespace pmsim
