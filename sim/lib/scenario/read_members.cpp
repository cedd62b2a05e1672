//! \file read_members.cpp
//! population.members: the member file read once the whole scenario is (its columns are
//! checked against the conditions, payers and age bands), and the rules between the file
//! and the run.

#include <filesystem>
#include <memory>

#include "scenario/member_file.h"
#include "scenario/scenario_sections.h"

namespace pmsim::scenario_parser {

void read_members(const ParseContext& ctx, const std::string& scenario_file, Scenario& s) {
  PopulationConfig& pop = s.population;
  if (pop.members.empty() || !ctx.members_mark) return;
  const YAML::Mark& mark = *ctx.members_mark;
  if (s.simulation.warmup_years != 0) {
    ctx.diag.error(mark, "population.members",
                   "a member file gives the panel as it enters the first simulated year, so there are no warm-up "
                   "years: set simulation.warmup_years: 0 (got " +
                       std::to_string(s.simulation.warmup_years) + ")");
    return;
  }
  MemberFileSchema schema;
  for (const auto& c : pop.conditions) schema.conditions.push_back(c.name);
  for (const auto& p : s.payers) schema.payers.push_back(p.name);
  if (!pop.age_bands.empty()) {
    schema.min_age = pop.age_bands.front().min_age;
    schema.max_age = pop.age_bands.back().max_age;
  }
  const std::filesystem::path file = std::filesystem::path(scenario_file).parent_path() / pop.members;
  MemberFileResult read = read_member_file(file.string(), file.lexically_normal().string(), schema);
  if (!read.errors.empty()) {
    ctx.diag.error(mark, "population.members", "the member file has problems (below)");
    for (const auto& e : read.errors) ctx.diag.message(e);
    return;
  }
  read.panel.path = pop.members;
  const auto rows = static_cast<std::int64_t>(read.panel.rows);
  if (!ctx.size_given) {
    pop.size = rows;
  } else if (pop.size < rows) {
    ctx.diag.error(mark, "population.size",
                   "must be at least the member file's " + std::to_string(rows) + " members (got " +
                       std::to_string(pop.size) + "); leave it out to use the file's count");
    return;
  }
  pop.member_panel.panel = std::make_shared<const MemberPanel>(std::move(read.panel));
}

}  // namespace pmsim::scenario_parser
