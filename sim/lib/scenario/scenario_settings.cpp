#include "scenario/scenario_settings.h"

#include <cctype>
#include <charconv>
#include <optional>

#include "scenario/scenario_yaml.h"
#include "scenario/yaml_front_end.h"
#include "scenario/yaml_reader.h"

namespace pmsim {

namespace {

// One step of a key path: a map key, or (index set) an item of a list.
struct PathStep {
  std::string key;
  std::optional<std::size_t> index;
  std::size_t end = 0;  //!< where the step ends in the key path
};

bool is_key_character(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// "contracts[1].pmpm" -> contracts, [1], pmpm; nullopt if it is not of that form.
std::optional<std::vector<PathStep>> split_key_path(const std::string& path) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    const std::size_t start = i;
    while (i < path.size() && is_key_character(path[i])) ++i;
    if (i == start) return std::nullopt;
    steps.push_back({path.substr(start, i - start), std::nullopt, i});
    while (i < path.size() && path[i] == '[') {
      const std::size_t digits = ++i;
      while (i < path.size() && std::isdigit(static_cast<unsigned char>(path[i]))) ++i;
      if (i == digits || i == path.size() || path[i] != ']') return std::nullopt;
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(path.data() + digits, path.data() + i, index);
      if (ec != std::errc() || end != path.data() + i) return std::nullopt;
      ++i;
      steps.push_back({"", index, i});
    }
    if (i == path.size()) break;
    if (path[i] != '.' || i + 1 == path.size()) return std::nullopt;
    ++i;
  }
  if (steps.empty()) return std::nullopt;
  return steps;
}

// "[0] ffs, [1] cap": the items of a list, by the name they give, for messages.
std::string list_items(const YAML::Node& list) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node name = list[i].IsMap() ? list[i]["name"] : YAML::Node();
    items.push_back("[" + std::to_string(i) + "]" + (name && name.IsScalar() ? " " + name.Scalar() : ""));
  }
  return items.empty() ? "none" : yaml::join(items);
}

// Puts `setting` into the tree; returns "" or what is wrong with its key.
std::string apply(YAML::Node& root, const ScenarioSetting& setting) {
  const auto steps = split_key_path(setting.key);
  if (!steps)
    return "'" + setting.key +
           "' is not a key path (keys joined by '.', list items by index: population.size, "
           "contracts[1].pmpm)";
  YAML::Node node = root;  // a handle: reset() moves it, assignment would overwrite the node
  std::string path;
  for (std::size_t s = 0; s < steps->size(); ++s) {
    const PathStep& step = (*steps)[s];
    const bool last = s + 1 == steps->size();
    if (step.index) {
      if (!node.IsSequence()) return path + " is not a list, so it has no item [" + std::to_string(*step.index) + "]";
      if (*step.index >= node.size())
        return path + "[" + std::to_string(*step.index) + "]: " + path + " has " + std::to_string(node.size()) +
               " items (" + list_items(node) + ")";
      path = index_path(path, *step.index);
      node.reset(node[*step.index]);
    } else {
      if (node.IsSequence()) {
        std::size_t named = 0;  // the item called step.key, if there is one
        while (named < node.size() && !(node[named].IsMap() && node[named]["name"] && node[named]["name"].IsScalar() &&
                                        node[named]["name"].Scalar() == step.key))
          ++named;
        const std::string example = named < node.size() ? "; for '" + step.key + "' write " + index_path(path, named) +
                                                              setting.key.substr(step.end)
                                                        : "";
        return path + " is a list: name its items by index (" + list_items(node) + ")" + example;
      }
      if (node.IsScalar()) return path + " is a value, not a map, so it has no key '" + step.key + "'";
      if (!node.IsMap()) node = YAML::Node(YAML::NodeType::Map);  // an empty value: a new map
      path = child_path(path, step.key);
      if (!node[step.key]) node[step.key] = YAML::Node(last ? YAML::NodeType::Null : YAML::NodeType::Map);
      node.reset(node[step.key]);
    }
  }
  node = setting.value;  // replaces the scalar, map or list that was there
  return "";
}

std::string emitted(const YAML::Node& root) {
  YAML::Emitter out;
  out << root;
  return out.good() ? std::string(out.c_str()) : std::string();
}

// "LABEL:12:3: key: message" -> "LABEL: key: message": the positions are of the re-written
// text, which the user never saw.
std::vector<std::string> without_positions(const std::vector<std::string>& messages, const std::string& label) {
  std::vector<std::string> out;
  for (const std::string& m : messages) {
    std::string text = m;
    if (text.starts_with(label + ":")) {
      std::size_t i = label.size() + 1;
      std::size_t colons = 0;
      while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == ':')) {
        if (text[i] == ':') ++colons;
        ++i;
      }
      if (colons == 2 && i < text.size() && text[i] == ' ') text = label + ":" + text.substr(i);
    }
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace

std::string describe_settings(const std::vector<ScenarioSetting>& settings) {
  std::vector<std::string> parts;
  for (const ScenarioSetting& s : settings) parts.push_back(s.key + "=" + s.value);
  return yaml::join(parts);
}

Scenario parse_scenario_with_settings(const std::string& yaml_text, const std::string& file_name,
                                      const std::vector<ScenarioSetting>& settings) {
  std::vector<std::string> set;
  for (const ScenarioSetting& s : settings) set.push_back("--set " + s.key + "=" + s.value);
  const std::string label = file_name + " with " + yaml::join(set);
  // The file is read first as a scenario: its errors are reported as without settings.
  const std::string as_file = to_yaml(parse_scenario(yaml_text, file_name));
  yaml::Diagnostics diag(file_name);
  std::optional<YAML::Node> loaded = yaml::load_document(yaml_text, diag, "empty document");
  if (!loaded) throw ScenarioError(diag.messages());
  YAML::Node root = *loaded;
  // The tree is parsed from its re-written text; that text must read as the file does, or
  // every point would differ from the file in more than its settings.
  const std::string unchanged = emitted(root);
  bool same = false;
  try {
    same = !unchanged.empty() && to_yaml(parse_scenario(unchanged, file_name)) == as_file;
  } catch (const ScenarioError&) {
  }
  if (!same)
    throw ScenarioError({file_name + ": cannot set values in this file: re-written by yaml-cpp it does not read "
                                     "the same (write the values in the file instead)"});

  std::vector<std::string> problems;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    if (const std::string problem = apply(root, settings[i]); !problem.empty())
      problems.push_back(label + ": " + set[i] + ": " + problem);
  }
  if (!problems.empty()) throw ScenarioError(problems);
  const std::string text = emitted(root);
  if (text.empty()) throw ScenarioError({label + ": the values cannot be written as YAML"});
  try {
    return parse_scenario(text, label);
  } catch (const ScenarioError& e) {
    throw ScenarioError(without_positions(e.messages(), label));
  }
}

}  // namespace pmsim
