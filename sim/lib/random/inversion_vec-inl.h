// The inversion searches in lockstep, for the Poisson and binomial lanes of small means
// (sampler_lanes.cpp sorts the lanes; rejection_vec-inl.h has the methods for large means):
// from k = 0, pmf and cdf a step at a time, each lane's arithmetic that of the scalar search.
// A Highway "-inl.h" header: included once per target by sampler_lanes.cpp, which
// foreach_target.h re-includes, after hwy/highway.h.

// Per-target include guard (see philox_vec-inl.h).
#if defined(PMSIM_RANDOM_INVERSION_VEC_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PMSIM_RANDOM_INVERSION_VEC_INL_H_
#undef PMSIM_RANDOM_INVERSION_VEC_INL_H_
#else
#define PMSIM_RANDOM_INVERSION_VEC_INL_H_
#endif

#include <hwy/highway.h>

#include <array>
#include <cstdint>

#include "random/lane_words-inl.h"
#include "random/math_vec-inl.h"
#include "random/sampler_lanes.h"
#include "random/sampler_math-inl.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// ---- Poisson ----------------------------------------------------------------------------

// Inversion from k = 0 in lockstep, as poisson_inverse: pmf *= mean (1 / k), cdf += pmf,
// stop at u <= cdf, or when the pmf is negligible beyond the mean (rounding left u above the
// last CDF value): "stuck". All lanes still searching have the same k. The exact step, the
// definition; poisson_inversion below counts instead and comes here only when a lane is stuck.
struct PoissonSearch {
  VD mean, u, pmf, cdf, k;
  MD active;
  PoissonSearch(D d, VD m, VD uv, MD lanes)
      : mean(m), u(uv), pmf(exp_vec(d, hn::Neg(m))), cdf(pmf), k(hn::Zero(d)), active(hn::And(lanes, hn::Gt(u, cdf))) {}
  HWY_INLINE void step(D d, VD kj, VD inverse_j) {
    pmf = hn::Mul(pmf, hn::Mul(mean, inverse_j));
    cdf = hn::Add(cdf, pmf);
    k = hn::IfThenElse(active, kj, k);
    const MD stuck = hn::And(hn::Lt(pmf, hn::Set(d, 1e-300)), hn::Gt(kj, mean));
    active = hn::AndNot(stuck, hn::And(active, hn::Gt(u, cdf)));
  }
};

// 1 / j, correctly rounded (as the division at run time), for the searches' first steps.
struct Reciprocals {
  double of[256];
};
constexpr Reciprocals reciprocals() {
  Reciprocals r{};
  r.of[0] = 0.0;  // (not used: steps start at 1)
  for (int j = 1; j < 256; ++j) r.of[j] = 1.0 / j;
  return r;
}
inline constexpr Reciprocals kReciprocal = reciprocals();
HWY_INLINE double reciprocal(std::uint32_t j) { return j < 256 ? kReciprocal.of[j] : 1.0 / static_cast<double>(j); }

// The same k with fewer operations a step. The cdf never decreases and a lane once stuck stays
// stuck (past the mean the pmf only falls), so a lane is active at step j exactly when u >
// cdf_j and it is not stuck at j, and k is the number of steps j >= 0 it is active at: the
// number of j with u > cdf_j, unless it got stuck first. A step counts u > cdf_j and nothing
// else; whether to go on is asked every fourth step (a step past a lane's end adds nothing to
// its count; every fourth ran 2% faster than every second). A lane stuck at the end (rare: u
// above the CDF's last value) sends the pair to the exact steps. That a lane once stuck
// above the cdf stays above it needs the cdf to absorb a pmf below 1e-300: the cdf is at
// least exp(-mean), and exp(-mean) 2^-53 > 1e-300 for means below about 650.
static_assert(kPoissonInversionLimit < 600, "a stuck lane's pmf must vanish against exp(-mean)");
struct PoissonCount {
  VD mean, u, pmf, cdf;
  hn::Vec<DU64> count;
  PoissonCount(VD m, VD uv, VD pmf0, MD lanes)
      : mean(m), u(hn::IfThenElseZero(lanes, uv)), pmf(pmf0), cdf(pmf), count(hn::Zero(DU64())) {
    tally();
  }
  HWY_INLINE void tally() { count = hn::Sub(count, hn::VecFromMask(DU64(), hn::RebindMask(DU64(), hn::Gt(u, cdf)))); }
  HWY_INLINE void step(VD inverse_j) {
    pmf = hn::Mul(pmf, hn::Mul(mean, inverse_j));
    cdf = hn::Add(cdf, pmf);
    tally();
  }
  HWY_INLINE MD stuck(D d, VD kj) const { return hn::And(hn::Lt(pmf, hn::Set(d, 1e-300)), hn::Gt(kj, mean)); }
  HWY_INLINE VD k(D d) const {
    const DU64 du;
    return hn::Sub(hn::BitCast(d, hn::Or(count, hn::Set(du, kTwo52Bits))), hn::Set(d, kTwo52));
  }
};

// Two vectors of lanes at once: a step is a chain of a dependent multiply and add, so one
// vector leaves the pipeline waiting on latency, and a second, independent chain fills it (a
// lane's arithmetic is the same either way). pmf0 is exp(-mean), computed beforehand for the
// whole list (poisson_start): in the search's loop its chain of some thirty dependent
// operations, with a division, was latency the next pair waited on.
HWY_INLINE std::array<VD, 2> poisson_inversion(D d, VD m0, VD u0, VD pmf0, MD lanes0, VD m1, VD u1, VD pmf1,
                                               MD lanes1) {
  PoissonCount a(m0, u0, pmf0, lanes0), b(m1, u1, pmf1, lanes1);
  std::uint32_t j = 0;
  for (MD going = hn::Or(hn::Gt(a.u, a.cdf), hn::Gt(b.u, b.cdf)); any(d, going);) {
    for (std::uint32_t last = j + 4; j < last;) {
      const VD inverse_j = hn::Set(d, reciprocal(++j));
      a.step(inverse_j);
      b.step(inverse_j);
    }
    const VD kj = hn::Set(d, static_cast<double>(j));
    going = hn::Or(hn::AndNot(a.stuck(d, kj), hn::Gt(a.u, a.cdf)), hn::AndNot(b.stuck(d, kj), hn::Gt(b.u, b.cdf)));
  }
  if (j > 0) {
    const VD kj = hn::Set(d, static_cast<double>(j));
    const MD stuck = hn::Or(hn::And(a.stuck(d, kj), hn::Gt(a.u, a.cdf)), hn::And(b.stuck(d, kj), hn::Gt(b.u, b.cdf)));
    if (any(d, stuck)) [[unlikely]] {
      PoissonSearch exact_a(d, m0, u0, lanes0), exact_b(d, m1, u1, lanes1);
      for (std::uint32_t step = 1; any(d, hn::Or(exact_a.active, exact_b.active)); ++step) {
        const VD k_step = hn::Set(d, static_cast<double>(step)), inverse_j = hn::Set(d, reciprocal(step));
        exact_a.step(d, k_step, inverse_j);
        exact_b.step(d, k_step, inverse_j);
      }
      return {exact_a.k, exact_b.k};
    }
  }
  return {a.k(d), b.k(d)};
}

// exp(-mean) of the list's lanes into its z column, a vector at a time: independent vectors,
// so the exp's latency overlaps (the same bits as computed in the search).
HWY_INLINE void poisson_start(Picked& p) {
  const D d;
  by_vectors(p.size(), [&](std::size_t i, std::size_t count) {
    store_partial(d, exp_vec(d, hn::Neg(load_padded(d, p.x.data() + i, count, 1.0))), count, p.z.data() + i);
  });
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
    pmf = hn::Mul(pmf, hn::Mul(hn::Mul(odds, left), hn::Set(d, reciprocal(j))));
    cdf = hn::Add(cdf, pmf);
    k = hn::IfThenElse(active, kj, k);
    const MD stuck = hn::Or(hn::Ge(kj, trials), hn::And(hn::Lt(pmf, hn::Set(d, 1e-300)), hn::Gt(kj, mean)));
    active = hn::AndNot(stuck, hn::And(active, hn::Gt(v, cdf)));
  }
  return k;
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace pmsim
HWY_AFTER_NAMESPACE();

#endif  // PMSIM_RANDOM_INVERSION_VEC_INL_H_
