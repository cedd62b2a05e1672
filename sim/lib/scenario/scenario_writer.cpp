//! \file scenario_writer.cpp
//! The scenario file format, written: the resolved scenario as block-style YAML, every key
//! with its default, so that parse_scenario(to_yaml(s)) == s.

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario_text.h"
#include "scenario/scenario_yaml.h"
#include "scenario/yaml_reader.h"

namespace pmsim {

namespace {

// ---- writer -------------------------------------------------------------------------------

//! A string as a YAML scalar: plain when that reads back as the same string, else quoted.
std::string string_text(const std::string& s) {
  static const std::array<std::string_view, 22> kReserved = {
      "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes",
      "YES",  "no",   "No",   "NO",   "on",   "On",   "ON",    "off",   "Off",   "OFF", "~"};
  bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char c : s) {
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-') plain = false;
  }
  for (auto r : kReserved) {
    if (s == r) plain = false;
  }
  if (s == "y" || s == "Y" || s == "n" || s == "N") plain = false;
  if (plain) return s;
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string bool_text(bool b) { return b ? "true" : "false"; }

//! Writes block-style YAML line by line, keeping the key path of every line so that a value
//! written as a distribution or a schedule (`overrides`, by key path) replaces the number.
class Writer {
 public:
  explicit Writer(std::map<std::string, std::string> overrides) : overrides_(std::move(overrides)) {}
  std::string str() && { return std::move(out_); }

  void comment(std::string_view text) { line(0, "# " + std::string(text)); }
  void section(int indent, std::string_view key) {
    std::string path = enter(indent, key);
    frames_.push_back({indent + 2, std::move(path), -1});
    line(indent, std::string(key) + ":");
  }
  void entry(int indent, std::string_view key, const std::string& value) {
    line(indent, std::string(key) + ": " + value_at(enter(indent, key), value));
  }
  void number(int indent, std::string_view key, double x) { entry(indent, key, number_text(x)); }
  void integer(int indent, std::string_view key, std::int64_t x) { entry(indent, key, std::to_string(x)); }
  //! A flow list of numbers: "key: [a, b]".
  void numbers(int indent, std::string_view key, const std::vector<double>& xs) {
    const std::string path = enter(indent, key);
    std::string text = "[";
    for (std::size_t i = 0; i < xs.size(); ++i)
      text += (i ? ", " : "") + value_at(yaml::index_path(path, i), number_text(xs[i]));
    line(indent, std::string(key) + ": " + text + "]");
  }
  //! The first key of a sequence item: "- key: value".
  void item(int indent, std::string_view key, const std::string& value) {
    const std::string path = start_item(indent);
    line(indent, "- " + std::string(key) + ": " + value_at(yaml::child_path(path, key), value));
  }
  //! A sequence item written as one flow map: "- {key: value, ...}".
  void flow_item(int indent, const std::vector<std::pair<std::string_view, std::string>>& fields) {
    const std::string path = start_item(indent);
    std::string text = "{";
    for (std::size_t i = 0; i < fields.size(); ++i)
      text += (i ? ", " : "") + std::string(fields[i].first) + ": " +
              value_at(yaml::child_path(path, fields[i].first), fields[i].second);
    line(indent, "- " + text + "}");
  }

 private:
  struct Frame {
    int child_indent;  //!< indent of the keys inside
    std::string path;
    int items;  //!< sequence items written so far, less one
  };
  // The path of `key` written at `indent`: the frames it is no longer inside are closed.
  std::string enter(int indent, std::string_view key) {
    close_to(indent);
    return yaml::child_path(frames_.back().path, key);
  }
  std::string start_item(int indent) {
    close_to(indent);
    Frame& parent = frames_.back();
    std::string path = yaml::index_path(parent.path, static_cast<std::size_t>(++parent.items));
    frames_.push_back({indent + 2, path, -1});
    return path;
  }
  void close_to(int indent) {
    while (frames_.size() > 1 && frames_.back().child_indent > indent) frames_.pop_back();
  }
  std::string value_at(const std::string& path, const std::string& value) const {
    const auto it = overrides_.find(path);
    return it == overrides_.end() ? value : it->second;
  }
  void line(int indent, const std::string& text) {
    out_.append(static_cast<std::size_t>(indent), ' ');
    out_ += text;
    out_ += '\n';
  }
  std::map<std::string, std::string> overrides_;
  std::vector<Frame> frames_{{0, "", -1}};
  std::string out_;
};

//! The YAML text of the values written as distributions or schedules, by key path.
std::map<std::string, std::string> written_as_maps(const Scenario& s) {
  std::map<std::string, std::string> text;
  for (const UncertainParameter& p : s.uncertain) {
    const DistributionSpec& d = p.distribution;
    std::string t = "{distribution: " + std::string(to_string(d.kind));
    if (d.kind != DistributionKind::uniform && d.kind != DistributionKind::triangular)
      t += ", mean: " + number_text(d.mean) + ", sd: " + number_text(d.sd);
    if (d.kind == DistributionKind::triangular) t += ", mode: " + number_text(d.mode);
    if (std::isfinite(d.min)) t += ", min: " + number_text(d.min);
    if (std::isfinite(d.max)) t += ", max: " + number_text(d.max);
    text[p.key] = t + "}";
  }
  for (const YearSchedule& schedule : s.schedules) {
    std::string t = "{";
    for (std::size_t i = 0; i < schedule.values.size(); ++i)
      t += (i ? ", " : "") + std::to_string(schedule.values[i].first) + ": " + number_text(schedule.values[i].second);
    text[schedule.key] = t + "}";
  }
  return text;
}

//! `corridors` of a contract (indent 4): `[]`, or one flow map per band.
void write_corridors(Writer& w, const std::vector<CorridorBand>& corridors) {
  if (corridors.empty()) {
    w.entry(4, "corridors", "[]");
    return;
  }
  w.section(4, "corridors");
  for (const CorridorBand& band : corridors) {
    w.flow_item(6, {{"from", number_text(band.from)}, {"rate", number_text(band.rate)}});
  }
}

//! The keys of a pay_for_performance contract but `quality_measures` (indent 4), in the order of
//! docs/scenarios.md; `readmission_penalty` only when the penalty is on, `quality_score` only
//! when the score is not computed from quality measures.
void write_pay_for_performance(Writer& w, const PayForPerformanceTerms& p, bool measured_quality) {
  w.number(4, "withhold", p.withhold);
  w.number(4, "withhold_slope", p.withhold_slope);
  if (p.expected_readmission_rate > 0.0) {
    w.section(4, "readmission_penalty");
    w.number(6, "expected_rate", p.expected_readmission_rate);
    w.number(6, "multiplier", p.readmission_multiplier);
    w.number(6, "cap", p.readmission_penalty_cap);
  }
  w.number(4, "scale", p.scale);
  w.number(4, "scale_threshold", p.scale_threshold);
  if (!measured_quality) w.number(4, "quality_score", p.quality_score);
}

//! `quality_measures` of a capitation, shared or pay_for_performance contract (indent 4): `[]`, or one flow map per
//! measure.
void write_quality_measures(Writer& w, const std::vector<QualityMeasure>& measures) {
  if (measures.empty()) {
    w.entry(4, "quality_measures", "[]");
    return;
  }
  w.section(4, "quality_measures");
  for (const QualityMeasure& q : measures) {
    w.flow_item(6, {{"measure", std::string(to_string(q.kind))},
                    {"threshold", number_text(q.threshold)},
                    {"benchmark", number_text(q.benchmark)},
                    {"weight", number_text(q.weight)}});
  }
}

//! A set of categories at `key` (`covers` of a capitation or cost_per_outcome contract,
//! `includes` of an episode): `all`, or the list of the categories in it in enum order (`[]`
//! when none is).
void write_categories(Writer& w, int indent, std::string_view key, const std::array<bool, kCategoryCount>& covered) {
  bool all = true;
  std::string covers = "[";
  for (int k = 0; k < kCategoryCount; ++k) {
    if (!covered[static_cast<std::size_t>(k)]) {
      all = false;
      continue;
    }
    if (covers.size() > 1) covers += ", ";
    covers += kCategoryNames[static_cast<std::size_t>(k)];
  }
  covers += "]";
  w.entry(indent, key, all ? std::string("all") : covers);
}

//! The keys of a cost_per_outcome contract (indent 4), in the order of docs/scenarios.md.
void write_outcome(Writer& w, const OutcomeTerms& t) {
  w.entry(4, "success", std::string(to_string(t.success)));
  w.number(4, "price_per_success", t.price_per_success);
  w.number(4, "base_per_attempt", t.base_per_attempt);
  write_categories(w, 4, "covers", t.covered);
}

//! The keys of a bundled_payment contract (indent 4), in the order of docs/scenarios.md; the
//! target's keys of its method only.
void write_bundle(Writer& w, const BundleTerms& t) {
  const EpisodeDefinition& e = t.episode;
  w.section(4, "episode");
  w.number(6, "trigger_probability", e.trigger_probability);
  w.entry(6, "trigger_condition", string_text(e.trigger_condition));
  w.entry(6, "trigger_type", string_text(e.trigger_type));
  w.integer(6, "window_days", e.window_days);
  write_categories(w, 6, "includes", e.included);
  w.number(6, "spending_cap", e.spending_cap);
  const bool historical = t.target_method == TargetMethod::historical;
  w.section(4, "target");
  w.entry(6, "method", std::string(to_string(t.target_method)));
  if (historical) {
    w.number(6, "discount", t.discount);
    w.numbers(6, "baseline_weights", t.baseline_weights);
  } else {
    w.number(6, "price", t.target_price);
  }
  w.number(6, "trend", t.trend);
  w.entry(6, "risk_adjusted", bool_text(t.risk_adjusted));
  w.number(4, "stop_gain", t.stop_gain);
  w.number(4, "stop_loss", t.stop_loss);
}

//! The quality withhold, stop-loss and corridor keys of a capitation contract (indent 4);
//! `quality_score` only when the score is not computed from quality measures.
void write_capitation_risk(Writer& w, const CapitationTerms& cap, bool measured_quality) {
  w.number(4, "quality_withhold", cap.quality_withhold);
  if (!measured_quality) w.number(4, "quality_score", cap.quality_score);
  if (cap.stop_loss_attachment > 0.0) {
    w.section(4, "stop_loss");
    w.number(6, "attachment", cap.stop_loss_attachment);
    w.number(6, "coinsurance", cap.stop_loss_coinsurance);
    w.number(6, "premium_pmpm", cap.stop_loss_premium_pmpm);
  }
  write_corridors(w, cap.corridors);
}

//! The keys of a shared contract (indent 4), in the order of docs/scenarios.md;
//! `quality_score` only when the score is not computed from quality measures.
void write_shared(Writer& w, const SharedSavingsTerms& t, bool two_sided, bool measured_quality) {
  const BenchmarkTerms& b = t.benchmark;
  const bool historical = b.method == BenchmarkMethod::historical;
  w.section(4, "benchmark");
  w.entry(6, "method", historical ? "historical" : "fixed");
  if (historical) w.numbers(6, "baseline_weights", b.baseline_weights);
  w.number(6, "trend", b.trend);
  w.entry(6, "risk_adjusted", bool_text(b.risk_adjusted));
  w.number(6, "risk_growth_cap", b.risk_growth_cap);
  if (historical) {
    w.number(6, "regional_weight", b.regional_weight);
    w.number(6, "regional_pmpy", b.regional_pmpy);
    w.integer(6, "agreement_years", b.agreement_years);
  } else {
    w.number(6, "pmpy", b.fixed_pmpy);
  }
  w.number(4, "truncation", t.truncation);
  w.number(4, "truncation_percentile", t.truncation_percentile);
  w.entry(4, "minimum_savings_rate", t.msr_size_based ? std::string("mssp") : number_text(t.minimum_savings_rate));
  w.number(4, "sharing_rate", t.sharing_rate);
  if (!measured_quality) w.number(4, "quality_score", t.quality_score);
  w.number(4, "savings_cap", t.savings_cap);
  if (!two_sided) return;
  w.entry(4, "minimum_loss_rate", t.mlr_size_based ? std::string("mssp") : number_text(t.minimum_loss_rate));
  w.entry(4, "loss_sharing_rate",
          t.loss_rate_from_quality ? std::string("from_quality") : number_text(t.loss_sharing_rate));
  w.numbers(4, "loss_sharing_bounds", {t.loss_rate_min, t.loss_rate_max});
  w.number(4, "loss_cap_benchmark", t.loss_cap_benchmark);
  w.number(4, "loss_cap_revenue", t.loss_cap_revenue);
  write_corridors(w, t.corridors);
}

}  // namespace

std::string to_yaml(const Scenario& s) {
  Writer w(written_as_maps(s));
  w.comment("pmsim scenario, resolved: every key with its value, defaults filled in.");
  w.comment("See docs/scenarios.md for the meaning, unit and range of every key.");

  const SimulationConfig& sim = s.simulation;
  w.section(0, "simulation");
  w.entry(2, "name", string_text(sim.name));
  w.integer(2, "replications", sim.replications);
  w.integer(2, "years", sim.years);
  w.integer(2, "baseline_years", sim.baseline_years);
  w.integer(2, "warmup_years", sim.warmup_years);
  w.entry(2, "seed", std::to_string(sim.seed));
  w.integer(2, "block_size", sim.block_size);
  w.entry(2, "variance_decomposition", bool_text(sim.variance_decomposition));

  const PopulationConfig& pop = s.population;
  w.section(0, "population");
  w.integer(2, "size", pop.size);
  w.number(2, "churn", pop.churn);
  w.entry(2, "age_out", bool_text(pop.age_out));
  w.section(2, "sex");
  w.number(4, "female_share", pop.sex.female_share);
  w.number(4, "female_mortality", pop.sex.female_mortality);
  w.number(4, "female_risk_score", pop.sex.female_risk_score);
  w.number(4, "female_utilization", pop.sex.female_utilization);
  w.section(2, "frailty");
  w.number(4, "shape", pop.frailty.shape);
  w.number(4, "persistence", pop.frailty.persistence);
  w.number(4, "mortality_exponent", pop.frailty.mortality_exponent);
  w.section(2, "age_bands");
  for (const AgeBand& b : pop.age_bands) {
    w.item(4, "min_age", std::to_string(b.min_age));
    w.integer(6, "max_age", b.max_age);
    w.number(6, "share", b.share);
    w.number(6, "mortality", b.mortality);
    w.number(6, "risk_score", b.risk_score);
    w.number(6, "utilization", b.utilization);
  }
  if (pop.conditions.empty()) {
    w.entry(2, "conditions", "[]");
  } else {
    w.section(2, "conditions");
  }
  for (const ConditionConfig& c : pop.conditions) {
    w.item(4, "name", string_text(c.name));
    w.numbers(6, "prevalence", c.prevalence);
    w.number(6, "incidence", c.incidence);
    w.number(6, "risk_score", c.risk_score);
    w.number(6, "mortality", c.mortality);
    w.section(6, "utilization");
    for (int k = 0; k < kCategoryCount; ++k) {
      w.number(8, kCategoryNames[static_cast<std::size_t>(k)], c.utilization[static_cast<std::size_t>(k)]);
    }
  }

  w.section(0, "services");
  for (int k = 0; k < kCategoryCount; ++k) {
    const ServiceConfig& sv = s.services[static_cast<std::size_t>(k)];
    w.section(2, kCategoryNames[static_cast<std::size_t>(k)]);
    w.number(4, "rate", sv.rate);
    w.number(4, "fee", sv.fee);
    w.entry(4, "delivered_by", std::string(to_string(sv.delivered_by)));
    w.number(4, "unit_cost", sv.unit_cost);
    w.number(4, "frailty_exponent", sv.frailty_exponent);
    w.number(4, "end_of_life", sv.end_of_life);
    w.number(4, "severity_cv", sv.severity.enabled ? sv.severity.cv : 0.0);
    w.entry(4, "severity_distribution", std::string(to_string(sv.severity.distribution)));
  }

  if (!s.admission_types.empty()) w.section(0, "admission_types");
  for (const AdmissionType& a : s.admission_types) {
    w.item(2, "name", string_text(a.name));
    if (a.rate > 0) {
      w.number(4, "rate", a.rate);
      w.number(4, "frailty_exponent", a.frailty_exponent);
    } else {
      w.number(4, "share", a.share);
    }
    w.number(4, "cost_factor", a.cost_factor);
    w.number(4, "readmission_factor", a.readmission_factor);
    w.number(4, "post_acute_factor", a.post_acute_factor);
  }

  w.section(0, "provider");
  w.number(2, "fixed_costs", s.provider.fixed_costs);
  w.number(2, "reserves", s.provider.reserves);
  w.integer(2, "claims_lag_months", s.provider.claims_lag_months);
  w.integer(2, "settlement_lag_months", s.provider.settlement_lag_months);

  const QualityConfig& q = s.quality;
  w.section(0, "quality");
  w.number(2, "screening_per_visit", q.screening_per_visit);
  w.entry(2, "controlled_condition", string_text(q.controlled_condition));
  w.number(2, "control_base", q.control_base);
  w.number(2, "control_per_visit", q.control_per_visit);
  w.number(2, "control_max", q.control_max);
  w.number(2, "avoidable_share", q.avoidable_share);

  if (!s.payers.empty()) w.section(0, "payers");
  for (const PayerConfig& p : s.payers) {
    w.item(2, "name", string_text(p.name));
    if (p.share_by_year.empty()) {
      w.number(4, "share", p.share);
    } else {  // a schedule: the years where the share changes
      std::string text = "{1: " + number_text(p.share_by_year[0]);
      for (std::size_t y = 1; y < p.share_by_year.size(); ++y)
        if (p.share_by_year[y] != p.share_by_year[y - 1])
          text += ", " + std::to_string(y + 1) + ": " + number_text(p.share_by_year[y]);
      w.entry(4, "share", text + "}");
    }
  }
  if (!s.shocks.empty()) w.section(0, "shocks");
  for (const ShockConfig& k : s.shocks) {
    w.item(2, "name", string_text(k.name));
    if (k.year > 0)
      w.integer(4, "year", k.year);
    else
      w.number(4, "probability", k.probability);
    w.number(4, "duration_months", k.duration_months);
    w.section(4, "utilization");
    for (int c = 0; c < kCategoryCount; ++c)
      w.number(6, kCategoryNames[static_cast<std::size_t>(c)], k.utilization[static_cast<std::size_t>(c)]);
    w.number(4, "price", k.price);
    w.number(4, "cost", k.cost);
  }
  if (!s.interventions.empty()) w.section(0, "interventions");
  for (const InterventionConfig& iv : s.interventions) {
    w.item(2, "name", string_text(iv.name));
    w.integer(4, "start_year", iv.start_year);
    w.number(4, "target_top_risk_share", iv.target_top_risk_share);
    w.number(4, "enrollment", iv.enrollment);
    w.section(4, "effects");
    for (int c = 0; c < kCategoryCount; ++c)
      w.number(6, kCategoryNames[static_cast<std::size_t>(c)], iv.effects[static_cast<std::size_t>(c)]);
    w.number(4, "screening_gain", iv.screening_gain);
    w.number(4, "control_gain", iv.control_gain);
    w.numbers(4, "ramp", iv.ramp);
    w.number(4, "cost_per_member_year", iv.cost_per_member_year);
    w.number(4, "caseload", iv.caseload);
    w.number(4, "fte_salary", iv.fte_salary);
    w.number(4, "one_time_cost", iv.one_time_cost);
    w.integer(4, "amortisation_years", iv.amortisation_years);
  }

  if (!s.behaviour.empty()) w.section(0, "behaviour");
  for (const BehaviourConfig& b : s.behaviour) {
    w.section(2, to_string(b.type));
    w.section(4, "utilization");
    for (int c = 0; c < kCategoryCount; ++c)
      w.number(6, kCategoryNames[static_cast<std::size_t>(c)], b.utilization[static_cast<std::size_t>(c)]);
    w.number(4, "screening", b.screening);
    w.number(4, "control", b.control);
  }
  if (s.contracts.empty()) {
    w.entry(0, "contracts", "[]");
  } else {
    w.section(0, "contracts");
  }
  for (const ContractConfig& c : s.contracts) {
    w.item(2, "name", string_text(c.name));
    w.entry(4, "type", std::string(to_string(c.type())));
    if (c.type() == ContractType::transition) {
      if (!c.payer.empty()) w.entry(4, "payer", string_text(c.payer));
      w.section(4, "stages");
      for (const TransitionStage& st : c.as<TransitionTerms>().stages)
        w.flow_item(6, {{"from_year", std::to_string(st.from_year)}, {"contract", string_text(st.contract)}});
      continue;
    }
    if (c.type() == ContractType::blend) {
      std::string list;
      for (std::size_t k = 0; k < c.as<BlendTerms>().components.size(); ++k)
        list += (k ? ", " : "") + string_text(c.as<BlendTerms>().components[k]);
      w.entry(4, "components", "[" + list + "]");
      continue;
    }
    if (!c.payer.empty()) w.entry(4, "payer", string_text(c.payer));
    if (c.type() == ContractType::shared_savings || c.type() == ContractType::shared_risk) {
      write_shared(w, shared_terms(c), c.type() == ContractType::shared_risk, !c.quality_measures.empty());
      write_quality_measures(w, c.quality_measures);
    }
    if (c.type() == ContractType::pay_for_performance) {
      write_pay_for_performance(w, c.as<PayForPerformanceTerms>(), !c.quality_measures.empty());
      write_quality_measures(w, c.quality_measures);
    }
    if (c.type() == ContractType::cost_per_outcome) write_outcome(w, c.as<OutcomeTerms>());
    if (c.type() == ContractType::bundled_payment) write_bundle(w, c.as<BundleTerms>());
    if (c.type() != ContractType::capitation) continue;
    w.number(4, "pmpm", c.as<CapitationTerms>().pmpm);
    if (c.as<CapitationTerms>().prepayment != Prepayment::monthly)
      w.entry(4, "prepayment", std::string(to_string(c.as<CapitationTerms>().prepayment)));
    w.entry(4, "risk_adjusted", bool_text(c.as<CapitationTerms>().risk_adjusted));
    write_categories(w, 4, "covers", c.as<CapitationTerms>().covered);
    write_capitation_risk(w, c.as<CapitationTerms>(), !c.quality_measures.empty());
    write_quality_measures(w, c.quality_measures);
  }
  return std::move(w).str();
}

}  // namespace pmsim
