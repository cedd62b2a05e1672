// Philox4x32-10 on Highway vectors: one lane per block, ten rounds on four vectors of
// counter words. Compiled once per target (foreach_target.h re-includes this file), and
// dispatched at run time (HWY_EXPORT, HWY_DYNAMIC_DISPATCH).

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

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// The 64-bit products a[i] * m, split into their high and low 32-bit words, lane for lane
// as philox_detail::round splits them. MulEven multiplies the even u32 lanes into u64
// lanes; the odd lanes are shifted down to even first.
// (HWY_SCALAR, Highway's fallback with GCC before 12.3, has one lane: its product is one u64.)
template <class D, class V>
HWY_INLINE void mul_hi_lo(D d, V a, V m, V& hi, V& lo) {
#if HWY_TARGET == HWY_SCALAR
  const std::uint64_t p = hn::GetLane(hn::MulEven(a, m));
  hi = hn::Set(d, static_cast<std::uint32_t>(p >> 32));
  lo = hn::Set(d, static_cast<std::uint32_t>(p));
#else
  const hn::Repartition<std::uint64_t, D> d64;
  const V even = hn::BitCast(d, hn::MulEven(a, m));  // 2i: lo(a[2i] m), 2i+1: hi(a[2i] m)
  const V a_odd = hn::BitCast(d, hn::ShiftRight<32>(hn::BitCast(d64, a)));
  const V odd = hn::BitCast(d, hn::MulEven(a_odd, m));  // 2i: lo(a[2i+1] m), 2i+1: hi(a[2i+1] m)
  lo = hn::OddEven(hn::BitCast(d, hn::ShiftLeft<32>(hn::BitCast(d64, odd))), even);
  hi = hn::OddEven(odd, hn::BitCast(d, hn::ShiftRight<32>(hn::BitCast(d64, even))));
#endif
}

// Ten rounds on one vector of blocks; keys[r] is the key of round r.
template <class D, class V>
HWY_INLINE void blocks(D d, const std::array<PhiloxKey, 10>& keys, V& c0, V& c1, V& c2, V& c3) {
  const V m0 = hn::Set(d, philox_detail::kMultiplier0);
  const V m1 = hn::Set(d, philox_detail::kMultiplier1);
  for (const PhiloxKey& k : keys) {
    V hi0, lo0, hi1, lo1;
    mul_hi_lo(d, c0, m0, hi0, lo0);
    mul_hi_lo(d, c2, m1, hi1, lo1);
    const V n0 = hn::Xor(hn::Xor(hi1, c1), hn::Set(d, k[0]));
    const V n2 = hn::Xor(hn::Xor(hi0, c3), hn::Set(d, k[1]));
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
  }
}

void PhiloxLanes(const PhiloxWordsIn& in, PhiloxKey key, std::size_t n, const PhiloxWordsOut& out) {
  const hn::ScalableTag<std::uint32_t> d;
  std::array<PhiloxKey, 10> keys;
  keys[0] = key;
  for (std::size_t r = 1; r < keys.size(); ++r) {
    keys[r] = {keys[r - 1][0] + philox_detail::kWeyl0, keys[r - 1][1] + philox_detail::kWeyl1};
  }
  const std::size_t lanes = hn::Lanes(d);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    auto c0 = hn::LoadU(d, in[0] + i), c1 = hn::LoadU(d, in[1] + i);
    auto c2 = hn::LoadU(d, in[2] + i), c3 = hn::LoadU(d, in[3] + i);
    blocks(d, keys, c0, c1, c2, c3);
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
  blocks(d, keys, c0, c1, c2, c3);
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
