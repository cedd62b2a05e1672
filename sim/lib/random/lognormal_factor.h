#pragma once
//! \file lognormal_factor.h
//! One lognormal cost factor exp(mu + sigma Phi^-1(u)), bit for bit the factor that
//! lognormal_sums_lanes (sampler_lanes.h) adds for a unit of the same uniform: for the code
//! that goes member by member (admission types, episodes) and must see the same costs.

namespace pmsim {

double lognormal_factor(double mu, double sigma, double u);

}  // namespace pmsim
