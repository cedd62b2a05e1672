#pragma once
// One scenario per family of contract types, for the tests of their keys: minimal_scenario()
// with the contracts (and the conditions and quality settings they need) of the family.
#include <string>

#include "test_scenarios.h"
#include "yaml_document.h"

namespace pmsim::testing {

//! Shared savings and shared risk contracts: every key of each given once (a historical and a
//! fixed benchmark, the MSSP rates, corridors), and a linear shared risk.
inline YamlDocument shared_savings_scenario() {
  return minimal_scenario()
      .with("simulation.name", "shared")
      .with("population.size", "20000")
      .with("contracts", R"(- name: mssp
  type: shared_savings
  benchmark:
    method: historical
    baseline_weights: [0.1, 0.3, 0.6]
    trend: 0.03
    risk_adjusted: false
    risk_growth_cap: 0.05
    regional_weight: 0.25
    regional_pmpy: 11000
    agreement_years: 5
  truncation: 100000
  minimum_savings_rate: mssp
  sharing_rate: 0.4
  quality_score: 0.9
  savings_cap: 0.08
- name: enhanced
  type: shared_risk
  benchmark: {method: fixed, pmpy: 12000, trend: -0.01}
  minimum_savings_rate: 0.02
  minimum_loss_rate: mssp
  loss_sharing_rate: from_quality
  loss_sharing_bounds: [0.4, 0.75]
  loss_cap_benchmark: 0.15
  loss_cap_revenue: 0.05
  corridors:
    - {from: 0, rate: 0.5}
    - {from: 0.05, rate: 0.35}
- name: risk_linear
  type: shared_risk
  minimum_loss_rate: 0.01
  loss_sharing_rate: 0.6
)");
}

//! Capitation contracts: a global one with the quality withhold, stop-loss and corridors, a
//! partial one, and a shared savings contract whose truncation equals the attachment.
inline YamlDocument capitation_scenario() {
  return minimal_scenario()
      .with("simulation.name", "capitation")
      .with("population.size", "20000")
      .with("contracts", R"(- name: global_cap
  type: capitation
  pmpm: 805
  risk_adjusted: true
  covers: all
  quality_withhold: 0.02
  quality_score: 0.8
  stop_loss:
    attachment: 100000
    coinsurance: 0.9
    premium_pmpm: 12
  corridors:
    - {from: 0.0, rate: 1.0}
    - {from: 0.05, rate: 0.5}
- name: primary_cap
  type: capitation
  pmpm: 75
  covers: [primary_care, outpatient]
- name: mssp
  type: shared_savings
  benchmark: {method: fixed, pmpy: 12000}
  truncation: 100000
)");
}

//! The quality section with every key, and contracts of each type that can be scored on
//! measures, with measures or a given score.
inline YamlDocument quality_scenario() {
  return minimal_scenario()
      .with("simulation.name", "quality")
      .with("population.size", "20000")
      .with("population.conditions", R"(- {name: diabetes, prevalence: 0.25}
- {name: chf, prevalence: 0.1}
)")
      // The quality section before the contracts, as in a scenario file.
      .without("contracts")
      .with("quality", R"(screening_per_visit: 0.15
controlled_condition: diabetes
control_base: 0.45
control_per_visit: 0.04
control_max: 0.9
avoidable_share: 0.15
)")
      .with("contracts", R"(- name: ffs
  type: fee_for_service
- name: mssp
  type: shared_savings
  benchmark: {method: fixed, pmpy: 12000}
  quality_measures:
    - {measure: readmission_rate, threshold: 0.20, benchmark: 0.15, weight: 1}
    - {measure: screening_rate, threshold: 0.5, benchmark: 0.8, weight: 2}
- name: cap
  type: capitation
  pmpm: 900
  quality_withhold: 0.02
  quality_measures:
    - {measure: control_rate, threshold: 0.4, benchmark: 0.7}
    - {measure: avoidable_admissions_per_1000, threshold: 40, benchmark: 20, weight: 0.5}
    - {measure: ed_visits_per_1000, threshold: 700, benchmark: 500}
- name: risk
  type: shared_risk
  benchmark: {method: fixed, pmpy: 12000}
  quality_score: 0.9
)");
}

//! Pay-for-performance contracts: one with every key (withhold with slope, readmission penalty,
//! scale), one scored on measures; and a capitation contract.
inline YamlDocument pay_for_performance_scenario() {
  return minimal_scenario()
      .with("simulation.name", "p4p")
      .with("population.size", "20000")
      .with("contracts", R"(- name: hospital_vbp
  type: pay_for_performance
  withhold: 0.02
  withhold_slope: 1.5
  readmission_penalty:
    expected_rate: 0.15
    multiplier: 0.1
    cap: 0.05
  scale: 0.09
  scale_threshold: 0.6
  quality_score: 0.8
- name: p4p_measured
  type: pay_for_performance
  withhold: 0.01
  quality_measures:
    - {measure: readmission_rate, threshold: 0.20, benchmark: 0.15}
    - {measure: ed_visits_per_1000, threshold: 700, benchmark: 500, weight: 2}
- name: cap
  type: capitation
  pmpm: 900
)");
}

//! Cost-per-outcome contracts, one per definition of success, with the quality settings they
//! need; and a capitation contract.
inline YamlDocument cost_per_outcome_scenario() {
  return minimal_scenario()
      .with("simulation.name", "outcome")
      .with("population.size", "20000")
      .with("population.conditions", R"(- {name: diabetes, prevalence: 0.25}
)")
      // The quality section before the contracts, as in a scenario file.
      .without("contracts")
      .with("quality", R"(controlled_condition: diabetes
control_base: 0.45
control_per_visit: 0.04
avoidable_share: 0.15
)")
      .with("contracts", R"(- name: diabetes_cpso
  type: cost_per_outcome
  success: condition_controlled
  price_per_success: 1200
  base_per_attempt: 100
  covers: [primary_care, outpatient]
- name: avoided
  type: cost_per_outcome
  success: no_avoidable_admission
  price_per_success: 50
- name: episodes
  type: cost_per_outcome
  success: no_readmission
  price_per_success: 2500.5
  base_per_attempt: 0
  covers: all
- name: cap
  type: capitation
  pmpm: 900
)");
}

//! Bundled payment contracts: one with every key and a historical target, one with a fixed
//! target; and a capitation contract.
inline YamlDocument bundled_payment_scenario() {
  return minimal_scenario()
      .with("simulation.name", "bundle")
      .with("population.size", "20000")
      .with("population.conditions", R"(- {name: heart_failure, prevalence: 0.1}
- {name: diabetes, prevalence: 0.25}
)")
      .with("contracts", R"(- name: hf_bundle
  type: bundled_payment
  episode:
    trigger_probability: 0.05
    trigger_condition: heart_failure
    window_days: 60
    includes: [inpatient, readmission, post_acute]
    spending_cap: 80000
  target:
    method: historical
    discount: 0.02
    baseline_weights: [0.2, 0.3, 0.5]
    trend: 0.03
    risk_adjusted: true
  stop_gain: 0.1
  stop_loss: 0.05
- name: lejr
  type: bundled_payment
  episode: {trigger_probability: 0.02}
  target:
    method: fixed
    price: 25000
    trend: 0.02
  stop_loss: 0
- name: cap
  type: capitation
  pmpm: 900
)");
}

}  // namespace pmsim::testing
