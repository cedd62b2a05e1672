#pragma once
//! \file shards.h
//! A run split into shards: shard I of N (1-based) holds a fixed range of the run's R
//! replications, so that parts run anywhere (a job array, several machines) and merged in
//! replication order give the file of one process. Replications depend only on their own id,
//! which is what makes the split exact.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pmsim {

//! Shard `index` of `count`, 1 <= index <= count.
struct Shard {
  std::int64_t index = 1;
  std::int64_t count = 1;
  bool operator==(const Shard&) const = default;
};

//! Replications first .. first + count - 1.
struct ReplicationRange {
  std::int64_t first = 0;
  std::int64_t count = 0;
  std::int64_t end() const { return first + count; }
  bool operator==(const ReplicationRange&) const = default;
};

//! "I/N" (decimal, 1 <= I <= N <= 10^8) as a shard; throws std::invalid_argument saying what
//! is accepted otherwise.
Shard parse_shard(std::string_view text);

//! "I/N".
std::string to_string(const Shard& shard);

//! The replications of shard I/N of a run of R: floor((I-1) R / N) .. floor(I R / N) - 1 (an
//! empty range when N > R and the shard gets none). Exact for every R and N up to 10^8.
ReplicationRange shard_range(const Shard& shard, std::int64_t replications);

//! "0..332", or "332" for one replication.
std::string describe_range(const ReplicationRange& range);

//! A part of a run to be merged: its name (a file) and its replications.
struct PartRange {
  std::string name;
  ReplicationRange range;
};

//! What keeps `parts` from covering replications 0 .. replications - 1 exactly once, one line
//! each, in replication order: the ranges no part holds ("replications 10..19: no part holds
//! them") and those two parts hold ("replications 5..9: in both A and B"). Empty: they cover
//! the run exactly.
std::vector<std::string> coverage_problems(std::vector<PartRange> parts, std::int64_t replications);

}  // namespace pmsim
