// Shards of a run (results/shards.h): the ranges of shards 1..N of R replications are
// floor((I-1) R / N) .. floor(I R / N) - 1, cover 0..R-1 exactly once in order and differ in
// size by at most one; "I/N" is parsed strictly; coverage_problems names every gap and overlap.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "results/shards.h"

namespace pmsim {
namespace {

TEST(Shards, TheRangesOfEveryShardCoverTheRunOnceInOrder) {
  for (const std::int64_t replications : {1, 2, 3, 7, 10, 1000, 99991}) {
    for (const std::int64_t count : {1, 2, 3, 4, 7, 64}) {
      if (count > replications) continue;
      std::int64_t next = 0, smallest = replications, largest = 0;
      for (std::int64_t index = 1; index <= count; ++index) {
        const ReplicationRange r = shard_range({index, count}, replications);
        EXPECT_EQ(r.first, next) << index << "/" << count << " of " << replications;
        // The definition, in long arithmetic written another way.
        EXPECT_EQ(r.first, static_cast<std::int64_t>((static_cast<long double>(index - 1) * replications) / count));
        next = r.end();
        smallest = std::min(smallest, r.count);
        largest = std::max(largest, r.count);
      }
      EXPECT_EQ(next, replications);
      EXPECT_LE(largest - smallest, 1);
    }
  }
  // The examples of docs/cluster.md: 1,000 replications in 3 shards.
  EXPECT_EQ(shard_range({1, 3}, 1000), (ReplicationRange{0, 333}));
  EXPECT_EQ(shard_range({2, 3}, 1000), (ReplicationRange{333, 333}));
  EXPECT_EQ(shard_range({3, 3}, 1000), (ReplicationRange{666, 334}));
  // No overflow at the largest shard counts and runs.
  EXPECT_EQ(shard_range({100000000, 100000000}, 100000000), (ReplicationRange{99999999, 1}));
}

TEST(Shards, ShardsAreParsedStrictly) {
  EXPECT_EQ(parse_shard("2/8"), (Shard{2, 8}));
  EXPECT_EQ(parse_shard("1/1"), (Shard{1, 1}));
  EXPECT_EQ(to_string(Shard{3, 12}), "3/12");
  for (const char* bad : {"", "3", "/3", "3/", "0/3", "1/0", "-1/3", "1/-3", "a/3", "1.5/3", " 1/3", "1/3 ", "1//3",
                          "1/3/4", "1000000000/1000000000", "+1/3"}) {
    EXPECT_THROW(parse_shard(bad), std::invalid_argument) << "'" << bad << "'";
  }
  try {
    parse_shard("4/3");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("above the number of shards 3"), std::string::npos) << e.what();
  }
}

TEST(Shards, CoverageProblemsNameGapsOverlapsAndOverruns) {
  const auto parts = [](std::vector<std::pair<std::int64_t, std::int64_t>> ranges) {
    std::vector<PartRange> out;
    for (std::size_t i = 0; i < ranges.size(); ++i)
      out.push_back({"p" + std::to_string(i + 1), {ranges[i].first, ranges[i].second}});
    return out;
  };
  EXPECT_TRUE(coverage_problems(parts({{0, 3}, {3, 3}, {6, 4}}), 10).empty());
  EXPECT_TRUE(coverage_problems(parts({{6, 4}, {0, 3}, {3, 3}}), 10).empty()) << "any order";
  EXPECT_EQ(coverage_problems(parts({{0, 3}, {6, 4}}), 10),
            (std::vector<std::string>{"replications 3..5: no part holds them"}));
  EXPECT_EQ(coverage_problems(parts({{0, 3}, {3, 3}}), 10),
            (std::vector<std::string>{"replications 6..9: no part holds them"}));
  EXPECT_EQ(coverage_problems(parts({{3, 7}}), 10),
            (std::vector<std::string>{"replications 0..2: no part holds them"}));
  EXPECT_EQ(coverage_problems(parts({{0, 5}, {3, 7}}), 10),
            (std::vector<std::string>{"replications 3..4: in both p1 and p2"}));
  EXPECT_EQ(coverage_problems(parts({{0, 5}, {0, 5}, {5, 5}}), 10),
            (std::vector<std::string>{"replications 0..4: in both p1 and p2"}));
  EXPECT_EQ(coverage_problems(parts({{0, 10}, {9, 1}}), 10),
            (std::vector<std::string>{"replications 9: in both p1 and p2"}));
  EXPECT_EQ(coverage_problems(parts({{0, 5}, {5, 6}}), 10),
            (std::vector<std::string>{"p2: replications 5..10 go beyond the run's 10 (0..9)"}));
  EXPECT_EQ(coverage_problems({}, 4), (std::vector<std::string>{"replications 0..3: no part holds them"}));
}

}  // namespace
}  // namespace pmsim
