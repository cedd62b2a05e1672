#include "population/population_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace pmsim {

std::uint32_t probability_threshold(double p) {
  if (p <= 0.0) return 0;
  // p = 1 cannot be represented exactly (2^32 words); the largest threshold misses one
  // word in 2^32, which no test or result can see.
  const double scaled = std::round(p * 4294967296.0);
  return scaled >= 4294967295.0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(scaled);
}

std::vector<double> trend_index(const ServiceConfig& service, bool fees, int first, int total_years) {
  std::vector<double> index(static_cast<std::size_t>(std::max(total_years + 1, first + 2)), 1.0);
  for (int y = first + 1; y < total_years; ++y)
    index[static_cast<std::size_t>(y + 1)] =
        index[static_cast<std::size_t>(y)] * (1 + service.growth_into(y - first + 1, fees));
  for (int y = first - 1; y >= -1; --y)
    index[static_cast<std::size_t>(y + 1)] =
        index[static_cast<std::size_t>(y + 2)] / (1 + service.growth_into(1, fees));
  return index;
}

void PopulationModel::set_trends(const Scenario& s) {
  const auto years = static_cast<std::size_t>(total_years + 1);
  trended_fees.assign(years * static_cast<std::size_t>(segments) * kCategoryCount, 0.0);
  utilization_trend.assign(years * kCategoryCount, 1.0);
  const int first = warmup_years + baseline_years;  // performance year 1's simulated year
  for (int k = 0; k < kCategoryCount; ++k) {
    const ServiceConfig& service = s.services[static_cast<std::size_t>(k)];
    for (const bool fees : {true, false}) {
      const std::vector<double> index = trend_index(service, fees, first, total_years);
      for (std::size_t y = 0; y < years; ++y) {
        if (!fees) {
          utilization_trend[y * kCategoryCount + static_cast<std::size_t>(k)] = index[y];
          continue;
        }
        // Each payer's fee: the trended fee times the payer's factor (1 when it has none).
        for (int p = 0; p < segments; ++p) {
          const double factor = s.payers.empty() ? 1.0 : s.payers[static_cast<std::size_t>(p)].fee_factors[k];
          trended_fees[(y * static_cast<std::size_t>(segments) + static_cast<std::size_t>(p)) * kCategoryCount +
                       static_cast<std::size_t>(k)] = service.fee * index[y] * factor;
        }
      }
    }
  }
}

void PopulationModel::set_risk_scale(const RiskAdjustmentConfig& r) {
  const int first = warmup_years + baseline_years;  // performance year 1's simulated year
  for (int y = 0; y < total_years; ++y) {
    double n = 1.0;
    if (r.automatic) {
      // Unresolved (a reference population's own model): raw scores.
      if (!r.resolved.empty()) n = r.resolved.at(static_cast<std::size_t>(y));
    } else if (!r.normalization_by_year.empty()) {
      const auto p = static_cast<std::size_t>(std::max(y - first, 0));
      n = r.normalization_by_year[std::min(p, r.normalization_by_year.size() - 1)];
    } else {
      n = r.normalization;
    }
    risk_scale.push_back((1 - r.coding_intensity) / n);
  }
}

PopulationModel::PopulationModel(const Scenario& s)
    : frailty(s.population.frailty.shape, s.population.frailty.persistence) {
  const auto& pop = s.population;
  size = pop.size;
  baseline_years = s.simulation.baseline_years;
  warmup_years = s.simulation.warmup_years;
  total_years = s.simulation.warmup_years + s.simulation.baseline_years + s.simulation.years;
  seed = s.simulation.seed;
  block_size = s.simulation.block_size;
  churn = pop.churn;
  female_mortality = pop.sex.female_mortality;
  female_risk = pop.sex.female_risk_score;
  female_utilization = pop.sex.female_utilization;
  if (pop.conditions.size() > 32) throw std::invalid_argument("at most 32 conditions");

  double cumulative = 0;
  for (const auto& b : pop.age_bands) {
    BandTable t;
    t.min_age = b.min_age;
    t.max_age = b.max_age;
    cumulative += b.share;
    t.cumulative_share = cumulative;
    t.hazard = -std::log1p(-b.mortality);
    t.risk_score = b.risk_score;
    t.utilization = b.utilization;
    bands.push_back(t);
  }
  bands.back().cumulative_share = 1.0;  // shares sum to 1 up to rounding

  for (std::size_t c = 0; c < pop.conditions.size(); ++c) {
    const auto& cc = pop.conditions[c];
    ConditionTable t;
    t.risk_score = cc.risk_score;
    t.mortality = cc.mortality;
    t.utilization = cc.utilization;
    conditions.push_back(t);
    onset.add(cc.incidence);
    for (std::size_t b = 0; b < bands.size(); ++b)
      bands[b].prevalence_threshold[c] = probability_threshold(cc.prevalence.at(b));
  }

  for (int c = 0; c < kCategoryCount; ++c) {
    const auto& sc = s.services[c];
    auto& t = categories[c];
    t.rate = sc.rate;
    t.fee = sc.fee;
    t.self_delivered = sc.delivered_by == Deliverer::provider;
    t.cost_ratio = sc.fee > 0 ? sc.unit_cost / sc.fee : 0.0;
    t.severity = sc.severity.enabled && sc.severity.cv > 0;
    if (t.severity) {
      // Lognormal with mean 1 and the given CV: sigma^2 = ln(1 + cv^2), mu = -sigma^2 / 2.
      const double var = std::log1p(sc.severity.cv * sc.severity.cv);
      t.log_sigma = std::sqrt(var);
      t.log_mu = -0.5 * var;
      t.severity_distribution = sc.severity.distribution;
      t.unit_gamma_shape = 1.0 / (sc.severity.cv * sc.severity.cv);
      t.gamma_scale = sc.severity.cv * sc.severity.cv;
      if (t.severity_distribution == SeverityDistribution::gamma)
        for (int n = 0; n < 64; ++n) t.gamma_sums.emplace_back(std::max(n, 1) * t.unit_gamma_shape, t.gamma_scale);
    }
    auto it = std::find(frailty_exponents.begin(), frailty_exponents.end(), sc.frailty_exponent);
    if (it == frailty_exponents.end()) {
      frailty_exponents.push_back(sc.frailty_exponent);
      frailty_moment_inverse.push_back(1.0 / frailty.moment(sc.frailty_exponent));
      it = frailty_exponents.end() - 1;
    }
    t.frailty_power = static_cast<int>(it - frailty_exponents.begin());
    t.end_of_life = sc.end_of_life;
  }
  set_risk_scale(s.risk_adjustment);
  for (const ContractConfig* terms : contract_terms(s)) {
    const TallyNeeds needs = std::visit([](const auto& x) { return tally_needs(x); }, terms->terms);
    for (const double t : needs.member_truncations) {
      if (t <= 0 || truncation_index(truncation_points, t) >= 0) continue;
      if (truncation_points.size() == static_cast<std::size_t>(kMaxTruncations))
        throw std::invalid_argument("at most " + std::to_string(kMaxTruncations) + " distinct truncation amounts");
      truncation_points.push_back(t);
    }
  }
  if (s.admission_types.size() > static_cast<std::size_t>(kMaxAdmissionTypes))
    throw std::invalid_argument("at most " + std::to_string(kMaxAdmissionTypes) + " admission types");
  double rest = 1.0;
  for (const auto& a : s.admission_types) {
    AdmissionTypeTable t;
    t.share_of_rest = rest > 0 ? std::min(1.0, a.share / rest) : 0.0;
    rest -= a.share;
    t.rate = a.rate;
    t.frailty_exponent = a.frailty_exponent;
    t.frailty_moment_inverse = 1.0 / frailty.moment(a.frailty_exponent);
    rate_admission_types = rate_admission_types || a.rate > 0;
    t.cost_factor = a.cost_factor;
    t.readmission_factor = a.readmission_factor;
    t.post_acute_factor = a.post_acute_factor;
    admission_types.push_back(t);
  }
  for (const ContractConfig* terms : contract_terms(s)) {
    const EpisodeDefinition* episode = std::visit([](const auto& x) { return tally_needs(x).episode; }, terms->terms);
    if (episode == nullptr) continue;
    const EpisodeDefinition& d = *episode;
    if (episode_index(episode_definitions, d) >= 0) continue;
    if (episode_definitions.size() == static_cast<std::size_t>(kMaxEpisodeTypes))
      throw std::invalid_argument("at most " + std::to_string(kMaxEpisodeTypes) + " distinct episode definitions");
    EpisodeTable t;
    t.trigger_probability = d.trigger_probability;
    for (std::size_t k = 0; k < pop.conditions.size(); ++k)
      if (!d.trigger_condition.empty() && pop.conditions[k].name == d.trigger_condition)
        t.trigger_condition = static_cast<int>(k);
    if (!d.trigger_condition.empty() && t.trigger_condition < 0)
      throw std::invalid_argument("episode trigger condition '" + d.trigger_condition + "' is not a condition");
    for (std::size_t k = 0; k < s.admission_types.size(); ++k)
      if (!d.trigger_type.empty() && s.admission_types[k].name == d.trigger_type)
        t.trigger_group = 1 + static_cast<int>(k);
    if (!d.trigger_type.empty() && t.trigger_group < 0)
      throw std::invalid_argument("episode trigger type '" + d.trigger_type + "' is not an admission type");
    t.window_days = d.window_days;
    t.included = d.included;
    t.spending_cap = d.spending_cap;
    episode_definitions.push_back(d);
    episode_types.push_back(t);
  }
  if (s.payers.size() > 1) {
    if (s.payers.size() > 255) throw std::invalid_argument("at most 255 payers");
    segments = static_cast<int>(s.payers.size());
    const int first_performance_year = s.simulation.warmup_years + s.simulation.baseline_years;
    for (int year = 0; year < total_years; ++year) {
      double share = 0;
      for (const auto& p : s.payers)
        payer_cumulative.push_back(share += p.share_in_year(year - first_performance_year));
      payer_cumulative.back() = 1.0;  // shares sum to 1 up to rounding
    }
  }
  // The part of a claim above the scenario's fee: 1 - 1 / factor (0 for a factor of 1).
  for (const auto& p : s.payers) {
    payer_fees = payer_fees || p.fee_factors != unit_factors();
    for (double f : p.fee_factors) fee_premium_share.push_back(1.0 - 1.0 / f);
  }
  if (!payer_fees) fee_premium_share.clear();
  set_trends(s);  // after the payers: each has its fees
  shocks = shock_tables(s);
  if (s.interventions.size() > static_cast<std::size_t>(kMaxInterventions))
    throw std::invalid_argument("at most " + std::to_string(kMaxInterventions) + " interventions");
  for (const auto& iv : s.interventions) {
    InterventionTable t;
    t.risk_threshold = iv.risk_threshold;
    t.enrollment = iv.enrollment;
    t.effects = iv.effects;
    t.screening_gain = iv.screening_gain;
    t.control_gain = iv.control_gain;
    const int start = warmup_years + baseline_years + iv.start_year - 1;
    t.effect_share.assign(static_cast<std::size_t>(total_years), 0.0);
    for (int y = start; y < total_years; ++y) {
      const auto k = static_cast<std::size_t>(y - start);
      t.effect_share[y] = iv.ramp.empty() ? 1.0 : iv.ramp[std::min(k, iv.ramp.size() - 1)];
    }
    interventions.push_back(t);
  }
  const auto& q = s.quality;
  screening_miss_per_visit = 1.0 - q.screening_per_visit;
  for (std::size_t c = 0; c < pop.conditions.size(); ++c)
    if (!q.controlled_condition.empty() && pop.conditions[c].name == q.controlled_condition)
      controlled_condition = static_cast<int>(c);
  control_base = q.control_base;
  control_per_visit = q.control_per_visit;
  control_max = q.control_max;
  avoidable_share = q.avoidable_share;
  quality_outcomes = q.screening_per_visit > 0 || controlled_condition >= 0 || q.avoidable_share > 0;
  mortality_exponent = pop.frailty.mortality_exponent;
  mortality_moment_inverse = 1.0 / frailty.moment(mortality_exponent);
  power_exponents = frailty_exponents;
  const auto power_of = [&](double e) {
    auto it = std::find(power_exponents.begin(), power_exponents.end(), e);
    if (it == power_exponents.end()) it = power_exponents.insert(power_exponents.end(), e);
    return static_cast<int>(it - power_exponents.begin());
  };
  if (mortality_exponent != 0.0) mortality_power = power_of(mortality_exponent);
  for (auto& a : admission_types) a.frailty_power = power_of(a.frailty_exponent);
  if (conditions.size() <= kConditionSetTableLimit)
    for (std::uint32_t mask = 0; mask < (1u << conditions.size()); ++mask)
      condition_sets.push_back(combine_conditions(mask));

  // Risk normaliser: the expected raw score of an entering member, so the population
  // drawn at the start averages 1.0 (conditions are independent given the age band).
  const double sex_factor = pop.sex.female_share * female_risk + (1.0 - pop.sex.female_share);
  double expected = 0, previous_cumulative = 0;
  for (std::size_t b = 0; b < bands.size(); ++b) {
    const double share = bands[b].cumulative_share - previous_cumulative;
    previous_cumulative = bands[b].cumulative_share;
    double raw = bands[b].risk_score * sex_factor;
    for (std::size_t c = 0; c < pop.conditions.size(); ++c)
      raw += pop.conditions[c].prevalence[b] * pop.conditions[c].risk_score;
    expected += share * raw;
  }
  risk_normaliser = expected > 0 ? expected : 1.0;
  inverse_risk_normaliser = 1.0 / risk_normaliser;

  EntryPopulation own;
  own.end_band = static_cast<int>(bands.size());
  own.female_threshold = probability_threshold(pop.sex.female_share);
  if (pop.age_out) own.age_out_age = pop.age_bands.back().max_age;
  entry_populations.push_back(std::move(own));
  add_payer_populations(s);
  for (EntryPopulation& e : entry_populations) {
    e.band_by_age.assign(static_cast<std::size_t>(bands[static_cast<std::size_t>(e.end_band - 1)].max_age) + 1,
                         e.first_band);
    for (int b = e.first_band; b < e.end_band; ++b)
      for (int a = bands[b].min_age; a <= bands[b].max_age; ++a) e.band_by_age[static_cast<std::size_t>(a)] = b;
  }

  // Last: the posteriors use every table above.
  if (pop.member_panel) {
    panel = pop.member_panel.panel;
    member_frailty = frailty_posteriors(*this, *panel);
  }
}

ConditionSet PopulationModel::combine_conditions(std::uint32_t mask) const {
  ConditionSet set;
  for (std::uint32_t bits = mask; bits != 0; bits &= bits - 1) {
    const ConditionTable& c = conditions[std::countr_zero(bits)];
    set.risk_score += c.risk_score;
    set.mortality *= c.mortality;
    for (int k = 0; k < kCategoryCount; ++k) set.utilization[k] *= c.utilization[k];
  }
  return set;
}

// Each payer's own population: its bands after those before it, its sex mix and age-out.
void PopulationModel::add_payer_populations(const Scenario& s) {
  for (std::size_t p = 0; p < s.payers.size(); ++p) {
    const PayerPopulation& pp = s.payers[p].population;
    if (!pp.given()) continue;
    if (entry_populations.size() == 255) throw std::invalid_argument("at most 254 payer populations");
    payer_population.resize(s.payers.size(), 0);
    payer_population[p] = static_cast<std::uint8_t>(entry_populations.size());
    EntryPopulation e;
    e.first_band = static_cast<int>(bands.size());
    double cumulative = 0;
    for (std::size_t b = 0; b < pp.age_bands.size(); ++b) {
      const AgeBand& band = pp.age_bands[b];
      BandTable t;
      t.min_age = band.min_age;
      t.max_age = band.max_age;
      cumulative += band.share;
      t.cumulative_share = b + 1 == pp.age_bands.size() ? 1.0 : cumulative;
      t.hazard = -std::log1p(-band.mortality);
      t.risk_score = band.risk_score;
      t.utilization = band.utilization;
      for (std::size_t c = 0; c < conditions.size(); ++c)
        t.prevalence_threshold[c] = probability_threshold(pp.prevalence.at(c).at(b));
      bands.push_back(t);
    }
    e.end_band = static_cast<int>(bands.size());
    e.female_threshold = probability_threshold(pp.female_share);
    if (pp.age_out) e.age_out_age = pp.age_bands.back().max_age;
    entry_populations.push_back(std::move(e));
  }
}

}  // namespace pmsim
