// The exact rejection methods for large means (sampler_lanes.cpp draws with them from a mean,
// or trials x p, at which inversion gets slow): Hormann's PTRS for the Poisson and BTRD for the
// binomial, with masked retries in lockstep, try t reading fixed words of each lane's stream.
// A Highway "-inl.h" header: included once per target by sampler_lanes.cpp, which
// foreach_target.h re-includes, after hwy/highway.h.

// Per-target include guard (see philox_vec-inl.h).
#if defined(PMSIM_RANDOM_REJECTION_VEC_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PMSIM_RANDOM_REJECTION_VEC_INL_H_
#undef PMSIM_RANDOM_REJECTION_VEC_INL_H_
#else
#define PMSIM_RANDOM_REJECTION_VEC_INL_H_
#endif

#include <hwy/highway.h>

#include <cstddef>
#include <cstdint>

#include "random/lane_words-inl.h"
#include "random/math_vec-inl.h"
#include "random/sampler_math-inl.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

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

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#endif  // PMSIM_RANDOM_REJECTION_VEC_INL_H_
