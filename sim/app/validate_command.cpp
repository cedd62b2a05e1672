// pmsim validate: parse and check a scenario, print it resolved (defaults filled in).
#include <cstdio>
#include <iostream>

#include "analysis/scenario_warnings.h"
#include "commands.h"
#include "run_output.h"
#include "scenario/scenario_yaml.h"

namespace pmsim::cli {

void add_validate_command(CLI::App& app, ValidateArgs& args) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario file and print it with every default filled in");
  cmd->add_option("scenario", args.scenario, "Scenario file (YAML)")->required();
  cmd->add_flag("--no-warnings", args.no_warnings,
                "Do not print what a careful actuary would flag (zero reserves, a price far from the expected cost, "
                "...)");
}

int validate_command(const ValidateArgs& args) {
  try {
    const Scenario s = load_scenario(args.scenario);
    std::cout << "# " << args.scenario << ": valid\n" << to_yaml(s);
    std::cout.flush();
    // Valid, and yet: what the scenario's run would be wrong to conclude (stderr, not an error).
    if (!args.no_warnings)
      for (const std::string& w : scenario_warnings(compile_scenario(s, args.scenario)))
        std::cerr << "pmsim: warning: " << w << '\n';
    return 0;
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return kExitBadInput;
  }
}

}  // namespace pmsim::cli
