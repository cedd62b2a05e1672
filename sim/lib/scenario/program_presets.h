#pragma once
//! \file program_presets.h
//! The program presets of contracts (scenarios/presets/*.yaml, embedded at build time by
//! cmake/embed_texts.cmake): the terms of real programs (MSSP, ACO REACH, TEAM), each with its
//! sources in comments, that a contract takes with `preset: NAME` and overrides key by key
//! (docs/scenarios.md, "Presets and included files").

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace pmsim {

struct ProgramPreset {
  std::string name;  //!< the file's name without .yaml: "mssp_enhanced"
  std::string text;  //!< the file's text: comments, then the contract's keys
};

//! Every preset, by name.
const std::vector<ProgramPreset>& program_presets();

//! Their names, in order.
inline std::vector<std::string> program_preset_names() {
  std::vector<std::string> names;
  for (const ProgramPreset& p : program_presets()) names.push_back(p.name);
  return names;
}

//! The preset called `name`, or null.
inline const ProgramPreset* find_program_preset(std::string_view name) {
  const auto& all = program_presets();
  const auto it = std::find_if(all.begin(), all.end(), [&](const ProgramPreset& p) { return p.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace pmsim
