// Prints the name of a scenario parsed by pmsim: proof that the headers and libraries of an
// installed pmsim (or of its sources added as a subdirectory) compile and link.
#include <iostream>

#include "pmsim/version.h"
#include "scenario/scenario_yaml.h"

namespace {
const char* kScenario = R"(simulation:
  name: consumer_check
  replications: 2
  years: 1
  baseline_years: 1
population:
  size: 100
  age_bands:
    - {min_age: 65, max_age: 99, share: 1.0, mortality: 0.03}
services:
  primary_care: {rate: 6, fee: 110, delivered_by: provider, unit_cost: 85}
  specialist: {rate: 5, fee: 140, delivered_by: others}
  emergency: {rate: 0.5, fee: 900, delivered_by: others}
  inpatient: {rate: 0.2, fee: 13000, delivered_by: others}
  readmission: {rate: 0.15, fee: 14000, delivered_by: others}
  post_acute: {rate: 0.3, fee: 9000, delivered_by: others}
  outpatient: {rate: 10, fee: 160, delivered_by: others}
provider: {fixed_costs: 10000, reserves: 20000}
contracts:
  - {name: ffs, type: fee_for_service}
)";
}  // namespace

int main() {
  const pmsim::Scenario scenario = pmsim::parse_scenario(kScenario, "consumer.yaml");
  std::cout << scenario.simulation.name << " (pmsim " << pmsim::kVersion << ")\n";
}
