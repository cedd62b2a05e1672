// pmsim export: a results file as CSV (one long table) or an Excel workbook
// (output/result_export.h), written whole or not at all.
#include <iostream>

#include "commands.h"
#include "output/read_result_file.h"
#include "output/result_export.h"
#include "run_output.h"
#include "util/atomic_file.h"

namespace pmsim::cli {

void add_export_command(CLI::App& app, ExportArgs& args) {
  auto* cmd = app.add_subcommand("export", "Write a results file as CSV (one long table) or an Excel workbook (xlsx)");
  cmd->add_option("file", args.file, "Results file written by pmsim run")->required();
  cmd->add_option("--format", args.format, "csv or xlsx (default: from the output's extension, else csv)")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  cmd->add_option("-o,--output", args.output, "The file to write")->required();
  cmd->add_flag("--force", args.force, "Overwrite an existing file");
  add_allow_damaged_option(cmd, args.allow_damaged);
}

int export_command(const ExportArgs& args) {
  std::vector<FileProblem> damaged;
  if (!admit_results_file(args.file, args.allow_damaged, damaged)) return kExitBadInput;
  const std::string format =
      !args.format.empty() ? args.format : (args.output.ends_with(".xlsx") ? std::string("xlsx") : std::string("csv"));
  std::optional<ResultFile> file;
  try {
    file = ResultFile::open(args.file, "/", damaged);
  } catch (const ResultFileError& e) {
    throw BadInputError(e.what());
  }
  try {
    AtomicFile out(args.output, args.force ? IfExists::replace : IfExists::refuse);
    if (format == "xlsx")
      write_results_xlsx(*file, out.temporary().string());
    else
      write_results_csv(*file, out.temporary().string());
    out.commit();
  } catch (const OutputPathError& e) {
    report_output_problem(e, args.output + " exists; use --force to overwrite it");
    return kExitBadInput;
  }
  std::cout << "pmsim: " << args.file << " exported as " << format << " to " << args.output << '\n';
  return 0;
}

}  // namespace pmsim::cli
