#pragma once
//! \file gamma_sampler.h
//! Gamma variates for the per-member loop (frailty steps, gamma severity sums):
//! Marsaglia and Tsang's squeeze method (ACM TOMS 26(3), 2000), with the shape < 1 boost
//! Gamma(a) = Gamma(a + 1) U^(1/a). About two uniforms per draw (the normal by inversion),
//! against several transcendental calls in Boost's sampler, which is the reference it is
//! tested against (tests/random/gamma_sampler_test.cpp).

#include <cmath>

#include "random/random_stream.h"
#include "random/samplers.h"

namespace pmsim {

class GammaSampler {
 public:
  //! Gamma(shape, scale): mean shape x scale. shape > 0.
  GammaSampler(double shape, double scale = 1.0)
      : boost_(shape < 1.0),
        d_((boost_ ? shape + 1.0 : shape) - 1.0 / 3.0),
        c_(1.0 / std::sqrt(9.0 * d_)),
        inverse_shape_(1.0 / shape),
        scale_(scale) {}

  double operator()(RandomStream& rng) const {
    double draw;
    for (;;) {
      const double x = normal_inverse(rng.uniform());
      double v = 1.0 + c_ * x;
      if (v <= 0.0) continue;
      v = v * v * v;
      const double u = rng.uniform();
      const double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d_ * (1.0 - v + std::log(v))) {
        draw = d_ * v;
        break;
      }
    }
    if (boost_) draw *= std::exp(std::log(rng.uniform()) * inverse_shape_);
    return draw * scale_;
  }

 private:
  bool boost_;
  double d_;
  double c_;
  double inverse_shape_;
  double scale_;
};

}  // namespace pmsim
