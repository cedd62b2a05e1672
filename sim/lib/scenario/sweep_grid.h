#pragma once
//! \file sweep_grid.h
//! The points of a sweep (`pmsim sweep --set KEY=V1,V2,... --zip KEY=V1,V2,...`): the
//! cartesian product of the values of every --set key, the first key varying slowest, and
//! before them one axis of the --zip keys, whose i-th values go together (a panel size with
//! its fixed costs and reserves).

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario/scenario_settings.h"

namespace pmsim {

//! A --set or --zip argument that is not KEY=V1,V2,...: bad input, the message names it.
class SweepGridError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SweepAxis {
  std::string key;
  std::vector<std::string> values;  //!< as written, in the order given
  bool zipped = false;              //!< moves with the other zipped axes (one dimension of the grid)
};

//! "KEY=V1,V2,..." of option `option` ("--set" or "--zip") -> its axis. Throws SweepGridError
//! for a missing '=', an empty key, an empty value (",," or a trailing comma) or, for --set, a
//! value given twice (a zipped key may repeat a value: the panel grows, the reserves stay).
SweepAxis parse_sweep_axis(const std::string& argument, const std::string& option = "--set");

//! The axes of the --zip arguments (first, zipped) and the --set arguments; throws
//! SweepGridError (as parse_sweep_axis) or when a key is swept twice, fewer than two keys are
//! zipped, zipped keys have different numbers of values or repeat a combination, nothing is
//! swept, or more than `max_points` points would result.
std::vector<SweepAxis> parse_sweep_axes(const std::vector<std::string>& set, const std::vector<std::string>& zip,
                                        std::size_t max_points);

//! Number of points: the product of the sizes of the grid's dimensions (the zipped axes are one).
std::size_t sweep_point_count(const std::vector<SweepAxis>& axes);

//! Point `index` (0-based, < sweep_point_count): one setting per axis, in axis order; the last
//! axis varies fastest, the zipped axes (first) together.
std::vector<ScenarioSetting> sweep_point(const std::vector<SweepAxis>& axes, std::size_t index);

}  // namespace pmsim
