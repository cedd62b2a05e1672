// pmsim presets [NAME]: the program presets a contract takes with `preset: NAME`
// (scenarios/presets/), listed, or one printed with its sources and terms.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "scenario/program_presets.h"
#include "util/words.h"

namespace pmsim::cli {

namespace {

//! The preset's summary: the first sentence of its own paragraph (after the program's, which
//! ends with a line "#" alone), at most about 100 characters.
std::string summary(const std::string& text) {
  const std::size_t end_of_program = text.find("\n#\n");
  if (end_of_program == std::string::npos) return "";
  std::string paragraph;
  for (std::size_t at = end_of_program + 3; at < text.size() && text.compare(at, 2, "# ") == 0;) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    paragraph += (paragraph.empty() ? "" : " ") + text.substr(at + 2, end - at - 2);
    at = end + 1;
  }
  paragraph = paragraph.substr(0, paragraph.find(". "));
  constexpr std::size_t kWidth = 100;
  if (paragraph.size() > kWidth) paragraph = paragraph.substr(0, paragraph.rfind(' ', kWidth)) + " ...";
  return paragraph;
}

}  // namespace

void add_presets_command(CLI::App& app, PresetsArgs& args) {
  auto* cmd = app.add_subcommand("presets",
                                 "List the program presets of contracts (MSSP, ACO REACH, TEAM), or print one "
                                 "with its sources (pmsim presets mssp_enhanced)");
  cmd->add_option("name", args.name, "The preset to print")->type_name("NAME");
}

int presets_command(const PresetsArgs& args) {
  const auto& all = program_presets();
  if (args.name.empty()) {
    std::size_t width = 0;
    for (const ProgramPreset& p : all) width = std::max(width, p.name.size());
    for (const ProgramPreset& p : all)
      std::cout << p.name << std::string(width + 2 - p.name.size(), ' ') << summary(p.text) << '\n';
    std::cout << "\nUse one in a contract with `preset: NAME` (its keys override the preset's); "
                 "`pmsim presets NAME` prints its terms and sources.\n";
    return 0;
  }
  const ProgramPreset* preset = find_program_preset(args.name);
  if (preset == nullptr) {
    const std::vector<std::string> names = program_preset_names();
    const auto close = suggest(args.name, names);
    throw BadInputError("no preset '" + args.name + "'" + (close ? "; did you mean '" + *close + "'?" : "") +
                        " (presets: " + join(names) + ")");
  }
  std::cout << preset->text;
  return 0;
}

}  // namespace pmsim::cli
