#pragma once
//! \file math_lanes.h
//! exp, log and square root of many doubles at once, vectorised with Google Highway and
//! dispatched at run time like philox_lanes.h. The result bits are the same on every target
//! (AVX-512, AVX2, SSE4, SSSE3, the portable fallback). exp and log are our own polynomials
//! (fdlibm's e_exp.c and e_log.c schemes, branch-free), each operation an IEEE multiply, add,
//! subtract or divide, no FMA (the project is compiled with -ffp-contract=off), no libm. Error
//! below 1 ULP against the correctly rounded value in fdlibm's analysis;
//! tests/random/math_lanes_test.cpp checks <= 1 ULP against std::exp / std::log. The square
//! root is IEEE's, correctly rounded. Highway stays inside math_lanes.cpp.
//!
//! The generator uses them directly (frailty powers, survival) and through the samplers
//! (sampler_lanes.h, whose vector code shares math_vec-inl.h with this file).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "random/lanes_targets.h"

namespace pmsim {

//! out[i] = exp(x[i]) for i < n. x > 709.782712893384 (the largest x with a finite exp)
//! gives +inf; x < -745.1332191019411 gives +0; results below DBL_MIN are subnormal
//! (rounded twice, so within 1 ULP of the subnormal spacing); NaN gives NaN (quieted).
//! out may be x (in place); other overlaps are not allowed.
void exp_lanes(const double* x, std::size_t n, double* out);

//! out[i] = log(x[i]) for i < n. log(+-0) = -inf, log(+inf) = +inf, x < 0 gives the default
//! quiet NaN, NaN gives NaN (quieted); subnormal x is scaled by 2^54 first (full accuracy).
//! out may be x (in place); other overlaps are not allowed.
void log_lanes(const double* x, std::size_t n, double* out);

//! out[i] = sqrt(x[i]) for i < n: IEEE square root, correctly rounded, so the bits of
//! std::sqrt (x < 0 gives NaN). out may be x (in place); other overlaps are not allowed.
void sqrt_lanes(const double* x, std::size_t n, double* out);

//! The Highway target exp_lanes, log_lanes and sqrt_lanes run on, on this CPU.
const char* math_lanes_target_name();

//! For tests and benchmarks: every target compiled in (as philox_lanes_targets::compiled),
//! and each one's functions.
namespace math_lanes_targets {
using Target = lanes_targets::Target;
std::vector<Target> compiled();
//! The doubles one vector of `target` holds (8 on AVX3, 4 on AVX2, 2 on SSE4, 1 on SCALAR).
std::size_t lanes_of(std::int64_t target);
//! exp_lanes / log_lanes / sqrt_lanes on one target, which must be supported
//! (std::invalid_argument if not).
void exp_on(std::int64_t target, const double* x, std::size_t n, double* out);
void log_on(std::int64_t target, const double* x, std::size_t n, double* out);
void sqrt_on(std::int64_t target, const double* x, std::size_t n, double* out);
}  // namespace math_lanes_targets

}  // namespace pmsim
