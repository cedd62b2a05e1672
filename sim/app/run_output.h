#pragma once
// What the commands that read a scenario (run, sweep, calibrate) share: the scenario read or
// its errors reported, where the results go, checked before anything runs, and the provenance
// read from the command line and the scenario file.
#include <filesystem>
#include <optional>
#include <string>

#include "config/scenario.h"
#include "engine/engine.h"

namespace pmsim::cli {

//! The results file: `output`, or output/<default_name>.h5 (the directory created) when it is
//! empty. Prints the problem and returns nullopt when the file exists without `force` or its
//! directory does not exist (bad input: nothing has been written).
std::optional<std::filesystem::path> results_path(const std::string& output, const std::string& default_name,
                                                  bool force);

//! The scenario at `path`, or nullopt after printing why it is not valid (bad input).
std::optional<Scenario> load_scenario_or_report(const std::string& path);

//! The scenario compiled into a Simulation. Anything the engine throws here (a dependency's
//! exception, a limit the parser did not foresee) is bad input: a BadInputError naming the file.
Simulation compile_scenario(const Scenario& scenario, const std::string& path);

//! The file's bytes ("" if unreadable: the scenario was read already, so it is there).
std::string read_text(const std::string& path);

//! argv joined by blanks.
std::string joined_command_line(int argc, char** argv);

}  // namespace pmsim::cli
