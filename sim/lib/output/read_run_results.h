#pragma once
//! \file read_run_results.h
//! A run's results file read back into the RunResults it was written from (what pmsim merge
//! stitches): its resolved scenario, its replication range, every per-replication matrix and
//! each contract's attributes, exactly as stored. The shape comes from the scenario
//! (allocate_results), as the writer's did, so a file that does not hold what its scenario
//! implies is refused rather than half read.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "results/results.h"
#include "results/shards.h"

namespace pmsim {

//! The file is not a run's results file that can be read back: bad input. The message names
//! the file and what is missing.
class RunResultsReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! What says which run a results file is part of (its root attributes).
struct RunIdentity {
  std::string pmsim_version;
  std::string git_commit;
  std::string scenario_file;
  std::string scenario_text;      //!< the scenario file's text as given
  std::string scenario_resolved;  //!< the resolved scenario (overrides applied; the seed aside)
  std::uint64_t seed = 0;
  std::int64_t run_replications = 0;                 //!< R: the scenario's replications (the whole run's)
  ReplicationRange range;                            //!< the replications the file holds
  std::optional<Shard> shard;                        //!< a file of pmsim run --shard I/N
  std::optional<MemberFileFingerprint> member_file;  //!< the member file the run was seeded from
};

//! The fingerprint of the member file the run at `group` ("/" or a sweep point's group) was
//! seeded from (its attributes member_file, member_file_sha256, member_file_rows); none for a
//! run without one. Throws on a damaged fingerprint.
std::optional<MemberFileFingerprint> read_member_file_fingerprint(const std::string& path, const std::string& group);

//! The identity of the run whose results the file's root holds. Throws RunResultsReadError.
RunIdentity read_run_identity(const std::string& path);

//! The results the file's root holds (`identity`: read_run_identity of the same file), their
//! scenario parsed from scenario_resolved with the file's seed. Throws RunResultsReadError.
RunResults read_run_results(const std::string& path, const RunIdentity& identity);

}  // namespace pmsim
