#pragma once
//! \file sampler_lanes.h
//! The distributions the generator draws, for many members at once (one lane a member),
//! vectorised with Google Highway and dispatched at run time like philox_lanes.h and
//! math_lanes.h. The same bits on every target, whatever the lane count: each lane's result
//! depends on its own inputs and its own stream only (masked loops run until every lane is
//! done; a lane's k-th retry uses the k-th words of its own stream), the arithmetic is IEEE
//! add, subtract, multiply, divide and square root in one order, no FMA (the project is
//! compiled with -ffp-contract=off), exp and log from math_lanes (no libm).
//! Highway stays inside sampler_lanes.cpp: this header is plain C++.
//!
//! The algorithms and their stream layouts are part of the reproducibility contract
//! (docs/model.md, "Random numbers"): changing one changes results.

#include <cstddef>
#include <cstdint>
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

//! Poisson(mean[i]) for i < n, 0 <= mean[i] <= 1e6 (mean 0 gives 0; the caller bounds the
//! mean: population/generator_services.cpp). Below a mean of 10 by inversion of u[i] (the
//! smallest k with P(X <= k) >= u[i]: monotone in the mean, so runs that differ in a rate
//! stay coupled), from 10 on by Hormann's transformed rejection with squeeze (PTRS, 1993),
//! exact, drawing two words a try from `tries` (lane i's stream; u[i] unused).
void poisson_lanes(const double* mean, const double* u, const LaneStreams& tries, std::size_t n, std::uint32_t* out);

//! Binomial(trials[i], p[i]) for i < n, p in [0, 1] (p <= 0 gives 0, p >= 1 gives trials).
//! For trials x min(p, 1 - p) below 10 by inversion of u[i]; from 10 on by Hormann's BTRD
//! (transformed rejection with decomposition, 1993), exact, drawing from `tries`.
void binomial_lanes(const std::uint32_t* trials, const double* p, const double* u, const LaneStreams& tries,
                    std::size_t n, std::uint32_t* out);

//! Gamma(shape[i], scale[i]) for i < n (mean shape x scale), shape > 0 and finite, from
//! lane i's stream: Marsaglia and Tsang's squeeze method (ACM TOMS 26(3), 2000) with masked
//! retries, the normal by normal_quantile; shape < 1 by Gamma(shape + 1) U^(1 / shape).
//! Word 0 is the U of the shape < 1 boost (drawn, unused, for shape >= 1), try t uses
//! words 1 + 2t (the normal) and 2 + 2t (the acceptance uniform).
void gamma_lanes(const double* shape, const double* scale, const LaneStreams& streams, std::size_t n, double* out);

//! The standard normal quantile Phi^-1(u[i]), u in (0, 1), by P. J. Acklam's rational
//! approximation (relative error below 1.15e-9), central region and tails without branches.
void normal_quantile_lanes(const double* u, std::size_t n, double* out);

//! Sums of lognormal unit factors: out[i] = sum over k < units[i] of
//! exp(mu + sigma normal_quantile(word k of lane i's stream)), added in the order of k.
void lognormal_sums_lanes(const std::uint32_t* units, double mu, double sigma, const LaneStreams& streams,
                          std::size_t n, double* out);

//! The Highway target the samplers run on, on this CPU.
const char* sampler_lanes_target_name();

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
}  // namespace sampler_lanes_targets

}  // namespace pmsim
