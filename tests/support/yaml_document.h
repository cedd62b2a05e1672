#pragma once
// A YAML text a test edits by key path ("population.age_bands[1].share"), and where a key or a
// value of it is: scenarios are built from one minimal text plus the keys a test is about, and
// an error's position is checked against the node its key path names, not a fixture's line.
// yaml-cpp reads and locates the nodes here (independently of the parser under test, which
// only gets the text); the text is written in the scenario files' style (block maps, flow
// items kept flow, scalars as given, quoted ones quoted).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace pmsim::testing {

//! A place in a text, 1-based as the parser's messages give it.
struct TextPosition {
  int line = 0;
  int column = 0;
  bool operator==(const TextPosition&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const TextPosition& p) { return out << p.line << ":" << p.column; }

//! "a.b[2].c" as its steps: a key (string) or a sequence index.
using PathStep = std::variant<std::string, std::size_t>;

inline std::vector<PathStep> path_steps(const std::string& path) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
    } else if (path[i] == '[') {
      const auto close = path.find(']', i);
      steps.emplace_back(static_cast<std::size_t>(std::stoul(path.substr(i + 1, close - i - 1))));
      i = close + 1;
    } else {
      const auto end = path.find_first_of(".[", i);
      steps.emplace_back(path.substr(i, end == std::string::npos ? std::string::npos : end - i));
      i = end == std::string::npos ? path.size() : end;
    }
  }
  return steps;
}

class YamlDocument {
 public:
  explicit YamlDocument(const std::string& text) : root_(YAML::Load(text)) {}
  YamlDocument(const YamlDocument& other) : root_(YAML::Clone(other.root_)) {}
  YamlDocument& operator=(const YamlDocument& other) {
    root_ = YAML::Clone(other.root_);
    return *this;
  }

  //! This document with the value at `path` set to `yaml` (a YAML text: "0.5", "[1, 2]",
  //! "{rate: 1}" or a block); a new key goes last in its map, an index one past the end appends.
  [[nodiscard]] YamlDocument with(const std::string& path, const std::string& yaml) const {
    YamlDocument copy(*this);
    const auto steps = path_steps(path);
    YAML::Node parent = copy.node_at(steps, steps.size() - 1, true);
    const YAML::Node value = YAML::Load(yaml);
    if (const auto* key = std::get_if<std::string>(&steps.back())) {
      parent[*key] = value;
    } else {
      const auto index = std::get<std::size_t>(steps.back());
      if (index == parent.size())
        parent.push_back(value);
      else
        parent[index] = value;
    }
    return copy;
  }

  //! This document without the key (or sequence item) at `path`.
  [[nodiscard]] YamlDocument without(const std::string& path) const {
    YamlDocument copy(*this);
    const auto steps = path_steps(path);
    YAML::Node parent = copy.node_at(steps, steps.size() - 1, false);
    if (const auto* key = std::get_if<std::string>(&steps.back())) {
      if (!parent.remove(*key)) throw std::invalid_argument("no key " + path);
    } else {
      const auto index = std::get<std::size_t>(steps.back());
      YAML::Node items(YAML::NodeType::Sequence);
      items.SetStyle(parent.Style());
      for (std::size_t i = 0; i < parent.size(); ++i)
        if (i != index) items.push_back(parent[i]);
      copy.replace(steps, steps.size() - 1, items);
    }
    return copy;
  }

  //! This document with the key at `path` renamed to `new_key`, in the same place of its map
  //! (a misspelt key).
  [[nodiscard]] YamlDocument renamed(const std::string& path, const std::string& new_key) const {
    YamlDocument copy(*this);
    const auto steps = path_steps(path);
    const YAML::Node parent = copy.node_at(steps, steps.size() - 1, false);
    const auto& old_key = std::get<std::string>(steps.back());
    if (!parent[old_key]) throw std::invalid_argument("no key " + path);
    YAML::Node entries(YAML::NodeType::Map);
    entries.SetStyle(parent.Style());
    for (const auto& entry : parent) {
      const auto key = entry.first.as<std::string>();
      entries[key == old_key ? new_key : key] = entry.second;
    }
    copy.replace(steps, steps.size() - 1, entries);
    return copy;
  }

  std::string text() const {
    std::string out;
    write_block(root_, 0, out);
    return out;
  }
  operator std::string() const { return text(); }  // NOLINT: a document is its text

 private:
  YAML::Node root_;

  // The node at the first `count` steps of the path; with `create`, missing keys are new maps.
  YAML::Node node_at(const std::vector<PathStep>& steps, std::size_t count, bool create) {
    YAML::Node node = root_;
    for (std::size_t i = 0; i < count; ++i) {
      if (const auto* key = std::get_if<std::string>(&steps[i])) {
        if (!node[*key]) {
          if (!create) throw std::invalid_argument("no key " + *key);
          node[*key] = YAML::Node(YAML::NodeType::Map);
        }
        node.reset(node[*key]);
      } else {
        node.reset(node[std::get<std::size_t>(steps[i])]);
      }
    }
    return node;
  }

  // Puts `value` where the first `count` steps lead (yaml-cpp cannot reorder a node in place).
  void replace(const std::vector<PathStep>& steps, std::size_t count, const YAML::Node& value) {
    if (count == 0) {
      root_ = value;
      return;
    }
    YAML::Node parent = node_at(steps, count - 1, false);
    if (const auto* key = std::get_if<std::string>(&steps[count - 1]))
      parent[*key] = value;
    else
      parent[std::get<std::size_t>(steps[count - 1])] = value;
  }

  static bool is_flow(const YAML::Node& node) { return node.Style() == YAML::EmitterStyle::Flow; }

  // A scalar as given; a quoted one (yaml-cpp tags it "!") double-quoted.
  static std::string scalar_text(const YAML::Node& node) {
    if (node.Tag() != "!") return node.Scalar();
    std::string quoted = "\"";
    for (const char c : node.Scalar()) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\"";
  }

  static std::string flow_text(const YAML::Node& node) {
    if (node.IsScalar()) return scalar_text(node);
    if (node.IsNull()) return "";
    std::string out = node.IsMap() ? "{" : "[";
    bool first = true;
    for (const auto& entry : node) {
      out += first ? "" : ", ";
      first = false;
      if (node.IsMap())
        out += entry.first.as<std::string>() + ": " + flow_text(entry.second);
      else
        out += flow_text(entry);
    }
    return out + (node.IsMap() ? "}" : "]");
  }

  // A value after "key:" or "- ": inline when it is a scalar, a flow or an empty collection,
  // else on the next lines at `indent`.
  static void write_value(const YAML::Node& node, int indent, std::string& out) {
    if (node.IsNull()) {
      out += "\n";
    } else if (node.IsScalar() || is_flow(node) || node.size() == 0) {
      out += " " + flow_text(node) + "\n";
    } else {
      out += "\n";
      write_block(node, indent, out);
    }
  }

  static void write_block(const YAML::Node& node, int indent, std::string& out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (node.IsMap()) {
      for (const auto& entry : node) {
        out += pad + entry.first.as<std::string>() + ":";
        write_value(entry.second, indent + 2, out);
      }
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        if (item.IsMap() && !is_flow(item) && item.size() > 0) {
          // "- key: value" with the item's other keys under the first.
          std::string block;
          write_block(item, indent + 2, block);
          out += pad + "- " + block.substr(static_cast<std::size_t>(indent) + 2);
        } else {
          out += pad + "-";
          write_value(item, indent + 2, out);
        }
      }
    } else {
      out += pad + flow_text(node) + "\n";
    }
  }
};

//! Where the key, or the value, at `path` is in `text` (a duplicated key: its last
//! occurrence, where a duplicate is reported; an empty value: its key, as the parser reports it).
enum class At { key, value };

inline TextPosition position_in(const std::string& text, const std::string& path, At at) {
  YAML::Node node = YAML::Load(text);
  YAML::Mark mark = node.Mark();
  const auto steps = path_steps(path);
  for (const auto& step : steps) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      bool found = false;
      YAML::Node next;
      for (const auto& entry : node) {
        if (entry.first.as<std::string>() != *key) continue;
        found = true;
        const bool at_key = (at == At::key && &step == &steps.back()) || entry.second.IsNull();
        mark = at_key ? entry.first.Mark() : entry.second.Mark();
        next.reset(entry.second);
      }
      if (!found) throw std::invalid_argument("no key " + path + " in the text");
      node.reset(next);
    } else {
      node.reset(node[std::get<std::size_t>(step)]);
      mark = node.Mark();
    }
  }
  return {mark.line + 1, mark.column + 1};
}

//! The 1-based line of the first line of `text` that contains `fragment`.
inline int line_of(const std::string& text, const std::string& fragment) {
  const auto pos = text.find(fragment);
  if (pos == std::string::npos) throw std::invalid_argument("no " + fragment + " in the text");
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

}  // namespace pmsim::testing
