// pmsim verify: results files checked against their own layout (output/verify_results_file.h);
// and the same check at the door of every command that reads a results file.
#include <algorithm>
#include <iostream>

#include "commands.h"
#include "output/verify_results_file.h"

namespace pmsim::cli {

void add_verify_command(CLI::App& app, VerifyArgs& args) {
  auto* cmd = app.add_subcommand(
      "verify", "Check results files (HDF5) against their layout: exit 0 if every one is intact, 2 if not");
  cmd->add_option("files", args.files, "Results files written by pmsim run or sweep")->required()->expected(1, 1000);
}

namespace {

void print_problems(const std::string& path, const std::vector<FileProblem>& problems, const std::string& lead) {
  std::cerr << "pmsim: " << lead << path << " is damaged (" << problems.size()
            << (problems.size() == 1 ? " problem" : " problems") << "):\n";
  for (const FileProblem& p : problems) std::cerr << "  " << path << ": " << describe(p) << '\n';
}

// Damage is what the layout names and the file lacks or holds wrongly; an object or attribute
// outside the layout (a user's annotation, say) is only noted: no reader looks at it.
std::vector<FileProblem> damage_of(std::vector<FileProblem> problems) {
  std::erase_if(problems, [](const FileProblem& p) { return p.unexpected && !p.unsafe; });
  return problems;
}

}  // namespace

int verify_command(const VerifyArgs& args) {
  int code = 0;
  for (const std::string& path : args.files) {
    const std::vector<FileProblem> problems = verify_results_file(path);
    const std::vector<FileProblem> damage = damage_of(problems);
    if (!damage.empty()) {
      print_problems(path, damage, "");
      code = kExitBadInput;
      continue;
    }
    std::cout << path << ": intact\n";
    for (const FileProblem& p : problems) std::cerr << "pmsim: note: " << path << ": " << describe(p) << '\n';
  }
  return code;
}

bool admit_results_file(const std::string& path, bool allow_damaged, std::vector<FileProblem>& damaged) {
  const std::vector<FileProblem> problems = damage_of(verify_results_file(path));
  if (problems.empty()) return true;
  const bool unsafe = std::any_of(problems.begin(), problems.end(), [](const FileProblem& p) { return p.unsafe; });
  if (unsafe && allow_damaged) {
    print_problems(path, problems, "");
    std::cerr << "pmsim: refusing it even with --allow-damaged: HDF5 cannot read it safely\n";
    return false;
  }
  if (!allow_damaged) {
    print_problems(path, problems, "");
    std::cerr << "pmsim: refusing a damaged results file (--allow-damaged reads what is intact)\n";
    return false;
  }
  print_problems(path, problems, "warning: ");
  std::cerr << "pmsim: warning: --allow-damaged: reading what is intact of " << path << '\n';
  damaged.insert(damaged.end(), problems.begin(), problems.end());
  return true;
}

void add_allow_damaged_option(CLI::App* cmd, bool& allow_damaged) {
  cmd->add_flag("--allow-damaged", allow_damaged,
                "Read a damaged results file all the same: its problems are warnings, its damaged parts left out");
}

}  // namespace pmsim::cli
