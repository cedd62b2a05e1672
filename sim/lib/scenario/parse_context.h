#pragma once
//! \file parse_context.h
//! What the readers of a scenario file's sections share while they read one file (internal to
//! sim/lib/scenario): its messages, its numbers written as maps, and what the sections read
//! so far say that later keys are checked against (the years, the names of the conditions,
//! admission types and payers, what the quality section simulates, the distinct per-member
//! amounts and episodes the engine will tally).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/episode_definition.h"
#include "config/key_reader.h"
#include "config/scenario.h"
#include "scenario/scenario_numbers.h"
#include "scenario/yaml_reader.h"

namespace pmsim::scenario_parser {

//! A per-member amount: a currency amount, or a truncation percentile resolved by the engine.
struct MemberAmount {
  bool percentile = false;
  double value = 0.0;
  bool operator==(const MemberAmount&) const = default;
  //! "100000", or "percentile 0.99".
  std::string text() const;
};

struct ParseContext {
  ParseContext(Diagnostics& diagnostics, ScenarioNumbers& scenario_numbers)
      : diag(diagnostics), numbers(scenario_numbers) {}

  Diagnostics& diag;
  ScenarioNumbers& numbers;
  int years = SimulationConfig{}.years;  //!< simulation.years (its default until read)
  std::optional<int> baseline_years;     //!< simulation.baseline_years, when valid
  //! The valid names of population.conditions; complete when no condition name was invalid.
  std::vector<std::string> condition_names;
  bool condition_names_complete = false;
  //! Whether screening, control and avoidable admissions are simulated (nullopt: unknown
  //! after an error in the quality section).
  std::optional<bool> screening;
  std::optional<bool> control;
  std::optional<bool> avoidable;
  std::vector<std::string> admission_type_names;
  std::vector<std::string> payer_names;
  //! Distinct per-member amounts (positive truncations, stop-loss attachments, positive
  //! truncation percentiles), in file order.
  std::vector<MemberAmount> member_amounts;
  //! Distinct episodes of the contracts, each with the first contract that has it.
  std::vector<std::pair<EpisodeDefinition, std::string>> episodes;
  std::string contract_name;  //!< the name of the contract being read
  //! Where population.members is, when it was read; and whether population.size was given.
  std::optional<YAML::Mark> members_mark;
  bool size_given = false;
};

// ---- helpers of several sections (read_helpers.cpp) ----------------------------------------

//! Checks a name: 1..max_length characters, letters, digits and `extra`.
yaml::StringCheck name_check(std::size_t max_length, std::string_view extra, std::string_view extra_text);

//! A name for an item of a list (`what`, e.g. "admission type"), unique within `names`.
bool read_item_name(ParseContext& ctx, MapReader& m, std::string& out, std::vector<std::string>& names,
                    std::string_view what, std::map<std::string, int>& first_line);

//! A map of multipliers by category under `key`: `all` sets every category, then category
//! names override it; each in [0, max].
//! `positive`: each factor in (0, max] rather than [0, max].
void read_category_factors(ParseContext& ctx, MapReader& m, std::string_view key, CategoryFactors& out, double max,
                           bool positive = false);

//! `key` of `m` (`quality.controlled_condition`, `episode.trigger_condition`): "" (none) or
//! the name of a condition of population.conditions. False after an error.
bool read_condition_name(ParseContext& ctx, MapReader& m, std::string_view key, std::string& out);

//! `key` of `m`: "" (none) or one of `names` (the `section` of the scenario lists them).
bool read_listed_name(ParseContext& ctx, MapReader& m, std::string_view key, std::string& out,
                      const std::vector<std::string>& names, std::string_view what, std::string_view section);

}  // namespace pmsim::scenario_parser
