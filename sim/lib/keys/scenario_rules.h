#pragma once
//! \file scenario_rules.h
//! The rules between keys that a drawn value can break, checked on the structs: the parser
//! checks every rule on the file's values as it reads them, but a replication's drawn values
//! (keys/parameter_values.h) can break one of those that tie a real-valued key to another
//! (docs/scenarios.md, "Uncertain values and schedules by year").

#include <string>

#include "config/key_rules.h"
#include "config/scenario.h"

namespace pmsim {

//! The rules the scenario's values break, in the order of its sections; empty when none. A
//! contract whose terms follow a schedule is checked with each year's terms, as the parser
//! does (the message then ends "(with the terms of performance year N)").
BrokenRules broken_rules(const Scenario& s);

//! "path: message", one per line.
std::string describe(const BrokenRules& broken);

}  // namespace pmsim
