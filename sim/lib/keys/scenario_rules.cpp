//! \file scenario_rules.cpp
//! The cross-key rules of the quality section, the interventions and the contracts' common
//! fields; each contract type checks its own terms (check_key_rules in contracts/<type>.cpp),
//! reached by visiting the terms, so this file names no type.

#include "keys/scenario_rules.h"

#include <variant>

#include "contracts/quality.h"

namespace pmsim {

namespace {

constexpr double kMaxPartialPersistence = 0.9999;
constexpr double kMinSeverityCv = 1e-6;

// A value of [lo, hi] (checked by the key's range) or the one value `exact` outside it.
std::string outside_gap(double x, double lo, double hi, double exact, const std::string& exact_meaning,
                        const std::string& why) {
  if ((x >= lo && x <= hi) || x == exact) return "";
  const std::string range =
      lo == exact
          ? "must be " + format_number(exact) + " (" + exact_meaning + ") or >= " + format_number(lo)
          : "must be <= " + format_number(hi) + " or exactly " + format_number(exact) + " (" + exact_meaning + ")";
  return range + ", got " + format_number(x) + ": " + why;
}

void check_population(const PopulationConfig& p, BrokenRules& broken) {
  if (const std::string problem = frailty_persistence_problem(p.frailty.persistence); !problem.empty())
    broken.push_back({"population.frailty.persistence", problem});
}

void check_services(const std::array<ServiceConfig, kCategoryCount>& services, BrokenRules& broken) {
  for (std::size_t c = 0; c < services.size(); ++c)
    if (const std::string problem = severity_cv_problem(services[c].severity.cv); !problem.empty())
      broken.push_back({"services." + std::string(kCategoryNames[c]) + ".severity_cv", problem});
}

void check_quality(const QualityConfig& q, BrokenRules& broken) {
  if (q.controlled_condition.empty()) {
    // The control keys mean nothing without a condition; at their defaults they are accepted.
    const QualityConfig defaults;
    const std::pair<const char*, bool> keys[] = {
        {"control_base", q.control_base != defaults.control_base},
        {"control_per_visit", q.control_per_visit != defaults.control_per_visit},
        {"control_max", q.control_max != defaults.control_max}};
    for (const auto& [key, given] : keys)
      if (given)
        broken.push_back({std::string("quality.") + key,
                          "needs quality.controlled_condition (the condition whose control it describes)"});
  }
  if (q.control_max < q.control_base)
    broken.push_back({"quality.control_max", "must be >= control_base (" + format_number(q.control_base) + "), got " +
                                                 format_number(q.control_max)});
}

void check_interventions(const std::vector<InterventionConfig>& interventions, const SimulatedQuality& quality,
                         BrokenRules& broken) {
  for (std::size_t i = 0; i < interventions.size(); ++i) {
    const InterventionConfig& iv = interventions[i];
    const std::string path = "interventions[" + std::to_string(i) + "]";
    if (iv.screening_gain > 0 && !quality.screening)
      broken.push_back(
          {path + ".screening_gain", "needs quality.screening_per_visit > 0 (screening is not simulated)"});
    if (iv.control_gain > 0 && !quality.control)
      broken.push_back({path + ".control_gain", "needs quality.controlled_condition (control is not simulated)"});
    if (iv.fte_salary > 0 && !(iv.caseload > 0))
      broken.push_back({path + ".fte_salary", "needs a caseload (enrolled members per FTE) to count the FTEs"});
  }
}

void check_quality_measures(const std::vector<QualityMeasure>& measures, const SimulatedQuality& quality,
                            const std::string& path, BrokenRules& broken) {
  for (std::size_t i = 0; i < measures.size(); ++i) {
    const QualityMeasure& q = measures[i];
    const std::string at = path + ".quality_measures[" + std::to_string(i) + "]";
    const std::string measure = "measure '" + std::string(to_string(q.kind)) + "' needs ";
    if (q.kind == QualityMeasureKind::screening_rate && !quality.screening)
      broken.push_back({at + ".measure", measure + "quality.screening_per_visit > 0"});
    if (q.kind == QualityMeasureKind::control_rate && !quality.control)
      broken.push_back({at + ".measure", measure + "quality.controlled_condition"});
    if (q.kind == QualityMeasureKind::avoidable_admissions_per_1000 && !quality.avoidable)
      broken.push_back({at + ".measure", measure + "quality.avoidable_share > 0"});
    if (q.threshold == q.benchmark)
      broken.push_back({at + ".benchmark", "must differ from threshold (" + format_number(q.threshold) +
                                               "; the measure scores 0 at the threshold and 1 at the benchmark), got " +
                                               format_number(q.benchmark)});
  }
}

// The contracts' terms of one year (year 0: the contracts as given, whose scheduled terms
// hold their year-1 values).
BrokenRules contract_rules(const Scenario& s, const SimulatedQuality& quality, int year) {
  BrokenRules broken;
  for (std::size_t k = 0; k < s.contracts.size(); ++k) {
    const ContractConfig& c = year > 0 ? s.contracts[k].in_year(year - 1) : s.contracts[k];
    const std::string path = "contracts[" + std::to_string(k) + "]";
    std::visit(
        [&](const auto& terms) {
          if constexpr (requires { check_key_rules(terms, quality, path, broken); })
            check_key_rules(terms, quality, path, broken);
        },
        c.terms);
    check_quality_measures(c.quality_measures, quality, path, broken);
  }
  return broken;
}

}  // namespace

std::string frailty_persistence_problem(double persistence) {
  return outside_gap(persistence, 0, kMaxPartialPersistence, 1.0, "a permanent frailty",
                     "closer to 1 the yearly step's Poisson count (mean shape x persistence/(1 - persistence) x "
                     "frailty) outgrows a 32-bit count");
}

std::string severity_cv_problem(double cv) {
  return outside_gap(cv, kMinSeverityCv, 20, 0.0, "no severity",
                     "a gamma severity's shape 1/cv^2 must stay a finite number");
}

BrokenRules broken_rules(const Scenario& s) {
  const SimulatedQuality quality{s.quality.screening_per_visit > 0.0, !s.quality.controlled_condition.empty(),
                                 s.quality.avoidable_share > 0.0};
  BrokenRules broken;
  check_population(s.population, broken);
  check_services(s.services, broken);
  check_quality(s.quality, broken);
  check_interventions(s.interventions, quality, broken);
  BrokenRules contracts = contract_rules(s, quality, 0);
  bool scheduled = false;
  for (const ContractConfig& c : s.contracts) scheduled = scheduled || !c.by_year.empty();
  // As the parser: each year's terms once the contracts as given keep every rule, up to the
  // first year that breaks one.
  for (int year = 1; contracts.empty() && scheduled && year <= s.simulation.years; ++year) {
    contracts = contract_rules(s, quality, year);
    for (BrokenRule& rule : contracts)
      rule.message += " (with the terms of performance year " + std::to_string(year) + ")";
  }
  broken.insert(broken.end(), contracts.begin(), contracts.end());
  return broken;
}

std::string describe(const BrokenRules& broken) {
  std::string text;
  for (const BrokenRule& rule : broken) text += (text.empty() ? "" : "\n") + rule.path + ": " + rule.message;
  return text;
}

}  // namespace pmsim
