#pragma once
//! \file provenance.h
//! Which run a results file (or a sweep's point) holds, as plain data: what the readers of
//! output/ fill in and what analysis/ needs to pair two runs (pmsim compare).

#include <cstdint>
#include <string>
#include <vector>

namespace pmsim {

//! The attributes that say which run a results tree holds (docs/output.md), and its
//! replication ids. For a sweep's point the run attributes are the point group's and the
//! invocation ones (pmsim_version, git_commit, created) the file root's.
struct Provenance {
  std::string pmsim_version;
  std::string git_commit;
  std::string created;
  std::string scenario_name;
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  std::int64_t first_replication = 0;
  int years = 0;  //!< performance years
  int baseline_years = 0;
  std::vector<std::int64_t> replication_ids;  //!< /replication: the id of each matrix row
};

//! Replication ids in words: "0..19" when contiguous, else "20 ids".
std::string describe_replication_ids(const std::vector<std::int64_t>& ids);

//! The run in one line: "scenario 'small': 20 replications (ids 0..19), seed 5, 3 performance
//! years; pmsim 0.1.0 (git 1234567890ab), written 2025-01-31T14:05:09Z".
std::string describe_run(const Provenance& p);

}  // namespace pmsim
