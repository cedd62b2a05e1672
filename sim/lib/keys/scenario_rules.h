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

//! frailty.shape: below 0.01 a Gamma(k, 1/k) draw is exactly 0 with probability
//! exp(-745 k) > 5.8e-4 (docs/scenarios.md, population.frailty).
inline const ValueRange kFrailtyShapeRange = ValueRange::closed(0.01, 1000);

//! frailty.persistence rho in [0, 1] must be <= 0.9999 or exactly 1, else "": the year's step
//! draws a Poisson count of mean k rho/(1 - rho) F, which must stay far below 2^32
//! (docs/scenarios.md, population.frailty).
std::string frailty_persistence_problem(double persistence);

//! services.<category>.severity_cv in [0, 20] must be 0 or >= 1e-6, else "": a gamma severity
//! has shape 1/cv^2, infinite below ~1e-154 (docs/scenarios.md, services).
std::string severity_cv_problem(double cv);

//! The rules the scenario's values break, in the order of its sections; empty when none. A
//! contract whose terms follow a schedule is checked with each year's terms, as the parser
//! does (the message then ends "(with the terms of performance year N)").
BrokenRules broken_rules(const Scenario& s);

//! "path: message", one per line.
std::string describe(const BrokenRules& broken);

}  // namespace pmsim
