#pragma once
//! \file parameter_distribution.h
//! Distributions of uncertain scenario values (probabilistic sensitivity analysis): checks,
//! nominal values, and draws by inversion, so that a value is a pure function of its
//! stream's uniform and a degenerate distribution gives exactly its mean.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "config/scenario.h"
#include "random/draw_errors.h"

namespace pmsim {

//! What is wrong with the distribution's parameters, or "" when they are valid: besides each
//! kind's own rules, the limits within which Boost's functions are accurate and the random
//! stream's draws keep the mean (docs/scenarios.md, "Uncertain values and schedules by year").
std::string distribution_problem(const DistributionSpec& d);

//! The value the scenario's structs hold: the declared mean (uniform: the mid-point;
//! triangular: (min + mode + max) / 3).
double nominal_value(const DistributionSpec& d);

//! The probability the distribution, truncated to its [min, max], puts outside [lo, hi].
double mass_outside(const DistributionSpec& d, double lo, double hi);

//! The value at uniform `u` in (0, 1): the quantile of the distribution truncated to
//! [min, max]. A degenerate distribution (sd 0, or min == max) gives its value for every u.
double distribution_quantile(const DistributionSpec& d, double u);

//! The lowest and highest values a replication can draw: the quantiles at the smallest and the
//! largest uniform a RandomStream gives (every draw lies between them). For valid parameters;
//! NaN or an infinity when the distribution cannot be drawn.
std::pair<double, double> draw_reach(const DistributionSpec& d);

//! "lognormal(mean=1000, sd=200) on [500, 2000]".
std::string describe(const DistributionSpec& d);

//! The stream id of the parameter at `key`: a 32-bit hash (FNV-1a) of the key, so a
//! parameter's draws do not change when others are added or removed.
std::uint32_t parameter_stream_id(const std::string& key);

//! The values of a scenario's uncertain parameters for one replication, in the order of
//! Scenario::uncertain: each is the quantile of the first uniform of its own stream
//! (seed, replication, slot parameter_stream_id(key), year 0, Purpose::parameters).
std::vector<double> draw_parameters(const Scenario& s, std::uint32_t replication);

}  // namespace pmsim
