#pragma once
//! \file key_rules.h
//! Rules between keys, checked on the structs (no file format): a replication's drawn values
//! can break one that the file's nominal values keep (keys/scenario_rules.h runs them).

#include <string>
#include <vector>

#include "config/key_reader.h"  // format_number, for the messages

namespace pmsim {

//! A rule the values break: the key path where it shows and what is wrong, in the words of
//! the scenario parser's message for the same rule.
struct BrokenRule {
  std::string path;
  std::string message;

  bool operator==(const BrokenRule&) const = default;
};
using BrokenRules = std::vector<BrokenRule>;

//! What the quality section simulates, for the keys that need it.
struct SimulatedQuality {
  bool screening = false;  //!< quality.screening_per_visit > 0
  bool control = false;    //!< quality.controlled_condition given
  bool avoidable = false;  //!< quality.avoidable_share > 0
};

}  // namespace pmsim
