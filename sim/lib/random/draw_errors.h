#pragma once
//! \file draw_errors.h
//! The draws a run cannot make: each stops the run with a message that names the key and the
//! replication (pmsim exits 2: the input's fault, found only once it is drawn).

#include <stdexcept>

namespace pmsim {

//! A replication's value that could not be drawn (not a finite number, or an exception of
//! Boost): the checks of distribution_problem and draw_reach leave no such case; this is the
//! net for one they did not foresee.
class ParameterDrawError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A member's expected count of a service beyond what pmsim draws (1e6 a member-year,
//! population/generator_services.cpp): a product of multipliers, each within its key's range,
//! that no one key bounds (docs/reliability/ranges.md, "Products of multipliers"). Documented,
//! not a net.
class CountBeyondLimitError : public ParameterDrawError {
 public:
  using ParameterDrawError::ParameterDrawError;
};

}  // namespace pmsim
