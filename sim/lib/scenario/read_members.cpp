//! \file read_members.cpp
//! population.members: the member file read once the whole scenario is (its columns are
//! checked against the conditions, payers and age bands), and the rules between the file
//! and the run.

#include <algorithm>
#include <filesystem>
#include <memory>

#include "scenario/member_file.h"
#include "scenario/scenario_sections.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

// What a member file may hold for scenario `s`.
MemberFileSchema schema_of(const Scenario& s) {
  MemberFileSchema schema;
  for (const auto& c : s.population.conditions) schema.conditions.push_back(c.name);
  if (!s.population.age_bands.empty()) {
    schema.min_age = s.population.age_bands.front().min_age;
    schema.max_age = s.population.age_bands.back().max_age;
  }
  bool own_populations = false;
  for (const auto& p : s.payers) {
    schema.payers.push_back(p.name);
    if (p.fee_factors != unit_factors() && s.payers.size() > 1)
      schema.payer_required =
          "payer '" + p.name + "' has fee_factors of its own, so a member's claims last year depend on its payer";
    own_populations = own_populations || p.population.given();
  }
  if (own_populations) {
    // Each payer's members within its own bands; the file's ages within their union.
    for (const auto& p : s.payers) {
      const std::vector<AgeBand>& bands = p.population.given() ? p.population.age_bands : s.population.age_bands;
      if (bands.empty()) continue;
      schema.payer_ages.emplace_back(bands.front().min_age, bands.back().max_age);
      schema.min_age = std::min(schema.min_age, bands.front().min_age);
      schema.max_age = std::max(schema.max_age, bands.back().max_age);
    }
    if (schema.payer_ages.size() != s.payers.size()) schema.payer_ages.clear();
    schema.payer_required = "payers have populations of their own, so a member's age band depends on its payer";
  }
  return schema;
}

std::string too_few_slots(std::int64_t size, std::int64_t rows) {
  return "must be at least the member file's " + std::to_string(rows) + " members (got " + std::to_string(size) + ")";
}

}  // namespace

MemberPanel read_member_panel(const Scenario& s, const std::string& path) {
  MemberFileResult read = read_member_file(path, path, schema_of(s));
  if (!read.errors.empty()) {
    std::vector<std::string> messages = {path + ": the member file has problems (below)"};
    messages.insert(messages.end(), read.errors.begin(), read.errors.end());
    throw ScenarioError(std::move(messages));
  }
  return std::move(read.panel);
}

void load_member_file(Scenario& s, const std::string& path) {
  MemberPanel panel = read_member_panel(s, path);
  const auto rows = static_cast<std::int64_t>(panel.rows);
  if (s.population.size < rows) throw ScenarioError({"population.size: " + too_few_slots(s.population.size, rows)});
  panel.path = s.population.members;
  s.population.member_panel.panel = std::make_shared<const MemberPanel>(std::move(panel));
}

namespace scenario_parser {

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
  const std::filesystem::path file = std::filesystem::path(scenario_file).parent_path() / pop.members;
  MemberFileResult read = read_member_file(file.string(), file.lexically_normal().string(), schema_of(s));
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
    ctx.diag.error(mark, "population.size", too_few_slots(pop.size, rows) + "; leave it out to use the file's count");
    return;
  }
  pop.member_panel.panel = std::make_shared<const MemberPanel>(std::move(read.panel));
}

}  // namespace scenario_parser
}  // namespace pmsim
