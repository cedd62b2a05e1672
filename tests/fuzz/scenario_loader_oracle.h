#pragma once
//! \file scenario_loader_oracle.h
//! What the scenario loader promises for any bytes, as one check shared by the fuzz target
//! (scenario_loader_fuzz.cpp, libFuzzer) and the replay test that runs the corpora in
//! ./scripts/test (docs/reliability/fuzz.md).

#include <optional>
#include <string>
#include <string_view>

namespace pmsim::fuzz {

//! Loads `bytes` as a scenario file and checks the loader's promises: it either refuses the
//! text with a ScenarioError (the file:line error a user sees) or accepts it, and then
//!  - the round trip holds: parse(to_yaml(s)) == s, and to_yaml is stable;
//!  - the scenario compiles into a Simulation, and a shrunken copy of it (at most 40
//!    members, one replication) runs with every result finite.
//! nullopt when every promise holds; otherwise a description of the one broken (a crash, a
//! hang or a sanitizer report is found by the caller's tools, not here).
std::optional<std::string> scenario_loader_finding(std::string_view bytes);

}  // namespace pmsim::fuzz
