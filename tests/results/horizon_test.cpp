// How a metric's years add up over the horizon: each aggregation's rule, its name in results
// files, and every metric of the catalogues given the rule its unit calls for (money and
// counts summed, indicators and scores averaged, a stage number taken from the last year).
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "contracts/common_metrics.h"
#include "contracts/contract_types.h"
#include "population/population_metrics.h"
#include "results/results.h"

namespace pmsim {
namespace {

double horizon(Aggregation a, std::vector<double> years) { return horizon_value(a, years); }

TEST(Horizon, EachAggregationHasItsRule) {
  const std::vector<double> years = {3, -1, 2, 4};
  EXPECT_EQ(horizon(Aggregation::flow, years), 8);
  EXPECT_EQ(horizon(Aggregation::stock, years), -1);
  EXPECT_EQ(horizon(Aggregation::peak, years), 4);
  EXPECT_EQ(horizon(Aggregation::level, years), 2);
  EXPECT_EQ(horizon(Aggregation::label, years), 4);
  // An indicator's horizon value is the share of years it is 1.
  EXPECT_EQ(horizon(Aggregation::indicator, {1, 0, 1, 1}), 0.75);
  EXPECT_EQ(horizon(Aggregation::indicator, {0, 0, 0}), 0);
}

TEST(Horizon, NoYearsSumToZeroAndHaveNoOtherValue) {
  EXPECT_EQ(horizon(Aggregation::flow, {}), 0);
  for (const Aggregation a : kAggregations) {
    if (a == Aggregation::flow) continue;
    EXPECT_TRUE(std::isnan(horizon(a, {}))) << to_string(a);
  }
}

TEST(Horizon, EachAggregationHasItsOwnNameAndDescription) {
  std::set<std::string> names, descriptions;
  for (const Aggregation a : kAggregations) {
    EXPECT_EQ(parse_aggregation(to_string(a)), a);
    names.emplace(to_string(a));
    descriptions.emplace(horizon_description(a));
  }
  EXPECT_EQ(names.size(), std::size(kAggregations));
  EXPECT_EQ(descriptions.size(), std::size(kAggregations));
  EXPECT_FALSE(parse_aggregation("sum").has_value());
}

// The rule a metric's unit calls for: amounts and counts add up (or, for a level of money
// such as reserves, keep their worst point); a 0/1 indicator, a score and a stage do not.
void expect_rule_fits_unit(const MetricSpec& m) {
  const std::string unit(m.unit);
  const std::string what = std::string(m.name) + " (" + unit + ", " + std::string(to_string(m.aggregation)) + ")";
  if (unit == "indicator") {
    EXPECT_EQ(m.aggregation, Aggregation::indicator) << what;
  } else if (unit == "score") {
    EXPECT_EQ(m.aggregation, Aggregation::level) << what;
  } else if (unit == "stage") {
    EXPECT_EQ(m.aggregation, Aggregation::label) << what;
  } else if (unit == "USD") {
    EXPECT_TRUE(m.aggregation == Aggregation::flow || m.aggregation == Aggregation::stock ||
                m.aggregation == Aggregation::peak)
        << what;
  } else {
    const std::set<std::string> counts = {"member-years", "members", "units", "episodes", "outcomes"};
    EXPECT_TRUE(counts.count(unit)) << what << ": a unit this test does not know";
    EXPECT_EQ(m.aggregation, Aggregation::flow) << what;
  }
}

TEST(Horizon, EveryContractMetricIsAggregatedAsItsUnitCallsFor) {
  std::size_t checked = 0;
  for (const LedgerMetric& m : common_contract_metrics()) expect_rule_fits_unit(m.spec), ++checked;
  for (const MetricSpec* m : {&quality_score_metric(), &cash_low_metric(), &drawdown_metric()})
    expect_rule_fits_unit(*m), ++checked;
  expect_rule_fits_unit(utilization_metric(Category::inpatient));
  for (std::size_t t = 0; t < kContractTypeCount; ++t)
    std::visit(
        [&](const auto& terms) {
          for (const MetricSpec& m : metric_catalogue(terms)) expect_rule_fits_unit(m), ++checked;
        },
        default_terms(static_cast<ContractType>(t)));
  EXPECT_GT(checked, 40u);
}

TEST(Horizon, EveryPopulationMetricIsAggregatedAsItsUnitCallsFor) {
  for (const TallyMetric& m : population_metrics()) expect_rule_fits_unit(m.spec);
  expect_rule_fits_unit(enrolled_metric());
  expect_rule_fits_unit(shock_metric());
}

}  // namespace
}  // namespace pmsim
