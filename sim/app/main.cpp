// pmsim: the command line. Each subcommand lives in its own file; this one only wires them.
#include <cstdio>
#include <exception>
#include <optional>
#include <CLI/CLI.hpp>

#include "commands.h"
#include "interrupts.h"
#include "output/hdf5_writer.h"
#include "random/parameter_distribution.h"
#include "sweep_reading.h"

int main(int argc, char** argv) {
  pmsim::skip_hdf5_cleanup_at_exit();  // before any HDF5 call: see hdf5_writer.h
  CLI::App app{"pmsim: Monte Carlo simulator of healthcare payment models"};
  app.set_version_flag("--version", pmsim::cli::version_text());
  app.require_subcommand(1);

  pmsim::cli::RunArgs run_args;
  pmsim::cli::add_run_command(app, run_args);
  pmsim::cli::SweepArgs sweep_args;
  pmsim::cli::add_sweep_command(app, sweep_args);
  pmsim::cli::ValidateArgs validate_args;
  pmsim::cli::add_validate_command(app, validate_args);
  pmsim::cli::CalibrateArgs calibrate_args;
  pmsim::cli::add_calibrate_command(app, calibrate_args);
  pmsim::cli::FitArgs fit_args;
  pmsim::cli::add_fit_command(app, fit_args);
  pmsim::cli::SummarizeArgs summarize_args;
  pmsim::cli::add_summarize_command(app, summarize_args);
  std::optional<int> sweep_point;
  pmsim::cli::add_sweep_point_option(app, sweep_point);
  pmsim::cli::CompareArgs compare_args;
  pmsim::cli::add_compare_command(app, compare_args);
  pmsim::cli::ReproduceArgs reproduce_args;
  pmsim::cli::add_reproduce_command(app, reproduce_args);
  pmsim::cli::VerifyArgs verify_args;
  pmsim::cli::add_verify_command(app, verify_args);
  pmsim::cli::ExportArgs export_args;
  pmsim::cli::add_export_command(app, export_args);
  pmsim::cli::InitArgs init_args;
  pmsim::cli::add_init_command(app, init_args);
  pmsim::cli::PresetsArgs presets_args;
  pmsim::cli::add_presets_command(app, presets_args);
  pmsim::cli::SolveArgs solve_args;
  pmsim::cli::add_solve_command(app, solve_args);
  pmsim::cli::MergeArgs merge_args;
  pmsim::cli::add_merge_command(app, merge_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints help/version with exit 0; usage errors are bad input (exit 2).
    const int code = app.exit(e);
    return code == 0 ? 0 : pmsim::cli::kExitBadInput;
  }
  // The commands that write a file: signals remove its temporary (before any thread starts;
  // reproduce starts it once its input is verified, verify_results_file.h says why).
  if (app.got_subcommand("run") || app.got_subcommand("sweep") || app.got_subcommand("fit"))
    pmsim::cli::handle_interruptions();
  try {
    if (app.got_subcommand("run")) return pmsim::cli::run_command(run_args, argc, argv);
    if (app.got_subcommand("sweep")) return pmsim::cli::sweep_command(sweep_args, argc, argv);
    if (app.got_subcommand("validate")) return pmsim::cli::validate_command(validate_args);
    if (app.got_subcommand("calibrate")) return pmsim::cli::calibrate_command(calibrate_args);
    if (app.got_subcommand("fit")) return pmsim::cli::fit_command(fit_args);
    if (app.got_subcommand("summarize")) return pmsim::cli::summarize_points_command(summarize_args, sweep_point);
    if (app.got_subcommand("compare")) return pmsim::cli::compare_points_command(compare_args);
    if (app.got_subcommand("reproduce")) return pmsim::cli::reproduce_command(reproduce_args, argc, argv);
    if (app.got_subcommand("verify")) return pmsim::cli::verify_command(verify_args);
    if (app.got_subcommand("export")) return pmsim::cli::export_command(export_args);
    if (app.got_subcommand("init")) return pmsim::cli::init_command(init_args);
    if (app.got_subcommand("presets")) return pmsim::cli::presets_command(presets_args);
    if (app.got_subcommand("solve")) return pmsim::cli::solve_command(solve_args);
    if (app.got_subcommand("merge")) return pmsim::cli::merge_command(merge_args, argc, argv);
  } catch (const pmsim::FileWriteError& e) {
    std::fprintf(stderr, "pmsim: %s\n", e.what());  // "cannot write FILE: ...", whole
    return pmsim::cli::kExitFailure;
  } catch (const pmsim::cli::BadInputError& e) {
    std::fprintf(stderr, "pmsim: %s\n", e.what());
    return pmsim::cli::kExitBadInput;
  } catch (const pmsim::ParameterDrawError& e) {
    std::fprintf(stderr, "pmsim: %s\n", e.what());
    return pmsim::cli::kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pmsim: error: %s\n", e.what());
    return pmsim::cli::kExitFailure;
  }
  return pmsim::cli::kExitFailure;
}
