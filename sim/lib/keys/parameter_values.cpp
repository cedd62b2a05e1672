//! \file parameter_values.cpp

#include "keys/parameter_values.h"

#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "keys/key_path.h"
#include "keys/scenario_keys.h"

namespace pmsim {

namespace {

//! Sets the numbers at the given key paths, and keeps which it found.
class FieldSetter : public KeyVisitor {
 public:
  FieldSetter(const std::map<std::string, double>& values, std::string root)
      : values_(values), path_(std::move(root)) {}
  const std::set<std::string>& found() const { return found_; }

  void begin_map(std::string_view key) override { path_.enter(key); }
  void end_map() override { path_.leave(); }
  void begin_list(std::string_view key, std::size_t) override { path_.enter(key); }
  void end_list() override { path_.leave(); }
  void begin_item(ItemLayout) override { path_.enter_item(); }
  void end_item() override { path_.leave(); }

  void number(std::string_view key, double& x) override { set(path_.of(key), x); }
  void numbers(std::string_view key, std::span<double* const> xs) override {
    const std::string list = path_.of(key);
    for (std::size_t i = 0; i < xs.size(); ++i) set(index_path(list, i), *xs[i]);
  }
  void number_or_word(std::string_view key, double& x, std::string_view, bool) override { set(path_.of(key), x); }
  void by_year(std::string_view, const std::vector<double>&) override {}
  void integer(std::string_view, std::int64_t) override {}
  void unsigned_integer(std::string_view, std::uint64_t) override {}
  void boolean(std::string_view, bool) override {}
  void text(std::string_view, const std::string&) override {}
  void texts(std::string_view, const std::vector<std::string>&) override {}
  void choice(std::string_view, std::string_view) override {}
  void categories(std::string_view, const CategoryFlags&) override {}

 private:
  void set(const std::string& path, double& x) {
    const auto it = values_.find(path);
    if (it == values_.end()) return;
    x = it->second;
    found_.insert(path);
  }
  const std::map<std::string, double>& values_;
  KeyPath path_;
  std::set<std::string> found_;
};

}  // namespace

void apply_parameter_values(Scenario& s, const std::vector<double>& values) {
  if (values.size() != s.uncertain.size())
    throw std::logic_error("apply_parameter_values: " + std::to_string(values.size()) + " values for " +
                           std::to_string(s.uncertain.size()) + " uncertain parameters");
  std::map<std::string, double> at;  // field path -> value
  for (std::size_t j = 0; j < values.size(); ++j)
    for (const std::string& path : s.uncertain[j].stored_at) at[path] = values[j];
  FieldSetter setter(at, "");
  walk_scenario(s, setter);
  for (const UncertainParameter& p : s.uncertain)
    for (const std::string& path : p.stored_at)
      if (!setter.found().count(path))
        throw std::logic_error("uncertain parameter '" + p.key + "': the scenario has no number at " + path);
  for (std::size_t k = 0; k < s.contracts.size(); ++k) {
    for (ContractConfig& year : s.contracts[k].by_year) {
      FieldSetter in_year(at, index_path("contracts", k));
      walk_contract(year, in_year);
    }
  }
}

}  // namespace pmsim
