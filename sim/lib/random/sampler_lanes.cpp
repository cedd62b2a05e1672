// The samplers of sampler_lanes.h on Highway vectors of doubles, one lane a member, compiled
// once per target (foreach_target.h re-includes this file) and dispatched at run time.
//
// The same bits on every target: a lane's result depends on its own inputs and stream only.
// Retry loops run in lockstep until every lane of the vector is done, so try t reads the
// same word indices in every lane; lanes that are done are masked, never branched on.
// Expensive branches (log, the rejection tests, the tails) run only when some lane needs
// them, which changes how fast a vector is done, never what a lane gets. Arithmetic: IEEE
// Add, Sub, Mul, Div, Sqrt, Floor, integer bits, compares and selects; no MulAdd, no
// Min/Max, exp and log from math_vec-inl.h, Philox from philox_vec-inl.h.

// Every attainable target, as philox_lanes.cpp.
#ifndef HWY_COMPILE_ALL_ATTAINABLE
#define HWY_COMPILE_ALL_ATTAINABLE
#endif

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "random/sampler_lanes.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h

#include <hwy/highway.h>

#include "random/lanes_targets.h"
#include "random/math_vec-inl.h"
#include "random/philox_vec-inl.h"
#include "random/sampler_lanes.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using D = hn::ScalableTag<double>;
using DU32 = hn::Rebind<std::uint32_t, D>;  // one u32 a double lane
using DU64 = hn::RebindToUnsigned<D>;
using VD = hn::Vec<D>;
using MD = hn::Mask<D>;
using VU32 = hn::Vec<DU32>;
constexpr double kTwo52 = 4503599627370496.0;
constexpr std::uint64_t kTwo52Bits = 0x4330000000000000ull;

// ---- Loads, stores and conversions ----------------------------------------------------

// Lanes [0, count) of x, the rest of the vector `pad` (the tail of n through a buffer of the
// widest vector of T).
template <class DT, class T>
HWY_INLINE hn::Vec<DT> load_padded(DT dt, const T* x, std::size_t count, T pad) {
  if (count == hn::Lanes(dt)) return hn::LoadU(dt, x);
  HWY_ALIGN T buffer[HWY_MAX_BYTES / sizeof(T)];
  for (std::size_t l = 0; l < hn::Lanes(dt); ++l) buffer[l] = l < count ? x[l] : pad;
  return hn::Load(dt, buffer);
}

template <class DT, class T>
HWY_INLINE void store_partial(DT dt, hn::Vec<DT> v, std::size_t count, T* out) {
  if (count == hn::Lanes(dt)) return hn::StoreU(v, dt, out);
  HWY_ALIGN T buffer[HWY_MAX_BYTES / sizeof(T)];
  hn::Store(v, dt, buffer);
  for (std::size_t l = 0; l < count; ++l) out[l] = buffer[l];
}

// u32 lanes as exact doubles: 2^52 + w has w in its low mantissa bits.
HWY_INLINE VD to_double(D d, VU32 w) {
  const DU64 du;
  return hn::Sub(hn::BitCast(d, hn::Or(hn::PromoteTo(du, w), hn::Set(du, kTwo52Bits))), hn::Set(d, kTwo52));
}

// Integer-valued doubles in [0, 2^32) as u32 (the low bits of 2^52 + k).
HWY_INLINE VU32 to_u32(D d, VD k) {
  const DU64 du;
  const DU32 d32;
  return hn::TruncateTo(d32, hn::BitCast(du, hn::Add(k, hn::Set(d, kTwo52))));
}

// Each lane's block i of `count` lanes at a time: kernel(i, count).
template <class Kernel>
HWY_INLINE void by_vectors(std::size_t n, const Kernel& kernel) {
  const std::size_t lanes = hn::Lanes(D());
  for (std::size_t i = 0; i < n; i += lanes) kernel(i, n - i < lanes ? n - i : lanes);
}

// ---- The lanes' streams -----------------------------------------------------------------

// Word w of each lane's stream, exactly as RandomStream draws it: element w % 4 of Philox
// block w / 4 of counter {w / 4, (year << 16) | purpose, slot, replication}. The words are
// read in lockstep, so the block index is common to the lanes; the last block is kept.
// With `pairs`, blocks 2j and 2j + 1 come from one Philox call on a u32 vector twice as wide
// (its halves), for the callers that read more than four words a lane; the words are the same.
class LaneWords {
 public:
  LaneWords(const std::array<PhiloxKey, 10>& keys, const LaneStreams& streams, VU32 slots, bool pairs = false)
      : keys_(keys),
        purpose_((static_cast<std::uint32_t>(streams.year) << 16) | streams.purpose),
        replication_(streams.replication),
        slots_(slots),
        words_{slots, slots, slots, slots},
        pairs_(pairs) {}

  HWY_INLINE VU32 word(std::size_t w) {
#if HWY_TARGET != HWY_SCALAR
    if (pairs_) {
      if (w / 8 != pair_) compute_pair(w / 8);
      const hn::Half<DU32F> half;
      return (w / 4) % 2 == 0 ? hn::LowerHalf(half, pair_words_[w % 4]) : hn::UpperHalf(half, pair_words_[w % 4]);
    }
#endif
    if (w / 4 != block_) {
      block_ = w / 4;
      const DU32 d32;
      if (block_ == 0 && first_[0] != nullptr) {  // computed before, a wider vector at a time
        for (int j = 0; j < 4; ++j) words_[j] = hn::LoadU(d32, first_[j]);
        return words_[w % 4];
      }
      words_[0] = hn::Set(d32, static_cast<std::uint32_t>(block_));
      words_[1] = hn::Set(d32, purpose_);
      words_[2] = slots_;
      words_[3] = hn::Set(d32, replication_);
      philox_rounds(d32, keys_, words_[0], words_[1], words_[2], words_[3]);
    }
    return words_[w % 4];
  }

  //! Block 0 of the lanes is first[j][0 .. lanes) (word j): computed by first_blocks.
  void use_first_block(const std::array<const std::uint32_t*, 4>& first) { first_ = first; }

  // RandomStream::to_open_unit(word w): (w + 0.5) 2^-32, exact.
  HWY_INLINE VD uniform(std::size_t w) {
    const D d;
    return hn::Mul(hn::Add(to_double(d, word(w)), hn::Set(d, 0.5)), hn::Set(d, 0x1p-32));
  }

 private:
#if HWY_TARGET != HWY_SCALAR
  using DU32F = hn::Twice<DU32>;
  HWY_INLINE void compute_pair(std::size_t pair) {
    pair_ = pair;
    const DU32F df;
    const DU32 d32;
    const auto first = hn::Set(d32, static_cast<std::uint32_t>(2 * pair));
    const auto second = hn::Set(d32, static_cast<std::uint32_t>(2 * pair + 1));
    pair_words_[0] = hn::Combine(df, second, first);
    pair_words_[1] = hn::Set(df, purpose_);
    pair_words_[2] = hn::Combine(df, slots_, slots_);
    pair_words_[3] = hn::Set(df, replication_);
    philox_rounds(df, keys_, pair_words_[0], pair_words_[1], pair_words_[2], pair_words_[3]);
  }
  hn::Vec<DU32F> pair_words_[4];
  std::size_t pair_ = ~std::size_t{0};
#endif
  const std::array<PhiloxKey, 10>& keys_;
  std::uint32_t purpose_, replication_;
  VU32 slots_;
  VU32 words_[4];
  std::size_t block_ = ~std::size_t{0};
  bool pairs_;
  std::array<const std::uint32_t*, 4> first_{};
};

std::array<PhiloxKey, 10> keys_of(const LaneStreams& streams) {
  return philox_round_keys({static_cast<std::uint32_t>(streams.seed), static_cast<std::uint32_t>(streams.seed >> 32)});
}

// ---- Lanes sorted by method -----------------------------------------------------------

// The lanes of one call that one method draws, copied together so that a vector holds lanes
// of one method only (a vector runs each method some lane of it needs, and waits for its
// slowest lane): where each lane came from, its parameters and its slot. A lane's result
// depends on its own parameters and stream only, so which vector holds it changes nothing.
struct Picked {
  std::vector<std::uint32_t> at, slot;
  std::vector<double> x, y, z, result;
  std::vector<std::uint8_t> flag;                   //!< a yes or no of the method's own (binomial: reflected)
  std::array<std::vector<std::uint32_t>, 4> first;  //!< block 0 of each lane's stream (first_blocks)
  std::size_t count = 0;
  //! Room for the n lanes of a call, none picked yet, and for the vectors of full width
  //! (u32: HWY_MAX_BYTES / 4 lanes) that first_blocks reads and writes past the last lane.
  void start(std::size_t n) {
    const std::size_t room = n + HWY_MAX_BYTES / sizeof(std::uint32_t);
    if (at.size() < room) {
      for (auto* v : {&at, &slot}) v->resize(room);
      flag.resize(room);
      for (auto* v : {&x, &y, &z, &result}) v->resize(room);
      for (auto& v : first) v.resize(room);
    }
    count = 0;
  }
  HWY_INLINE void add(std::size_t i, double a, double b, double c, std::uint32_t s, bool f = false) {
    at[count] = static_cast<std::uint32_t>(i), x[count] = a, y[count] = b, z[count] = c, slot[count] = s;
    flag[count] = f;
    ++count;
  }
  std::size_t size() const { return count; }
};

// Per thread and per target (this file is compiled once a target): the lists of a call,
// each with room for n lanes.
constexpr std::size_t kLists = 5;
std::array<Picked, kLists>& picked_lists(std::size_t n) {
  thread_local std::array<Picked, kLists> lists;
  for (Picked& p : lists) p.start(n);
  return lists;
}

// Block 0 of the picked lanes' streams (words 0 to 3: the first try of PTRS, BTRD and the
// gamma sampler), into p.first, with u32 vectors of full width: twice the lanes of the
// double vectors the methods run on, so half the Philox rounds a lane.
HWY_INLINE void first_blocks(Picked& p, const std::array<PhiloxKey, 10>& keys, const LaneStreams& streams) {
  const hn::ScalableTag<std::uint32_t> d32;
  const std::size_t lanes = hn::Lanes(d32);
  const auto purpose = hn::Set(d32, (static_cast<std::uint32_t>(streams.year) << 16) | streams.purpose);
  const auto replication = hn::Set(d32, streams.replication);
  for (std::size_t i = 0; i < p.size(); i += lanes) {
    auto c0 = hn::Zero(d32), c1 = purpose, c3 = replication;
    auto c2 = hn::LoadU(d32, p.slot.data() + i);  // past the last lane: the room of start()
    philox_rounds(d32, keys, c0, c1, c2, c3);
    hn::StoreU(c0, d32, p.first[0].data() + i);
    hn::StoreU(c1, d32, p.first[1].data() + i);
    hn::StoreU(c2, d32, p.first[2].data() + i);
    hn::StoreU(c3, d32, p.first[3].data() + i);
  }
}

// A LaneWords for the picked lanes from i on, block 0 from first_blocks.
HWY_INLINE LaneWords picked_words(const Picked& p, std::size_t i, const std::array<PhiloxKey, 10>& keys,
                                  const LaneStreams& streams, VU32 slots) {
  LaneWords words(keys, streams, slots);
  words.use_first_block({p.first[0].data() + i, p.first[1].data() + i, p.first[2].data() + i, p.first[3].data() + i});
  return words;
}

// method(i, x, y, z, slots, lanes) on the picked lanes from i on, a vector at a time
// (padding lanes get `pad`, and are off in `lanes`), the results into p.result.
template <class Method>
HWY_INLINE void draw_picked(Picked& p, const std::array<double, 3>& pad, const Method& method) {
  const D d;
  const DU32 d32;
  by_vectors(p.size(), [&](std::size_t i, std::size_t count) {
    const VD x = load_padded(d, p.x.data() + i, count, pad[0]);
    const VD y = load_padded(d, p.y.data() + i, count, pad[1]);
    const VD z = load_padded(d, p.z.data() + i, count, pad[2]);
    const VU32 slots = load_padded(d32, p.slot.data() + i, count, 0u);
    store_partial(d, method(i, x, y, z, slots, hn::FirstN(d, count)), count, p.result.data() + i);
  });
}

// ---- Shared pieces ----------------------------------------------------------------------

HWY_INLINE bool any(D d, MD m) { return !hn::AllFalse(d, m); }

// Horner's scheme a[0] x^(n-1) + ... + a[n-1], as the scalar code writes it.
template <std::size_t kN>
HWY_INLINE VD horner(D d, const double (&a)[kN], VD x) {
  VD p = hn::Set(d, a[0]);
  for (std::size_t i = 1; i < kN; ++i) p = hn::Add(hn::Mul(p, x), hn::Set(d, a[i]));
  return p;
}

// Acklam's coefficients, as normal_inverse (samplers.cpp).
constexpr double kAcklamA[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
constexpr double kAcklamB[] = {-5.447609879822406e+01, 1.615858368580409e+02,  -1.556989798598866e+02,
                               6.680131188771972e+01,  -1.328068155288572e+01, 1.0};
constexpr double kAcklamC[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
constexpr double kAcklamD[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00, 1.0};
constexpr double kAcklamLow = 0.02425;

// normal_inverse's arithmetic in the same order; the tails only when some lane is in one.
HWY_INLINE VD normal_quantile_vec(D d, VD u) {
  const MD central = hn::And(hn::Gt(u, hn::Set(d, kAcklamLow)), hn::Lt(u, hn::Set(d, 1.0 - kAcklamLow)));
  const VD q = hn::Sub(u, hn::Set(d, 0.5));
  const VD r = hn::Mul(q, q);
  const VD x = hn::Div(hn::Mul(horner(d, kAcklamA, r), q), horner(d, kAcklamB, r));
  if (hn::AllTrue(d, central)) return x;
  const MD low = hn::Le(u, hn::Set(d, kAcklamLow));
  const VD tail = hn::IfThenElse(low, u, hn::Sub(hn::Set(d, 1.0), u));
  const VD s = hn::Sqrt(hn::Mul(hn::Set(d, -2.0), log_vec(d, tail)));
  const VD xt = hn::Div(horner(d, kAcklamC, s), horner(d, kAcklamD, s));
  return hn::IfThenElse(central, x, hn::IfThenElse(low, xt, hn::Neg(xt)));
}

// log(1 + x) for x in (-1, 0], accurate for tiny x where 1 + x rounds: log(w) corrected by
// the rounding error of w = 1 + x (w == 1 gives x).
HWY_INLINE VD log1p_vec(D d, VD x) {
  const VD one = hn::Set(d, 1.0);
  const VD w = hn::Add(one, x);
  const VD w_safe = hn::IfThenElse(hn::Eq(w, hn::Zero(d)), one, w);  // x = -1 is no input here
  return hn::Sub(log_vec(d, w_safe), hn::Div(hn::Sub(hn::Sub(w, one), x), w_safe));
}

// log(k!) for k < 16 (correctly rounded) and Stirling's correction
// log(k!) - ((k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2) for k < 16 (Boost's BTRD table,
// extended), from high-precision values.
HWY_ALIGN constexpr double kLogFactorial[16] = {0.0,
                                                0.0,
                                                0.6931471805599453,
                                                1.791759469228055,
                                                3.1780538303479458,
                                                4.787491742782046,
                                                6.579251212010101,
                                                8.525161361065415,
                                                10.60460290274525,
                                                12.801827480081469,
                                                15.104412573075516,
                                                17.502307845873887,
                                                19.987214495661885,
                                                22.552163853123425,
                                                25.19122118273868,
                                                27.89927138384089};
HWY_ALIGN constexpr double kStirlingCorrection[16] = {
    0.08106146679532726,  0.0413406959554093,    0.02767792568499834,  0.020790672103765093,
    0.016644691189821193, 0.013876128823070748,  0.01189670994589177,  0.010411265261972096,
    0.009255462182712733, 0.00833056343336287,   0.007573675487951841, 0.00694284010720953,
    0.006408994188004207, 0.0059513701127588475, 0.005554733551962801, 0.0052076559196096404};
constexpr double kTableSize = 16.0;
constexpr double kHalfLog2Pi = 0.9189385332046728;
// The Stirling series in 1/x, x = k + 1 >= 17: 1/(12x) - 1/(360x^3) + ... - 1/(1680x^7) +
// 1/(1188x^9); the next term is below 6e-17 from x = 17 on.
constexpr double kStirlingSeries[] = {8.417508417508418e-04, -5.952380952380952e-04, 7.936507936507937e-04,
                                      -2.777777777777778e-03, 8.333333333333333e-02};

// Table entries at k (integer-valued doubles, 0 <= k < 16 where `small`), 0 elsewhere.
HWY_INLINE VD table_at(D d, const double* table, VD k, MD small) {
  const DU64 du;
  const hn::RebindToSigned<D> di;
  const VD kk = hn::IfThenElseZero(small, k);
  const auto index = hn::Sub(hn::BitCast(du, hn::Add(kk, hn::Set(d, kTwo52))), hn::Set(du, kTwo52Bits));
  return hn::GatherIndex(d, table, hn::BitCast(di, index));
}

// The series part for x = k + 1 (k >= 16).
HWY_INLINE VD stirling_series(D d, VD x) {
  const VD ix = hn::Div(hn::Set(d, 1.0), x);
  return hn::Mul(horner(d, kStirlingSeries, hn::Mul(ix, ix)), ix);
}

// Stirling's correction of log(k!) (BTRD's fc) for integer-valued k >= 0.
HWY_INLINE VD stirling_correction(D d, VD k) {
  const MD small = hn::Lt(k, hn::Set(d, kTableSize));
  VD big = hn::Zero(d), table = hn::Zero(d);
  if (!hn::AllTrue(d, small)) big = stirling_series(d, hn::Add(k, hn::Set(d, 1.0)));
  if (any(d, small)) table = table_at(d, kStirlingCorrection, k, small);
  return hn::IfThenElse(small, table, big);
}

// log(k!) for integer-valued k >= 0: the table below 16, else Stirling's formula with the series.
HWY_INLINE VD log_factorial(D d, VD k) {
  const MD small = hn::Lt(k, hn::Set(d, kTableSize));
  VD big = hn::Zero(d), table = hn::Zero(d);
  if (!hn::AllTrue(d, small)) {
    const VD x = hn::Add(k, hn::Set(d, 1.0));
    big = hn::Sub(hn::Mul(hn::Add(k, hn::Set(d, 0.5)), log_vec(d, x)), x);
    big = hn::Add(hn::Add(big, hn::Set(d, kHalfLog2Pi)), stirling_series(d, x));
  }
  if (any(d, small)) table = table_at(d, kLogFactorial, k, small);
  return hn::IfThenElse(small, table, big);
}

// ---- Poisson ----------------------------------------------------------------------------

// Inversion from k = 0 in lockstep, as poisson_inverse: pmf *= mean (1 / k), cdf += pmf,
// stop at u <= cdf, or when the pmf is negligible beyond the mean (rounding left u above the
// last CDF value). All lanes still searching have the same k.
HWY_INLINE VD poisson_inversion(D d, VD mean, VD u, MD lanes) {
  VD pmf = exp_vec(d, hn::Neg(mean));
  VD cdf = pmf;
  VD k = hn::Zero(d);
  MD active = hn::And(lanes, hn::Gt(u, cdf));
  for (std::uint32_t j = 1; any(d, active); ++j) {
    const VD kj = hn::Set(d, static_cast<double>(j));
    pmf = hn::Mul(pmf, hn::Mul(mean, hn::Set(d, 1.0 / static_cast<double>(j))));
    cdf = hn::Add(cdf, pmf);
    k = hn::IfThenElse(active, kj, k);
    const MD stuck = hn::And(hn::Lt(pmf, hn::Set(d, 1e-300)), hn::Gt(kj, mean));
    active = hn::AndNot(stuck, hn::And(active, hn::Gt(u, cdf)));
  }
  return k;
}

// Hormann's PTRS (1993) for mean >= kPoissonInversionLimit: try t takes U = word 2t - 1/2 and V = word 2t + 1.
// The acceptance test log V + log(1/alpha) - log(a / us^2 + b) <= k log(mean) - mean - log k!
// takes one log of the product on the left.
HWY_INLINE VD poisson_ptrs(D d, VD mean_in, MD lanes, LaneWords& words) {
  const VD mean = hn::IfThenElse(lanes, mean_in, hn::Set(d, kPoissonInversionLimit));  // the other lanes: harmless
  const VD smu = hn::Sqrt(mean);
  const VD b = hn::Add(hn::Set(d, 0.931), hn::Mul(hn::Set(d, 2.53), smu));
  const VD a = hn::Add(hn::Set(d, -0.059), hn::Mul(hn::Set(d, 0.02483), b));
  const VD inv_alpha = hn::Add(hn::Set(d, 1.1239), hn::Div(hn::Set(d, 1.1328), hn::Sub(b, hn::Set(d, 3.4))));
  const VD vr = hn::Sub(hn::Set(d, 0.9277), hn::Div(hn::Set(d, 3.6224), hn::Sub(b, hn::Set(d, 2.0))));
  const VD two_a = hn::Mul(hn::Set(d, 2.0), a);
  const VD half = hn::Set(d, 0.5);
  VD log_mean = hn::Zero(d);
  bool have_log_mean = false;
  VD result = hn::Zero(d);
  MD active = lanes;
  for (std::size_t t = 0; any(d, active); ++t) {
    const VD u = hn::Sub(words.uniform(2 * t), half);
    const VD v = words.uniform(2 * t + 1);
    const VD us = hn::Sub(half, hn::Abs(u));
    const VD k = hn::Floor(hn::Add(hn::Add(hn::Mul(hn::Add(hn::Div(two_a, us), b), u), mean), hn::Set(d, 0.43)));
    const MD fast = hn::And(hn::Ge(us, hn::Set(d, 0.07)), hn::Le(v, vr));
    const MD reject = hn::Or(hn::Lt(k, hn::Zero(d)), hn::And(hn::Lt(us, hn::Set(d, 0.013)), hn::Gt(v, us)));
    MD accepted = hn::And(active, fast);
    const MD test = hn::AndNot(reject, hn::AndNot(fast, active));
    if (any(d, test)) {
      if (!have_log_mean) log_mean = log_vec(d, mean), have_log_mean = true;
      const VD kk = hn::IfThenElseZero(test, k);
      const VD lhs = log_vec(d, hn::Div(hn::Mul(v, inv_alpha), hn::Add(hn::Div(a, hn::Mul(us, us)), b)));
      const VD rhs = hn::Sub(hn::Sub(hn::Mul(kk, log_mean), mean), log_factorial(d, kk));
      accepted = hn::Or(accepted, hn::And(test, hn::Le(lhs, rhs)));
    }
    result = hn::IfThenElse(accepted, k, result);
    active = hn::AndNot(accepted, active);
  }
  return result;
}

// Lanes sorted by method: 0 without a draw (a mean that is not positive, or u <= 1 - mean:
// exp(-mean) >= 1 - mean, most draws of rare services, as poisson_inverse); inversion in
// three bands of the mean (a vector searches as long as its largest count; finer bands, or
// bands of a guess of the count, measured slower: more vectors part empty); PTRS.
void PoissonLanes(const double* mean, const double* u, const LaneStreams& tries, std::size_t n, std::uint32_t* out) {
  const D d;
  const auto keys = keys_of(tries);
  std::array<Picked, kLists>& lists = picked_lists(n);
  Picked& ptrs = lists[kLists - 1];
  for (std::size_t i = 0; i < n; ++i) {
    const double m = mean[i];
    out[i] = 0;
    if (m > 0.0 && m < kPoissonInversionLimit) {
      if (u[i] > 1.0 - m) lists[m < 2.0 ? 0 : m < 6.0 ? 1 : m < 14.0 ? 2 : 3].add(i, m, u[i], 0.0, 0u);
    } else if (m >= kPoissonInversionLimit) {
      ptrs.add(i, m, 0.0, 0.0, tries.slots[i]);
    }
  }
  for (std::size_t l = 0; l + 1 < kLists; ++l) {
    draw_picked(lists[l], {1.0, 0.0, 0.0},
                [&](std::size_t, VD m, VD uv, VD, VU32, MD lanes) { return poisson_inversion(d, m, uv, lanes); });
  }
  first_blocks(ptrs, keys, tries);
  draw_picked(ptrs, {kPoissonInversionLimit, 0.0, 0.0}, [&](std::size_t i, VD m, VD, VD, VU32 slots, MD lanes) {
    LaneWords words = picked_words(ptrs, i, keys, tries, slots);
    return poisson_ptrs(d, m, lanes, words);
  });
  for (const Picked& p : lists) {
    for (std::size_t j = 0; j < p.size(); ++j) out[p.at[j]] = static_cast<std::uint32_t>(p.result[j]);
  }
}

// ---- Binomial ---------------------------------------------------------------------------

// Inversion from 0 in lockstep for X ~ Bin(trials, p), p <= 1/2: pmf0 = (1 - p)^trials =
// exp(trials log1p(-p)), pmf *= (odds (trials - k + 1)) (1 / k), as binomial_inverse; stop at
// v <= cdf, at k = trials, or when the pmf is negligible beyond the mean.
HWY_INLINE VD binomial_inversion(D d, VD trials, VD p, VD mean, VD v, MD lanes) {
  const VD one = hn::Set(d, 1.0);
  VD pmf = exp_vec(d, hn::Mul(trials, log1p_vec(d, hn::Neg(p))));
  VD cdf = pmf;
  VD k = hn::Zero(d);
  const VD odds = hn::Div(p, hn::Sub(one, p));
  MD active = hn::And(lanes, hn::Gt(v, cdf));
  for (std::uint32_t j = 1; any(d, active); ++j) {
    const VD kj = hn::Set(d, static_cast<double>(j));
    const VD left = hn::Sub(trials, hn::Set(d, static_cast<double>(j - 1)));
    pmf = hn::Mul(pmf, hn::Mul(hn::Mul(odds, left), hn::Set(d, 1.0 / static_cast<double>(j))));
    cdf = hn::Add(cdf, pmf);
    k = hn::IfThenElse(active, kj, k);
    const MD stuck = hn::Or(hn::Ge(kj, trials), hn::And(hn::Lt(pmf, hn::Set(d, 1e-300)), hn::Gt(kj, mean)));
    active = hn::AndNot(stuck, hn::And(active, hn::Gt(v, cdf)));
  }
  return k;
}

// Hormann's BTRD (1993) for trials p >= 10, p <= 1/2, as Boost's binomial_distribution
// writes it: try t takes v = word 2t and, off the first squeeze, word 2t + 1 (for u when
// v >= v_r, for the new v otherwise). A k outside [0, trials] is rejected in every branch.
HWY_INLINE VD binomial_btrd(D d, VD trials_in, VD p_in, MD lanes, LaneWords& words) {
  const VD one = hn::Set(d, 1.0), half = hn::Set(d, 0.5);
  const VD n = hn::IfThenElse(lanes, trials_in, hn::Set(d, 100.0));  // the other lanes: harmless
  const VD p = hn::IfThenElse(lanes, p_in, hn::Set(d, 0.5));
  const VD n1 = hn::Add(n, one);
  const VD q = hn::Sub(one, p);
  const VD m = hn::Floor(hn::Mul(n1, p));
  const VD r = hn::Div(p, q);
  const VD nr = hn::Mul(n1, r);
  const VD npq = hn::Mul(hn::Mul(n, p), q);
  const VD sqrt_npq = hn::Sqrt(npq);
  const VD b = hn::Add(hn::Set(d, 1.15), hn::Mul(hn::Set(d, 2.53), sqrt_npq));
  const VD a = hn::Add(hn::Add(hn::Set(d, -0.0873), hn::Mul(hn::Set(d, 0.0248), b)), hn::Mul(hn::Set(d, 0.01), p));
  const VD c = hn::Add(hn::Mul(n, p), half);
  const VD alpha = hn::Mul(hn::Add(hn::Set(d, 2.83), hn::Div(hn::Set(d, 5.1), b)), sqrt_npq);
  const VD vr = hn::Sub(hn::Set(d, 0.92), hn::Div(hn::Set(d, 4.2), b));
  const VD urvr = hn::Mul(hn::Set(d, 0.86), vr);
  const VD two_a = hn::Mul(hn::Set(d, 2.0), a);

  VD result = hn::Zero(d);
  MD active = lanes;
  for (std::size_t t = 0; any(d, active); ++t) {
    const VD v0 = words.uniform(2 * t);
    const VD w = words.uniform(2 * t + 1);
    const MD fast = hn::Le(v0, urvr);
    const MD high = hn::Ge(v0, vr);
    const VD v_over = hn::Div(v0, vr);
    const VD u_mid = hn::Sub(v_over, hn::Set(d, 0.93));
    const VD u_mid_sign = hn::IfThenElse(hn::Lt(u_mid, hn::Zero(d)), hn::Set(d, -0.5), half);
    VD u = hn::IfThenElse(high, hn::Sub(w, half), hn::Sub(u_mid_sign, u_mid));
    u = hn::IfThenElse(fast, hn::Sub(v_over, hn::Set(d, 0.43)), u);
    const VD us = hn::Sub(half, hn::Abs(u));
    const VD k = hn::Floor(hn::Add(hn::Mul(hn::Add(hn::Div(two_a, us), b), u), c));
    const MD in_range = hn::And(hn::Ge(k, hn::Zero(d)), hn::Le(k, n));
    MD accepted = hn::And(active, hn::And(fast, in_range));
    const MD test = hn::And(hn::AndNot(fast, active), in_range);
    if (any(d, test)) {
      VD v = hn::IfThenElse(hn::Or(fast, high), v0, hn::Mul(w, vr));
      v = hn::Div(hn::Mul(v, alpha), hn::Add(hn::Div(a, hn::Mul(us, us)), b));
      const VD km = hn::Abs(hn::Sub(k, m));
      const MD near = hn::And(test, hn::Le(km, hn::Set(d, 15.0)));
      const MD far = hn::AndNot(near, test);
      if (any(d, near)) {
        // f(k) / f(m) by the recursion: f *= nr / i - r for i in (m, k], or v *= for i in (k, m].
        const MD up = hn::Lt(m, k);
        const VD low = hn::IfThenElse(up, m, k);
        VD f = one;
        for (std::uint32_t j = 1;; ++j) {
          const VD jd = hn::Set(d, static_cast<double>(j));
          const MD step = hn::And(near, hn::Le(jd, km));
          if (!any(d, step)) break;
          const VD factor = hn::Sub(hn::Div(nr, hn::Add(low, jd)), r);
          f = hn::IfThenElse(hn::And(step, up), hn::Mul(f, factor), f);
          v = hn::IfThenElse(hn::AndNot(up, step), hn::Mul(v, factor), v);
        }
        accepted = hn::Or(accepted, hn::And(near, hn::Le(v, f)));
      }
      if (any(d, far)) {
        const VD lv = log_vec(d, v);
        const VD rho =
            hn::Mul(hn::Div(km, npq),
                    hn::Add(hn::Div(hn::Add(hn::Mul(hn::Add(hn::Div(km, hn::Set(d, 3.0)), hn::Set(d, 0.625)), km),
                                            hn::Set(d, 1.0 / 6)),
                                    npq),
                            half));
        const VD t_km = hn::Div(hn::Mul(hn::Neg(km), km), hn::Mul(hn::Set(d, 2.0), npq));
        const MD sure = hn::And(far, hn::Lt(lv, hn::Sub(t_km, rho)));
        const MD final_test = hn::AndNot(hn::Gt(lv, hn::Add(t_km, rho)), hn::AndNot(sure, far));
        accepted = hn::Or(accepted, sure);
        if (any(d, final_test)) {
          const VD kk = hn::IfThenElseZero(final_test, k);
          const VD nm = hn::Add(hn::Sub(n, m), one);
          const VD h = hn::Add(hn::Add(hn::Mul(hn::Add(m, half), log_vec(d, hn::Div(hn::Add(m, one), hn::Mul(r, nm)))),
                                       stirling_correction(d, m)),
                               stirling_correction(d, hn::Sub(n, m)));
          const VD nk = hn::Add(hn::Sub(n, kk), one);
          VD bound = hn::Add(h, hn::Mul(n1, log_vec(d, hn::Div(nm, nk))));
          bound = hn::Add(bound, hn::Mul(hn::Add(kk, half), log_vec(d, hn::Div(hn::Mul(nk, r), hn::Add(kk, one)))));
          bound = hn::Sub(hn::Sub(bound, stirling_correction(d, kk)), stirling_correction(d, hn::Sub(n, kk)));
          accepted = hn::Or(accepted, hn::And(final_test, hn::Le(lv, bound)));
        }
      }
    }
    result = hn::IfThenElse(accepted, k, result);
    active = hn::AndNot(accepted, active);
  }
  return result;
}

// Lanes sorted by method: no draw (no trials, p <= 0 or NaN, p >= 1, or v <= 1 - mean:
// (1 - p')^trials >= 1 - trials p'); inversion; BTRD. Each draws Y ~ Bin(trials, p'),
// p' = min(p, 1 - p), and X = trials - Y when p > 1/2; reflected lanes invert v = 1 - u
// (exact): the smallest x with P(X <= x) >= u is trials - (the smallest y with
// P(Y <= y) >= 1 - u), ties of u with the CDF aside.
void BinomialLanes(const std::uint32_t* trials, const double* p, const double* u, const LaneStreams& tries,
                   std::size_t n, std::uint32_t* out) {
  const D d;
  const auto keys = keys_of(tries);
  std::array<Picked, kLists>& lists = picked_lists(n);
  Picked& inversion = lists[0];
  Picked& btrd = lists[1];
  for (std::size_t i = 0; i < n; ++i) {
    const double nt = trials[i], pv = p[i];
    out[i] = 0;
    if (nt == 0.0 || !(pv > 0.0)) continue;
    if (pv >= 1.0) {
      out[i] = trials[i];
      continue;
    }
    const bool reflect = pv > 0.5;
    const double q = reflect ? 1.0 - pv : pv;
    const double mean = nt * q;
    if (mean < 10.0) {
      const double v = reflect ? 1.0 - u[i] : u[i];
      if (v > 1.0 - mean) {
        inversion.add(i, nt, q, v, 0u, reflect);
      } else if (reflect) {
        out[i] = trials[i];
      }
    } else {
      btrd.add(i, nt, q, 0.0, tries.slots[i], reflect);
    }
  }
  draw_picked(inversion, {1.0, 0.5, 0.0}, [&](std::size_t, VD nt, VD q, VD v, VU32, MD lanes) {
    return binomial_inversion(d, nt, q, hn::Mul(nt, q), v, lanes);
  });
  first_blocks(btrd, keys, tries);
  draw_picked(btrd, {100.0, 0.5, 0.0}, [&](std::size_t i, VD nt, VD q, VD, VU32 slots, MD lanes) {
    LaneWords words = picked_words(btrd, i, keys, tries, slots);
    return binomial_btrd(d, nt, q, lanes, words);
  });
  for (const Picked* list : {&inversion, &btrd}) {
    for (std::size_t j = 0; j < list->size(); ++j) {
      const double y = list->result[j];
      out[list->at[j]] = static_cast<std::uint32_t>(list->flag[j] ? list->x[j] - y : y);  // reflected: trials - Y
    }
  }
}

// ---- Gamma ------------------------------------------------------------------------------

// Marsaglia and Tsang in lockstep, on a vector of lanes. Lanes with a shape that is not
// positive and finite give NaN.
HWY_INLINE VD gamma_vec(D d, VD a, VD s, LaneWords& words) {
  const VD one = hn::Set(d, 1.0);
  const MD valid = hn::And(hn::Gt(a, hn::Zero(d)), hn::Lt(a, hn::Set(d, std::numeric_limits<double>::infinity())));
  const MD boost = hn::Lt(a, one);
  const VD dd = hn::Sub(hn::IfThenElse(boost, hn::Add(a, one), a), hn::Set(d, 1.0 / 3.0));
  const VD c = hn::Div(one, hn::Sqrt(hn::Mul(hn::Set(d, 9.0), dd)));
  const VD u0 = words.uniform(0);
  VD draw = hn::BitCast(d, hn::Set(DU64(), 0x7ff8000000000000ull));  // NaN unless accepted
  MD active = valid;
  for (std::size_t t = 0; any(d, active); ++t) {
    const VD x = normal_quantile_vec(d, words.uniform(1 + 2 * t));
    const VD v1 = hn::Add(one, hn::Mul(c, x));
    const MD positive = hn::Gt(v1, hn::Zero(d));
    const VD v = hn::Mul(hn::Mul(v1, v1), v1);
    const VD u = words.uniform(2 + 2 * t);
    const VD x2 = hn::Mul(x, x);
    const MD squeeze = hn::Lt(u, hn::Sub(one, hn::Mul(hn::Mul(hn::Set(d, 0.0331), x2), x2)));
    const MD candidate = hn::And(active, positive);
    MD accepted = hn::And(candidate, squeeze);
    const MD test = hn::AndNot(squeeze, candidate);
    if (any(d, test)) {
      const VD v_safe = hn::IfThenElse(test, v, one);
      const VD rhs =
          hn::Add(hn::Mul(hn::Set(d, 0.5), x2), hn::Mul(dd, hn::Add(hn::Sub(one, v_safe), log_vec(d, v_safe))));
      accepted = hn::Or(accepted, hn::And(test, hn::Lt(log_vec(d, u), rhs)));
    }
    draw = hn::IfThenElse(accepted, hn::Mul(dd, v), draw);
    active = hn::AndNot(accepted, active);
  }
  if (any(d, hn::And(valid, boost))) {
    const VD power = exp_vec(d, hn::Div(log_vec(d, u0), a));  // U^(1 / shape)
    draw = hn::IfThenElse(boost, hn::Mul(draw, power), draw);
  }
  return hn::Mul(draw, s);
}

// Lanes sorted by shape below 1 (the boost's exp and log) or not.
void GammaLanes(const double* shape, const double* scale, const LaneStreams& streams, std::size_t n, double* out) {
  const D d;
  const auto keys = keys_of(streams);
  std::array<Picked, kLists>& lists = picked_lists(n);
  Picked& small = lists[0];
  Picked& large = lists[1];
  for (std::size_t i = 0; i < n; ++i)
    (shape[i] < 1.0 ? small : large).add(i, shape[i], scale[i], 0.0, streams.slots[i]);
  for (Picked* p : {&small, &large}) {
    first_blocks(*p, keys, streams);
    draw_picked(*p, {1.0, 1.0, 0.0}, [&](std::size_t i, VD a, VD s, VD, VU32 slots, MD) {
      LaneWords words = picked_words(*p, i, keys, streams, slots);
      return gamma_vec(d, a, s, words);
    });
    for (std::size_t j = 0; j < p->size(); ++j) out[p->at[j]] = p->result[j];
  }
}

// ---- Normal quantile, lognormal sums, uniforms ------------------------------------------

void NormalQuantileLanes(const double* u, std::size_t n, double* out) {
  const D d;
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    store_partial(d, normal_quantile_vec(d, load_padded(d, u + i, count, 0.5)), count, out + i);
  });
}

void LognormalSumsLanes(const std::uint32_t* units, double mu, double sigma, const LaneStreams& streams, std::size_t n,
                        double* out) {
  const D d;
  const DU32 d32;
  const auto keys = keys_of(streams);
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    const VD lane_units = to_double(d, load_padded(d32, units + i, count, 0u));
    const bool pairs = any(d, hn::Gt(lane_units, hn::Set(d, 4.0)));
    LaneWords words(keys, streams, load_padded(d32, streams.slots + i, count, 0u), pairs);
    VD sum = hn::Zero(d);
    for (std::size_t k = 0;; ++k) {
      const MD active = hn::Lt(hn::Set(d, static_cast<double>(k)), lane_units);
      if (!any(d, active)) break;
      const VD z = normal_quantile_vec(d, words.uniform(k));
      const VD factor = exp_vec(d, hn::Add(hn::Set(d, mu), hn::Mul(hn::Set(d, sigma), z)));
      sum = hn::IfThenElse(active, hn::Add(sum, factor), sum);
    }
    store_partial(d, sum, count, out + i);
  });
}

// Block by block: the Philox block of every lane with u32 vectors of full width (twice the
// lanes of the double vectors), then its words as uniforms.
void UniformsLanes(const LaneStreams& streams, std::size_t n, std::size_t words_per_lane, double* out,
                   std::size_t stride) {
  const D d;
  const DU32 d32;
  const hn::ScalableTag<std::uint32_t> df;
  const auto keys = keys_of(streams);
  const auto purpose = hn::Set(df, (static_cast<std::uint32_t>(streams.year) << 16) | streams.purpose);
  const auto replication = hn::Set(df, streams.replication);
  thread_local std::array<std::vector<std::uint32_t>, 4> block;
  for (auto& w : block)
    if (w.size() < n + hn::Lanes(df)) w.resize(n + hn::Lanes(df));
  for (std::size_t b = 0; 4 * b < words_per_lane; ++b) {
    for (std::size_t i = 0; i < n; i += hn::Lanes(df)) {
      const std::size_t count = n - i < hn::Lanes(df) ? n - i : hn::Lanes(df);
      auto c0 = hn::Set(df, static_cast<std::uint32_t>(b)), c1 = purpose, c3 = replication;
      auto c2 = load_padded(df, streams.slots + i, count, 0u);
      philox_rounds(df, keys, c0, c1, c2, c3);
      hn::StoreU(c0, df, block[0].data() + i);
      hn::StoreU(c1, df, block[1].data() + i);
      hn::StoreU(c2, df, block[2].data() + i);
      hn::StoreU(c3, df, block[3].data() + i);
    }
    for (std::size_t j = 0; j < 4 && 4 * b + j < words_per_lane; ++j) {
      double* row = out + (4 * b + j) * stride;
      by_vectors(n, [&](std::size_t i, std::size_t count) {
        const VD w = to_double(d, hn::LoadU(d32, block[j].data() + i));
        store_partial(d, hn::Mul(hn::Add(w, hn::Set(d, 0.5)), hn::Set(d, 0x1p-32)), count, row + i);
      });
    }
  }
}

std::size_t SamplerLaneCount() { return hn::Lanes(D()); }

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace pmsim {

HWY_EXPORT(UniformsLanes);
HWY_EXPORT(PoissonLanes);
HWY_EXPORT(BinomialLanes);
HWY_EXPORT(GammaLanes);
HWY_EXPORT(NormalQuantileLanes);
HWY_EXPORT(LognormalSumsLanes);
HWY_EXPORT(SamplerLaneCount);

void uniforms_lanes(const LaneStreams& streams, std::size_t n, std::size_t words, double* out, std::size_t stride) {
  HWY_DYNAMIC_DISPATCH(UniformsLanes)(streams, n, words, out, stride);
}

void poisson_lanes(const double* mean, const double* u, const LaneStreams& tries, std::size_t n, std::uint32_t* out) {
  HWY_DYNAMIC_DISPATCH(PoissonLanes)(mean, u, tries, n, out);
}

void binomial_lanes(const std::uint32_t* trials, const double* p, const double* u, const LaneStreams& tries,
                    std::size_t n, std::uint32_t* out) {
  HWY_DYNAMIC_DISPATCH(BinomialLanes)(trials, p, u, tries, n, out);
}

void gamma_lanes(const double* shape, const double* scale, const LaneStreams& streams, std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(GammaLanes)(shape, scale, streams, n, out);
}

void normal_quantile_lanes(const double* u, std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(NormalQuantileLanes)(u, n, out);
}

void lognormal_sums_lanes(const std::uint32_t* units, double mu, double sigma, const LaneStreams& streams,
                          std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(LognormalSumsLanes)(units, mu, sigma, streams, n, out);
}

const char* sampler_lanes_target_name() { return lanes_targets::dispatched_name(); }

std::size_t sampler_lanes_count() { return HWY_DYNAMIC_DISPATCH(SamplerLaneCount)(); }

namespace sampler_lanes_targets {

std::vector<Target> compiled() { return lanes_targets::compiled(); }

std::size_t lanes_of(std::int64_t target) {
  lanes_targets::require_supported(target, "sampler_lanes");
  return HWY_DISPATCH_TABLE(SamplerLaneCount)[lanes_targets::table_index(target)]();
}

void uniforms_on(std::int64_t target, const LaneStreams& streams, std::size_t n, std::size_t words, double* out,
                 std::size_t stride) {
  lanes_targets::require_supported(target, "uniforms_lanes");
  HWY_DISPATCH_TABLE(UniformsLanes)[lanes_targets::table_index(target)](streams, n, words, out, stride);
}

void poisson_on(std::int64_t target, const double* mean, const double* u, const LaneStreams& tries, std::size_t n,
                std::uint32_t* out) {
  lanes_targets::require_supported(target, "poisson_lanes");
  HWY_DISPATCH_TABLE(PoissonLanes)[lanes_targets::table_index(target)](mean, u, tries, n, out);
}

void binomial_on(std::int64_t target, const std::uint32_t* trials, const double* p, const double* u,
                 const LaneStreams& tries, std::size_t n, std::uint32_t* out) {
  lanes_targets::require_supported(target, "binomial_lanes");
  HWY_DISPATCH_TABLE(BinomialLanes)[lanes_targets::table_index(target)](trials, p, u, tries, n, out);
}

void gamma_on(std::int64_t target, const double* shape, const double* scale, const LaneStreams& streams, std::size_t n,
              double* out) {
  lanes_targets::require_supported(target, "gamma_lanes");
  HWY_DISPATCH_TABLE(GammaLanes)[lanes_targets::table_index(target)](shape, scale, streams, n, out);
}

void normal_quantile_on(std::int64_t target, const double* u, std::size_t n, double* out) {
  lanes_targets::require_supported(target, "normal_quantile_lanes");
  HWY_DISPATCH_TABLE(NormalQuantileLanes)[lanes_targets::table_index(target)](u, n, out);
}

void lognormal_sums_on(std::int64_t target, const std::uint32_t* units, double mu, double sigma,
                       const LaneStreams& streams, std::size_t n, double* out) {
  lanes_targets::require_supported(target, "lognormal_sums_lanes");
  HWY_DISPATCH_TABLE(LognormalSumsLanes)[lanes_targets::table_index(target)](units, mu, sigma, streams, n, out);
}

}  // namespace sampler_lanes_targets
}  // namespace pmsim
#endif  // HWY_ONCE
