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
#include "random/lane_rows-inl.h"
#include "random/lanes_targets.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// The factor of lanes [i, i + count), in rate_lanes.h's order.
HWY_INLINE VD factor_of(D d, const RateFactors& f, std::size_t i, std::size_t count) {
  const hn::Rebind<std::uint8_t, D> d8;
  const hn::Rebind<std::uint32_t, D> d32;  // (Highway 1.0.3 promotes u8 to u32, u32 to u64)
  const hn::RebindToUnsigned<D> du;
  const auto died = hn::PromoteTo(du, hn::PromoteTo(d32, load_padded(d8, f.died + i, count, std::uint8_t{0})));
  const auto dies = hn::RebindMask(d, hn::Ne(died, hn::Zero(du)));
  const VD eol = hn::IfThenElse(dies, hn::Set(d, f.end_of_life), hn::Set(d, 1.0));
  const VD power = hn::Mul(load_padded(d, f.power + i, count, 1.0), hn::Set(d, f.moment_inverse));
  return hn::Mul(hn::Mul(hn::Mul(load_padded(d, f.utilization + i, count, 1.0), power), eol),
                 hn::Set(d, f.year_factor));
}

void RateFactorsLanes(const RateFactors& f, std::size_t n, double* factor) {
  const D d;
  by_vectors(n,
             [&](std::size_t i, std::size_t count) { store_partial(d, factor_of(d, f, i, count), count, factor + i); });
}

bool ExpectedCountsLanes(const RateFactors& f, double rate, const double* person, std::size_t n, double limit,
                         double* mean) {
  const D d;
  auto within = hn::FirstN(d, hn::Lanes(d));  // every lane so far; Le is false for NaN
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    const VD m = hn::Mul(hn::Mul(hn::Set(d, rate), load_padded(d, person + i, count, 0.0)), factor_of(d, f, i, count));
    within = hn::And(within, hn::Or(hn::Le(m, hn::Set(d, limit)), hn::Not(hn::FirstN(d, count))));  // lanes of n only
    store_partial(d, m, count, mean + i);
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
