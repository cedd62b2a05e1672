//! \file read_population.cpp
//! The `simulation` and `population` sections: the run, and who the members are (age bands,
//! sex, frailty, conditions).

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "keys/scenario_rules.h"
#include "scenario/scenario_sections.h"

namespace pmsim::scenario_parser {

namespace {
constexpr std::size_t kMaxConditions = 32;
}  // namespace

void read_simulation(ParseContext& ctx, MapReader& m, SimulationConfig& sim) {
  m.string("name", sim.name, Need::required, name_check(100, "_.-", ", '_', '.' and '-'"));
  m.integer("replications", sim.replications, 1, 100'000'000);
  if (m.integer("years", sim.years, 1, 50)) {
    ctx.years = sim.years;
    ctx.numbers.set_years(sim.years);
  }
  if (m.integer("baseline_years", sim.baseline_years, 0, 20)) {
    ctx.baseline_years = sim.baseline_years;
  }
  m.integer("warmup_years", sim.warmup_years, 0, 50);
  m.unsigned_integer("seed", sim.seed, 0, std::numeric_limits<std::uint64_t>::max());
  m.integer("block_size", sim.block_size, 1, 1'048'576);
  m.boolean("variance_decomposition", sim.variance_decomposition);
  m.finish();
}

void read_age_bands(ParseContext& ctx, const Value& seq, std::vector<AgeBand>& out) {
  const std::size_t n = seq.node.size();
  out.assign(n, AgeBand{});
  bool shares_ok = true;
  std::optional<int> previous_max;  // max_age of the previous band, if valid
  for (std::size_t i = 0; i < n; ++i) {
    AgeBand& b = out[i];
    MapReader m(ctx.diag, yaml::item(seq, i));
    const bool min_ok = m.integer("min_age", b.min_age, 0, 120, Need::required);
    const bool max_ok = m.integer("max_age", b.max_age, 0, 120, Need::required);
    shares_ok &= m.plain_number("share", b.share, Range::closed(0, 1), kSumsToOne, Need::required);
    m.number("mortality", b.mortality, Range::below(0, 1), Need::required);
    m.number("risk_score", b.risk_score, Range::closed(0, 100));
    m.number("utilization", b.utilization, Range::above(0, 100));
    bool band_ok = min_ok && max_ok;
    if (band_ok && b.max_age < b.min_age) {
      ctx.diag.error(m.get("max_age")->mark, m.key_path("max_age"),
                     "must be >= min_age (" + std::to_string(b.min_age) + "), got " + std::to_string(b.max_age));
      band_ok = false;
    }
    if (min_ok && previous_max && b.min_age != *previous_max + 1) {
      ctx.diag.error(m.get("min_age")->mark, m.key_path("min_age"),
                     "age bands must be in ascending order and contiguous: expected " +
                         std::to_string(*previous_max + 1) + " (previous band's max_age + 1), got " +
                         std::to_string(b.min_age));
    }
    previous_max = band_ok ? std::optional<int>(b.max_age) : std::nullopt;
    m.finish();
  }
  if (shares_ok) {
    double sum = 0.0;
    for (const auto& b : out) sum += b.share;
    if (std::abs(sum - 1.0) > kShareTolerance) {
      ctx.diag.error(seq.mark, seq.path,
                     "the shares of the age bands must sum to 1 (within 1e-6), got " + yaml::format_number(sum));
    }
  }
}

void read_prevalence(ParseContext& ctx, const Value& v, std::optional<std::size_t> band_count,
                     std::vector<double>& out) {
  const Range unit = Range::closed(0, 1);
  if (v.node.IsSequence()) {
    const std::size_t n = v.node.size();
    if (band_count && n != *band_count) {
      ctx.diag.error(
          v.mark, v.path,
          "expected " + std::to_string(*band_count) + " values (one per age band), got " + std::to_string(n));
      return;
    }
    out.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) yaml::read_number(ctx.diag, yaml::item(v, i), unit, out[i]);
    return;
  }
  if (v.node.IsScalar()) {
    double x = 0.0;
    if (yaml::read_number(ctx.diag, v, unit, x)) out.assign(band_count.value_or(1), x);
    return;
  }
  ctx.diag.error(v.mark, v.path,
                 "expected a number or a sequence of numbers (one per age band), got " + yaml::describe_node(v.node));
}

namespace {

void read_conditions(ParseContext& ctx, const Value& seq, std::optional<std::size_t> band_count,
                     std::vector<ConditionConfig>& out) {
  const std::size_t n = seq.node.size();
  out.assign(n, ConditionConfig{});
  std::map<std::string, int> first_line;
  ctx.condition_names_complete = true;
  for (std::size_t i = 0; i < n; ++i) {
    ConditionConfig& c = out[i];
    MapReader m(ctx.diag, yaml::item(seq, i));
    if (!m.string("name", c.name, Need::required,
                  name_check(std::numeric_limits<std::size_t>::max(), "_", " and '_'"))) {
      ctx.condition_names_complete = false;
    } else {
      if (std::find(ctx.condition_names.begin(), ctx.condition_names.end(), c.name) == ctx.condition_names.end()) {
        ctx.condition_names.push_back(c.name);
      }
      const auto v = m.get("name");
      if (auto [it, inserted] = first_line.emplace(c.name, v->mark.line + 1); !inserted) {
        ctx.diag.error(
            v->mark, v->path,
            "duplicate condition name '" + c.name + "' (first given at line " + std::to_string(it->second) + ")");
      }
    }
    if (auto v = m.get("prevalence", Need::required)) {
      read_prevalence(ctx, *v, band_count, c.prevalence);
    }
    m.number("incidence", c.incidence, Range::closed(0, 1));
    m.number("risk_score", c.risk_score, Range::closed(0, 100));
    m.number("mortality", c.mortality, Range::closed(0, 100));
    read_category_factors(ctx, m, "utilization", c.utilization, 100);
    m.finish();
  }
}

}  // namespace

void read_population(ParseContext& ctx, MapReader& m, PopulationConfig& pop) {
  // With a member file the panel's size is the file's (or more: the slots beyond its members
  // start with synthetic members).
  const bool has_members = m.has("members");
  m.integer("size", pop.size, 1, 4'000'000'000LL, has_members ? Need::optional : Need::required);
  ctx.size_given = m.has("size");
  if (m.string("members", pop.members, Need::optional, [](const std::string& path) {
        return path.empty() ? std::string("must name a CSV file (relative to the scenario file)") : std::string();
      }))
    ctx.members_mark = m.peek("members")->mark;
  m.number("churn", pop.churn, Range::closed(0, 1));
  m.boolean("age_out", pop.age_out);
  {
    MapReader sex = m.map("sex");
    sex.number("female_share", pop.sex.female_share, Range::closed(0, 1));
    sex.number("female_mortality", pop.sex.female_mortality, Range::closed(0, 100));
    sex.number("female_risk_score", pop.sex.female_risk_score, Range::closed(0, 100));
    sex.number("female_utilization", pop.sex.female_utilization, Range::closed(0, 100));
    sex.finish();
  }
  {
    MapReader fr = m.map("frailty");
    fr.number("shape", pop.frailty.shape, kFrailtyShapeRange);
    if (fr.number("persistence", pop.frailty.persistence, Range::closed(0, 1)))
      if (const std::string problem = frailty_persistence_problem(pop.frailty.persistence); !problem.empty())
        ctx.diag.error(fr.peek("persistence")->mark, fr.key_path("persistence"), problem);
    fr.number("mortality_exponent", pop.frailty.mortality_exponent, Range::closed(0, 5));
    fr.finish();
  }
  std::optional<std::size_t> band_count;
  if (auto bands = m.sequence("age_bands", 1, kMaxAgeBands, Need::required)) {
    band_count = bands->node.size();
    read_age_bands(ctx, *bands, pop.age_bands);
  }
  const bool has_conditions = m.has("conditions");
  if (auto conds = m.sequence("conditions", 0, kMaxConditions)) {
    read_conditions(ctx, *conds, band_count, pop.conditions);
  } else if (m.valid() && !has_conditions) {
    ctx.condition_names_complete = true;  // no conditions
  }
  m.finish();
}

}  // namespace pmsim::scenario_parser
