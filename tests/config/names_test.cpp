// The names of the scenario's enumerations, as the scenario files spell them.

#include <gtest/gtest.h>

#include <string>

#include "config/scenario.h"

namespace pmsim {
namespace {

TEST(ScenarioNames, ToString) {
  EXPECT_EQ(to_string(Category::primary_care), "primary_care");
  EXPECT_EQ(to_string(Category::post_acute), "post_acute");
  EXPECT_EQ(to_string(Category::outpatient), "outpatient");
  EXPECT_EQ(to_string(ContractType::fee_for_service), "fee_for_service");
  EXPECT_EQ(to_string(ContractType::capitation), "capitation");
  EXPECT_EQ(to_string(ContractType::shared_savings), "shared_savings");
  EXPECT_EQ(to_string(ContractType::shared_risk), "shared_risk");
  EXPECT_EQ(to_string(ContractType::pay_for_performance), "pay_for_performance");
  EXPECT_EQ(to_string(ContractType::cost_per_outcome), "cost_per_outcome");
  EXPECT_EQ(to_string(SuccessDefinition::condition_controlled), "condition_controlled");
  EXPECT_EQ(to_string(SuccessDefinition::no_avoidable_admission), "no_avoidable_admission");
  EXPECT_EQ(to_string(SuccessDefinition::no_readmission), "no_readmission");
  EXPECT_EQ(to_string(Deliverer::provider), "provider");
  EXPECT_EQ(to_string(Deliverer::others), "others");
}

}  // namespace
}  // namespace pmsim
