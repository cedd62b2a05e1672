#pragma once
// Scenarios for the tests, written as YAML so they read like the real thing: whole small ones
// for the engine tests, and builders (minimal_scenario(), detailed_scenario()) edited by key path.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario_yaml.h"
#include "yaml_document.h"

namespace pmsim::testing {

//! The smallest valid scenario: only required keys (one age band, every service, one
//! fee-for-service contract). Tests add or change the keys they are about by path.
inline YamlDocument minimal_scenario() {
  return YamlDocument(R"(simulation:
  name: minimal
population:
  size: 100
  age_bands:
    - {min_age: 65, max_age: 120, share: 1, mortality: 0.04}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider}
  specialist: {rate: 4, fee: 180, delivered_by: others}
  emergency: {rate: 0.6, fee: 900, delivered_by: others}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: others}
contracts:
  - {name: ffs, type: fee_for_service}
)");
}

//! Every key of the simulation, population, services and provider sections given, most away
//! from their defaults, with fee-for-service and two capitation contracts.
inline YamlDocument detailed_scenario() {
  return YamlDocument(R"(simulation:
  name: full_test
  replications: 200
  years: 4
  baseline_years: 2
  seed: 18446744073709551615
  block_size: 512
population:
  size: 25000
  churn: 0.05
  sex:
    female_share: 0.56
    female_mortality: 0.8
    female_risk_score: 0.95
    female_utilization: 1.1
  frailty:
    shape: 2.5
    persistence: 0.6
    mortality_exponent: 1.0
  age_bands:
    - {min_age: 65, max_age: 69, share: 0.30, mortality: 0.012, risk_score: 0.45, utilization: 0.8}
    - {min_age: 70, max_age: 79, share: 0.45, mortality: 0.03, risk_score: 0.6}
    - {min_age: 80, max_age: 120, share: 0.25, mortality: 0.09}
  conditions:
    - name: diabetes
      prevalence: 0.25
      incidence: 0.01
      risk_score: 0.3
      mortality: 1.2
      utilization: {all: 1.3, inpatient: 1.6}
    - name: chf
      prevalence: [0.05, 0.1, 0.2]
services:
  primary_care: {rate: 6.0, fee: 110, delivered_by: provider, unit_cost: 85}
  specialist: {rate: 4, fee: 180, delivered_by: others, frailty_exponent: 1.5}
  emergency: {rate: 0.6, fee: 900, delivered_by: others, end_of_life: 3}
  inpatient: {rate: 0.25, fee: 15000, delivered_by: others, severity_cv: 1.2}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.2, fee: 9000, delivered_by: others}
  outpatient: {rate: 2.5, fee: 600, delivered_by: provider, unit_cost: 500}
provider:
  fixed_costs: 1.0e6
  reserves: -2.5e5
contracts:
  - name: ffs
    type: fee_for_service
  - name: global_cap
    type: capitation
    pmpm: 950
  - name: partial-cap
    type: capitation
    pmpm: 310.5
    risk_adjusted: false
    covers: [primary_care, outpatient]
)");
}

//! `text` with the first occurrence of `from` (which must be there) replaced by `to`: for an
//! edit a key path cannot say (a value's spelling, a misspelt key inside a flow map).
inline std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  if (pos == std::string::npos) throw std::invalid_argument("no '" + from + "' in the text");
  text.replace(pos, from.size(), to);
  return text;
}

//! One age band, no conditions; every service off except those the caller sets.
//! `services` replaces the whole services section when given.
inline std::string simple_scenario_yaml(const std::string& simulation, const std::string& population,
                                        const std::string& services, const std::string& contracts) {
  return "simulation:\n" + simulation + "population:\n" + population + "services:\n" + services +
         "provider:\n  fixed_costs: 100000\n  reserves: 50000\ncontracts:\n" + contracts;
}

inline std::string services_only(const std::string& primary_care_line, const std::string& inpatient_line) {
  return "  primary_care: " + primary_care_line + "\n" +
         "  specialist: {rate: 0, fee: 0, delivered_by: others}\n"
         "  emergency: {rate: 0, fee: 0, delivered_by: others}\n"
         "  inpatient: " +
         inpatient_line + "\n" +
         "  readmission: {rate: 0, fee: 0, delivered_by: others}\n"
         "  post_acute: {rate: 0, fee: 0, delivered_by: others}\n"
         "  outpatient: {rate: 0, fee: 0, delivered_by: others}\n";
}

inline Scenario parse(const std::string& yaml) { return parse_scenario(yaml, "test.yaml"); }

//! A stationary panel: one age, nobody dies or leaves, frailty of shape 1, 3 performance years
//! after 1 baseline year; primary care delivered by the provider (6 a year) and inpatient
//! stays by others. `population_extra` adds population keys (conditions that never start
//! later keep it stationary).
inline Scenario stationary_panel(const std::string& name, std::int64_t members, std::int64_t replications, int seed,
                                 const std::string& population_extra, const std::string& contracts) {
  return parse(
      simple_scenario_yaml("  {name: " + name + ", replications: " + std::to_string(replications) +
                               ", years: 3, baseline_years: 1, seed: " + std::to_string(seed) + "}\n",
                           "  size: " + std::to_string(members) +
                               "\n  churn: 0\n  frailty: {shape: 1.0, persistence: 0.5}\n"
                               "  age_bands: [{min_age: 70, max_age: 70, share: 1, mortality: 0, risk_score: 1}]\n" +
                               population_extra,
                           services_only("{rate: 6, fee: 100, delivered_by: provider, unit_cost: 80}",
                                         "{rate: 0.3, fee: 10000, delivered_by: others, severity_cv: 0.6}"),
                           contracts));
}

//! A payer of the panel: its share, and its share in each performance year when given.
inline PayerConfig payer(const std::string& name, double share, std::vector<double> share_by_year = {}) {
  PayerConfig p;
  p.name = name;
  p.share = share;
  p.share_by_year = std::move(share_by_year);
  return p;
}

//! A scenario with every feature switched on (conditions, mortality, churn, severity,
//! several contracts), for invariance tests.
inline Scenario full_scenario(std::int64_t members, std::int64_t replications, std::int64_t block_size) {
  return parse("simulation: {name: full, replications: " + std::to_string(replications) +
               ", years: 3, baseline_years: 2, seed: 99, block_size: " + std::to_string(block_size) +
               "}\n"
               "population:\n"
               "  size: " +
               std::to_string(members) +
               "\n"
               "  churn: 0.05\n"
               "  frailty: {shape: 0.8, persistence: 0.6, mortality_exponent: 1.0}\n"
               "  sex: {female_share: 0.55, female_mortality: 0.8, female_risk_score: 0.95}\n"
               "  age_bands:\n"
               "    - {min_age: 65, max_age: 74, share: 0.6, mortality: 0.015, risk_score: 0.5, utilization: 0.9}\n"
               "    - {min_age: 75, max_age: 99, share: 0.4, mortality: 0.06, risk_score: 0.7, utilization: 1.2}\n"
               "  conditions:\n"
               "    - {name: diabetes, prevalence: [0.25, 0.3], incidence: 0.02, risk_score: 0.3, mortality: 1.3,\n"
               "       utilization: {all: 1.2, inpatient: 1.5}}\n"
               "    - {name: heart_failure, prevalence: 0.12, incidence: 0.01, risk_score: 0.4, mortality: 2.0}\n"
               "services:\n"
               "  primary_care: {rate: 6, fee: 110, delivered_by: provider, unit_cost: 85, frailty_exponent: 0.5}\n"
               "  specialist: {rate: 5, fee: 140, delivered_by: provider, unit_cost: 100}\n"
               "  emergency: {rate: 0.5, fee: 900, delivered_by: others, end_of_life: 3}\n"
               "  inpatient: {rate: 0.2, fee: 13000, delivered_by: others, severity_cv: 1.0, end_of_life: 4}\n"
               "  readmission: {rate: 0.15, fee: 14000, delivered_by: others, severity_cv: 1.0}\n"
               "  post_acute: {rate: 0.3, fee: 9000, delivered_by: others, severity_cv: 1.2}\n"
               "  outpatient: {rate: 10, fee: 160, delivered_by: others, severity_cv: 1.5}\n"
               "provider: {fixed_costs: 1.0e6, reserves: 5.0e5}\n"
               "contracts:\n"
               "  - {name: ffs, type: fee_for_service}\n"
               "  - {name: pcp_cap, type: capitation, pmpm: 120, covers: [primary_care, specialist]}\n"
               "  - {name: global, type: capitation, pmpm: 900, risk_adjusted: true}\n");
}

}  // namespace pmsim::testing
