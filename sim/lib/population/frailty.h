#pragma once
//! \file frailty.h
//! Latent frailty: a stationary gamma AR(1) process. Every year F ~ Gamma(k, 1/k) (mean 1,
//! variance 1/k), E[F_t | F_{t-1}] = (1 - rho) + rho F_{t-1}, so corr(F_t, F_{t+h}) = rho^h.
//! The transition goes through a latent Poisson count (a Markov chain whose stationary law
//! is the gamma, as in Pitt, Chatfield and Walker 2002):
//!   N ~ Poisson(c F_{t-1}),  F_t | N ~ Gamma(k + N, scale (1 - rho) / k),  c = k rho / (1 - rho).
//! One uniform and one gamma draw a year. rho = 0 gives independent years, rho = 1 a
//! permanent frailty.

#include <cmath>
#include <cstdint>
#include <vector>

#include "random/gamma_sampler.h"
#include "random/random_stream.h"
#include "random/samplers.h"

namespace pmsim {

class FrailtyProcess {
 public:
  FrailtyProcess(double shape, double persistence)
      : shape_(shape),
        rho_(persistence),
        stationary_(shape, 1.0 / shape),
        poisson_rate_(persistence < 1.0 ? shape * persistence / (1.0 - persistence) : 0.0),
        step_scale_((1.0 - persistence) / shape) {
    for (std::uint32_t n = 0; n < kPrecomputed; ++n) steps_.emplace_back(shape + n, step_scale_);
  }

  //! A draw from the stationary distribution (a member entering the population).
  double initial(RandomStream& rng) const { return stationary_(rng); }

  //! Next year's frailty given this year's.
  double step(double previous, RandomStream& rng) const {
    if (rho_ >= 1.0) return previous;
    if (rho_ <= 0.0) return initial(rng);
    const std::uint32_t n = poisson_inverse(poisson_rate_ * previous, rng.uniform());
    return n < kPrecomputed ? steps_[n](rng) : GammaSampler(shape_ + n, step_scale_)(rng);
  }

  //! E[F^e] for the stationary distribution, used to keep a rate's mean when it is
  //! multiplied by F^e: Gamma(k + e) / (Gamma(k) k^e).
  double moment(double exponent) const {
    return std::exp(std::lgamma(shape_ + exponent) - std::lgamma(shape_) - exponent * std::log(shape_));
  }

  double shape() const { return shape_; }
  double persistence() const { return rho_; }
  double poisson_rate() const { return poisson_rate_; }  //!< c = k rho / (1 - rho)
  double step_scale() const { return step_scale_; }      //!< (1 - rho) / k

 private:
  double shape_;
  double rho_;
  GammaSampler stationary_;
  double poisson_rate_;  //!< c = k rho / (1 - rho)
  double step_scale_;    //!< (1 - rho) / k
  static constexpr std::uint32_t kPrecomputed = 64;
  std::vector<GammaSampler> steps_;  //!< Gamma(k + n, step_scale) for n < kPrecomputed
};

}  // namespace pmsim
