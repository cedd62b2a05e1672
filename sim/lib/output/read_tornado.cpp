#include "output/read_tornado.h"

#include <algorithm>
#include <stdexcept>

#include "output/read_hdf5.h"
#include "output/read_hdf5_contents.h"

namespace pmsim {

namespace {

const std::string kSection = "/sensitivity";

// The bars of one group (below `section`), or a reason it does not have the documented layout.
StoredTornado read_group(const std::string& path, const std::string& section, const std::string& group,
                         std::string& why_not) {
  StoredTornado t;
  const std::string rest = group.substr(section.size());
  t.contract = rest.substr(0, rest.find('/'));
  t.outcome = rest.substr(rest.find('/') + 1);
  std::vector<std::string> parameters;
  try {
    parameters = read_string_array_attribute(path, group, "parameters");
  } catch (const std::runtime_error&) {
    why_not = "no string attribute 'parameters'";
    return t;
  }
  try {
    t.description = read_string_attribute(path, group, "outcome");
  } catch (const std::runtime_error&) {
    // optional
  }
  t.bars.resize(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) t.bars[i].parameter = parameters[i];
  const struct {
    const char* name;
    double TornadoBar::*field;
  } columns[] = {{"rank_correlation", &TornadoBar::rank_correlation},
                 {"low", &TornadoBar::low},
                 {"high", &TornadoBar::high},
                 {"swing", &TornadoBar::swing}};
  for (const auto& column : columns) {
    Matrix values;
    try {
      values = read_matrix(path, group + "/" + column.name);
    } catch (const std::runtime_error&) {
      why_not = std::string("no numeric dataset '") + column.name + "'";
      return t;
    }
    if (values.values.size() != parameters.size()) {
      why_not = std::string("'") + column.name + "' holds " + std::to_string(values.values.size()) + " values for " +
                std::to_string(parameters.size()) + " parameters";
      return t;
    }
    for (std::size_t i = 0; i < parameters.size(); ++i) t.bars[i].*column.field = values.values[i];
  }
  return t;
}

}  // namespace

TornadoSection read_tornado_section(const std::string& path, const std::string& group,
                                    const std::set<std::string>& damaged) {
  TornadoSection section;
  const Hdf5Contents file(path);
  const std::string sensitivity = group_object(group, kSection);
  if (!file.exists(sensitivity)) return section;
  section.present = true;
  const std::string prefix = sensitivity + "/";
  for (const std::string& object : file.objects()) {
    if (!object.starts_with(prefix)) continue;
    const std::string rest = object.substr(prefix.size());
    const auto slash = rest.find('/');
    // Outcome groups sit exactly two levels down: /sensitivity/<contract>/<outcome>.
    if (slash == std::string::npos || rest.find('/', slash + 1) != std::string::npos) continue;
    if (file.is_dataset(object)) continue;
    if (std::any_of(damaged.begin(), damaged.end(),
                    [&](const std::string& d) { return d == object || d.starts_with(object + "/"); })) {
      section.skipped.push_back(object + ": damaged");
      continue;
    }
    std::string why_not;
    StoredTornado t = read_group(path, prefix, object, why_not);
    if (why_not.empty())
      section.tornados.push_back(std::move(t));
    else
      section.skipped.push_back(object + ": " + why_not);
  }
  return section;
}

}  // namespace pmsim
