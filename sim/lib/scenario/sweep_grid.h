#pragma once
//! \file sweep_grid.h
//! The points of a sweep (`pmsim sweep --set KEY=V1,V2,...`): the cartesian product of the
//! values of every swept key, the first key varying slowest.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario/scenario_settings.h"

namespace pmsim {

//! A --set argument that is not KEY=V1,V2,...: bad input, the message names it.
class SweepGridError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SweepAxis {
  std::string key;
  std::vector<std::string> values;  //!< as written, in the order given
};

//! "KEY=V1,V2,..." -> its axis. Throws SweepGridError for a missing '=', an empty key, an
//! empty value (",," or a trailing comma) or a value given twice.
SweepAxis parse_sweep_axis(const std::string& argument);

//! The axes of the --set arguments; throws SweepGridError (as parse_sweep_axis) or when a key
//! is swept twice or more than `max_points` points would result.
std::vector<SweepAxis> parse_sweep_axes(const std::vector<std::string>& arguments, std::size_t max_points);

//! Number of points: the product of the axes' sizes.
std::size_t sweep_point_count(const std::vector<SweepAxis>& axes);

//! Point `index` (0-based, < sweep_point_count): one setting per axis, in axis order; the last
//! axis varies fastest.
std::vector<ScenarioSetting> sweep_point(const std::vector<SweepAxis>& axes, std::size_t index);

}  // namespace pmsim
