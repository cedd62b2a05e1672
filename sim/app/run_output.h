#pragma once
// What the commands that read a scenario (run, sweep, calibrate) share: the scenario read or
// its errors reported, where the results go, opened before anything runs, and the provenance
// read from the command line and the scenario file.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "config/scenario.h"
#include "engine/engine.h"
#include "util/atomic_file.h"

namespace pmsim::cli {

//! The results file: `output`, or output/<default_name>.h5 (the directory created) when it is
//! empty; nullopt after printing why when that directory cannot be created (bad input).
std::optional<std::filesystem::path> results_path(const std::string& output, const std::string& default_name);

//! Prints why the output cannot be written; `exists_message` when the problem is that the
//! file exists ("out.h5 exists; use --force to overwrite it").
void report_output_problem(const OutputPathError& problem, const std::string& exists_message);
//! Prints the stale temporaries removed (and those of other hosts left) beside the output.
void report_stale_partials(const StalePartials& stale);

//! The writer of a file (ResultsFileWriter, SweepFileWriter) constructed from `args`, which
//! creates its temporary file now, before anything runs; nullptr after printing why the
//! output cannot be written (bad input). Reports the stale temporaries it removed.
template <class Writer, class... Args>
std::unique_ptr<Writer> open_output(const std::string& exists_message, Args&&... args) {
  try {
    auto writer = std::make_unique<Writer>(std::forward<Args>(args)...);
    report_stale_partials(writer->stale_partials());
    return writer;
  } catch (const OutputPathError& e) {
    report_output_problem(e, exists_message);
    return nullptr;
  }
}

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
