// exp, log and sqrt on Highway vectors of doubles, compiled once per target (foreach_target.h
// re-includes this file) and dispatched at run time (HWY_EXPORT, HWY_DYNAMIC_DISPATCH).
// The vector functions, exp_vec and log_vec, are in math_vec-inl.h (sampler_lanes.cpp
// uses them too); their arithmetic is the same on every target, no FMA (-ffp-contract=off).

// Every attainable target, as philox_lanes.cpp.
#ifndef HWY_COMPILE_ALL_ATTAINABLE
#define HWY_COMPILE_ALL_ATTAINABLE
#endif

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "random/math_lanes.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h

#include <hwy/highway.h>

#include "random/lane_rows-inl.h"
#include "random/lanes_targets.h"
#include "random/math_lanes.h"
#include "random/math_vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One function over n doubles, a vector at a time (the tail padded with zeros).
template <class F>
HWY_INLINE void each(const double* x, std::size_t n, double* out, F f) {
  const D d;
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    store_partial(d, f(d, load_padded(d, x + i, count, 0.0)), count, out + i);
  });
}

void ExpLanes(const double* x, std::size_t n, double* out) {
  each(x, n, out, [](auto d, auto v) { return exp_vec(d, v); });
}

void LogLanes(const double* x, std::size_t n, double* out) {
  each(x, n, out, [](auto d, auto v) { return log_vec(d, v); });
}

// IEEE square root (correctly rounded on every target): std::sqrt's bits, without the scalar
// loop's errno test that keeps the compiler from vectorising it.
void SqrtLanes(const double* x, std::size_t n, double* out) {
  each(x, n, out, [](auto, auto v) { return hn::Sqrt(v); });
}

std::size_t MathLaneCount() { return hn::Lanes(hn::ScalableTag<double>()); }

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace pmsim {

HWY_EXPORT(ExpLanes);
HWY_EXPORT(LogLanes);
HWY_EXPORT(SqrtLanes);
HWY_EXPORT(MathLaneCount);

void exp_lanes(const double* x, std::size_t n, double* out) { HWY_DYNAMIC_DISPATCH(ExpLanes)(x, n, out); }

void log_lanes(const double* x, std::size_t n, double* out) { HWY_DYNAMIC_DISPATCH(LogLanes)(x, n, out); }

void sqrt_lanes(const double* x, std::size_t n, double* out) { HWY_DYNAMIC_DISPATCH(SqrtLanes)(x, n, out); }

const char* math_lanes_target_name() { return lanes_targets::dispatched_name(); }

namespace math_lanes_targets {

std::vector<Target> compiled() { return lanes_targets::compiled(); }

std::size_t lanes_of(std::int64_t target) {
  lanes_targets::require_supported(target, "math_lanes");
  return HWY_DISPATCH_TABLE(MathLaneCount)[lanes_targets::table_index(target)]();
}

void exp_on(std::int64_t target, const double* x, std::size_t n, double* out) {
  lanes_targets::require_supported(target, "exp_lanes");
  HWY_DISPATCH_TABLE(ExpLanes)[lanes_targets::table_index(target)](x, n, out);
}

void log_on(std::int64_t target, const double* x, std::size_t n, double* out) {
  lanes_targets::require_supported(target, "log_lanes");
  HWY_DISPATCH_TABLE(LogLanes)[lanes_targets::table_index(target)](x, n, out);
}

void sqrt_on(std::int64_t target, const double* x, std::size_t n, double* out) {
  lanes_targets::require_supported(target, "sqrt_lanes");
  HWY_DISPATCH_TABLE(SqrtLanes)[lanes_targets::table_index(target)](x, n, out);
}

}  // namespace math_lanes_targets
}  // namespace pmsim
#endif  // HWY_ONCE
