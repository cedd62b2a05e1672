// The many-lane Philox (philox_lanes.h) against the scalar one, on every Highway target
// compiled in that this CPU supports; the others are named as skipped.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "philox_known_answers.h"
#include "random/philox.h"
#include "random/philox_lanes.h"

namespace pmsim {
namespace {

using Lanes = std::function<void(const PhiloxWordsIn&, PhiloxKey, std::size_t, const PhiloxWordsOut&)>;

// n blocks in structure-of-arrays form.
struct Soa {
  explicit Soa(std::size_t n)
      : words{std::vector<std::uint32_t>(n), std::vector<std::uint32_t>(n), std::vector<std::uint32_t>(n),
              std::vector<std::uint32_t>(n)} {}
  PhiloxWordsIn in() const { return {words[0].data(), words[1].data(), words[2].data(), words[3].data()}; }
  PhiloxWordsOut out() { return {words[0].data(), words[1].data(), words[2].data(), words[3].data()}; }
  PhiloxCounter block(std::size_t i) const { return {words[0][i], words[1][i], words[2][i], words[3][i]}; }
  std::array<std::vector<std::uint32_t>, 4> words;
};

// The supported targets, each as a function; those the CPU lacks are printed once.
std::vector<std::pair<std::string, Lanes>> supported_targets() {
  std::vector<std::pair<std::string, Lanes>> targets;
  std::string skipped;
  for (const auto& t : philox_lanes_targets::compiled()) {
    if (!t.supported) {
      skipped += std::string(skipped.empty() ? "" : ", ") + t.name;
      continue;
    }
    const std::int64_t id = t.id;
    targets.emplace_back(t.name, [id](const PhiloxWordsIn& c, PhiloxKey k, std::size_t n, const PhiloxWordsOut& o) {
      philox_lanes_targets::run_on(id, c, k, n, o);
    });
  }
  targets.emplace_back(std::string("dispatched (") + philox_lanes_target_name() + ")", philox4x32_10_lanes);
  static const bool printed = [&] {
    std::cout << "[ philox lanes ] compiled targets this CPU lacks, skipped: " << (skipped.empty() ? "none" : skipped)
              << "\n";
    return true;
  }();
  (void)printed;
  return targets;
}

TEST(PhiloxLanes, EveryCompiledTargetIsListedWithAPortableFallback) {
  const auto targets = philox_lanes_targets::compiled();
  ASSERT_FALSE(targets.empty());
  EXPECT_TRUE(targets.back().supported) << targets.back().name;
  std::string names;
  for (const auto& t : targets) names += std::string(" ") + t.name + (t.supported ? "" : "(unsupported)");
  std::cout << "[ philox lanes ] compiled:" << names << "; dispatched to " << philox_lanes_target_name() << "\n";
}

TEST(PhiloxLanes, EqualsTheScalarPhiloxWordForWordOnEverySupportedTarget) {
  std::mt19937 rng(20261204);
  for (const auto& [name, lanes] : supported_targets()) {
    for (std::size_t n : {0u, 1u, 3u, 4u, 7u, 8u, 16u, 17u, 1000u}) {
      for (int trial = 0; trial < 3; ++trial) {
        Soa counters(n), out(n);
        for (auto& w : counters.words) {
          for (auto& x : w) x = static_cast<std::uint32_t>(rng());
        }
        const PhiloxKey key{static_cast<std::uint32_t>(rng()), static_cast<std::uint32_t>(rng())};
        lanes(counters.in(), key, n, out.out());
        for (std::size_t i = 0; i < n; ++i) {
          ASSERT_EQ(out.block(i), philox4x32_10(counters.block(i), key))
              << name << ", n = " << n << ", block " << i << ", trial " << trial;
        }
      }
    }
  }
}

TEST(PhiloxLanes, TheEngineLayoutSlotsPerLaneMatchTheirStreams) {
  // Lanes = members: word 2 (the slot) varies, the draw index, (year << 16) | purpose and
  // the replication are common.
  const std::size_t n = 37;
  Soa counters(n), out(n);
  for (std::size_t i = 0; i < n; ++i) {
    counters.words[0][i] = 2;
    counters.words[1][i] = (5u << 16) | 5u;
    counters.words[2][i] = static_cast<std::uint32_t>(100 + i);
    counters.words[3][i] = 7;
  }
  const PhiloxKey key{0x89abcdefu, 0x01234567u};
  for (const auto& [name, lanes] : supported_targets()) {
    lanes(counters.in(), key, n, out.out());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(out.block(i), philox4x32_10(counters.block(i), key)) << name;
  }
}

TEST(PhiloxLanes, InPlaceEqualsOutOfPlace) {
  const std::size_t n = 19;
  for (const auto& [name, lanes] : supported_targets()) {
    Soa counters(n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < 4; ++j) counters.words[j][i] = static_cast<std::uint32_t>(i * 4 + j);
    }
    const Soa before = counters;
    lanes(counters.in(), {1, 2}, n, counters.out());
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(counters.block(i), philox4x32_10(before.block(i), {1, 2})) << name;
  }
}

// Random123's philox4x32 10 known-answer vectors (as in philox_test.cpp), each in a lane of
// its own amid other blocks, so that every lane position of a vector is checked.
TEST(PhiloxLanes, MatchesPublishedKnownAnswerVectorsInEveryLane) {
  const std::size_t n = 21;  // beyond 16 lanes (AVX-512), with a tail
  for (const auto& [name, lanes] : supported_targets()) {
    for (const auto& c : testing::kPhiloxKnownAnswers) {
      for (std::size_t lane = 0; lane < n; ++lane) {
        Soa counters(n), out(n);
        for (std::size_t j = 0; j < 4; ++j) {
          for (std::size_t i = 0; i < n; ++i) counters.words[j][i] = static_cast<std::uint32_t>(i + 1000 * j);
          counters.words[j][lane] = c.counter[j];
        }
        lanes(counters.in(), c.key, n, out.out());
        ASSERT_EQ(out.block(lane), c.expected) << name << ", lane " << lane;
      }
    }
  }
}

// run_on reaches each target's own function: its vectors have that target's width.
TEST(PhiloxLanes, EachTargetRunsWithItsOwnVectorWidth) {
  const std::map<std::string, std::size_t> widths{{"AVX3", 16}, {"AVX3_DL", 16}, {"AVX2", 8},  {"SSE4", 4},
                                                  {"SSSE3", 4}, {"EMU128", 4},   {"SCALAR", 1}};
  for (const auto& t : philox_lanes_targets::compiled()) {
    if (!t.supported) continue;
    const auto w = widths.find(t.name);
    if (w == widths.end()) continue;  // another architecture's target
    EXPECT_EQ(philox_lanes_targets::lanes_of(t.id), w->second) << t.name;
  }
}

TEST(PhiloxLanes, RunOnRejectsAnUnknownTarget) {
  EXPECT_THROW(philox_lanes_targets::run_on(0, {}, {0, 0}, 0, {}), std::invalid_argument);
}

}  // namespace
}  // namespace pmsim
