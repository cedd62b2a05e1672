#pragma once
//! \file random_stream.h
//! Named random streams. Every draw is a pure function of
//!   key = seed, counter = (replication, member slot, year, purpose, draw index),
//! so streams need no seeding, cost nothing to create, and an extra draw for one purpose
//! never shifts the draws of another. Contracts are not part of the key: every payment
//! model is priced on the same simulated patients (common random numbers).

#include <cstdint>
#include <limits>

#include "random/philox.h"

namespace pmsim {

//! What a stream is used for. Values are part of the reproducibility contract: changing
//! one changes every result, so new purposes get new numbers.
enum class Purpose : std::uint32_t {
  new_member = 1,  //!< an entering member: age band (word 0), age (1), sex (2), then one word a condition
  transition = 2,  //!< a continuing member's new conditions (word 0), the uniform of its frailty step's count (word 1)
  frailty = 3,     //!< the gamma draw of a member's frailty, at entry or in its yearly step
  frailty_tries = 4,   //!< the frailty step's latent count, when drawn by rejection (a large mean)
  counts = 5,          //!< a uniform per service category (by index), then the exit uniform
  outcomes = 6,        //!< quality outcomes: screening, control, avoidable admissions
  episodes = 7,        //!< bundled-payment episodes: anchors, their days, what falls in the windows
  payer = 8,           //!< the payer of an entering member (one uniform), when the panel has several
  admissions = 9,      //!< admission types: the split of the admissions, then readmissions and post-acute by type
  shocks = 10,         //!< replication-wide (slot kReplicationSlot): one uniform per random shock
  interventions = 11,  //!< an entering member's propensity to enrol, one uniform per intervention
  parameters = 12,     //!< an uncertain scenario value (slot: a hash of its key), one uniform per replication
  member_file = 13,    //!< a file member's frailty last year, drawn from its posterior (first simulated year)
  severity =
      16,  //!< cost factors of units (lognormal: word k for unit k; gamma: one sum); category c uses severity + c
  count_tries = 32,  //!< a count of category c drawn by rejection (a large mean), purpose count_tries + c
};

//! The replication ids that key a replication's streams: its members' draws, and its
//! replication-wide (systematic) draws: shocks and uncertain parameters. They are the same
//! but in the twin of a variance decomposition, which draws new members (members id with the
//! top bit set, apart from every replication's) under the same systematic draws.
struct StreamIds {
  StreamIds(std::uint32_t replication)
      : members(replication), systematic(replication) {}  // NOLINT: implicit on purpose
  StreamIds(std::uint32_t members_id, std::uint32_t systematic_id) : members(members_id), systematic(systematic_id) {}
  static StreamIds twin_of(std::uint32_t replication) { return {replication | 0x80000000u, replication}; }
  std::uint32_t members;
  std::uint32_t systematic;
};

//! The slot of replication-wide draws (shocks), apart from every member slot.
inline constexpr std::uint32_t kReplicationSlot = 0xFFFFFFFFu;

//! A stream of 32-bit words for one (replication, slot, year, purpose); a model of the
//! C++ UniformRandomBitGenerator, so Boost.Random distributions can draw from it.
class RandomStream {
 public:
  using result_type = std::uint32_t;

  RandomStream(std::uint64_t seed, std::uint32_t replication, std::uint32_t slot, int year, std::uint32_t purpose)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        counter_{0u, (static_cast<std::uint32_t>(year) << 16) | purpose, slot, replication} {}
  RandomStream(std::uint64_t seed, std::uint32_t replication, std::uint32_t slot, int year, Purpose purpose)
      : RandomStream(seed, replication, slot, year, static_cast<std::uint32_t>(purpose)) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (used_ == 4) refill();
    return block_[used_++];
  }

  //! A uniform double in the open interval (0, 1): never 0 or 1, so logs and inverse
  //! CDFs are always finite.
  double uniform() { return to_open_unit((*this)()); }

  static constexpr double to_open_unit(std::uint32_t word) { return (static_cast<double>(word) + 0.5) * 0x1p-32; }

 private:
  void refill() {
    block_ = philox4x32_10(counter_, key_);
    ++counter_[0];  // the draw-block index within this stream
    used_ = 0;
  }

  PhiloxKey key_;
  PhiloxCounter counter_;
  PhiloxCounter block_{};
  int used_ = 4;
};

}  // namespace pmsim
