#pragma once
//! \file philox_lanes.h
//! Philox4x32-10 for many independent blocks at once, vectorised with Google Highway and
//! dispatched at run time to the best instruction set of the CPU (AVX-512, AVX2, SSE4, or
//! Highway's portable fallback: EMU128, or SCALAR with GCC before 12.3). Every block is bit-identical to philox4x32_10
//! (philox.h). Highway stays inside philox_lanes.cpp: this header is plain C++.
//!
//! The samplers (sampler_lanes.h) run the same rounds (philox_vec-inl.h) with one lane a
//! member: counter word 2 (the slot) varies per lane, the key (the seed) and the other words
//! are common.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "random/lanes_targets.h"
#include "random/philox.h"

namespace pmsim {

//! The four words of n counters or n blocks, structure of arrays: word[j][i] is word j of
//! block i.
using PhiloxWordsIn = std::array<const std::uint32_t*, 4>;
using PhiloxWordsOut = std::array<std::uint32_t*, 4>;

//! For i < n: {out[0][i], .., out[3][i]} = philox4x32_10({counters[0][i], .., counters[3][i]}, key).
//! One key for every block. Any n (the tail below the lane count included). out[j] may be
//! counters[j] (in place); other overlaps are not allowed.
void philox4x32_10_lanes(const PhiloxWordsIn& counters, PhiloxKey key, std::size_t n, const PhiloxWordsOut& out);

//! The Highway target philox4x32_10_lanes runs on, on this CPU (e.g. "AVX3", "AVX2", "SCALAR").
const char* philox_lanes_target_name();

//! For tests and benchmarks: every target compiled in, and each one's function.
namespace philox_lanes_targets {
using Target = lanes_targets::Target;  //!< id (Highway's HWY_* bit), name, supported
//! The compiled targets, best first; the portable fallback (EMU128 or SCALAR) last. What the
//! CPU supports is detected at the first call.
std::vector<Target> compiled();
//! The blocks one vector of `target` holds (16 on AVX3, 8 on AVX2, 4 on SSE4, 1 on SCALAR);
//! std::invalid_argument if the target is not supported.
std::size_t lanes_of(std::int64_t target);
//! philox4x32_10_lanes on one target, which must be supported (std::invalid_argument if not).
void run_on(std::int64_t target, const PhiloxWordsIn& counters, PhiloxKey key, std::size_t n,
            const PhiloxWordsOut& out);
}  // namespace philox_lanes_targets

}  // namespace pmsim
