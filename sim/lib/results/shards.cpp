#include "results/shards.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace pmsim {

namespace {

constexpr std::int64_t kMaxShards = 100000000;

// A decimal count 1..kMaxShards, or nothing.
bool parse_count(std::string_view text, std::int64_t& value) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value >= 1 && value <= kMaxShards;
}

}  // namespace

Shard parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string_view::npos || !parse_count(text.substr(0, slash), shard.index) ||
      !parse_count(text.substr(slash + 1), shard.count))
    throw std::invalid_argument("'" + std::string(text) +
                                "' is not a shard: expected I/N, whole numbers with 1 <= I <= N <= " +
                                std::to_string(kMaxShards) + " (e.g. 2/8)");
  if (shard.index > shard.count)
    throw std::invalid_argument("'" + std::string(text) + "': the shard's number " + std::to_string(shard.index) +
                                " is above the number of shards " + std::to_string(shard.count) + " (1 <= I <= N)");
  return shard;
}

std::string to_string(const Shard& shard) { return std::to_string(shard.index) + "/" + std::to_string(shard.count); }

ReplicationRange shard_range(const Shard& shard, std::int64_t replications) {
  // I R <= 10^8 x 10^8 = 10^16 < 2^63: no overflow.
  const std::int64_t first = (shard.index - 1) * replications / shard.count;
  const std::int64_t end = shard.index * replications / shard.count;
  return {first, end - first};
}

std::string describe_range(const ReplicationRange& range) {
  if (range.count == 1) return std::to_string(range.first);
  return std::to_string(range.first) + ".." + std::to_string(range.end() - 1);
}

std::vector<std::string> coverage_problems(std::vector<PartRange> parts, std::int64_t replications) {
  std::erase_if(parts, [](const PartRange& p) { return p.range.count <= 0; });
  std::stable_sort(parts.begin(), parts.end(),
                   [](const PartRange& a, const PartRange& b) { return a.range.first < b.range.first; });
  std::vector<std::string> problems;
  const auto missing = [&](std::int64_t from, std::int64_t to) {
    if (from < to) problems.push_back("replications " + describe_range({from, to - from}) + ": no part holds them");
  };
  std::int64_t covered = 0;         // every replication below it is held by a part
  const PartRange* last = nullptr;  // the part that reaches furthest so far
  for (const PartRange& p : parts) {
    const std::int64_t first = std::max<std::int64_t>(p.range.first, 0);
    if (first > covered) missing(covered, std::min(first, replications));
    if (last && first < covered) {
      const std::int64_t to = std::min(covered, p.range.end());
      problems.push_back("replications " + describe_range({first, to - first}) + ": in both " + last->name + " and " +
                         p.name);
    }
    if (p.range.end() > replications)
      problems.push_back(p.name + ": replications " + describe_range(p.range) + " go beyond the run's " +
                         std::to_string(replications) + " (0.." + std::to_string(replications - 1) + ")");
    if (p.range.first < 0) problems.push_back(p.name + ": a negative first replication");
    if (p.range.end() > covered) {
      covered = p.range.end();
      last = &p;
    }
  }
  missing(covered, replications);
  return problems;
}

}  // namespace pmsim
