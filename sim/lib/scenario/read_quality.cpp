//! \file read_quality.cpp
//! The `quality` section: how screening, the control of a condition and avoidable admissions
//! are simulated, which quality measures and outcome contracts need.

#include <array>
#include <tuple>

#include "scenario/scenario_sections.h"

namespace pmsim::scenario_parser {

//! The optional `quality` section; records which settings the quality measures may use.
void read_quality(ParseContext& ctx, MapReader& root, QualityConfig& q) {
  if (!root.has("quality")) {
    root.accept("quality");
    ctx.screening = ctx.avoidable = ctx.control = false;  // all off
    return;
  }
  MapReader m = root.map("quality");
  if (!m.valid()) return;  // not a map: reported; the measures' needs stay unknown
  const Range unit = Range::closed(0, 1);
  if (m.number("screening_per_visit", q.screening_per_visit, unit)) {
    ctx.screening = q.screening_per_visit > 0.0;
  }
  const bool condition_ok = read_condition_name(ctx, m, "controlled_condition", q.controlled_condition);
  if (condition_ok) ctx.control = !q.controlled_condition.empty();
  const bool base_ok = m.number("control_base", q.control_base, unit);
  const bool per_visit_ok = m.number("control_per_visit", q.control_per_visit, unit);
  const bool max_ok = m.number("control_max", q.control_max, unit);
  if (condition_ok && q.controlled_condition.empty()) {
    // The control keys mean nothing without a condition; at their defaults (as to_yaml
    // writes them) they are accepted.
    const QualityConfig defaults;
    const std::array<std::tuple<std::string_view, bool, double, double>, 3> keys = {{
        {"control_base", base_ok, q.control_base, defaults.control_base},
        {"control_per_visit", per_visit_ok, q.control_per_visit, defaults.control_per_visit},
        {"control_max", max_ok, q.control_max, defaults.control_max},
    }};
    for (const auto& [key, ok, value, default_value] : keys) {
      const auto v = m.get(key);
      if (!v || !ok || value == default_value) continue;
      ctx.diag.error(v->mark, v->path,
                     "needs quality.controlled_condition (the condition whose control it "
                     "describes)");
    }
  }
  if (base_ok && max_ok && q.control_max < q.control_base) {
    const auto v = m.get("control_max");
    const Value& at = v ? *v : m.value();
    ctx.diag.error(at.mark, at.path,
                   "must be >= control_base (" + yaml::format_number(q.control_base) + "), got " +
                       yaml::format_number(q.control_max));
  }
  if (m.number("avoidable_share", q.avoidable_share, unit)) {
    ctx.avoidable = q.avoidable_share > 0.0;
  }
  m.finish();
}

}  // namespace pmsim::scenario_parser
