//! \file read_behaviour.cpp
//! What changes the members' use of care: the `shocks` and `interventions` lists and the
//! provider's `behaviour` under each contract type.

#include <algorithm>

#include "scenario/scenario_sections.h"

namespace pmsim::scenario_parser {

void read_shocks(ParseContext& ctx, MapReader& root, std::vector<ShockConfig>& out) {
  auto seq = root.sequence("shocks", 0, 16);
  if (!seq) return;
  out.assign(seq->node.size(), ShockConfig{});
  std::map<std::string, int> first_line;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < out.size(); ++i) {
    ShockConfig& k = out[i];
    MapReader m(ctx.diag, yaml::item(*seq, i));
    read_item_name(ctx, m, k.name, names, "shock", first_line);
    const bool has_year = m.has("year"), has_probability = m.has("probability");
    if (has_year == has_probability) {
      ctx.diag.error(m.value().mark, m.value().path,
                     "give exactly one of 'year' (a scheduled shock) and 'probability' (a random one)");
    }
    m.integer("year", k.year, 1, std::max(1, ctx.years));
    m.number("probability", k.probability, Range::closed(0, 1));
    m.number("duration_months", k.duration_months, Range::closed(0, 12));
    read_category_factors(ctx, m, "utilization", k.utilization, 100);
    m.number("price", k.price, Range::closed(0, 100));
    m.number("cost", k.cost, Range::closed(0, 100));
    m.finish();
  }
}

//! The optional `interventions` list.
void read_interventions(ParseContext& ctx, MapReader& root, std::vector<InterventionConfig>& out) {
  auto seq = root.sequence("interventions", 0, kMaxInterventions);
  if (!seq) return;
  out.assign(seq->node.size(), InterventionConfig{});
  std::map<std::string, int> first_line;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < out.size(); ++i) {
    InterventionConfig& iv = out[i];
    MapReader m(ctx.diag, yaml::item(*seq, i));
    read_item_name(ctx, m, iv.name, names, "intervention", first_line);
    m.integer("start_year", iv.start_year, 1, std::max(1, ctx.years));
    m.number("target_top_risk_share", iv.target_top_risk_share, Range::above(0, 1));
    m.number("enrollment", iv.enrollment, Range::closed(0, 1));
    read_category_factors(ctx, m, "effects", iv.effects, 10);
    if (m.number("screening_gain", iv.screening_gain, Range::closed(0, 1)) && iv.screening_gain > 0 &&
        ctx.screening.has_value() && !*ctx.screening) {
      const auto v = m.get("screening_gain");
      ctx.diag.error(v->mark, v->path, "needs quality.screening_per_visit > 0 (screening is not simulated)");
    }
    if (m.number("control_gain", iv.control_gain, Range::closed(0, 1)) && iv.control_gain > 0 &&
        ctx.control.has_value() && !*ctx.control) {
      const auto v = m.get("control_gain");
      ctx.diag.error(v->mark, v->path, "needs quality.controlled_condition (control is not simulated)");
    }
    if (auto ramp = m.sequence("ramp", 0, 50)) {
      iv.ramp.clear();
      for (std::size_t j = 0; j < ramp->node.size(); ++j) {
        double x = 0;
        if (yaml::read_number(ctx.diag, yaml::item(*ramp, j), Range::closed(0, 1), x)) iv.ramp.push_back(x);
      }
    }
    m.number("cost_per_member_year", iv.cost_per_member_year, Range::closed(0, 1e7));
    m.number("caseload", iv.caseload, Range::closed(0, 1e6));
    m.number("fte_salary", iv.fte_salary, Range::closed(0, 1e8));
    if (iv.fte_salary > 0 && !(iv.caseload > 0)) {
      const auto v = m.get("fte_salary");
      ctx.diag.error(v->mark, v->path, "needs a caseload (enrolled members per FTE) to count the FTEs");
    }
    m.number("one_time_cost", iv.one_time_cost, Range::closed(0, 1e12));
    m.integer("amortisation_years", iv.amortisation_years, 1, 50);
    m.finish();
  }
}

void read_behaviour(ParseContext& ctx, MapReader& root, std::vector<BehaviourConfig>& out) {
  MapReader m = root.map("behaviour");
  if (!m.valid()) return;
  for (std::size_t index = 0; index < kContractTypeCount; ++index) {
    const auto type = static_cast<ContractType>(index);
    const std::string name(to_string(type));
    if (!is_priced_on_tallies(default_terms(type))) {
      m.explain_unknown(name, "a " + name + " takes the behaviour of the contracts it is made of");
      continue;
    }
    if (!m.has(name)) continue;
    MapReader b = m.map(name);
    BehaviourConfig behaviour;
    behaviour.type = type;
    read_category_factors(ctx, b, "utilization", behaviour.utilization, 10);
    b.number("screening", behaviour.screening, Range::closed(0, 10));
    b.number("control", behaviour.control, Range::closed(0, 10));
    b.finish();
    out.push_back(behaviour);
  }
  m.finish();
}

}  // namespace pmsim::scenario_parser
