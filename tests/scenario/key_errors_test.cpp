// Errors in the values and keys of the core sections, each matched by its key path and
// message and reported at that key (or its value).

#include <gtest/gtest.h>

#include <string>

#include "config/scenario.h"
#include "contract_scenarios.h"
#include "scenario/scenario_yaml.h"
#include "scenario_errors.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::At;
using testing::edit;
using testing::expect_error;
using testing::expect_errors;
using testing::position_in;

const testing::YamlDocument kFull = testing::detailed_scenario();

TEST(ScenarioErrors, UnknownKeyWithSuggestion) {
  expect_error(kFull.renamed("population.frailty.persistence", "persistance"), "population.frailty.persistance",
               "unknown key; did you mean "
               "'persistence'? (accepted: shape, persistence, mortality_exponent)");
  // Case-insensitive match.
  expect_error(kFull.renamed("population.churn", "Churn"), "population.Churn",
               "unknown key; did you mean 'churn'? (accepted: "
               "size, members, churn, age_out, sex, frailty, age_bands, conditions)");
  // No suggestion for something far from every accepted key.
  expect_error(kFull.with("provider.colour", "blue"), "provider.colour",
               "unknown key (accepted: fixed_costs, reserves, claims_lag_months, "
               "settlement_lag_months)");
}

TEST(ScenarioErrors, UnknownKeyInListItem) {
  // A misspelt required key: missing, and unknown with a suggestion.
  expect_errors(kFull.renamed("population.age_bands[1].share", "shares"),
                {{"population.age_bands[1]", "missing required key 'share'"},
                 {"population.age_bands[1].shares",
                  "unknown key; did you mean "
                  "'share'? (accepted: min_age, max_age, share, mortality, "
                  "risk_score, utilization)"}});
  expect_error(kFull.renamed("population.age_bands[1].risk_score", "risk_scor"), "population.age_bands[1].risk_scor",
               "unknown key; did you mean 'risk_score'? (accepted: min_age, max_age, share, mortality, risk_score, "
               "utilization)");
}

TEST(ScenarioErrors, WrongType) {
  expect_error(kFull.with("population.churn", "[0.05]"), "population.churn", "expected a number, got a sequence");
  expect_error(kFull.with("simulation.years", "3.5"), "simulation.years", "expected an integer, got '3.5'");
  expect_error(kFull.with("population.churn", "\"0.05\""), "population.churn",
               "expected a number, got the quoted string '0.05'");
  expect_error(kFull.with("contracts[2].risk_adjusted", "no"), "contracts[2].risk_adjusted",
               "expected a boolean (true or false), "
               "got 'no'");
  // An empty value is reported at its key.
  expect_error(kFull.with("population.churn", ""), "population.churn", "expected a number, got an empty value");
  expect_error(kFull.with("population.sex.female_share", "{x: 1}"), "population.sex.female_share",
               "expected a number in [0, 1] or a distribution "
               "({distribution: normal, mean: ..., sd: ...}), got a map");
  // A duplicate is reported at its second occurrence, naming the line of the first.
  expect_error(
      kFull.text() + "simulation: 3\n", "simulation",
      "duplicate key (first given at line " + std::to_string(position_in(kFull, "simulation", At::key).line) + ")");
}

TEST(ScenarioErrors, OutOfRange) {
  expect_error(kFull.with("population.churn", "1.5"), "population.churn", "must be in [0, 1], got 1.5");
  expect_error(kFull.with("population.frailty.shape", "0"), "population.frailty.shape",
               "must be in [0.01, 1000], got 0");
  expect_error(kFull.with("population.age_bands[2].mortality", "1"), "population.age_bands[2].mortality",
               "must be >= 0 and < 1, got 1");
  expect_error(kFull.with("simulation.years", "51"), "simulation.years", "must be in [1, 50], got 51");
  expect_error(kFull.with("simulation.seed", "18446744073709551616"), "simulation.seed",
               "must be in [0, 18446744073709551615], got "
               "18446744073709551616");
  expect_error(kFull.with("simulation.seed", "-1"), "simulation.seed", "must be in [0, 18446744073709551615], got -1");
  // Admission-driven categories take a probability.
  expect_error(kFull.with("services.readmission.rate", "1.5"), "services.readmission.rate",
               "must be in [0, 1], got 1.5");
  expect_error(kFull.with("contracts[1].pmpm", "1e8"), "contracts[1].pmpm", "must be in [0, 1e7], got 1e8");
}

TEST(ScenarioErrors, MissingRequiredKey) {
  expect_error(kFull.without("services.emergency.rate"), "services.emergency", "missing required key 'rate'");
  expect_error(kFull.without("population.size"), "population", "missing required key 'size'");
  expect_error(kFull.without("contracts[1].pmpm"), "contracts[1]", "missing required key 'pmpm'");
}

TEST(ScenarioErrors, MissingServiceCategory) {
  expect_error(kFull.without("services.post_acute"), "services", "missing required key 'post_acute'");
  expect_errors(kFull.renamed("services.specialist", "specialists"),
                {{"services", "missing required key 'specialist'"},
                 {"services.specialists",
                  "unknown key; did you mean 'specialist'? "
                  "(accepted: primary_care, specialist, emergency, inpatient, readmission, "
                  "post_acute, outpatient)"}});
}

TEST(ScenarioErrors, SharesMustSumToOne) {
  expect_error(kFull.with("population.age_bands[2].share", "0.2"), "population.age_bands",
               "the shares of the age bands must sum to 1 "
               "(within 1e-6), got 0.95");
}

TEST(ScenarioErrors, BandsMustBeContiguousAndOrdered) {
  expect_error(kFull.with("population.age_bands[2].min_age", "81"), "population.age_bands[2].min_age",
               "age bands must be in ascending "
               "order and contiguous: expected 80 (previous band's max_age + 1), got 81");
  expect_error(kFull.with("population.age_bands[0].max_age", "60"), "population.age_bands[0].max_age",
               "must be >= min_age (65), got 60");
}

TEST(ScenarioErrors, PrevalenceListOfWrongLength) {
  expect_error(kFull.with("population.conditions[1].prevalence", "[0.05, 0.1]"), "population.conditions[1].prevalence",
               "expected 3 values (one per "
               "age band), got 2");
  expect_error(kFull.with("population.conditions[1].prevalence[1]", "1.1"), "population.conditions[1].prevalence[1]",
               "must be in [0, 1], got 1.1");
}

TEST(ScenarioErrors, DuplicateNames) {
  // The message names the line of the first: that of the first contract's or condition's name.
  const auto line_of_key = [&](const std::string& path) {
    return std::to_string(position_in(kFull, path, At::key).line);
  };
  expect_error(kFull.with("contracts[1].name", "ffs"), "contracts[1].name",
               "duplicate contract name 'ffs' (first given at line " + line_of_key("contracts[0].name") + ")");
  expect_error(
      kFull.with("population.conditions[1].name", "diabetes"), "population.conditions[1].name",
      "duplicate condition name 'diabetes' (first given at line " + line_of_key("population.conditions[0].name") + ")");
  expect_error(edit(kFull, "  churn: 0.05", "  churn: 0.05\n  churn: 0.1"), "population.churn",
               "duplicate key (first given at line " + line_of_key("population.churn") + ")");
}

TEST(ScenarioErrors, BadNames) {
  expect_error(kFull.with("simulation.name", "full test"), "simulation.name",
               "may contain only letters, digits, '_', '.' and '-', "
               "got 'full test'");
  expect_error(kFull.with("contracts[0].name", std::string(65, 'x')), "contracts[0].name",
               "must be at most 64 characters long, got 65");
}

TEST(ScenarioErrors, BadEnumValue) {
  expect_error(kFull.with("services.primary_care.delivered_by", "provder"), "services.primary_care.delivered_by",
               "unknown value 'provder'; did "
               "you mean 'provider'? (accepted: provider, others)");
  expect_error(kFull.with("contracts[1].type", "cap"), "contracts[1].type",
               "unknown value 'cap' (accepted: fee_for_service, "
               "capitation, shared_savings, shared_risk, pay_for_performance, cost_per_outcome, "
               "bundled_payment, blend, transition)");
  expect_error(kFull.with("contracts[2].covers[1]", "er"), "contracts[2].covers[1]",
               "unknown value 'er' (accepted: "
               "primary_care, specialist, emergency, inpatient, readmission, post_acute, "
               "outpatient)");
  expect_error(kFull.with("contracts[2].covers[0]", "outpatient"), "contracts[2].covers[1]",
               "duplicate category 'outpatient'");
  expect_error(kFull.renamed("population.conditions[0].utilization.inpatient", "inpatent"),
               "population.conditions[0].utilization.inpatent",
               "unknown key; did "
               "you mean 'inpatient'? (accepted: all, primary_care, specialist, emergency, "
               "inpatient, readmission, post_acute, outpatient)");
}

TEST(ScenarioErrors, CapitationKeyOnFeeForService) {
  expect_error(kFull.with("contracts[0].pmpm", "10"), "contracts[0].pmpm",
               "unknown key; 'pmpm' applies only to capitation "
               "contracts (accepted: name, type, payer, preset, include)");
}

}  // namespace
}  // namespace pmsim
