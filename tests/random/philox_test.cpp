// Known-answer tests for Philox4x32-10 and the layout of the named streams.
#include <gtest/gtest.h>

#include <set>

#include "philox_known_answers.h"
#include "random/philox.h"
#include "random/random_stream.h"

namespace pmsim {
namespace {

TEST(Philox, MatchesPublishedKnownAnswerVectors) {
  for (const auto& c : testing::kPhiloxKnownAnswers) EXPECT_EQ(philox4x32_10(c.counter, c.key), c.expected);
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
