//! \file population_generator.cpp
//! The generator's year, a chunk of member slots at a time, each step a pass over the whole
//! chunk (generator_steps.h; docs/model.md gives the formulas). Year t for the members of a
//! chunk:
//!  1. their payers (a uniform drawn at entry, against the year's shares);
//!  2. an empty slot (year 0, or its member died or left) gets a new member; a continuing
//!     member ages one year, draws any new conditions and its next frailty (member_steps.cpp);
//!  3. risk score, frailty powers and death hazard, from band, sex, conditions and frailty;
//!  4. death, else churn, and the exit month; a survivor at the age limit
//!     (population.age_out) leaves at the end of the year; the interventions it is enrolled
//!     in scale its use of services;
//!  5. service counts and their claims (generator_services.cpp);
//!  6. member by member: the tally of its payer and year, quality outcomes and
//!     bundled-payment episodes, the visitor (member_outcomes.cpp).
//! Every draw comes from the stream of (seed, replication, slot, year, purpose) by a method
//! whose bits do not depend on the lane count (random/sampler_lanes.h), and sums are added
//! member by member in slot order: the chunk size and the SIMD target change no result.

#include "population/population_generator.h"

#include <algorithm>

#include "population/generator_steps.h"

namespace pmsim {

namespace {
// Slots simulated together, a whole block of the default size (1024): every sampler call has
// costs of its own (lists, loop tails, the rejection methods' first blocks) that more lanes a
// call share; 1024 ran 7% faster than 256 on AVX2 (docs/performance.md). The chunk's arrays
// and the samplers' lists, about 550 bytes a member of the default scenario (about 560 KB),
// fit a 1 MB L2 cache (Zen 4) and exceed a 512 KB one (Zen 2 and 3), from which the passes,
// each over a few of the arrays in order, stream them from L3.
constexpr std::size_t kChunkSize = 1024;

// The thread's chunk, reset for each block: a chunk's arrays are about half a megabyte, which
// a new chunk for each block took from the kernel again (glibc gives the top of the heap back
// on free): a fifth of a run's time went to page faults. A nested simulation on the thread (a
// visitor that simulates) gets a chunk of its own.
class ThreadChunk {
 public:
  ThreadChunk() : nested_(in_use_) { in_use_ = true; }
  ~ThreadChunk() { in_use_ = nested_; }
  ThreadChunk(const ThreadChunk&) = delete;
  ThreadChunk& operator=(const ThreadChunk&) = delete;
  generator_detail::Chunk& chunk() { return nested_ ? own_ : reused_; }

 private:
  static thread_local generator_detail::Chunk reused_;
  static thread_local bool in_use_;
  bool nested_;
  generator_detail::Chunk own_;
};
thread_local generator_detail::Chunk ThreadChunk::reused_;
thread_local bool ThreadChunk::in_use_ = false;
}  // namespace

void simulate_block(const PopulationModel& m, StreamIds ids, std::int64_t first_slot, std::size_t count,
                    std::span<YearTally> tallies, MemberYearVisitor visit) {
  using namespace generator_detail;
  std::vector<YearShock> shocks;
  for (int year = 0; year < m.total_years; ++year)
    shocks.push_back(shock_of_year(m.shocks, m.seed, ids.systematic, year));
  ThreadChunk lease;
  Chunk& chunk = lease.chunk();
  for (std::size_t start = 0; start < count; start += kChunkSize) {
    chunk.reset(m, first_slot + static_cast<std::int64_t>(start), std::min(kChunkSize, count - start));
    for (int year = 0; year < m.total_years; ++year) {
      const YearContext y{m,
                          ids.members,
                          year,
                          shocks[year],
                          m.payer_thresholds(year),
                          m.fees_of_year(year),
                          m.utilization_trend_of_year(year),
                          m.risk_scale[static_cast<std::size_t>(year)]};
      enter_and_continue(y, chunk, tallies);
      member_of_year(y, chunk);
      exits_and_interventions(y, chunk, tallies);
      draw_counts(y, chunk);
      price_services(y, chunk);
      record_outcomes(y, chunk, tallies, visit);
    }
  }
}

}  // namespace pmsim
