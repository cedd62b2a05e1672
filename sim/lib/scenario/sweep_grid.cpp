#include "scenario/sweep_grid.h"

#include <algorithm>

namespace pmsim {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

SweepAxis parse_sweep_axis(const std::string& argument) {
  const std::string where = "--set " + argument;
  const auto equals = argument.find('=');
  if (equals == std::string::npos)
    throw SweepGridError(where + ": expected KEY=V1,V2,... (e.g. --set population.size=500,1000,2000)");
  SweepAxis axis{trimmed(argument.substr(0, equals)), {}};
  if (axis.key.empty()) throw SweepGridError(where + ": the key before '=' is empty");
  const std::string list = argument.substr(equals + 1);
  std::size_t start = 0;
  while (true) {
    const auto comma = std::min(list.find(',', start), list.size());
    std::string value = trimmed(list.substr(start, comma - start));
    if (value.empty()) throw SweepGridError(where + ": an empty value (values are separated by single commas)");
    if (std::find(axis.values.begin(), axis.values.end(), value) != axis.values.end())
      throw SweepGridError(where + ": the value " + value + " is given twice");
    axis.values.push_back(std::move(value));
    if (comma == list.size()) break;
    start = comma + 1;
  }
  return axis;
}

std::vector<SweepAxis> parse_sweep_axes(const std::vector<std::string>& arguments, std::size_t max_points) {
  std::vector<SweepAxis> axes;
  std::size_t points = 1;
  for (const std::string& argument : arguments) {
    SweepAxis axis = parse_sweep_axis(argument);
    for (const SweepAxis& earlier : axes)
      if (earlier.key == axis.key)
        throw SweepGridError("--set " + axis.key + ": the key is swept twice; give its values in one --set");
    points *= axis.values.size();
    if (points > max_points)
      throw SweepGridError("--set: the grid has more than " + std::to_string(max_points) + " points");
    axes.push_back(std::move(axis));
  }
  if (axes.empty()) throw SweepGridError("--set: give at least one KEY=V1,V2,...");
  return axes;
}

std::size_t sweep_point_count(const std::vector<SweepAxis>& axes) {
  std::size_t points = 1;
  for (const SweepAxis& axis : axes) points *= axis.values.size();
  return points;
}

std::vector<ScenarioSetting> sweep_point(const std::vector<SweepAxis>& axes, std::size_t index) {
  std::vector<ScenarioSetting> settings(axes.size());
  for (std::size_t a = axes.size(); a-- > 0;) {
    const std::size_t n = axes[a].values.size();
    settings[a] = {axes[a].key, axes[a].values[index % n]};
    index /= n;
  }
  return settings;
}

}  // namespace pmsim
