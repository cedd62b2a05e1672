#pragma once
//! \file population_generator.h
//! The generator of patient histories: simulates one block of member slots through every
//! year of one replication and adds what it sees to per-year tallies. Slots are
//! independent, so blocks can run in any order on any thread; a slot's draws depend only
//! on (seed, replication, slot, year, purpose).
//!
//! The year, step by step, for a chunk of slots at a time, is in population_generator.cpp
//! (docs/model.md gives the formulas); the steps are passes of the many-lane samplers
//! (random/sampler_lanes.h) over the chunk.

#include <array>
#include <concepts>
#include <cstdint>
#include <memory>
#include <span>
#include <type_traits>

#include "claims/year_tally.h"
#include "population/population_model.h"
#include "random/random_stream.h"

namespace pmsim {

//! One member-year as the generator saw it (for calibration and tests; the engine itself
//! keeps only the tallies).
struct MemberYear {
  std::uint32_t slot = 0;
  int year = 0;     //!< 0-based, baseline years first
  int segment = 0;  //!< the member's payer (0 when the panel has one)
  int age = 0;
  bool female = false;
  bool entered = false;  //!< a new member this year
  bool died = false;
  bool churned = false;
  bool aged_out = false;         //!< reached the age limit: leaves at the end of the year (population.age_out)
  std::uint32_t conditions = 0;  //!< bit c set: has condition c
  double frailty = 1;
  double risk = 1;
  int months = 12;
  std::array<std::uint32_t, kCategoryCount> counts{};
  CategoryValues claims{};

  double total_claims() const {
    double sum = 0;
    for (double c : claims) sum += c;
    return sum;
  }
};

//! What can watch the member-years: anything callable with a MemberYear.
template <class F>
concept MemberYearObserver = std::invocable<F&, const MemberYear&>;

//! A non-owning reference to an observer of member-years, or none (the default: the engine's
//! hot path, which then neither builds the record nor calls anything). It refers to the
//! callable it was made from, so it must not outlive it; a lambda written in the call of
//! simulate_block lives until the call returns.
class MemberYearVisitor {
 public:
  MemberYearVisitor() = default;
  template <class F>
  requires(!std::same_as<std::remove_cvref_t<F>, MemberYearVisitor> && MemberYearObserver<F>)
      MemberYearVisitor(F&& observer)  // NOLINT: implicit, so that callers pass a lambda
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(observer)))),
        call_([](void* object, const MemberYear& r) { (*static_cast<std::remove_reference_t<F>*>(object))(r); }) {}

  explicit operator bool() const { return call_ != nullptr; }
  void operator()(const MemberYear& r) const { call_(object_, r); }

 private:
  void* object_ = nullptr;
  void (*call_)(void*, const MemberYear&) = nullptr;
};

//! Simulates slots [first_slot, first_slot + count) of one replication through every year,
//! adding to tallies[segment x total_years + year] (tallies.size() == model.segments x
//! model.total_years; one segment per payer) and calling visit(record) for every member-year
//! when a visitor is given.
void simulate_block(const PopulationModel& model, StreamIds ids, std::int64_t first_slot, std::size_t count,
                    std::span<YearTally> tallies, MemberYearVisitor visit = {});

}  // namespace pmsim
