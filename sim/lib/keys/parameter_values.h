#pragma once
//! \file parameter_values.h
//! One replication's drawn values of the uncertain parameters, set in the scenario's structs
//! by key path (no file is read again).

#include <vector>

#include "config/scenario.h"

namespace pmsim {

//! Sets `values` (in the order of s.uncertain: one replication's draws) in the fields that
//! hold them (UncertainParameter::stored_at), and in every year's terms of a contract whose
//! terms follow a schedule (ContractConfig::by_year). Throws std::logic_error when a key path
//! names no field of the scenario.
void apply_parameter_values(Scenario& s, const std::vector<double>& values);

}  // namespace pmsim
