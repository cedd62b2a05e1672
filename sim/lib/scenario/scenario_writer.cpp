//! \file scenario_writer.cpp
//! The scenario file format, written: the resolved scenario as block-style YAML, every key
//! with its default, so that parse_scenario(to_yaml(s)) == s. The keys and their order are the
//! key walk's (keys/scenario_keys.h); this file only gives them their YAML form.

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "keys/key_path.h"
#include "keys/scenario_keys.h"
#include "scenario/scenario_text.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {

namespace {

//! A string as a YAML scalar: plain when that reads back as the same string, else quoted.
std::string string_text(const std::string& s) {
  static const std::array<std::string_view, 22> kReserved = {
      "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes",
      "YES",  "no",   "No",   "NO",   "on",   "On",   "ON",    "off",   "Off",   "OFF", "~"};
  bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char c : s) {
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-') plain = false;
  }
  for (auto r : kReserved) {
    if (s == r) plain = false;
  }
  if (s == "y" || s == "Y" || s == "n" || s == "N") plain = false;
  if (plain) return s;
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

//! The YAML text of the values written as distributions or schedules, by key path.
std::map<std::string, std::string> written_as_maps(const Scenario& s) {
  std::map<std::string, std::string> text;
  for (const UncertainParameter& p : s.uncertain) {
    const DistributionSpec& d = p.distribution;
    std::string t = "{distribution: " + std::string(to_string(d.kind));
    if (d.kind != DistributionKind::uniform && d.kind != DistributionKind::triangular)
      t += ", mean: " + number_text(d.mean) + ", sd: " + number_text(d.sd);
    if (d.kind == DistributionKind::triangular) t += ", mode: " + number_text(d.mode);
    if (std::isfinite(d.min)) t += ", min: " + number_text(d.min);
    if (std::isfinite(d.max)) t += ", max: " + number_text(d.max);
    text[p.key] = t + "}";
  }
  for (const YearSchedule& schedule : s.schedules) {
    std::string t = "{";
    for (std::size_t i = 0; i < schedule.values.size(); ++i)
      t += (i ? ", " : "") + std::to_string(schedule.values[i].first) + ": " + number_text(schedule.values[i].second);
    text[schedule.key] = t + "}";
  }
  return text;
}

//! Fields that hold the value of a distribution written at another key (`all` of a table of
//! factors), which is written there instead of them.
std::set<std::string> held_for_another_key(const Scenario& s) {
  std::set<std::string> held;
  for (const UncertainParameter& p : s.uncertain)
    for (const std::string& path : p.stored_at)
      if (path != p.key) held.insert(path);
  return held;
}

//! The key walk as block-style YAML, line by line: a key per line, two spaces of indent per
//! level, lists of numbers and inline items in flow style. A value written as a distribution
//! or a schedule (by key path) replaces the number.
class YamlWriter : public KeyVisitor {
 public:
  explicit YamlWriter(const Scenario& s) : as_maps_(written_as_maps(s)), held_(held_for_another_key(s)) {}
  std::string str() && { return std::move(out_); }
  void comment(std::string_view text) { out_ += "# " + std::string(text) + "\n"; }

  void begin_map(std::string_view key) override {
    line(key, "");
    path_.enter(key);
    indent_ += 2;
    // A distribution given for every category at once.
    if (const auto it = as_maps_.find(path_.of("all")); it != as_maps_.end()) line("all", it->second);
  }
  void end_map() override { leave(); }
  void begin_list(std::string_view key, std::size_t size) override {
    line(key, size == 0 ? "[]" : "");
    path_.enter(key);
    indent_ += 2;
  }
  void end_list() override { leave(); }
  void begin_item(ItemLayout layout) override {
    path_.enter_item();
    indent_ += 2;
    if (layout == ItemLayout::inline_map) {
      inline_fields_ = std::vector<std::string>();
    } else {
      dash_ = true;
    }
  }
  void end_item() override {
    if (inline_fields_) {
      std::string fields;
      for (const std::string& f : *inline_fields_) fields += (fields.empty() ? "" : ", ") + f;
      inline_fields_.reset();
      out_.append(static_cast<std::size_t>(indent_ - 2), ' ');
      out_ += "- {" + fields + "}\n";
    }
    leave();
  }

  void number(std::string_view key, double& x) override {
    if (!held_.count(path_.of(key))) line(key, value_at(key, number_text(x)));
  }
  void numbers(std::string_view key, std::span<double* const> xs) override {
    const std::string list = path_.of(key);
    std::string text = "[";
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const auto it = as_maps_.find(index_path(list, i));
      text += (i ? ", " : "") + (it == as_maps_.end() ? number_text(*xs[i]) : it->second);
    }
    line(key, text + "]");
  }
  void number_or_word(std::string_view key, double& x, std::string_view word, bool is_word) override {
    line(key, value_at(key, is_word ? std::string(word) : number_text(x)));
  }
  //! The years where the value changes: {1: a, 3: b}.
  void by_year(std::string_view key, const std::vector<double>& values) override {
    std::string text = "{1: " + number_text(values.at(0));
    for (std::size_t y = 1; y < values.size(); ++y)
      if (values[y] != values[y - 1]) text += ", " + std::to_string(y + 1) + ": " + number_text(values[y]);
    line(key, value_at(key, text + "}"));
  }
  void integer(std::string_view key, std::int64_t x) override { line(key, value_at(key, std::to_string(x))); }
  void unsigned_integer(std::string_view key, std::uint64_t x) override { line(key, value_at(key, std::to_string(x))); }
  void boolean(std::string_view key, bool x) override { line(key, value_at(key, x ? "true" : "false")); }
  void text(std::string_view key, const std::string& x) override { line(key, value_at(key, string_text(x))); }
  void texts(std::string_view key, const std::vector<std::string>& xs) override {
    std::string list;
    for (std::size_t k = 0; k < xs.size(); ++k) list += (k ? ", " : "") + string_text(xs[k]);
    line(key, value_at(key, "[" + list + "]"));
  }
  void choice(std::string_view key, std::string_view word) override { line(key, value_at(key, std::string(word))); }
  //! `all`, or the categories in enum order (`[]` when none is).
  void categories(std::string_view key, const CategoryFlags& flags) override {
    bool all = true;
    std::string list;
    for (int k = 0; k < kCategoryCount; ++k) {
      if (!flags[static_cast<std::size_t>(k)]) {
        all = false;
        continue;
      }
      list += (list.empty() ? "" : ", ") + std::string(kCategoryNames[static_cast<std::size_t>(k)]);
    }
    line(key, value_at(key, all ? std::string("all") : "[" + list + "]"));
  }

 private:
  std::string value_at(std::string_view key, std::string value) const {
    const auto it = as_maps_.find(path_.of(key));
    return it == as_maps_.end() ? value : it->second;
  }
  // "key: value" ("key:" when the value is empty), into the inline item being written or as
  // a line (the first of a block item after its dash).
  void line(std::string_view key, const std::string& value) {
    std::string text = std::string(key) + ":" + (value.empty() ? "" : " " + value);
    if (inline_fields_) {
      inline_fields_->push_back(std::move(text));
      return;
    }
    if (dash_) {
      out_.append(static_cast<std::size_t>(indent_ - 2), ' ');
      out_ += "- ";
      dash_ = false;
    } else {
      out_.append(static_cast<std::size_t>(indent_), ' ');
    }
    out_ += text + "\n";
  }
  void leave() {
    path_.leave();
    indent_ -= 2;
  }

  std::map<std::string, std::string> as_maps_;
  std::set<std::string> held_;
  KeyPath path_;
  int indent_ = 0;
  bool dash_ = false;                                      //!< the next line starts a block item
  std::optional<std::vector<std::string>> inline_fields_;  //!< the fields of the inline item being written
  std::string out_;
};

}  // namespace

std::string to_yaml(const Scenario& s) {
  YamlWriter w(s);
  w.comment("pmsim scenario, resolved: every key with its value, defaults filled in.");
  w.comment("See docs/scenarios.md for the meaning, unit and range of every key.");
  Scenario walked = s;  // the walk hands out its numbers by reference; the writer only reads them
  walk_scenario(walked, w);
  return std::move(w).str();
}

}  // namespace pmsim
