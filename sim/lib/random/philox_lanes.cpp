// Philox4x32-10 on Highway vectors: one lane per block, ten rounds on four vectors of
// counter words (philox_vec-inl.h, shared with sampler_lanes.cpp). Compiled once per target
// (foreach_target.h re-includes this file), and dispatched at run time (HWY_EXPORT,
// HWY_DYNAMIC_DISPATCH).

// Every attainable target, the portable fallback included (EMU128, or HWY_SCALAR with GCC
// before 12.3), so that tests can compare each one with the scalar Philox and the binary
// runs on any x86-64.
#ifndef HWY_COMPILE_ALL_ATTAINABLE
#define HWY_COMPILE_ALL_ATTAINABLE
#endif

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "random/philox_lanes.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h

#include <hwy/highway.h>

#include "random/lanes_targets.h"
#include "random/philox_lanes.h"
#include "random/philox_vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void PhiloxLanes(const PhiloxWordsIn& in, PhiloxKey key, std::size_t n, const PhiloxWordsOut& out) {
  const hn::ScalableTag<std::uint32_t> d;
  const std::array<PhiloxKey, 10> keys = philox_round_keys(key);
  const std::size_t lanes = hn::Lanes(d);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    auto c0 = hn::LoadU(d, in[0] + i), c1 = hn::LoadU(d, in[1] + i);
    auto c2 = hn::LoadU(d, in[2] + i), c3 = hn::LoadU(d, in[3] + i);
    philox_rounds(d, keys, c0, c1, c2, c3);
    hn::StoreU(c0, d, out[0] + i);
    hn::StoreU(c1, d, out[1] + i);
    hn::StoreU(c2, d, out[2] + i);
    hn::StoreU(c3, d, out[3] + i);
  }
  if (i == n) return;
  // The tail, fewer blocks than lanes: through a full vector of copies (zeros beyond n).
  constexpr std::size_t kMaxLanes = HWY_MAX_BYTES / sizeof(std::uint32_t);
  HWY_ALIGN std::uint32_t buffer[4][kMaxLanes] = {};
  const std::size_t rest = n - i;
  for (std::size_t j = 0; j < 4; ++j) {
    for (std::size_t l = 0; l < rest; ++l) buffer[j][l] = in[j][i + l];
  }
  auto c0 = hn::Load(d, buffer[0]), c1 = hn::Load(d, buffer[1]);
  auto c2 = hn::Load(d, buffer[2]), c3 = hn::Load(d, buffer[3]);
  philox_rounds(d, keys, c0, c1, c2, c3);
  hn::Store(c0, d, buffer[0]);
  hn::Store(c1, d, buffer[1]);
  hn::Store(c2, d, buffer[2]);
  hn::Store(c3, d, buffer[3]);
  for (std::size_t j = 0; j < 4; ++j) {
    for (std::size_t l = 0; l < rest; ++l) out[j][i + l] = buffer[j][l];
  }
}

std::size_t PhiloxLaneCount() { return hn::Lanes(hn::ScalableTag<std::uint32_t>()); }

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace pmsim {

HWY_EXPORT(PhiloxLanes);
HWY_EXPORT(PhiloxLaneCount);

void philox4x32_10_lanes(const PhiloxWordsIn& counters, PhiloxKey key, std::size_t n, const PhiloxWordsOut& out) {
  HWY_DYNAMIC_DISPATCH(PhiloxLanes)(counters, key, n, out);
}

const char* philox_lanes_target_name() { return lanes_targets::dispatched_name(); }

namespace philox_lanes_targets {

std::vector<Target> compiled() { return lanes_targets::compiled(); }

std::size_t lanes_of(std::int64_t target) {
  lanes_targets::require_supported(target, "philox4x32_10_lanes");
  return HWY_DISPATCH_TABLE(PhiloxLaneCount)[lanes_targets::table_index(target)]();
}

void run_on(std::int64_t target, const PhiloxWordsIn& counters, PhiloxKey key, std::size_t n,
            const PhiloxWordsOut& out) {
  lanes_targets::require_supported(target, "philox4x32_10_lanes");
  const auto function = HWY_DISPATCH_TABLE(PhiloxLanes)[lanes_targets::table_index(target)];
  function(counters, key, n, out);
}

}  // namespace philox_lanes_targets
}  // namespace pmsim
#endif  // HWY_ONCE
