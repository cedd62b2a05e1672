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

SweepAxis parse_sweep_axis(const std::string& argument, const std::string& option) {
  const std::string where = option + " " + argument;
  const auto equals = argument.find('=');
  if (equals == std::string::npos)
    throw SweepGridError(where + ": expected KEY=V1,V2,... (e.g. " + option + " population.size=500,1000,2000)");
  SweepAxis axis{trimmed(argument.substr(0, equals)), {}, option == "--zip"};
  if (axis.key.empty()) throw SweepGridError(where + ": the key before '=' is empty");
  const std::string list = argument.substr(equals + 1);
  std::size_t start = 0;
  while (true) {
    const auto comma = std::min(list.find(',', start), list.size());
    std::string value = trimmed(list.substr(start, comma - start));
    if (value.empty()) throw SweepGridError(where + ": an empty value (values are separated by single commas)");
    if (!axis.zipped && std::find(axis.values.begin(), axis.values.end(), value) != axis.values.end())
      throw SweepGridError(where + ": the value " + value + " is given twice");
    axis.values.push_back(std::move(value));
    if (comma == list.size()) break;
    start = comma + 1;
  }
  return axis;
}

namespace {

// The zipped axes' checks: two keys or more, as many values each, no combination twice.
void check_zipped(const std::vector<SweepAxis>& zipped) {
  if (zipped.empty()) return;
  if (zipped.size() < 2)
    throw SweepGridError("--zip " + zipped[0].key +
                         ": zipped keys move together; give two or more (a key alone: use --set)");
  const std::size_t n = zipped[0].values.size();
  for (const SweepAxis& axis : zipped)
    if (axis.values.size() != n)
      throw SweepGridError("--zip " + axis.key + ": " + std::to_string(axis.values.size()) + " values, but " +
                           zipped[0].key + " has " + std::to_string(n) +
                           " (zipped keys move together: the i-th values of each form point i)");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (std::all_of(zipped.begin(), zipped.end(), [&](const SweepAxis& a) { return a.values[i] == a.values[j]; }))
        throw SweepGridError("--zip: values " + std::to_string(j + 1) + " and " + std::to_string(i + 1) +
                             " of the zipped keys are the same combination");
}

}  // namespace

std::vector<SweepAxis> parse_sweep_axes(const std::vector<std::string>& set, const std::vector<std::string>& zip,
                                        std::size_t max_points) {
  std::vector<SweepAxis> axes;
  const auto add = [&](const std::string& argument, const std::string& option) {
    SweepAxis axis = parse_sweep_axis(argument, option);
    for (const SweepAxis& earlier : axes)
      if (earlier.key == axis.key)
        throw SweepGridError(option + " " + axis.key + ": the key is swept twice; give its values once, in --set or " +
                             "--zip");
    axes.push_back(std::move(axis));
  };
  for (const std::string& argument : zip) add(argument, "--zip");
  check_zipped(axes);
  for (const std::string& argument : set) add(argument, "--set");
  if (axes.empty()) throw SweepGridError("--set: give at least one KEY=V1,V2,... (or two --zip keys)");
  std::size_t points = 1;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    if (a > 0 && axes[a].zipped) continue;  // the zipped axes are one dimension
    points *= axes[a].values.size();
    if (points > max_points)
      throw SweepGridError("--set: the grid has more than " + std::to_string(max_points) + " points");
  }
  return axes;
}

std::size_t sweep_point_count(const std::vector<SweepAxis>& axes) {
  std::size_t points = 1;
  for (std::size_t a = 0; a < axes.size(); ++a)
    if (a == 0 || !axes[a].zipped) points *= axes[a].values.size();
  return points;
}

std::vector<ScenarioSetting> sweep_point(const std::vector<SweepAxis>& axes, std::size_t index) {
  std::vector<ScenarioSetting> settings(axes.size());
  std::size_t a = axes.size();
  for (; a > 0 && !axes[a - 1].zipped; --a) {
    const std::size_t n = axes[a - 1].values.size();
    settings[a - 1] = {axes[a - 1].key, axes[a - 1].values[index % n]};
    index /= n;
  }
  // What is left of the index picks the zipped axes' common position.
  for (; a > 0; --a) settings[a - 1] = {axes[a - 1].key, axes[a - 1].values[index]};
  return settings;
}

}  // namespace pmsim
