#pragma once
//! \file contract_fragments.h
//! A contract's `preset: NAME` (a program's terms carried in pmsim, scenario/program_presets.h)
//! and `include: FILE` (a YAML map of contract keys, relative to the scenario file), merged into
//! the contract before it is read (internal to sim/lib/scenario; docs/scenarios.md, "Presets
//! and included files"). The contract's own keys win: each key of the fragment the contract
//! does not give is added to it, and a map both give merges the same way, key by key, unless
//! one of them is a number written as a map (a distribution, a schedule by year) or the two
//! choose different `method`s, when the contract's replaces the fragment's whole. Lists are
//! replaced whole. The fragment's `type` is the contract's; a contract that gives another is
//! an error. A value taken from a fragment is reported at the contract's `preset` or
//! `include` value, its message naming the preset or the file and line it came from.

#include <yaml-cpp/yaml.h>

#include "scenario/yaml_front_end.h"
#include "scenario/yaml_reader.h"

namespace pmsim::scenario_parser {

//! At most this many bytes are included by all the `include`s of a scenario together (as much
//! as one scenario file may have: the input stays bounded).
inline constexpr std::size_t kMaxIncludedBytes = yaml::kMaxTextBytes;

//! Merges into each contract map of `root`'s `contracts` (in place: the document's nodes are
//! changed) the preset or file it names, and records each problem into `diag`, whose file
//! name is the scenario's path (an included file is found relative to its directory). The
//! keys `preset` and `include` stay in the map: the contract reader accepts them.
void merge_contract_fragments(const YAML::Node& root, yaml::Diagnostics& diag);

}  // namespace pmsim::scenario_parser
