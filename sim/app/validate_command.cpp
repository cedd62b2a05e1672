// pmsim validate: parse and check a scenario, print it resolved (defaults filled in).
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "scenario/scenario_yaml.h"

namespace pmsim::cli {

void add_validate_command(CLI::App& app, ValidateArgs& args) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario file and print it with every default filled in");
  cmd->add_option("scenario", args.scenario, "Scenario file (YAML)")->required();
}

int validate_command(const ValidateArgs& args) {
  try {
    const Scenario s = load_scenario(args.scenario);
    std::cout << "# " << args.scenario << ": valid\n" << to_yaml(s);
    return 0;
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return kExitBadInput;
  }
}

}  // namespace pmsim::cli
