#pragma once
// The pmsim subcommands: each adds its options to the CLI11 app and runs from plain args.
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
#include <CLI/CLI.hpp>

#include "integer_option.h"
#include "output/table_units.h"
#include "output/verify_results_file.h"

namespace pmsim::cli {

inline constexpr int kExitFailure = 1;   //!< the run failed (I/O, internal error)
inline constexpr int kExitBadInput = 2;  //!< the scenario or the command line is wrong

//! Bad input found past the parser (main prints it and exits kExitBadInput).
class BadInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! What the commands that simulate a scenario (run, sweep) take alike.
struct SimulateArgs {
  std::string scenario;
  std::string output;
  std::optional<std::int64_t> replications;
  std::optional<std::uint64_t> seed;
  int threads = 0;  //!< 0: all cores
  bool force = false;
  bool quiet = false;
  std::string simd;                         //!< --simd: the SIMD target; empty: the best this CPU has
  std::string distribute = "replications";  //!< --distribute: how MPI ranks split the work
  std::optional<double> progress;           //!< --progress SECONDS (0: none); default 30 s without a terminal
  std::string units = "millions";           //!< --units: the money unit of the summary table
};
//! pmsim --version: the version, the commit, the SIMD targets compiled in and the one chosen.
std::string version_text();

//! Makes the many-lane samplers run on the target named by --simd (nothing when empty), or
//! throws BadInputError listing the targets this CPU runs.
void use_simd_target(const std::string& name);

//! The scenario, -o, -r, --seed, -j, --simd, --distribute, --progress, --force and -q; `default_output` and
//! `replications_help` say what -o and -r mean for the command.
void add_simulate_options(CLI::App* cmd, SimulateArgs& args, const std::string& default_output,
                          const std::string& replications_help);

struct RunArgs : SimulateArgs {
  bool no_warnings = false;           //!< --no-warnings: not the scenario's warnings (analysis/scenario_warnings.h)
  std::string shard;                  //!< --shard I/N: that shard of the run's replications; "": all
  std::vector<std::string> until_se;  //!< CONTRACT.METRIC=SE targets; none: a fixed count
  std::vector<std::string> set;       //!< --set KEY=VALUE: scenario values over the file's
  std::int64_t batch = 100;
  std::int64_t max_replications = 100000;
};
void add_run_command(CLI::App& app, RunArgs& args);
int run_command(const RunArgs& args, int argc, char** argv);

struct SweepArgs : SimulateArgs {
  std::vector<std::string> set;    //!< KEY=V1,V2,... each
  std::vector<std::string> zip;    //!< KEY=V1,V2,... each, moving together
  std::string rank;                //!< [CONTRACT.]STATISTIC[:asc|:desc]; "": the points' order
  std::vector<std::string> where;  //!< [CONTRACT.]STATISTIC<VALUE ...
  std::string shard;               //!< --shard: refused with the reason (a sweep is one job's)
};
void add_sweep_command(CLI::App& app, SweepArgs& args);
int sweep_command(const SweepArgs& args, int argc, char** argv);

struct ValidateArgs {
  std::string scenario;
  bool no_warnings = false;
};
void add_validate_command(CLI::App& app, ValidateArgs& args);
int validate_command(const ValidateArgs& args);

struct CalibrateArgs {
  std::string scenario;
  std::int64_t members = 200000;
  std::int64_t replication = 0;
  int year = 2;  // the second reported year, as tests/analysis/calibration_test.cpp
  int threads = 0;
  std::string targets;  // a target set's name or a member file; empty: chosen by the panel's ages
};
void add_calibrate_command(CLI::App& app, CalibrateArgs& args);

struct FitArgs {
  std::string members;   // the member file
  std::string scenario;  // the base scenario; empty: pmsim init's default template
  std::string output;
  bool force = false;
  std::int64_t simulated = 200000;
  std::int64_t replication = 0;
  int year = 2;  // as pmsim calibrate's
  int threads = 0;
};
void add_fit_command(CLI::App& app, FitArgs& args);
int fit_command(const FitArgs& args);
int calibrate_command(const CalibrateArgs& args);

//! --format table|csv|json, shared by the commands that read results files.
inline void add_format_option(CLI::App* cmd, std::string& format) {
  cmd->add_option("--format", format, "Output format: table (terminal), csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
}

//! --units millions|usd, shared by the commands that print tables of money (output/table_units.h).
inline void add_units_option(CLI::App* cmd, std::string& units) {
  cmd->add_option("--units", units, "Money in tables: millions (USD millions, the default) or usd (whole USD)")
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(kMoneyUnitNames), std::end(kMoneyUnitNames))));
}
//! The table units --units names (checked by add_units_option).
inline TableUnits table_units(const std::string& units) { return TableUnits(money_unit_named(units)); }

struct VerifyArgs {
  std::vector<std::string> files;
};
void add_verify_command(CLI::App& app, VerifyArgs& args);
int verify_command(const VerifyArgs& args);

//! Verifies the results file at `path` (output/verify_results_file.h) for a command that reads
//! it. Intact: true. Damaged: prints its problems on stderr and returns false, or, with
//! `allow_damaged`, prints them as warnings, appends them to `damaged` and returns true.
bool admit_results_file(const std::string& path, bool allow_damaged, std::vector<FileProblem>& damaged);
//! --allow-damaged, shared by the commands that read results files.
void add_allow_damaged_option(CLI::App* cmd, bool& allow_damaged);

struct SummarizeArgs {
  std::string file;
  std::string group = "/";  //!< the results tree in the file: "/", or a sweep's point "/sweep/3"
  std::string format = "table";
  std::string contract;     //!< "": every contract
  std::optional<int> year;  //!< 1-based performance year; none: the horizon
  bool allow_damaged = false;
  std::vector<FileProblem> damaged;  //!< the file's problems, read all the same (--allow-damaged)
  std::string units = "millions";    //!< --units
};
void add_summarize_command(CLI::App& app, SummarizeArgs& args);
int summarize_command(const SummarizeArgs& args);

struct CompareArgs {
  std::vector<std::string> files;
  std::vector<std::string> groups;  //!< per file, its results tree ("/" or "/sweep/3"); empty: every "/"
  std::string format = "table";
  bool allow_damaged = false;
  std::map<std::string, std::vector<FileProblem>> damaged;  //!< per file, its problems (--allow-damaged)
  std::string units = "millions";                           //!< --units
};
void add_compare_command(CLI::App& app, CompareArgs& args);
int compare_command(const CompareArgs& args);

struct ReproduceArgs {
  std::string file;
  int threads = 0;      //!< 0: all cores
  std::string keep;     //!< where to keep the new results ("": a temporary file, removed)
  std::string members;  //!< the run's member file ("": beside the scenario file it was run from)
  bool allow_damaged = false;
};
void add_reproduce_command(CLI::App& app, ReproduceArgs& args);
int reproduce_command(const ReproduceArgs& args, int argc, char** argv);

struct ExportArgs {
  std::string file;
  std::string format;  //!< csv or xlsx; "": from the output's extension
  std::string output;
  bool force = false;
  bool allow_damaged = false;
};
void add_export_command(CLI::App& app, ExportArgs& args);
int export_command(const ExportArgs& args);

struct InitArgs {
  std::string name = "aco";  //!< --template
  std::string output;
  bool force = false;
};
void add_init_command(CLI::App& app, InitArgs& args);
int init_command(const InitArgs& args);

struct PresetsArgs {
  std::string name;  //!< the preset to print; empty: list them
};
void add_presets_command(CLI::App& app, PresetsArgs& args);
int presets_command(const PresetsArgs& args);

struct SolveArgs {
  std::string scenario;
  std::string vary;    //!< KEY=LO:HI
  std::string target;  //!< CONTRACT.STATISTIC=VALUE
  std::optional<std::int64_t> replications;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string format = "table";
};
void add_solve_command(CLI::App& app, SolveArgs& args);
int solve_command(const SolveArgs& args);

struct MergeArgs {
  std::vector<std::string> parts;
  std::string output;
  bool force = false;
  bool quiet = false;
  std::string units = "millions";  //!< --units
};
void add_merge_command(CLI::App& app, MergeArgs& args);
int merge_command(const MergeArgs& args, int argc, char** argv);

}  // namespace pmsim::cli
