// The functions the samplers' methods share (sampler_lanes.cpp, rejection_vec-inl.h): Horner's
// scheme, Acklam's normal quantile, log1p, log k! and Stirling's correction, on vectors of
// doubles, the same bits on every target.
// A Highway "-inl.h" header: included once per target by sampler_lanes.cpp, which
// foreach_target.h re-includes, after hwy/highway.h.

// Per-target include guard (see philox_vec-inl.h).
#if defined(PMSIM_RANDOM_SAMPLER_MATH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PMSIM_RANDOM_SAMPLER_MATH_INL_H_
#undef PMSIM_RANDOM_SAMPLER_MATH_INL_H_
#else
#define PMSIM_RANDOM_SAMPLER_MATH_INL_H_
#endif

#include <hwy/highway.h>

#include <cstddef>
#include <cstdint>

#include "random/lane_words-inl.h"
#include "random/math_vec-inl.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

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

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#endif  // PMSIM_RANDOM_SAMPLER_MATH_INL_H_
