// The FFS payer spend's mean does not move with frailty.shape across the whole accepted range
// [0.01, 1000]: frailty has mean 1 and every rate is scaled by F^e / E[F^e] (docs/model.md). At
// shape 1e-300, which the range accepted before issue 12, every frailty was exactly 0.
#include <cmath>
#include <string>
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

struct MeanAndSe {
  double mean;
  double se;
};

// The replications' mean of the FFS payer spend over the horizon, and its Monte Carlo SE.
MeanAndSe ffs_spend(const std::string& shape) {
  const Scenario s = testing::parse(
      testing::edit(testing::simple_scenario_yaml(
                        "  {name: shape, replications: 300, years: 3, baseline_years: 1, seed: 11}\n",
                        "  size: 2000\n  churn: 0\n  frailty: {shape: 1.0, persistence: 0.5}\n"
                        "  age_bands: [{min_age: 70, max_age: 70, share: 1, mortality: 0, risk_score: 1}]\n",
                        testing::services_only("{rate: 6, fee: 100, delivered_by: provider, unit_cost: 80}",
                                               "{rate: 0.3, fee: 10000, delivered_by: others, severity_cv: 0.6}"),
                        "  - {name: ffs, type: fee_for_service}\n"),
                    "shape: 1.0", "shape: " + shape));
  const RunResults r = run_simulation(Simulation(s));
  const Matrix& spend = r.contracts[0].metric("payer_spend").values;
  double sum = 0, sum2 = 0;
  for (std::int64_t rep = 0; rep < spend.rows; ++rep) {
    double horizon = 0;
    for (int y = 0; y < spend.cols; ++y) horizon += spend(rep, y);
    sum += horizon;
    sum2 += horizon * horizon;
  }
  const double n = static_cast<double>(spend.rows), mean = sum / n;
  return {mean, std::sqrt((sum2 / n - mean * mean) / (n - 1))};
}

TEST(FrailtyShape, FfsPayerSpendMeanDoesNotMoveAcrossTheRange) {
  const MeanAndSe reference = ffs_spend("1000");
  for (const char* shape : {"0.01", "0.1", "1", "10"}) {
    SCOPED_TRACE(shape);
    const MeanAndSe m = ffs_spend(shape);
    EXPECT_NEAR(m.mean, reference.mean, 4 * std::hypot(m.se, reference.se));
    EXPECT_GT(m.se, 0);
  }
}

}  // namespace
}  // namespace pmsim
