//! \file read_services.cpp
//! The `services` section (rates, fees and costs by category) and the `admission_types` list.

#include "keys/scenario_rules.h"
#include "scenario/scenario_sections.h"

namespace pmsim::scenario_parser {

namespace {

// The most a trend may grow or shrink a fee or a rate in a year.
const Range kTrendRange = Range::closed(-0.5, 1);

// A trend: a number (which may be a distribution), or a schedule by performance year
// ({1: 0.05, 3: 0.03}: each year's growth, holding until the next year given).
void read_trend(ParseContext& ctx, MapReader& m, const char* key, double& value, std::vector<double>& by_year) {
  const auto v = m.peek(key);
  if (!v || !has_year_keys(v->node)) {
    m.number(key, value, kTrendRange);
    return;
  }
  read_values_by_year(ctx.diag, *m.get(key), kTrendRange, ctx.years, value, by_year);
}

}  // namespace

void read_services(ParseContext& ctx, MapReader& m, std::array<ServiceConfig, kCategoryCount>& out) {
  for (int k = 0; k < kCategoryCount; ++k) {
    const auto category = static_cast<Category>(k);
    ServiceConfig& s = out[static_cast<std::size_t>(k)];
    s.category = category;
    MapReader sm = m.map(kCategoryNames[static_cast<std::size_t>(k)], Need::required);
    sm.number("rate", s.rate, is_admission_driven(category) ? Range::closed(0, 1) : Range::closed(0, 1000),
              Need::required);
    sm.number("fee", s.fee, Range::closed(0, 1e9), Need::required);
    int deliverer = 0;
    if (sm.choice("delivered_by", deliverer, {"provider", "others"}, Need::required)) {
      s.delivered_by = deliverer == 0 ? Deliverer::provider : Deliverer::others;
    }
    sm.number("unit_cost", s.unit_cost, Range::closed(0, 1e9));
    sm.number("frailty_exponent", s.frailty_exponent, Range::closed(0, 5));
    sm.number("end_of_life", s.end_of_life, Range::closed(0, 1000));
    read_trend(ctx, sm, "trend", s.trend, s.trend_by_year);
    read_trend(ctx, sm, "utilization_trend", s.utilization_trend, s.utilization_trend_by_year);
    double cv = 0.0;
    if (sm.number("severity_cv", cv, Range::closed(0, 20))) {
      if (const std::string problem = severity_cv_problem(cv); !problem.empty())
        ctx.diag.error(sm.peek("severity_cv")->mark, sm.key_path("severity_cv"), problem);
      s.severity.enabled = cv > 0.0;
      s.severity.cv = cv;
    }
    int distribution = 0;
    if (sm.choice("severity_distribution", distribution, {"lognormal", "gamma"})) {
      s.severity.distribution = distribution == 0 ? SeverityDistribution::lognormal : SeverityDistribution::gamma;
    }
    sm.finish();
  }
  m.finish();
}

//! The optional `admission_types` list.
void read_admission_types(ParseContext& ctx, MapReader& root, std::vector<AdmissionType>& out) {
  auto seq = root.sequence("admission_types", 0, kMaxAdmissionTypes);
  if (!seq) return;
  out.assign(seq->node.size(), AdmissionType{});
  std::map<std::string, int> first_line;
  double shares = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    AdmissionType& a = out[i];
    MapReader m(ctx.diag, yaml::item(*seq, i));
    read_item_name(ctx, m, a.name, ctx.admission_type_names, "admission type", first_line);
    const bool has_share = m.has("share"), has_rate = m.has("rate");
    if (has_share == has_rate) {
      ctx.diag.error(m.value().mark, m.value().path,
                     "give exactly one of 'share' (a share of the index admissions) and 'rate' (admissions "
                     "of their own per member-year)");
    }
    if (m.plain_number("share", a.share, Range::closed(0, 1), kSumsToOne)) shares += a.share;
    m.number("rate", a.rate, Range::closed(0, 100));
    if (auto v = m.get("frailty_exponent"); v && !has_rate) {
      ctx.diag.error(v->mark, v->path, "applies only to an admission type with a 'rate'");
    }
    m.number("frailty_exponent", a.frailty_exponent, Range::closed(0, 5));
    m.number("cost_factor", a.cost_factor, Range::above(0, 100));
    m.number("readmission_factor", a.readmission_factor, Range::closed(0, 100));
    m.number("post_acute_factor", a.post_acute_factor, Range::closed(0, 100));
    m.finish();
  }
  if (shares > 1.0 + 1e-9) {
    ctx.diag.error(seq->mark, seq->path,
                   "the shares of the admission types add up to " + yaml::format_number(shares) +
                       ", more than 1 (all index admissions)");
  }
}

}  // namespace pmsim::scenario_parser
