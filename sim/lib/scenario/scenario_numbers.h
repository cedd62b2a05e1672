#pragma once
//! \file scenario_numbers.h
//! Numbers written as maps (internal to sim/lib/scenario): a distribution ({distribution:
//! lognormal, mean: ..., sd: ...}) anywhere a number is read, or, for contract terms and
//! payers' shares, a schedule by performance year ({1: ..., 3: ...}).

#include <string>
#include <vector>

#include "config/scenario.h"
#include "scenario/scenario_yaml.h"
#include "scenario/yaml_reader.h"

namespace pmsim::scenario_parser {

using yaml::Diagnostics;
using yaml::MapReader;
using yaml::Need;
using yaml::Range;
using yaml::Value;

//! A map whose keys are all integers: a schedule by year ({1: ..., 3: ...}).
bool has_year_keys(const YAML::Node& node);
//! A number written as a map: a distribution ({distribution: ...}) or a schedule by year.
bool is_number_map(const YAML::Node& node);

//! Reads a schedule by performance year, {year: value, ...}: years 1..`years`, each once, year
//! 1 required; values plain numbers in `range`. Returns false after reporting what is wrong.
bool read_year_schedule(Diagnostics& diag, const Value& v, const Range& range, int years, YearSchedule& schedule);

//! The value of a schedule in performance year `year` (1-based): the last one given at or before it.
double scheduled_value(const YearSchedule& schedule, int year);

//! A schedule by performance year (read_year_schedule) as its value in each of the years
//! 1..`years` (`by_year`, index 0 is year 1) and in year 1 (`year1`). Returns false after
//! reporting what is wrong.
bool read_values_by_year(Diagnostics& diag, const Value& v, const Range& range, int years, double& year1,
                         std::vector<double>& by_year);

//! Reads numbers written as a distribution or, for contract terms, a schedule by performance
//! year. It keeps what it found and gives the value the parse is for: nominal (distributions
//! their nominal value, schedules their year-1 value) or a performance year's (a replication's
//! drawn values are applied to the structs afterwards: keys/parameter_values.h).
class ScenarioNumbers : public yaml::NumberResolver {
 public:
  explicit ScenarioNumbers(int year) : year_(year) {}

  void set_years(int years) { years_ = years; }
  std::vector<UncertainParameter> uncertain;
  std::vector<YearSchedule> schedules;

  //! The parameter just read, if the value at `path` was a distribution.
  UncertainParameter* uncertain_at(const std::string& path) {
    return !uncertain.empty() && uncertain.back().key == path ? &uncertain.back() : nullptr;
  }

  bool resolve(Diagnostics& diag, const Value& v, const Range& range, double& out) override;

 private:
  static bool is_contract_term(const std::string& path) { return path.rfind("contracts[", 0) == 0; }
  bool resolve_map(Diagnostics& diag, const Value& v, const Range& range, double& out);
  bool read_distribution(Diagnostics& diag, const Value& v, const Range& range, double& out);
  bool read_schedule(Diagnostics& diag, const Value& v, const Range& range, double& out);

  int year_;  //!< 0: nominal; else the performance year (1-based) of the parse
  int years_ = SimulationConfig{}.years;
};

}  // namespace pmsim::scenario_parser
