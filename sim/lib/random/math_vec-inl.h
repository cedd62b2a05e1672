// exp and log on Highway vectors of doubles, the same bits on every target: the code
// math_lanes.cpp and sampler_lanes.cpp share. A Highway "-inl.h" header: included once per
// target by a .cpp that foreach_target.h re-includes, after hwy/highway.h.
//
// Only Mul, Add, Sub, Div (IEEE, round to nearest), integer bit operations and selects, in
// the same order everywhere; no MulAdd (and -ffp-contract=off, CMakeLists.txt). Special
// inputs are handled with masks at the end, never with Min/Max (whose NaN handling differs
// between targets).

// Per-target include guard (see philox_vec-inl.h).
#if defined(PMSIM_RANDOM_MATH_VEC_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PMSIM_RANDOM_MATH_VEC_INL_H_
#undef PMSIM_RANDOM_MATH_VEC_INL_H_
#else
#define PMSIM_RANDOM_MATH_VEC_INL_H_
#endif

#include <hwy/highway.h>

#include <cmath>  // HUGE_VAL only
#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// ln 2 split (fdlibm): kLn2Hi has its low 32 bits zero, so k * kLn2Hi is exact for |k| < 2^20.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
// 2^52 + 2^51: x + kShifter rounds x to an integer held in the low mantissa bits.
constexpr double kShifter = 6755399441055744.0;
constexpr std::uint64_t kShifterBits = 0x4338000000000000ull;
constexpr std::uint64_t kQuietBit = 0x0008000000000000ull;

// x quieted (NaN in, NaN out, the same bits on every target).
template <class D, class V>
HWY_INLINE V quiet(D d, V x) {
  const hn::RebindToUnsigned<D> du;
  return hn::BitCast(d, hn::Or(hn::BitCast(du, x), hn::Set(du, kQuietBit)));
}

// fdlibm's e_exp.c without branches: x = k ln2 + r, |r| <= ~0.35,
// exp(r) = 1 + r + r c / (2 - c) with c = r - r^2 (P1 + r^2 (P2 + ...)), then 2^k by
// adding k to the exponent bits.
template <class D, class V>
HWY_INLINE V exp_vec(D d, V x) {
  const hn::RebindToUnsigned<D> du;
  const auto nan = hn::Not(hn::Eq(x, x));  // not Ne: ordered on AVX3, false for NaN
  const auto over = hn::Gt(x, hn::Set(d, 7.09782712893383973096e+02));
  const auto under = hn::Lt(x, hn::Set(d, -7.45133219101941108420e+02));
  // Inputs outside the range are computed on 0 and replaced at the end.
  const V xs = hn::IfThenZeroElse(hn::Or(nan, hn::Or(over, under)), x);

  const V t = hn::Add(hn::Mul(xs, hn::Set(d, kInvLn2)), hn::Set(d, kShifter));
  const V k = hn::Sub(t, hn::Set(d, kShifter));  // an integer in [-1075, 1024]
  const V hi = hn::Sub(xs, hn::Mul(k, hn::Set(d, kLn2Hi)));
  const V lo = hn::Mul(k, hn::Set(d, kLn2Lo));
  const V r = hn::Sub(hi, lo);
  const V rr = hn::Mul(r, r);
  V p = hn::Set(d, 4.13813679705723846039e-08);
  p = hn::Add(hn::Mul(p, rr), hn::Set(d, -1.65339022054652515390e-06));
  p = hn::Add(hn::Mul(p, rr), hn::Set(d, 6.61375632143793436117e-05));
  p = hn::Add(hn::Mul(p, rr), hn::Set(d, -2.77777777770155933842e-03));
  p = hn::Add(hn::Mul(p, rr), hn::Set(d, 1.66666666666666019037e-01));
  const V c = hn::Sub(r, hn::Mul(rr, p));
  const V one = hn::Set(d, 1.0);
  const V y = hn::Sub(one, hn::Sub(hn::Sub(lo, hn::Div(hn::Mul(r, c), hn::Sub(hn::Set(d, 2.0), c))), hi));

  // 2^k: k sits in the low bits of t (two's complement); shifting it into the exponent
  // field keeps it modulo 2^64, so the integer add below is exact. Below k = -1021 the
  // result may be subnormal: scale by 2^(k + 1000) first, then by 2^-1000 (one rounding).
  const auto kbits = hn::BitCast(du, t);
  const auto ybits = hn::BitCast(du, y);
  const V normal = hn::BitCast(d, hn::Add(ybits, hn::ShiftLeft<52>(kbits)));
  const V scaled = hn::BitCast(d, hn::Add(ybits, hn::ShiftLeft<52>(hn::Add(kbits, hn::Set(du, 1000)))));
  const V tiny = hn::Mul(scaled, hn::Set(d, 9.33263618503218878990e-302));  // 2^-1000
  V result = hn::IfThenElse(hn::Lt(k, hn::Set(d, -1021.0)), tiny, normal);

  result = hn::IfThenElse(over, hn::Set(d, HUGE_VAL), result);
  result = hn::IfThenZeroElse(under, result);
  return hn::IfThenElse(nan, quiet(d, x), result);
}

// fdlibm's e_log.c without branches: x = 2^k m with m in [sqrt(2)/2, sqrt(2)), f = m - 1,
// s = f / (2 + f), log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)).
template <class D, class V>
HWY_INLINE V log_vec(D d, V x) {
  const hn::RebindToUnsigned<D> du;
  const auto nan = hn::Not(hn::Eq(x, x));    // not Ne: ordered on AVX3, false for NaN
  const auto zero = hn::Eq(x, hn::Zero(d));  // +0 and -0
  const auto negative = hn::Lt(x, hn::Zero(d));
  const auto inf = hn::Eq(x, hn::Set(d, HUGE_VAL));
  const auto subnormal = hn::Lt(x, hn::Set(d, 2.2250738585072014e-308));  // with 0 and x < 0
  // Special inputs are computed on 1 and replaced at the end.
  V xs = hn::IfThenElse(hn::Or(hn::Or(nan, inf), hn::Or(zero, negative)), hn::Set(d, 1.0), x);
  xs = hn::IfThenElse(subnormal, hn::Mul(xs, hn::Set(d, 18014398509481984.0)), xs);  // 2^54

  const auto bits = hn::BitCast(du, xs);
  // The high word's mantissa bits plus 0x95f64 carry into bit 20 when m >= sqrt(2): then
  // m is halved (exponent 0x3fe) and k incremented.
  const auto hx = hn::And(hn::ShiftRight<32>(bits), hn::Set(du, 0x000fffffull));
  const auto i = hn::And(hn::Add(hx, hn::Set(du, 0x95f64ull)), hn::Set(du, 0x100000ull));
  const auto mbits = hn::Or(hn::And(bits, hn::Set(du, 0x000fffffffffffffull)),
                            hn::ShiftLeft<32>(hn::Xor(i, hn::Set(du, 0x3ff00000ull))));
  // k = exponent - 1023 + (i >> 20), as a double through the shifter's bits (exact).
  const auto kint = hn::Add(hn::Sub(hn::ShiftRight<52>(bits), hn::Set(du, 1023)), hn::ShiftRight<20>(i));
  V dk = hn::Sub(hn::BitCast(d, hn::Add(kint, hn::Set(du, kShifterBits))), hn::Set(d, kShifter));
  dk = hn::Sub(dk, hn::IfThenElseZero(subnormal, hn::Set(d, 54.0)));

  const V f = hn::Sub(hn::BitCast(d, mbits), hn::Set(d, 1.0));
  const V s = hn::Div(f, hn::Add(hn::Set(d, 2.0), f));
  const V z = hn::Mul(s, s);
  const V w = hn::Mul(z, z);
  V t1 = hn::Set(d, 1.531383769920937332e-01);
  t1 = hn::Add(hn::Mul(t1, w), hn::Set(d, 2.222219843214978396e-01));
  t1 = hn::Add(hn::Mul(t1, w), hn::Set(d, 3.999999999940941908e-01));
  t1 = hn::Mul(t1, w);
  V t2 = hn::Set(d, 1.479819860511658591e-01);
  t2 = hn::Add(hn::Mul(t2, w), hn::Set(d, 1.818357216161805012e-01));
  t2 = hn::Add(hn::Mul(t2, w), hn::Set(d, 2.857142874366239149e-01));
  t2 = hn::Add(hn::Mul(t2, w), hn::Set(d, 6.666666666666735130e-01));
  t2 = hn::Mul(t2, z);
  const V R = hn::Add(t2, t1);
  const V hfsq = hn::Mul(hn::Mul(hn::Set(d, 0.5), f), f);
  const V inner = hn::Add(hn::Mul(s, hn::Add(hfsq, R)), hn::Mul(dk, hn::Set(d, kLn2Lo)));
  V result = hn::Sub(hn::Mul(dk, hn::Set(d, kLn2Hi)), hn::Sub(hn::Sub(hfsq, inner), f));

  result = hn::IfThenElse(inf, x, result);
  result = hn::IfThenElse(negative, hn::BitCast(d, hn::Set(du, 0x7ff8000000000000ull)), result);
  result = hn::IfThenElse(zero, hn::Set(d, -HUGE_VAL), result);
  return hn::IfThenElse(nan, quiet(d, x), result);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#endif  // PMSIM_RANDOM_MATH_VEC_INL_H_
