#pragma once
//! \file scenario_keys.h
//! The walk of a scenario's key tree: every key of every section, in the order of
//! docs/scenarios.md, each as an event of a KeyVisitor (config/key_visitor.h). The YAML
//! writer and the application of drawn values are its visitors.

#include "config/key_visitor.h"
#include "config/scenario.h"

namespace pmsim {

//! Walks every section. Numbers are handed out by reference: a visitor that sets one sets
//! the scenario's field (and whatever the file format derives from it: a severity_cv of 0
//! switches severity off).
void walk_scenario(Scenario& s, KeyVisitor& v);

//! Walks one contract's keys (its name, type and payer, then its type's keys) inside the
//! item of the contracts list the visitor is in.
void walk_contract(ContractConfig& c, KeyVisitor& v);

}  // namespace pmsim
