#pragma once
//! \file lanes_targets.h
//! The Highway targets compiled into the many-lane functions of the random layer
//! (philox_lanes.h, math_lanes.h), shared so that each lists and checks them the same way.
//! Plain C++: Highway stays in lanes_targets.cpp.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pmsim::lanes_targets {

struct Target {
  std::int64_t id;  //!< Highway's HWY_* bit
  const char* name;
  bool supported;  //!< whether this CPU can run it
};

//! The compiled targets, best first; the portable fallback (EMU128 or SCALAR) last. What the
//! CPU supports is detected once, at the first call.
std::vector<Target> compiled();

//! The name of the target HWY_DYNAMIC_DISPATCH chooses: the best this CPU supports, or the
//! one use_target chose.
const char* dispatched_name();

//! The index of `target` in a table of HWY_EXPORT (HWY_DISPATCH_TABLE(name)[index]).
std::size_t table_index(std::int64_t target);

//! std::invalid_argument naming `what` if `target` is not compiled in or not supported.
void require_supported(std::int64_t target, const char* what);

//! The target's name on pmsim's command line: "scalar" for the portable fallback, else
//! Highway's ("AVX3", "AVX2", "SSE4", "SSSE3").
std::string command_line_name(const Target& target);

//! The compiled target called `name` (Highway's name, any case: "AVX3", "AVX2", "SSE4", ...;
//! "scalar" is the portable fallback, whichever it is), or std::invalid_argument listing
//! the names this CPU can run.
std::int64_t target_named(const std::string& name);

//! From now on, in the whole process, every many-lane function runs on `target` (a supported
//! one: require_supported), or on the best the CPU has again when `target` is 0. Results do
//! not depend on it (the functions give the same bits on every target): speed does.
void use_target(std::int64_t target);

}  // namespace pmsim::lanes_targets
