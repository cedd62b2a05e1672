//! \file read_risk_adjustment.cpp
//! The `risk_adjustment` section: the normalisation factor of risk scores (a number, a
//! schedule by performance year, or `auto`) and the coding-intensity adjustment.

#include <string>

#include "scenario/scenario_sections.h"

namespace pmsim::scenario_parser {

namespace {

// A normalisation factor: a mean score, so within a factor of 10 of 1.
const Range kNormalizationRange = Range::closed(0.1, 10);

}  // namespace

void read_risk_adjustment(ParseContext& ctx, MapReader& root, RiskAdjustmentConfig& r) {
  if (!root.has("risk_adjustment")) {
    root.accept("risk_adjustment");
    return;
  }
  MapReader m = root.map("risk_adjustment");
  if (!m.valid()) return;
  if (const auto v = m.peek("normalization")) {
    if (v->node.IsScalar() && v->node.Scalar() == "auto") {
      m.get("normalization");
      r.automatic = true;
    } else if (has_year_keys(v->node)) {
      read_values_by_year(ctx.diag, *m.get("normalization"), kNormalizationRange, ctx.years, r.normalization,
                          r.normalization_by_year);
    } else if (v->node.IsScalar() && !yaml::looks_number(v->node.Scalar())) {
      m.get("normalization");
      ctx.diag.error(v->mark, v->path,
                     "expected 'auto', a number " + kNormalizationRange.describe() +
                         " or a schedule by performance year {1: ..., 3: ...}, got '" + v->node.Scalar() + "'");
    } else {
      m.number("normalization", r.normalization, kNormalizationRange);
    }
  }
  m.number("coding_intensity", r.coding_intensity, Range::closed(0, 0.5));
  m.finish();
}

}  // namespace pmsim::scenario_parser
