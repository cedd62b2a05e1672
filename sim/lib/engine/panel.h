#pragma once
//! \file panel.h
//! Simulating the panel of one replication: its members' years, in blocks that run in
//! parallel and are merged in a fixed tree that does not depend on the number of threads.

#include <cstdint>
#include <vector>

#include "claims/year_tally.h"
#include "engine/simulation.h"
#include "population/population_model.h"
#include "random/random_stream.h"

namespace pmsim {

//! The reported years (baseline first; warm-up years dropped) of one replication: summed
//! over all members, and over each payer's members when the panel has several payers.
struct PanelTallies {
  YearTallies total;
  std::vector<YearTallies> by_payer;  //!< empty when the panel has one payer
};
PanelTallies simulate_panel(const Simulation& sim, StreamIds ids);
//! The same with the population `model` (the scenario's or one of its behaviour populations).
PanelTallies simulate_panel(const PopulationModel& model, StreamIds ids);

//! simulate_panel(sim, replication).total
YearTallies simulate_population(const Simulation& sim, std::uint32_t replication);

}  // namespace pmsim
