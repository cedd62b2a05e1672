// Rows of n values on Highway vectors of doubles, a vector at a time with the tail through a
// buffer: the loads, stores and loop every many-lane kernel shares (the samplers'
// lane_words-inl.h, math_lanes.cpp, population/rate_lanes.cpp). A Highway "-inl.h" header:
// included once per target by a .cpp that foreach_target.h re-includes, after hwy/highway.h.

// Per-target include guard (see philox_vec-inl.h).
#if defined(PMSIM_RANDOM_LANE_ROWS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PMSIM_RANDOM_LANE_ROWS_INL_H_
#undef PMSIM_RANDOM_LANE_ROWS_INL_H_
#else
#define PMSIM_RANDOM_LANE_ROWS_INL_H_
#endif

#include <hwy/highway.h>

#include <cstddef>

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using D = hn::ScalableTag<double>;
using VD = hn::Vec<D>;

// Lanes [0, count) of x, the rest of the vector `pad` (the tail of n through a buffer of the
// widest vector of T).
template <class DT, class T>
HWY_INLINE hn::Vec<DT> load_padded(DT dt, const T* x, std::size_t count, T pad) {
  if (count == hn::Lanes(dt)) return hn::LoadU(dt, x);
  HWY_ALIGN T buffer[HWY_MAX_BYTES / sizeof(T)];
  for (std::size_t l = 0; l < hn::Lanes(dt); ++l) buffer[l] = l < count ? x[l] : pad;
  return hn::Load(dt, buffer);
}

// Lanes [0, count) of v into out.
template <class DT, class T>
HWY_INLINE void store_partial(DT dt, hn::Vec<DT> v, std::size_t count, T* out) {
  if (count == hn::Lanes(dt)) return hn::StoreU(v, dt, out);
  HWY_ALIGN T buffer[HWY_MAX_BYTES / sizeof(T)];
  hn::Store(v, dt, buffer);
  for (std::size_t l = 0; l < count; ++l) out[l] = buffer[l];
}

// Each vector of doubles of a row of n: kernel(i, count), lanes [i, i + count).
template <class Kernel>
HWY_INLINE void by_vectors(std::size_t n, const Kernel& kernel) {
  const std::size_t lanes = hn::Lanes(D());
  for (std::size_t i = 0; i < n; i += lanes) kernel(i, n - i < lanes ? n - i : lanes);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#endif  // PMSIM_RANDOM_LANE_ROWS_INL_H_
