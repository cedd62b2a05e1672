// Known-answer tests for Philox4x32-10 and the layout of the named streams.
#include <gtest/gtest.h>

#include <set>

#include "random/philox.h"
#include "random/random_stream.h"

namespace pmsim {
namespace {

// The three philox4x32 10 vectors of Random123's tests/kat_vectors
// (columns: counter[4], key[2] -> output[4]).
struct KnownAnswer {
  PhiloxCounter counter;
  PhiloxKey key;
  PhiloxCounter expected;
};

TEST(Philox, MatchesPublishedKnownAnswerVectors) {
  const KnownAnswer cases[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const auto& c : cases) EXPECT_EQ(philox4x32_10(c.counter, c.key), c.expected);
}

TEST(Philox, IsAConstantExpression) { static_assert(philox4x32_10({0, 0, 0, 0}, {0, 0})[0] == 0x6627e8d5u); }

TEST(RandomStream, IsAPureFunctionOfItsIds) {
  RandomStream a(42, 3, 1000, 2, Purpose::counts);
  RandomStream b(42, 3, 1000, 2, Purpose::counts);
  for (int i = 0; i < 37; ++i) ASSERT_EQ(a(), b());
}

TEST(RandomStream, FirstBlockIsPhiloxOfTheCounterLayout) {
  const std::uint64_t seed = 0x0123456789abcdefULL;
  RandomStream s(seed, 7, 99, 4, Purpose::transition);
  const PhiloxCounter counter{0, (4u << 16) | static_cast<std::uint32_t>(Purpose::transition), 99, 7};
  const PhiloxKey key{0x89abcdefu, 0x01234567u};
  const auto block0 = philox4x32_10(counter, key);
  for (auto w : block0) EXPECT_EQ(s(), w);
  auto next = counter;
  next[0] = 1;
  EXPECT_EQ(s(), philox4x32_10(next, key)[0]);
}

TEST(RandomStream, StreamsDifferInEveryId) {
  std::set<std::uint32_t> first_words;
  first_words.insert(RandomStream(1, 0, 0, 0, Purpose::counts)());
  first_words.insert(RandomStream(2, 0, 0, 0, Purpose::counts)());
  first_words.insert(RandomStream(1, 1, 0, 0, Purpose::counts)());
  first_words.insert(RandomStream(1, 0, 1, 0, Purpose::counts)());
  first_words.insert(RandomStream(1, 0, 0, 1, Purpose::counts)());
  first_words.insert(RandomStream(1, 0, 0, 0, Purpose::transition)());
  EXPECT_EQ(first_words.size(), 6u);
}

TEST(RandomStream, UniformsAreStrictlyInsideTheUnitInterval) {
  EXPECT_GT(RandomStream::to_open_unit(0), 0.0);
  EXPECT_LT(RandomStream::to_open_unit(0xffffffffu), 1.0);
}

}  // namespace
}  // namespace pmsim
