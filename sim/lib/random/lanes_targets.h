#pragma once
//! \file lanes_targets.h
//! The Highway targets compiled into the many-lane functions of the random layer
//! (philox_lanes.h, math_lanes.h), shared so that each lists and checks them the same way.
//! Plain C++: Highway stays in lanes_targets.cpp.

#include <cstddef>
#include <cstdint>
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

//! The name of the best target this CPU supports (the one HWY_DYNAMIC_DISPATCH chooses).
const char* dispatched_name();

//! The index of `target` in a table of HWY_EXPORT (HWY_DISPATCH_TABLE(name)[index]).
std::size_t table_index(std::int64_t target);

//! std::invalid_argument naming `what` if `target` is not compiled in or not supported.
void require_supported(std::int64_t target, const char* what);

}  // namespace pmsim::lanes_targets
