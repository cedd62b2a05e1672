//! \file read_provider_payers.cpp
//! The `provider` section (its fixed costs, reserves and lags) and the `payers` list (the
//! shares of the panel, possibly on a schedule by year).

#include <cmath>

#include "scenario/scenario_sections.h"

namespace pmsim::scenario_parser {

void read_provider(MapReader& m, ProviderConfig& p) {
  m.number("fixed_costs", p.fixed_costs, Range::closed(0, 1e15));
  m.number("reserves", p.reserves, Range::closed(-1e15, 1e15));
  m.integer("claims_lag_months", p.claims_lag_months, 0, 24);
  m.integer("settlement_lag_months", p.settlement_lag_months, 0, 36);
  m.finish();
}

namespace {

//! A payer's share: a plain number, or a schedule by performance year (kept for every year).
bool read_payer_share(ParseContext& ctx, const Value& v, PayerConfig& payer) {
  if (!has_year_keys(v.node))
    return yaml::read_plain_number(
        ctx.diag, v, Range::above(0, 1), payer.share,
        "(the payers' shares add up to 1, so one cannot be a distribution; a schedule by performance year, "
        "{1: ..., 3: ...}, is accepted)");
  // 0 allowed in a schedule: a payer that joins or leaves the panel.
  return read_values_by_year(ctx.diag, v, Range::closed(0, 1), ctx.years, payer.share, payer.share_by_year);
}

//! A payer's own members: its age bands, sex mix, the prevalence of the population's
//! conditions in its bands (0 for a condition not given) and age-out.
void read_payer_population(ParseContext& ctx, MapReader& payer, const std::vector<ConditionConfig>& conditions,
                           PayerPopulation& out) {
  if (!payer.has("population")) return;
  MapReader m = payer.map("population");
  std::optional<std::size_t> band_count;
  if (auto bands = m.sequence("age_bands", 1, kMaxAgeBands, Need::required)) {
    band_count = bands->node.size();
    read_age_bands(ctx, *bands, out.age_bands);
  }
  m.number("female_share", out.female_share, Range::closed(0, 1));
  m.boolean("age_out", out.age_out);
  out.prevalence.assign(conditions.size(), std::vector<double>(band_count.value_or(1), 0.0));
  if (m.has("prevalence")) {
    MapReader p = m.map("prevalence");
    for (std::size_t c = 0; c < conditions.size(); ++c)
      if (const auto v = p.get(conditions[c].name)) read_prevalence(ctx, *v, band_count, out.prevalence[c]);
    p.finish();
  }
  m.finish();
}

}  // namespace

//! The optional `payers` list: shares of the panel that add up to 1, in every performance
//! year when some follow a schedule ({1: 0.6, 3: 0.5}).
void read_payers(ParseContext& ctx, MapReader& root, const std::vector<ConditionConfig>& conditions,
                 std::vector<PayerConfig>& out) {
  auto seq = root.sequence("payers", 0, 255);
  if (!seq) return;
  out.assign(seq->node.size(), PayerConfig{});
  std::map<std::string, int> first_line;
  bool shares_ok = true, scheduled = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    MapReader m(ctx.diag, yaml::item(*seq, i));
    read_item_name(ctx, m, out[i].name, ctx.payer_names, "payer", first_line);
    if (const auto v = m.get("share", Need::required)) {
      shares_ok &= read_payer_share(ctx, *v, out[i]);
      scheduled = scheduled || !out[i].share_by_year.empty();
    } else {
      shares_ok = false;
    }
    out[i].fee_factors_given = m.has("fee_factors");
    read_category_factors(ctx, m, "fee_factors", out[i].fee_factors, 100, true);
    read_payer_population(ctx, m, conditions, out[i].population);
    m.finish();
  }
  if (!shares_ok || out.empty()) return;
  for (int year = 0; year < (scheduled ? ctx.years : 1); ++year) {
    double shares = 0;
    for (const PayerConfig& p : out) shares += p.share_in_year(year);
    if (std::abs(shares - 1.0) > kShareTolerance) {
      ctx.diag.error(
          seq->mark, seq->path,
          "the payers' shares must add up to 1 (the whole panel)" +
              (scheduled ? " in every performance year; in year " + std::to_string(year + 1) + " they add up to "
                         : std::string(", got ")) +
              yaml::format_number(shares));
      return;
    }
  }
}

}  // namespace pmsim::scenario_parser
