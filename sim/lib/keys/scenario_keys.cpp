//! \file scenario_keys.cpp
//! The walk of every section of a scenario. Each contract type walks its own keys
//! (contracts/<type>.cpp), reached by visiting the terms, so the walk names no type.

#include "keys/scenario_keys.h"

#include <variant>
#include <vector>

namespace pmsim {

namespace {

void walk_simulation(SimulationConfig& sim, KeyVisitor& v) {
  v.begin_map("simulation");
  v.text("name", sim.name);
  v.integer("replications", sim.replications);
  v.integer("years", sim.years);
  v.integer("baseline_years", sim.baseline_years);
  v.integer("warmup_years", sim.warmup_years);
  v.unsigned_integer("seed", sim.seed);
  v.integer("block_size", sim.block_size);
  v.boolean("variance_decomposition", sim.variance_decomposition);
  v.end_map();
}

void walk_age_bands(std::vector<AgeBand>& bands, KeyVisitor& v) {
  walk_list(v, "age_bands", bands, ItemLayout::block, [&v](AgeBand& b) {
    v.integer("min_age", b.min_age);
    v.integer("max_age", b.max_age);
    v.number("share", b.share);
    v.number("mortality", b.mortality);
    v.number("risk_score", b.risk_score);
    v.number("utilization", b.utilization);
  });
}

void walk_conditions(std::vector<ConditionConfig>& conditions, KeyVisitor& v) {
  walk_list(v, "conditions", conditions, ItemLayout::block, [&v](ConditionConfig& c) {
    v.text("name", c.name);
    walk_numbers(v, "prevalence", c.prevalence);
    v.number("incidence", c.incidence);
    v.number("risk_score", c.risk_score);
    v.number("mortality", c.mortality);
    walk_category_factors(v, "utilization", c.utilization);
  });
}

void walk_population(PopulationConfig& pop, KeyVisitor& v) {
  v.begin_map("population");
  v.integer("size", pop.size);
  if (!pop.members.empty()) v.text("members", pop.members);  // no key without a member file
  v.number("churn", pop.churn);
  v.boolean("age_out", pop.age_out);
  v.begin_map("sex");
  v.number("female_share", pop.sex.female_share);
  v.number("female_mortality", pop.sex.female_mortality);
  v.number("female_risk_score", pop.sex.female_risk_score);
  v.number("female_utilization", pop.sex.female_utilization);
  v.end_map();
  v.begin_map("frailty");
  v.number("shape", pop.frailty.shape);
  v.number("persistence", pop.frailty.persistence);
  v.number("mortality_exponent", pop.frailty.mortality_exponent);
  v.end_map();
  walk_age_bands(pop.age_bands, v);
  walk_conditions(pop.conditions, v);
  v.end_map();
}

// severity_cv is one key for two fields: a cv of 0 means no severity.
void walk_severity_cv(SeverityConfig& severity, KeyVisitor& v) {
  double cv = severity.enabled ? severity.cv : 0.0;
  const double given = cv;
  v.number("severity_cv", cv);
  if (cv == given) return;
  severity.enabled = cv > 0.0;
  severity.cv = cv;
}

// A trend: its number, or its schedule by performance year.
void walk_trend(KeyVisitor& v, std::string_view key, double& value, const std::vector<double>& by_year) {
  if (by_year.empty())
    v.number(key, value);
  else
    v.by_year(key, by_year);
}

void walk_services(std::array<ServiceConfig, kCategoryCount>& services, KeyVisitor& v) {
  v.begin_map("services");
  for (int k = 0; k < kCategoryCount; ++k) {
    ServiceConfig& s = services[static_cast<std::size_t>(k)];
    v.begin_map(kCategoryNames[static_cast<std::size_t>(k)]);
    v.number("rate", s.rate);
    v.number("fee", s.fee);
    v.choice("delivered_by", to_string(s.delivered_by));
    v.number("unit_cost", s.unit_cost);
    v.number("frailty_exponent", s.frailty_exponent);
    v.number("end_of_life", s.end_of_life);
    walk_trend(v, "trend", s.trend, s.trend_by_year);
    walk_trend(v, "utilization_trend", s.utilization_trend, s.utilization_trend_by_year);
    walk_severity_cv(s.severity, v);
    v.choice("severity_distribution", to_string(s.severity.distribution));
    v.end_map();
  }
  v.end_map();
}

void walk_admission_types(std::vector<AdmissionType>& types, KeyVisitor& v) {
  if (types.empty()) return;  // optional section
  walk_list(v, "admission_types", types, ItemLayout::block, [&v](AdmissionType& a) {
    v.text("name", a.name);
    if (a.rate > 0) {  // admissions of their own
      v.number("rate", a.rate);
      v.number("frailty_exponent", a.frailty_exponent);
    } else {
      v.number("share", a.share);
    }
    v.number("cost_factor", a.cost_factor);
    v.number("readmission_factor", a.readmission_factor);
    v.number("post_acute_factor", a.post_acute_factor);
  });
}

void walk_provider(ProviderConfig& p, KeyVisitor& v) {
  v.begin_map("provider");
  v.number("fixed_costs", p.fixed_costs);
  v.number("reserves", p.reserves);
  v.integer("claims_lag_months", p.claims_lag_months);
  v.integer("settlement_lag_months", p.settlement_lag_months);
  v.end_map();
}

void walk_quality(QualityConfig& q, KeyVisitor& v) {
  v.begin_map("quality");
  v.number("screening_per_visit", q.screening_per_visit);
  v.text("controlled_condition", q.controlled_condition);
  v.number("control_base", q.control_base);
  v.number("control_per_visit", q.control_per_visit);
  v.number("control_max", q.control_max);
  v.number("avoidable_share", q.avoidable_share);
  v.end_map();
}

void walk_risk_adjustment(RiskAdjustmentConfig& r, KeyVisitor& v) {
  v.begin_map("risk_adjustment");
  if (r.normalization_by_year.empty())
    v.number_or_word("normalization", r.normalization, "auto", r.automatic);
  else
    v.by_year("normalization", r.normalization_by_year);
  v.number("coding_intensity", r.coding_intensity);
  v.end_map();
}

void walk_correlations(std::vector<CorrelationConfig>& correlations, KeyVisitor& v) {
  if (correlations.empty()) return;  // optional section
  walk_list(v, "correlations", correlations, ItemLayout::inline_map, [&v](CorrelationConfig& c) {
    v.texts("keys", c.keys);
    v.number("rank", c.rank);
  });
}

void walk_payer_population(PayerPopulation& p, const std::vector<ConditionConfig>& conditions, KeyVisitor& v) {
  v.begin_map("population");
  v.number("female_share", p.female_share);
  v.boolean("age_out", p.age_out);
  walk_age_bands(p.age_bands, v);
  if (!conditions.empty()) {
    v.begin_map("prevalence");
    for (std::size_t c = 0; c < conditions.size() && c < p.prevalence.size(); ++c)
      walk_numbers(v, conditions[c].name, p.prevalence[c]);
    v.end_map();
  }
  v.end_map();
}

void walk_payers(std::vector<PayerConfig>& payers, const std::vector<ConditionConfig>& conditions, KeyVisitor& v) {
  if (payers.empty()) return;  // optional section
  walk_list(v, "payers", payers, ItemLayout::block, [&](PayerConfig& p) {
    v.text("name", p.name);
    if (p.share_by_year.empty()) {
      v.number("share", p.share);
    } else {
      v.by_year("share", p.share_by_year);
    }
    // Only a payer given prices of its own has the key (the resolved text of others is unchanged).
    if (p.fee_factors_given) walk_category_factors(v, "fee_factors", p.fee_factors);
    if (p.population.given()) walk_payer_population(p.population, conditions, v);
  });
}

void walk_shocks(std::vector<ShockConfig>& shocks, KeyVisitor& v) {
  if (shocks.empty()) return;  // optional section
  walk_list(v, "shocks", shocks, ItemLayout::block, [&v](ShockConfig& k) {
    v.text("name", k.name);
    if (k.year > 0) {
      v.integer("year", k.year);
    } else {
      v.number("probability", k.probability);
    }
    v.number("duration_months", k.duration_months);
    walk_category_factors(v, "utilization", k.utilization);
    v.number("price", k.price);
    v.number("cost", k.cost);
  });
}

void walk_interventions(std::vector<InterventionConfig>& interventions, KeyVisitor& v) {
  if (interventions.empty()) return;  // optional section
  walk_list(v, "interventions", interventions, ItemLayout::block, [&v](InterventionConfig& iv) {
    v.text("name", iv.name);
    v.integer("start_year", iv.start_year);
    v.number("target_top_risk_share", iv.target_top_risk_share);
    v.number("enrollment", iv.enrollment);
    walk_category_factors(v, "effects", iv.effects);
    v.number("screening_gain", iv.screening_gain);
    v.number("control_gain", iv.control_gain);
    walk_numbers(v, "ramp", iv.ramp);
    v.number("cost_per_member_year", iv.cost_per_member_year);
    v.number("caseload", iv.caseload);
    v.number("fte_salary", iv.fte_salary);
    v.number("one_time_cost", iv.one_time_cost);
    v.integer("amortisation_years", iv.amortisation_years);
  });
}

void walk_behaviour(std::vector<BehaviourConfig>& behaviour, KeyVisitor& v) {
  if (behaviour.empty()) return;  // optional section
  v.begin_map("behaviour");
  for (BehaviourConfig& b : behaviour) {
    v.begin_map(to_string(b.type));
    walk_category_factors(v, "utilization", b.utilization);
    v.number("screening", b.screening);
    v.number("control", b.control);
    v.end_map();
  }
  v.end_map();
}

}  // namespace

void walk_contract(ContractConfig& c, KeyVisitor& v) {
  v.text("name", c.name);
  v.choice("type", to_string(c.type()));
  if (!c.payer.empty()) v.text("payer", c.payer);
  std::visit([&](auto& terms) { walk_keys(terms, c.quality_measures, v); }, c.terms);
  walk_settlement_timing(v, c.settlement);
}

void walk_scenario(Scenario& s, KeyVisitor& v) {
  walk_simulation(s.simulation, v);
  walk_population(s.population, v);
  walk_services(s.services, v);
  walk_admission_types(s.admission_types, v);
  walk_provider(s.provider, v);
  walk_quality(s.quality, v);
  walk_risk_adjustment(s.risk_adjustment, v);
  walk_payers(s.payers, s.population.conditions, v);
  walk_shocks(s.shocks, v);
  walk_interventions(s.interventions, v);
  walk_behaviour(s.behaviour, v);
  walk_list(v, "contracts", s.contracts, ItemLayout::block, [&v](ContractConfig& c) { walk_contract(c, v); });
  walk_correlations(s.correlations, v);
}

}  // namespace pmsim
