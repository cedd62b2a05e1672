//! \file read_helpers.cpp
//! Readers of values several sections of a scenario file have: names of items, tables of
//! factors by category, names of conditions and of other listed items.

#include <algorithm>
#include <limits>

#include "scenario/parse_context.h"
#include "scenario/scenario_text.h"

namespace pmsim::scenario_parser {

std::string MemberAmount::text() const { return (percentile ? "percentile " : "") + number_text(value); }

yaml::StringCheck name_check(std::size_t max_length, std::string_view extra, std::string_view extra_text) {
  return [=](const std::string& s) -> std::string {
    if (s.empty()) return "must not be empty";
    if (s.size() > max_length) {
      return "must be at most " + std::to_string(max_length) + " characters long, got " + std::to_string(s.size());
    }
    for (char c : s) {
      if (!is_alnum(c) && extra.find(c) == std::string_view::npos) {
        return "may contain only letters, digits" + std::string(extra_text) + ", got '" + s + "'";
      }
    }
    return {};
  };
}

bool read_item_name(ParseContext& ctx, MapReader& m, std::string& out, std::vector<std::string>& names,
                    std::string_view what, std::map<std::string, int>& first_line) {
  if (!m.string("name", out, Need::required, name_check(64, "_-", ", '_' and '-'"))) return false;
  const auto v = m.get("name");
  if (auto [it, inserted] = first_line.emplace(out, v->mark.line + 1); !inserted) {
    ctx.diag.error(v->mark, v->path,
                   "duplicate " + std::string(what) + " name '" + out + "' (first given at line " +
                       std::to_string(it->second) + ")");
    return false;
  }
  names.push_back(out);
  return true;
}

void read_category_factors(ParseContext& ctx, MapReader& m, std::string_view key, CategoryFactors& out, double max,
                           bool positive) {
  MapReader u = m.map(key);
  double all = 1.0;
  const Range range = positive ? Range::above(0, max) : Range::closed(0, max);
  if (u.number("all", all, range)) out.fill(all);
  if (UncertainParameter* p = ctx.numbers.uncertain_at(u.key_path("all"))) {  // held by the categories not named
    p->stored_at.clear();
    for (std::string_view name : kCategoryNames)
      if (!u.has(name)) p->stored_at.push_back(u.key_path(name));
  }
  for (int k = 0; k < kCategoryCount; ++k)
    u.number(kCategoryNames[static_cast<std::size_t>(k)], out[static_cast<std::size_t>(k)], range);
  u.finish();
}

bool read_condition_name(ParseContext& ctx, MapReader& m, std::string_view key, std::string& out) {
  std::string name;
  if (!m.string(key, name)) return false;
  if (name.empty()) {
    out.clear();
    return true;
  }
  for (const auto& c : ctx.condition_names) {
    if (c == name) {
      out = name;
      return true;
    }
  }
  // A condition whose name was invalid (reported) might have been meant.
  if (!ctx.condition_names_complete) return false;
  const auto v = m.get(key);
  std::string msg = "unknown condition '" + name + "'";
  if (auto s = yaml::suggest(name, ctx.condition_names)) msg += "; did you mean '" + *s + "'?";
  msg += ctx.condition_names.empty()
             ? " (population.conditions is empty)"
             : " (the conditions of population.conditions: " + yaml::join(ctx.condition_names) + ")";
  ctx.diag.error(v->mark, v->path, msg);
  return false;
}

bool read_listed_name(ParseContext& ctx, MapReader& m, std::string_view key, std::string& out,
                      const std::vector<std::string>& names, std::string_view what, std::string_view section) {
  std::string name;
  if (!m.string(key, name)) return false;
  if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
    out = name;
    return true;
  }
  const auto v = m.get(key);
  std::string msg = "unknown " + std::string(what) + " '" + name + "'";
  if (auto s = yaml::suggest(name, names)) msg += "; did you mean '" + *s + "'?";
  msg += names.empty() ? " (the scenario has no " + std::string(section) + " section)"
                       : " (" + std::string(section) + ": " + yaml::join(names) + ")";
  ctx.diag.error(v->mark, v->path, msg);
  return false;
}

}  // namespace pmsim::scenario_parser
