#pragma once
//! \file rate_lanes.h
//! A category's rate factors and expected counts of many members at once (the products of
//! draw_counts, generator_services.cpp), vectorised with Google Highway and dispatched at run
//! time as random/math_lanes.h. Each product is multiplied in the order written below, IEEE
//! multiplies only (no FMA: -ffp-contract=off), so the bits are the scalar loop's on every
//! target. Highway stays inside rate_lanes.cpp.

#include <cstddef>
#include <cstdint>

namespace pmsim {

//! What a category multiplies a member's rate by, for a row of members: its own factors
//! (arrays of n) and the year's (scalars).
struct RateFactors {
  const double* utilization = nullptr;  //!< the conditions' and interventions' factors
  const double* power = nullptr;        //!< F^e, the category's frailty power
  const std::uint8_t* died = nullptr;   //!< nonzero: the member dies this year
  double moment_inverse = 1;            //!< 1 / E[F^e]
  double end_of_life = 1;               //!< the factor in the year of death
  double year_factor = 1;               //!< the year's shock times its trend
};

//! factor[i] = utilization[i] * (power[i] * moment_inverse) * eol[i] * year_factor, left to
//! right, with eol[i] = end_of_life where died[i], else 1.
void rate_factors_lanes(const RateFactors& f, std::size_t n, double* factor);

//! mean[i] = rate * person[i] * factor[i], left to right, factor[i] as rate_factors_lanes:
//! the expected counts. Returns whether every mean is at most `limit` (a NaN is not).
bool expected_counts_lanes(const RateFactors& f, double rate, const double* person, std::size_t n, double limit,
                           double* mean);

//! For tests: each on one target, which must be supported (std::invalid_argument if not); the
//! targets are lanes_targets::compiled().
namespace rate_lanes_targets {
void rate_factors_on(std::int64_t target, const RateFactors& f, std::size_t n, double* factor);
bool expected_counts_on(std::int64_t target, const RateFactors& f, double rate, const double* person, std::size_t n,
                        double limit, double* mean);
}  // namespace rate_lanes_targets

}  // namespace pmsim
