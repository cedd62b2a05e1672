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
//
// This file holds each sampler's sorting of its lanes by method and the gamma, event-set,
// lognormal and uniform kernels; the inversion searches are in inversion_vec-inl.h;
// the lanes' streams and lists are in lane_words-inl.h, the functions the methods share
// (normal quantile, log k!) in sampler_math-inl.h, PTRS and BTRD in rejection_vec-inl.h.

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

#include "random/inversion_vec-inl.h"
#include "random/lane_words-inl.h"
#include "random/lanes_targets.h"
#include "random/math_vec-inl.h"
#include "random/philox_vec-inl.h"
#include "random/rejection_vec-inl.h"
#include "random/sampler_lanes.h"
#include "random/sampler_math-inl.h"

HWY_BEFORE_NAMESPACE();
namespace pmsim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// ---- Poisson ----------------------------------------------------------------------------

// Lanes sorted by method: 0 without a draw (a mean that is not positive, or u <= 1 - mean:
// exp(-mean) >= 1 - mean, most draws of rare services, as poisson_inverse); inversion; PTRS.
// The inversion lanes are not sorted further by their mean: bands of it (a vector searches as
// long as its largest count) measured faster while the search carried a mask and its exp;
// since it counts (poisson_inversion) and the exps are done first, one list is 2% faster than
// four bands: the bands' stores cost more than the shorter searches save.
void PoissonLanes(const double* mean, const double* u, const LaneStreams& tries, std::size_t n, std::uint32_t* out) {
  const D d;
  const auto keys = keys_of(tries);
  std::array<Picked, kLists>& lists = picked_lists(n);
  Picked& inversion = lists[0];
  Picked& ptrs = lists[1];
  // A vector of members at a time, without branches on the mean (they mispredict): each list
  // takes the lanes of its mask, packed (ListTail).
  const DU64 du;
  const DU32 d32;
  const auto iota = hn::Iota(du, 0);  // (Iota itself goes through memory on AVX2: once)
  ListTail inversion_tail(inversion), ptrs_tail(ptrs);
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    const MD valid = hn::FirstN(d, count);
    const VD m = load_padded(d, mean + i, count, 0.0);
    const VD ui = load_padded(d, u + i, count, 0.0);
    const auto at = hn::Add(iota, hn::Set(du, static_cast<std::uint64_t>(i)));
    const VD limit = hn::Set(d, kPoissonInversionLimit);
    const MD invert = hn::And(hn::And(valid, hn::Gt(m, hn::Zero(d))),
                              hn::And(hn::Lt(m, limit), hn::Gt(ui, hn::Sub(hn::Set(d, 1.0), m))));
    inversion_tail.lanes(invert).x(m).y(ui).at(at).next();
    const auto slots = hn::PromoteTo(du, load_padded(d32, tries.slots + i, count, 0u));
    ptrs_tail.lanes(hn::And(valid, hn::Ge(m, limit))).x(m).slot(slots).at(at).next();
    store_partial(d32, hn::Zero(d32), count, out + i);
  });
  inversion_tail.close(), ptrs_tail.close();
  poisson_start(inversion);
  draw_picked_pairs(inversion, {1.0, 0.0, 1.0},
                    [&](VD m0, VD u0, VD pmf0, MD lanes0, VD m1, VD u1, VD pmf1, MD lanes1) {
                      return poisson_inversion(d, m0, u0, pmf0, lanes0, m1, u1, pmf1, lanes1);
                    });
  first_blocks(ptrs, keys, tries);
  draw_picked(ptrs, {kPoissonInversionLimit, 0.0, 0.0}, [&](std::size_t i, VD m, VD, VD, VU32 slots, MD lanes) {
    LaneWords words = picked_words(ptrs, i, keys, tries, slots);
    return poisson_ptrs(d, m, lanes, words);
  });
  for (const Picked* p : {&inversion, &ptrs}) {
    for (std::size_t j = 0; j < p->size(); ++j) out[p->at[j]] = static_cast<std::uint32_t>(p->result[j]);
  }
}

// ---- Binomial ---------------------------------------------------------------------------

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
  // A vector of members at a time, without branches (most members have no trials, the others
  // mispredict): each list takes the lanes of its mask, packed.
  const DU64 du;
  const DU32 d32;
  const auto iota = hn::Iota(du, 0);
  ListTail inversion_tail(inversion), btrd_tail(btrd);
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    const VD one = hn::Set(d, 1.0);
    const MD valid = hn::FirstN(d, count);
    const VU32 lane_trials = load_padded(d32, trials + i, count, 0u);
    const VD nt = to_double(d, lane_trials), pv = load_padded(d, p + i, count, 0.0);
    const VD ui = load_padded(d, u + i, count, 0.5);
    const auto at = hn::Add(iota, hn::Set(du, static_cast<std::uint64_t>(i)));
    const MD draw = hn::AndNot(hn::Eq(nt, hn::Zero(d)), hn::And(valid, hn::Gt(pv, hn::Zero(d))));  // p NaN: no
    const MD all = hn::And(draw, hn::Ge(pv, one));
    const MD drawn = hn::AndNot(all, draw);
    const MD reflect = hn::Gt(pv, hn::Set(d, 0.5));
    const VD q = hn::IfThenElse(reflect, hn::Sub(one, pv), pv);
    const VD mean = hn::Mul(nt, q);
    const MD small_mean = hn::Lt(mean, hn::Set(d, 10.0));
    const VD v = hn::IfThenElse(reflect, hn::Sub(one, ui), ui);
    const MD searched = hn::Gt(v, hn::Sub(one, mean));  // else Y is 0 without a search
    const MD invert = hn::And(drawn, hn::And(small_mean, searched));
    // No draw: 0, or all the trials (p >= 1, or a reflected lane whose Y is 0).
    const MD everything = hn::Or(all, hn::And(hn::AndNot(searched, hn::And(drawn, small_mean)), reflect));
    const auto result = hn::IfThenElseZero(hn::RebindMask(du, everything), hn::PromoteTo(du, lane_trials));
    store_partial(d32, hn::TruncateTo(d32, result), count, out + i);
    inversion_tail.lanes(invert).x(nt).y(q).z(v).flag(reflect).at(at).next();
    const auto slots = hn::PromoteTo(du, load_padded(d32, tries.slots + i, count, 0u));
    btrd_tail.lanes(hn::AndNot(small_mean, drawn)).x(nt).y(q).slot(slots).flag(reflect).at(at).next();
  });
  inversion_tail.close(), btrd_tail.close();
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
  // A vector of members at a time, without a branch on the shape (it mispredicts: the frailty
  // step's shape is below 1 when its latent count is 0).
  const DU64 du;
  const DU32 d32;
  const auto iota = hn::Iota(du, 0);
  ListTail below(small), above(large);
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    const MD valid = hn::FirstN(d, count);
    const VD a = load_padded(d, shape + i, count, 1.0), s = load_padded(d, scale + i, count, 1.0);
    const auto at = hn::Add(iota, hn::Set(du, static_cast<std::uint64_t>(i)));
    const auto slots = hn::PromoteTo(du, load_padded(d32, streams.slots + i, count, 0u));
    const MD boost = hn::Lt(a, hn::Set(d, 1.0));  // a NaN shape goes with the others (and gives NaN)
    below.lanes(hn::And(valid, boost)).x(a).y(s).slot(slots).at(at).next();
    above.lanes(hn::AndNot(boost, valid)).x(a).y(s).slot(slots).at(at).next();
  });
  below.close(), above.close();
  for (Picked* p : {&small, &large}) {
    first_blocks(*p, keys, streams);
    draw_picked(*p, {1.0, 1.0, 0.0}, [&](std::size_t i, VD a, VD s, VD, VU32 slots, MD) {
      LaneWords words = picked_words(*p, i, keys, streams, slots);
      return gamma_vec(d, a, s, words);
    });
    for (std::size_t j = 0; j < p->size(); ++j) out[p->at[j]] = p->result[j];
  }
}

// ---- Sets of events from one uniform ----------------------------------------------------

// Event by event in order, for the lanes that lack it: a chain of a compare, a subtract and a
// multiply a step, in one scalar loop a member's latency; here a vector's members share it.
void EventSetLanes(const double* u, const EventChain& events, std::size_t n, std::uint32_t* held) {
  const D d;
  const DU32 d32;
  const DU64 du;
  by_vectors(n, [&](std::size_t i, std::size_t count) {
    VD v = load_padded(d, u + i, count, 0.5);
    auto set = hn::PromoteTo(du, load_padded(d32, held + i, count, 0u));
    for (std::size_t k = 0; k < events.count; ++k) {
      const auto bit = hn::Set(du, std::uint64_t{1} << k);
      const MD has = hn::RebindMask(d, hn::TestBit(set, bit));
      const VD p = hn::Set(d, events.p[k]);
      const MD yes = hn::Lt(v, p);
      const VD next = hn::IfThenElse(yes, hn::Mul(v, hn::Set(d, events.inverse_p[k])),
                                     hn::Mul(hn::Sub(v, p), hn::Set(d, events.inverse_complement[k])));
      v = hn::IfThenElse(has, v, next);
      set = hn::Or(set, hn::IfThenElseZero(hn::RebindMask(du, hn::AndNot(has, yes)), bit));
    }
    store_partial(d32, hn::TruncateTo(d32, set), count, held + i);
  });
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
HWY_EXPORT(EventSetLanes);
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

void event_set_lanes(const double* u, const EventChain& events, std::size_t n, std::uint32_t* held) {
  HWY_DYNAMIC_DISPATCH(EventSetLanes)(u, events, n, held);
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

void event_set_on(std::int64_t target, const double* u, const EventChain& events, std::size_t n, std::uint32_t* held) {
  lanes_targets::require_supported(target, "event_set_lanes");
  HWY_DISPATCH_TABLE(EventSetLanes)[lanes_targets::table_index(target)](u, events, n, held);
}

}  // namespace sampler_lanes_targets
}  // namespace pmsim
#endif  // HWY_ONCE
