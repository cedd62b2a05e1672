// The rate products of rate_lanes.h on Highway vectors of doubles, one lane a member,
// compiled once per target (foreach_target.h re-includes this file) and dispatched at run
// time, as random/math_lanes.cpp.

// Every attainable target, as random/philox_lanes.cpp.
#ifndef HWY_COMPILE_ALL_ATTAINABLE
#define HWY_COMPILE_ALL_ATTAINABLE
#endif

#include <cstddef>
#include <cstdint>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "population/rate_lanes.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h

#include <hwy/highway.h>

#include "population/rate_lanes.h"
#include "random/lanes_targets.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using D = hn::ScalableTag<double>;
using VD = hn::Vec<D>;

// (Internal: random's lane_words-inl.h has helpers of the same names in this namespace.)
namespace {

// Lanes [i, i + count) of x, the rest `pad` (the tail of a row through a buffer).
template <class DT, class T>
HWY_INLINE hn::Vec<DT> load_row(DT dt, const T* x, std::size_t i, std::size_t count, T pad) {
  if (count == hn::Lanes(dt)) return hn::LoadU(dt, x + i);
  HWY_ALIGN T buffer[HWY_MAX_BYTES / sizeof(T)];
  for (std::size_t l = 0; l < hn::Lanes(dt); ++l) buffer[l] = l < count ? x[i + l] : pad;
  return hn::Load(dt, buffer);
}

HWY_INLINE void store_row(D d, VD v, std::size_t i, std::size_t count, double* out) {
  if (count == hn::Lanes(d)) return hn::StoreU(v, d, out + i);
  HWY_ALIGN double buffer[HWY_MAX_BYTES / sizeof(double)];
  hn::Store(v, d, buffer);
  for (std::size_t l = 0; l < count; ++l) out[i + l] = buffer[l];
}

// The factor of lanes [i, i + count), in rate_lanes.h's order.
HWY_INLINE VD factor_of(D d, const RateFactors& f, std::size_t i, std::size_t count) {
  const hn::Rebind<std::uint8_t, D> d8;
  const hn::Rebind<std::uint32_t, D> d32;  // (Highway 1.0.3 promotes u8 to u32, u32 to u64)
  const hn::RebindToUnsigned<D> du;
  const auto died = hn::PromoteTo(du, hn::PromoteTo(d32, load_row(d8, f.died, i, count, std::uint8_t{0})));
  const auto dies = hn::RebindMask(d, hn::Ne(died, hn::Zero(du)));
  const VD eol = hn::IfThenElse(dies, hn::Set(d, f.end_of_life), hn::Set(d, 1.0));
  const VD power = hn::Mul(load_row(d, f.power, i, count, 1.0), hn::Set(d, f.moment_inverse));
  return hn::Mul(hn::Mul(hn::Mul(load_row(d, f.utilization, i, count, 1.0), power), eol), hn::Set(d, f.year_factor));
}

template <class Kernel>
HWY_INLINE void by_vectors(std::size_t n, const Kernel& kernel) {
  const std::size_t lanes = hn::Lanes(D());
  for (std::size_t i = 0; i < n; i += lanes) kernel(i, n - i < lanes ? n - i : lanes);
}

}  // namespace

void RateFactorsLanes(const RateFactors& f, std::size_t n, double* factor) {
  const D d;
  by_vectors(n, [&](std::size_t i, std::size_t count) { store_row(d, factor_of(d, f, i, count), i, count, factor); });
}

bool ExpectedCountsLanes(const RateFactors& f, double rate, const double* person, std::size_t n, double limit,
                         double* mean) {
  const D d;
  auto within = hn::FirstN(d, hn::Lanes(d));  // every lane so far; Le is false for NaN
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    const VD m = hn::Mul(hn::Mul(hn::Set(d, rate), load_row(d, person, i, count, 0.0)), factor_of(d, f, i, count));
    within = hn::And(within, hn::Or(hn::Le(m, hn::Set(d, limit)), hn::Not(hn::FirstN(d, count))));  // lanes of n only
    store_row(d, m, i, count, mean);
  });
  return hn::AllTrue(d, within);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace pmsim {

HWY_EXPORT(RateFactorsLanes);
HWY_EXPORT(ExpectedCountsLanes);

void rate_factors_lanes(const RateFactors& f, std::size_t n, double* factor) {
  HWY_DYNAMIC_DISPATCH(RateFactorsLanes)(f, n, factor);
}

bool expected_counts_lanes(const RateFactors& f, double rate, const double* person, std::size_t n, double limit,
                           double* mean) {
  return HWY_DYNAMIC_DISPATCH(ExpectedCountsLanes)(f, rate, person, n, limit, mean);
}

namespace rate_lanes_targets {

void rate_factors_on(std::int64_t target, const RateFactors& f, std::size_t n, double* factor) {
  lanes_targets::require_supported(target, "rate_factors_lanes");
  HWY_DISPATCH_TABLE(RateFactorsLanes)[lanes_targets::table_index(target)](f, n, factor);
}

bool expected_counts_on(std::int64_t target, const RateFactors& f, double rate, const double* person, std::size_t n,
                        double limit, double* mean) {
  lanes_targets::require_supported(target, "expected_counts_lanes");
  return HWY_DISPATCH_TABLE(ExpectedCountsLanes)[lanes_targets::table_index(target)](f, rate, person, n, limit, mean);
}

}  // namespace rate_lanes_targets
}  // namespace pmsim
#endif  // HWY_ONCE
