#pragma once
//! \file scenario_settings.h
//! Scenario values set from the command line (`pmsim sweep --set KEY=VALUE`): each value is put
//! into the scenario's YAML tree at its key path, and the tree is then parsed and validated like
//! a file, so a set value gets the same checks and messages as one written in the file.

#include <string>
#include <vector>

#include "config/scenario.h"

namespace pmsim {

//! One scenario value set by key path, as the scenario's messages and /parameters name keys:
//! map keys joined by '.', list items by 0-based index ("population.size",
//! "services.inpatient.fee", "contracts[1].pmpm").
struct ScenarioSetting {
  std::string key;
  std::string value;  //!< as written on the command line; read as the file would read it
};

//! "population.size=500, contracts[1].pmpm=310"
std::string describe_settings(const std::vector<ScenarioSetting>& settings);

//! Parses the scenario `yaml_text` with `settings` applied. A key whose parents are missing
//! from the file gets them (so a default can be set); a key the scenario does not have is the
//! parser's unknown-key error, with its did-you-mean. Throws ScenarioError with every problem,
//! each message "FILE with --set K=V: key.path: message" (no line numbers: the file's text is
//! not what was parsed). The caller should have parsed the text without settings first, so
//! that the file's own errors are reported as such.
Scenario parse_scenario_with_settings(const std::string& yaml_text, const std::string& file_name,
                                      const std::vector<ScenarioSetting>& settings);

}  // namespace pmsim
