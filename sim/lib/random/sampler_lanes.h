#pragma once
//! \file sampler_lanes.h
//! The distributions the generator draws, for many members at once (one lane a member),
//! vectorised with Google Highway and dispatched at run time like philox_lanes.h and
//! math_lanes.h. The same bits on every target, whatever the lane count: each lane's result
//! depends on its own inputs and its own stream only (masked loops run until every lane is
//! done; a lane's k-th retry uses the k-th words of its own stream), the arithmetic is IEEE
//! add, subtract, multiply, divide and square root in one order, no FMA (the project is
//! compiled with -ffp-contract=off), exp and log from math_lanes (math_vec-inl.h; no libm). Expensive branches
//! (log, the tails, the rejection tests) run only when a lane of the vector needs them, which
//! changes the time, never a lane's result (tests/random/sampler_lanes_test.cpp compares every
//! target with the scalar one). Highway stays inside sampler_lanes.cpp: this header is plain C++.
//!
//! The algorithms and their stream layouts are part of the reproducibility contract
//! (docs/model.md, "Random numbers"): changing one changes results.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "random/lanes_targets.h"

namespace pmsim {

//! The streams of n lanes: lane i draws the words of the stream (seed, replication,
//! slots[i], year, purpose) from word 0 on, exactly as RandomStream(seed, replication,
//! slots[i], year, purpose) does (word w is element w % 4 of Philox block w / 4).
struct LaneStreams {
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  int year = 0;
  std::uint32_t purpose = 0;
  const std::uint32_t* slots = nullptr;  //!< n slots, one a lane
};

//! Uniforms in (0, 1) (RandomStream::to_open_unit of the words): out[w * stride + i] is word w
//! of lane i's stream, for w < words and i < n (stride >= n).
void uniforms_lanes(const LaneStreams& streams, std::size_t n, std::size_t words, double* out, std::size_t stride);

//! Below this mean poisson_lanes inverts its uniform, from it on it draws by rejection. The
//! lockstep search takes about the mean in steps, PTRS a costly try (a Philox block and, for
//! some lane of a vector about half the time, two logs): the default panel's generator ran 7%
//! faster with 30 than with 10 (docs/performance.md). Inversion keeps runs that differ in a
//! rate coupled, so the limit is as high as speed allows.
inline constexpr double kPoissonInversionLimit = 30.0;

//! Poisson(mean[i]) for i < n, 0 <= mean[i] <= 1e8 (mean <= 0 or NaN gives 0; the caller
//! bounds the mean: population/generator_services.cpp). Below kPoissonInversionLimit by inversion of
//! u[i] (the smallest k with P(X <= k) >= u[i]: monotone in the mean, so runs that differ in a
//! rate stay coupled), poisson_inverse's search from 0: 0 without exp when u <= 1 - mean, else
//! pmf0 = exp(-mean), pmf *= mean (1/k), cdf += pmf, stopped when the pmf is below 1e-300 past
//! the mean; so the same k as poisson_inverse but where exp(-mean) differs from glibc's by an
//! ULP and u is within ~1e-16 of a CDF value. From kPoissonInversionLimit on by Hormann's transformed rejection
//! with squeeze (PTRS, Insurance: Mathematics and Economics 12, 1993), exact: try t takes
//! U = word 2t - 1/2 and V = word 2t + 1 of lane i's `tries` stream (u[i] unused); its log test
//! takes log(V / alpha / (a / us^2 + b)) in one log, and log k! from a table for k < 16
//! (correctly rounded) or Stirling's formula with its series to 1/(k+1)^9 (truncation below
//! 6e-17; a few ULP of rounding).
void poisson_lanes(const double* mean, const double* u, const LaneStreams& tries, std::size_t n, std::uint32_t* out);

//! Binomial(trials[i], p[i]) for i < n, p in [0, 1] (trials 0, p <= 0 or NaN give 0, p >= 1
//! gives trials). Y ~ Binomial(trials, p') with p' = min(p, 1 - p) is drawn, and X = trials - Y
//! when p > 1/2. For trials p' below 10 by inversion from 0 (0 without exp or log when the
//! inverted uniform is at most 1 - trials p'): pmf0 = exp(trials log1p(-p'))
//! (log1p from log_vec, corrected for the rounding of 1 + x), pmf *= (odds (trials - k + 1))
//! (1/k); the reflected lanes invert 1 - u[i] (exact), so X is the smallest k with
//! P(X <= k) >= u[i] on every side of 1/2, but where u[i] is within ~1e-12 of a CDF value.
//! From 10 on by Hormann's BTRD (J. Statist. Comput. Simul. 46, 1993), exact, as Boost's
//! binomial_distribution writes it (Stirling corrections from a table below 16, a series from
//! 16 on): try t takes v = word 2t and word 2t + 1 of lane i's `tries` stream (the latter used
//! off the first squeeze only); a k outside [0, trials] is rejected.
void binomial_lanes(const std::uint32_t* trials, const double* p, const double* u, const LaneStreams& tries,
                    std::size_t n, std::uint32_t* out);

//! Gamma(shape[i], scale[i]) for i < n (mean shape x scale), shape > 0 and finite, from
//! lane i's stream: Marsaglia and Tsang's squeeze method (ACM TOMS 26(3), 2000) with masked
//! retries, the normal by normal_quantile; shape < 1 by Gamma(shape + 1) U^(1 / shape).
//! Word 0 is the U of the shape < 1 boost (drawn, unused, for shape >= 1), try t uses
//! words 1 + 2t (the normal) and 2 + 2t (the acceptance uniform); U^(1 / shape) is
//! exp(log(U) / shape). A shape that is not positive and finite gives NaN.
void gamma_lanes(const double* shape, const double* scale, const LaneStreams& streams, std::size_t n, double* out);

//! The standard normal quantile Phi^-1(u[i]), u in (0, 1), by P. J. Acklam's rational
//! approximation (relative error below 1.15e-9), as normal_inverse (samplers.h): the same bits
//! in the central region (0.02425, 0.97575), within 1e-14 relative in the tails (the log is
//! log_vec's, not glibc's). The tails are computed only when a lane of the vector is in one.
void normal_quantile_lanes(const double* u, std::size_t n, double* out);

//! Sums of lognormal unit factors: out[i] = sum over k < units[i] of
//! exp(mu + sigma normal_quantile(word k of lane i's stream)), added in the order of k from
//! 0.0 (exp and the quantile bit for bit those of exp_lanes and normal_quantile_lanes).
void lognormal_sums_lanes(const std::uint32_t* units, double mu, double sigma, const LaneStreams& streams,
                          std::size_t n, double* out);

//! Up to 32 independent events with probabilities p[k] in [0, 1] and the reciprocals
//! inverse_p[k] = 1 / p[k], inverse_complement[k] = 1 / (1 - p[k]) (0 for those of 0 and 1).
struct EventChain {
  static constexpr std::size_t kMax = 32;
  std::size_t count = 0;
  double p[kMax] = {}, inverse_p[kMax] = {}, inverse_complement[kMax] = {};
  //! Appends an event of the given probability, with its reciprocals.
  void add(double probability) {
    if (count == kMax) throw std::length_error("EventChain: more than 32 events");
    p[count] = probability;
    inverse_p[count] = probability > 0 ? 1.0 / probability : 0.0;
    inverse_complement[count] = probability < 1 ? 1.0 / (1.0 - probability) : 0.0;
    ++count;
  }
};

//! Independent events from one uniform a lane (the yearly onset of conditions): for k <
//! events.count in order, lane i's event k, when bit k of held[i] is clear, happens if v <
//! p[k], v starting at u[i]; v then becomes v inverse_p[k] (it happened) or (v - p[k])
//! inverse_complement[k] (it did not), again uniform and independent of what was decided.
//! The events that happen are set in held[i].
void event_set_lanes(const double* u, const EventChain& events, std::size_t n, std::uint32_t* held);

//! The Highway target the samplers run on, on this CPU.
const char* sampler_lanes_target_name();

//! The doubles one vector holds on the target the samplers are dispatched to now (what
//! lanes_targets::use_target changes): 8 on AVX3, 4 on AVX2, 2 on SSE4, 1 on SCALAR.
std::size_t sampler_lanes_count();

//! For tests and benchmarks: each sampler on one target, which must be supported
//! (std::invalid_argument if not); the targets are lanes_targets::compiled().
namespace sampler_lanes_targets {
using Target = lanes_targets::Target;
std::vector<Target> compiled();
//! The doubles one vector of `target` holds.
std::size_t lanes_of(std::int64_t target);
void uniforms_on(std::int64_t target, const LaneStreams& streams, std::size_t n, std::size_t words, double* out,
                 std::size_t stride);
void poisson_on(std::int64_t target, const double* mean, const double* u, const LaneStreams& tries, std::size_t n,
                std::uint32_t* out);
void binomial_on(std::int64_t target, const std::uint32_t* trials, const double* p, const double* u,
                 const LaneStreams& tries, std::size_t n, std::uint32_t* out);
void gamma_on(std::int64_t target, const double* shape, const double* scale, const LaneStreams& streams, std::size_t n,
              double* out);
void normal_quantile_on(std::int64_t target, const double* u, std::size_t n, double* out);
void lognormal_sums_on(std::int64_t target, const std::uint32_t* units, double mu, double sigma,
                       const LaneStreams& streams, std::size_t n, double* out);
void event_set_on(std::int64_t target, const double* u, const EventChain& events, std::size_t n, std::uint32_t* held);
}  // namespace sampler_lanes_targets

}  // namespace pmsim
