#pragma once
//! \file scalar_generator.h
//! The generator before issue 13, one member at a time (scalar_generator.cpp): the reference
//! the vectorised generator's speed is measured against (bench/engine_bench.cpp). Same
//! contract as pmsim::simulate_block (population/population_generator.h); its draws differ.

#include "population/population_generator.h"

namespace pmsim::scalar_reference {

void simulate_block(const PopulationModel& model, StreamIds ids, std::int64_t first_slot, std::size_t count,
                    std::span<YearTally> tallies, MemberYearVisitor visit = {});

}  // namespace pmsim::scalar_reference
