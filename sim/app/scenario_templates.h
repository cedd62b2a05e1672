#pragma once
// The starter scenarios of `pmsim init` (scenarios/templates/*.yaml, embedded at build time by
// cmake/embed_texts.cmake).
#include <string>
#include <vector>

namespace pmsim::cli {

struct ScenarioTemplate {
  std::string name;  //!< the file's name without .yaml: "capitation"
  std::string text;  //!< the file's text
};

//! Every template, by name.
const std::vector<ScenarioTemplate>& scenario_templates();

}  // namespace pmsim::cli
