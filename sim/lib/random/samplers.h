#pragma once
//! \file samplers.h
//! Discrete samplers for the per-member loop, by inversion of the CDF from ONE uniform.
//! One uniform per draw keeps the stream layout fixed, and inversion is monotone in the
//! rate: runs that differ only in a rate see the same uniform and so differ as little as
//! possible (the coupling the paired comparisons rely on). Boost's samplers consume a
//! variable number of uniforms and are the reference these are tested against.

#include <cstdint>

namespace pmsim {

//! The smallest k with P(X <= k) >= u, for X ~ Poisson(mean), mean well below 2^32 (the
//! callers bound it: population/frailty.h, population/generator_services.cpp). Exact to double rounding: sequential
//! search from 0 for means below 90, from the mode (with the regularised incomplete gamma function) for large ones.
std::uint32_t poisson_inverse(double mean, double u);

//! The standard normal quantile Phi^-1(u), u in (0, 1), by P. J. Acklam's rational
//! approximation (relative error below 1.15e-9): one uniform per normal draw.
double normal_inverse(double u);

//! The smallest k with P(X <= k) >= u, for X ~ Binomial(trials, p).
std::uint32_t binomial_inverse(std::uint32_t trials, double p, double u);

//! The smallest k with P(X <= k) >= u, for X ~ Hypergeometric: the marked items among `draws`
//! taken without replacement from `population` items of which `marked` are marked.
std::uint32_t hypergeometric_inverse(std::uint32_t population, std::uint32_t marked, std::uint32_t draws, double u);

}  // namespace pmsim
