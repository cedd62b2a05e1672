#include "scenario_loader_oracle.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>

#include "engine/engine.h"
#include "keys/scenario_rules.h"
#include "random/parameter_distribution.h"
#include "scenario/scenario_yaml.h"

namespace pmsim::fuzz {
namespace {

// Small enough that one input runs in milliseconds, large enough that every member-level
// path (entries, exits, admissions, episodes) is taken.
constexpr std::int64_t kMembers = 40;

std::optional<std::string> non_finite(const std::vector<Metric>& metrics, const std::string& where) {
  for (const Metric& m : metrics)
    for (double v : m.values.values)
      if (!std::isfinite(v)) return where + m.name + " has a non-finite value (" + std::to_string(v) + ")";
  return std::nullopt;
}

std::optional<std::string> check_results(const RunResults& r) {
  for (const ContractResults& c : r.contracts) {
    if (auto f = non_finite(c.metrics, "contract " + c.name + ": ")) return f;
    if (auto f = non_finite(c.twins, "contract " + c.name + " twin: ")) return f;
    for (const auto& [name, value] : c.attributes)
      if (!std::isfinite(value)) return "contract " + c.name + ": attribute " + name + " is not finite";
  }
  if (auto f = non_finite(r.population, "population: ")) return f;
  for (double v : r.parameters.values)
    if (!std::isfinite(v)) return std::string("a drawn parameter is not finite");
  return std::nullopt;
}

// The scenario as the fuzzer runs it: the same model on a panel small enough to simulate
// (no rule between keys involves the panel's size, its block size or the replications).
Scenario shrunken(Scenario s) {
  s.population.size = std::min(s.population.size, kMembers);
  s.simulation.block_size = std::min(s.simulation.block_size, kMembers);
  s.simulation.replications = 1;
  return s;
}

bool is_documented_draw_refusal(const std::runtime_error& e) {
  return std::string_view(e.what()).find("break a rule of the scenario") != std::string_view::npos;
}

std::optional<std::string> check_accepted(const Scenario& s) {
  const std::string yaml = to_yaml(s);
  Scenario again;
  try {
    again = parse_scenario(yaml, "to_yaml", MemberFileUse::path_only);
  } catch (const ScenarioError& e) {
    return "to_yaml of an accepted scenario is refused:\n" + std::string(e.what()) + "\n--- to_yaml:\n" + yaml;
  }
  if (!(again == s)) return "parse(to_yaml(s)) != s; to_yaml:\n" + yaml;
  if (to_yaml(again) != yaml) return "to_yaml is not stable: to_yaml(parse(to_yaml(s))) != to_yaml(s)";

  // The parser checked every rule on the file's values; the structs' check must agree.
  if (const BrokenRules broken = broken_rules(s); !broken.empty())
    return "the parser accepted a scenario whose values break a rule:\n" + describe(broken);
  try {
    const Simulation sim(shrunken(s));
    if (auto f = check_results(run_simulation(sim))) return "the shrunken scenario's results: " + *f;
  } catch (const CountBeyondLimitError&) {
    return std::nullopt;  // documented: docs/reliability/ranges.md, "Products of multipliers"
  } catch (const ParameterDrawError& e) {
    return "ParameterDrawError (the net for a draw the checks did not foresee): " + std::string(e.what());
  } catch (const std::runtime_error& e) {
    if (is_documented_draw_refusal(e)) return std::nullopt;
    return "an accepted scenario throws while it is simulated: " + std::string(e.what());
  } catch (const std::exception& e) {
    return "an accepted scenario throws while it is simulated: " + std::string(e.what());
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> scenario_loader_finding(std::string_view bytes) {
  Scenario s;
  try {
    // A member file is another file, with messages of its own (FILE:LINE: COLUMN), read and
    // tested on its own (tests/scenario/member_file_test.cpp): the text's loader is fuzzed.
    s = parse_scenario(std::string(bytes), "fuzz.yaml", MemberFileUse::path_only);
  } catch (const ScenarioError& e) {
    if (e.messages().empty()) return std::string("a ScenarioError without a message");
    for (const std::string& m : e.messages())
      if (m.rfind("fuzz.yaml:", 0) != 0) return "an error that does not start with the file's name: " + m;
    return std::nullopt;
  } catch (const std::exception& e) {
    return "the loader throws something other than ScenarioError: " + std::string(e.what());
  }
  try {
    return check_accepted(s);
  } catch (const ScenarioError& e) {
    return "ScenarioError after the scenario was accepted: " + std::string(e.what());
  } catch (const std::exception& e) {
    return "an exception after the scenario was accepted: " + std::string(e.what());
  }
}

}  // namespace pmsim::fuzz
