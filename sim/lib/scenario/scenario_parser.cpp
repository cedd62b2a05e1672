//! \file scenario_parser.cpp
//! The scenario file format, read: strict, every error collected, each with its key path. The
//! sections are read in scenario/read_*.cpp, each contract type's terms in contracts/<type>.cpp.

#include <cstring>
#include <optional>

#include "scenario/contract_fragments.h"
#include "scenario/scenario_sections.h"
#include "scenario/scenario_text.h"
#include "scenario/scenario_yaml.h"
#include "scenario/yaml_front_end.h"

namespace pmsim {

namespace {

using scenario_parser::Diagnostics;
using scenario_parser::MapReader;
using scenario_parser::Need;
using scenario_parser::ParseContext;
using scenario_parser::ScenarioNumbers;

//! Reads one document into a Scenario, section by section.
class Parser {
 public:
  //! `year` 0 reads every schedule's year-1 value.
  explicit Parser(Diagnostics& diag, int year = 0) : numbers_(year), ctx_(diag, numbers_) {
    diag.set_resolver(&numbers_);
  }
  ~Parser() { ctx_.diag.set_resolver(nullptr); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  const ParseContext& context() const { return ctx_; }
  std::vector<UncertainParameter> take_uncertain() { return std::move(numbers_.uncertain); }
  std::vector<YearSchedule> take_schedules() { return std::move(numbers_.schedules); }

  Scenario parse(const yaml::Value& root_value) {
    using namespace scenario_parser;
    Scenario s;
    MapReader root(ctx_.diag, root_value);
    {
      MapReader m = root.map("simulation", Need::required);
      read_simulation(ctx_, m, s.simulation);
    }
    {
      MapReader m = root.map("population", Need::required);
      read_population(ctx_, m, s.population);
    }
    {
      MapReader m = root.map("services", Need::required);
      read_services(ctx_, m, s.services);
    }
    read_admission_types(ctx_, root, s.admission_types);
    {
      MapReader m = root.map("provider");
      read_provider(m, s.provider);
    }
    read_quality(ctx_, root, s.quality);
    read_risk_adjustment(ctx_, root, s.risk_adjustment);
    read_payers(ctx_, root, s.population.conditions, s.payers);
    read_shocks(ctx_, root, s.shocks);
    read_interventions(ctx_, root, s.interventions);
    read_behaviour(ctx_, root, s.behaviour);
    read_contracts(ctx_, root, s.contracts);
    read_correlations(ctx_, root, numbers_.uncertain, s.correlations);
    root.finish();
    return s;
  }

 private:
  ScenarioNumbers numbers_;
  ParseContext ctx_;
};

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> messages)
    : std::runtime_error(join_lines(messages)), messages_(std::move(messages)) {}

namespace {

// Contracts with a term on a schedule get their terms for every performance year: the
// document is read once more for each year, with each schedule's value of that year.
void add_terms_by_year(const YAML::Node& root, Diagnostics& diag, Scenario& s) {
  std::vector<bool> scheduled(s.contracts.size(), false);
  for (const YearSchedule& schedule : s.schedules)
    for (std::size_t k = 0; k < s.contracts.size(); ++k)
      if (schedule.key.rfind("contracts[" + std::to_string(k) + "]", 0) == 0) scheduled[k] = true;
  for (int year = 1; year <= s.simulation.years; ++year) {
    Diagnostics year_diag = diag.fresh();
    Scenario in_year;
    {
      Parser parser(year_diag, year);
      in_year = parser.parse(yaml::root_value(root));
    }
    if (!year_diag.empty()) {
      diag.merge(year_diag, " (with the terms of performance year " + std::to_string(year) + ")");
      return;
    }
    for (std::size_t k = 0; k < s.contracts.size(); ++k)
      if (scheduled[k]) s.contracts[k].by_year.push_back(std::move(in_year.contracts[k]));
  }
}

}  // namespace

Scenario parse_scenario(const std::string& yaml_text, const std::string& file_name, MemberFileUse members) {
  Diagnostics diag(file_name);
  Scenario scenario;
  try {
    const std::optional<YAML::Node> root = yaml::load_document(
        yaml_text, diag,
        "empty document; expected a map with the required keys simulation, population, services and contracts");
    if (root) scenario_parser::merge_contract_fragments(*root, diag);
    if (root && diag.empty()) {
      {
        Parser parser(diag, 0);
        scenario = parser.parse(yaml::root_value(*root));
        scenario.uncertain = parser.take_uncertain();
        scenario.schedules = parser.take_schedules();
        if (diag.empty() && members == MemberFileUse::read)
          scenario_parser::read_members(parser.context(), file_name, scenario);
      }
      if (diag.empty() && !scenario.schedules.empty()) add_terms_by_year(*root, diag, scenario);
    }
  } catch (const YAML::Exception& e) {  // the readers check each node's type: not expected
    diag.error(e.mark, "", "YAML syntax error: " + e.msg);
  }
  if (!diag.empty()) throw ScenarioError(diag.messages());
  return scenario;
}

Scenario load_scenario(const std::string& path) {
  std::string text;
  if (const int error = read_file_prefix(path, yaml::kMaxTextBytes, text); error != 0)
    throw ScenarioError({path + ": cannot read file: " + std::strerror(error)});
  if (text.size() > yaml::kMaxTextBytes)
    throw ScenarioError({path + ": the file has more than " + std::to_string(yaml::kMaxTextBytes) +
                         " bytes; a scenario file may have at most 1 MiB"});
  return parse_scenario(text, path);
}

}  // namespace pmsim
