// Philox4x32-10 rounds on Highway vectors of u32 counter words, one lane a block: the code
// philox_lanes.cpp and sampler_lanes.cpp share. A Highway "-inl.h" header: included once
// per target by a .cpp that foreach_target.h re-includes, after hwy/highway.h.

// Per-target include guard: HWY_TARGET_TOGGLE flips each time foreach_target.h moves on to
// the next target, so the body is compiled once in every target's namespace.
#if defined(PMSIM_RANDOM_PHILOX_VEC_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PMSIM_RANDOM_PHILOX_VEC_INL_H_
#undef PMSIM_RANDOM_PHILOX_VEC_INL_H_
#else
#define PMSIM_RANDOM_PHILOX_VEC_INL_H_
#endif

#include <hwy/highway.h>

#include <array>
#include <cstdint>

#include "random/philox.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// The keys of the ten rounds (the Weyl sequence from `key`), as philox4x32_10 bumps them.
inline std::array<PhiloxKey, 10> philox_round_keys(PhiloxKey key) {
  std::array<PhiloxKey, 10> keys;
  keys[0] = key;
  for (std::size_t r = 1; r < keys.size(); ++r) {
    keys[r] = {keys[r - 1][0] + philox_detail::kWeyl0, keys[r - 1][1] + philox_detail::kWeyl1};
  }
  return keys;
}

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

// Ten rounds on one vector of blocks (in place); keys[r] is the key of round r.
template <class D, class V>
HWY_INLINE void philox_rounds(D d, const std::array<PhiloxKey, 10>& keys, V& c0, V& c1, V& c2, V& c3) {
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

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#endif  // PMSIM_RANDOM_PHILOX_VEC_INL_H_
