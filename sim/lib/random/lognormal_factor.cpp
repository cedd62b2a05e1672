#include "random/lognormal_factor.h"

#include "random/math_lanes.h"
#include "random/sampler_lanes.h"

namespace pmsim {

double lognormal_factor(double mu, double sigma, double u) {
  double z = 0;
  normal_quantile_lanes(&u, 1, &z);
  double x = mu + sigma * z;
  exp_lanes(&x, 1, &x);
  return x;
}

}  // namespace pmsim
