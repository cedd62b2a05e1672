// pmsim init: a commented starter scenario (scenarios/templates/) written to a file, which
// validates and runs as written.
#include <algorithm>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "run_output.h"
#include "scenario_templates.h"
#include "util/atomic_file.h"

namespace pmsim::cli {

namespace {

std::string template_names() {
  std::string names;
  for (const ScenarioTemplate& t : scenario_templates()) names += (names.empty() ? "" : ", ") + t.name;
  return names;
}

}  // namespace

void add_init_command(CLI::App& app, InitArgs& args) {
  auto* cmd = app.add_subcommand("init",
                                 "Write a commented starter scenario to edit (pmsim init --template capitation "
                                 "-o my.yaml)");
  cmd->add_option("-t,--template", args.name, "The starter: " + template_names() + " (default aco)")->type_name("NAME");
  cmd->add_option("-o,--output", args.output, "The scenario file to write")->required();
  cmd->add_flag("--force", args.force, "Overwrite an existing file");
}

int init_command(const InitArgs& args) {
  const auto& all = scenario_templates();
  const auto it = std::find_if(all.begin(), all.end(), [&](const ScenarioTemplate& t) { return t.name == args.name; });
  if (it == all.end()) throw BadInputError("--template " + args.name + ": no such template (" + template_names() + ")");
  try {
    AtomicFile file(args.output, args.force ? IfExists::replace : IfExists::refuse);
    {
      std::ofstream out(file.temporary(), std::ios::binary | std::ios::trunc);
      out << it->text;
      out.close();
      if (!out) throw FileWriteError("cannot write " + args.output);
    }
    file.commit();
  } catch (const OutputPathError& e) {
    report_output_problem(e, args.output + " exists; use --force to overwrite it");
    return kExitBadInput;
  }
  std::cout << "pmsim: wrote " << args.output << " (template " << it->name << "); edit it, then\n"
            << "  pmsim validate " << args.output << "    # every key checked, warnings on stderr\n"
            << "  pmsim run " << args.output << "         # the summary; results in output/" << it->name << ".h5\n";
  return 0;
}

}  // namespace pmsim::cli
