#pragma once
//! \file scenario_yaml.h
//! Reading and writing scenario files (YAML). The format, every key with its default and
//! accepted range, is documented in docs/scenarios.md. This header does not expose yaml-cpp.

#include <stdexcept>
#include <string>
#include <vector>

#include "config/scenario.h"

namespace pmsim {

//! Every problem found in a scenario file, one message per problem, each of the form
//! "FILE:LINE:COLUMN: key.path: message" (1-based; a list item's path looks like
//! "population.age_bands[2].share", with 0-based indices). what() is all the messages, one per
//! line, in file order.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<std::string> messages);
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

//! What parse_scenario does with population.members: read the member file (relative to
//! `file_name`'s directory), or keep its path only (a results file's stored scenario, read for
//! its layout: the members are patient data and not in the results file).
enum class MemberFileUse { read, path_only };

//! Parses and validates a scenario; `file_name` is used in messages and to find a member file.
//! Throws ScenarioError listing every error in the text (syntax errors included). Values
//! written as distributions take their nominal value (a replication's drawn values are applied
//! to the structs: keys/parameter_values.h).
Scenario parse_scenario(const std::string& yaml_text, const std::string& file_name,
                        MemberFileUse members = MemberFileUse::read);

//! Reads the member file at `path` into `s` (a scenario parsed with MemberFileUse::path_only
//! whose population.members is set), checked against its conditions, payers, ages and
//! population.size as parse_scenario checks it. pmsim reproduce --members uses it. Throws
//! ScenarioError with the file's problems (PATH:LINE: COLUMN: ...).
void load_member_file(Scenario& s, const std::string& path);

//! The members of the member file at `path`, checked against `s`'s conditions, payers and
//! ages (not its population.size), as pmsim fit and pmsim calibrate --targets read a file.
//! Throws ScenarioError with the file's problems.
MemberPanel read_member_panel(const Scenario& s, const std::string& path);

//! Reads and parses the file at `path`. An unreadable file throws ScenarioError
//! "PATH: cannot read file: <reason>".
Scenario load_scenario(const std::string& path);

//! The resolved scenario as YAML: every key with defaults filled in, block style, categories in
//! enum order, numbers in their shortest exact form, so that
//! parse_scenario(to_yaml(s), f) == s for every valid scenario s.
std::string to_yaml(const Scenario& s);

}  // namespace pmsim
