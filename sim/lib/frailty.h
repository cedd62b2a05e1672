#pragma once
//! \file frailty.h
//! Latent frailty: a stationary gamma AR(1) process (Lewis-McKenzie beta-gamma
//! construction). Every year F ~ Gamma(k, 1/k) (mean 1, variance 1/k) and
//! corr(F_t, F_{t-1}) = rho exactly:
//!   F_t = B_t F_{t-1} + G_t,  B_t ~ Beta(k rho, k (1 - rho)),  G_t ~ Gamma(k (1 - rho), 1/k).
//! rho = 0 gives independent years, rho = 1 a permanent frailty.

#include <boost/random/beta_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <cmath>

namespace pmsim {

class FrailtyProcess {
 public:
  FrailtyProcess(double shape, double persistence) : shape_(shape), rho_(persistence) {}

  //! A draw from the stationary distribution (a member entering the population).
  template <class Engine>
  double initial(Engine& engine) const {
    return boost::random::gamma_distribution<double>(shape_, 1.0 / shape_)(engine);
  }

  //! Next year's frailty given this year's.
  template <class Engine>
  double step(double previous, Engine& engine) const {
    if (rho_ >= 1.0) return previous;
    if (rho_ <= 0.0) return initial(engine);
    const double kept =
        boost::random::beta_distribution<double>(shape_ * rho_, shape_ * (1.0 - rho_))(engine);
    const double fresh =
        boost::random::gamma_distribution<double>(shape_ * (1.0 - rho_), 1.0 / shape_)(engine);
    return kept * previous + fresh;
  }

  //! E[F^e] for the stationary distribution, used to keep a rate's mean when it is
  //! multiplied by F^e: Gamma(k + e) / (Gamma(k) k^e).
  double moment(double exponent) const {
    return std::exp(std::lgamma(shape_ + exponent) - std::lgamma(shape_) -
                    exponent * std::log(shape_));
  }

  double shape() const { return shape_; }
  double persistence() const { return rho_; }

 private:
  double shape_;
  double rho_;
};

}  // namespace pmsim
