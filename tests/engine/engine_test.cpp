// The engine: reproducibility (thread count, replication subsets, block size) and the
// contract identities on simulated runs.
#include <gtest/gtest.h>

#include <tbb/task_arena.h>

#include "engine/engine.h"
#include "population/population_generator.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

RunResults run_on_threads(const Simulation& sim, int threads, const RunOptions& options = {}) {
  tbb::task_arena arena(threads);
  RunResults r;
  arena.execute([&] { r = run_simulation(sim, options); });
  return r;
}

// Every dataset of two runs, compared bit for bit (row offset for subset runs).
void expect_identical_rows(const RunResults& a, const RunResults& b, std::int64_t b_row_offset = 0) {
  ASSERT_EQ(a.contracts.size(), b.contracts.size());
  auto compare = [&](const Metric& x, const Metric& y, const std::string& where) {
    ASSERT_EQ(x.values.cols, y.values.cols) << where;
    for (std::int64_t r = 0; r < x.values.rows; ++r)
      for (int c = 0; c < x.values.cols; ++c)
        ASSERT_EQ(x.values(r, c), y.values(r + b_row_offset, c)) << where << " row " << r << " col " << c;
  };
  for (std::size_t k = 0; k < a.contracts.size(); ++k)
    for (std::size_t m = 0; m < a.contracts[k].metrics.size(); ++m)
      compare(a.contracts[k].metrics[m], b.contracts[k].metrics[m],
              a.contracts[k].name + "/" + a.contracts[k].metrics[m].name);
  for (std::size_t m = 0; m < a.population.size(); ++m)
    compare(a.population[m], b.population[m], "population/" + a.population[m].name);
}

TEST(Engine, BitIdenticalForAnyThreadCount) {
  // Many blocks per replication, so blocks as well as replications run in parallel.
  const Simulation sim(testing::full_scenario(3000, 12, 128));
  const RunResults one = run_on_threads(sim, 1);
  const RunResults two = run_on_threads(sim, 2);
  const RunResults eight = run_on_threads(sim, 8);
  expect_identical_rows(one, two);
  expect_identical_rows(one, eight);
}

TEST(Engine, ASubsetOfReplicationsEqualsTheSameRowsOfALargerRun) {
  const Simulation sim(testing::full_scenario(500, 60, 128));
  const RunResults all = run_on_threads(sim, 2);
  RunOptions first;
  first.replications = 20;
  expect_identical_rows(run_on_threads(sim, 2, first), all);
  RunOptions middle;
  middle.first_replication = 25;
  middle.replications = 10;
  expect_identical_rows(run_on_threads(sim, 1, middle), all, 25);
}

TEST(Engine, BlockSizeChangesOnlyTheRoundingOfSums) {
  const Simulation small_blocks(testing::full_scenario(2000, 4, 64));
  const Simulation large_blocks(testing::full_scenario(2000, 4, 5000));
  const RunResults a = run_simulation(small_blocks);
  const RunResults b = run_simulation(large_blocks);
  for (std::size_t k = 0; k < a.contracts.size(); ++k)
    for (std::size_t m = 0; m < a.contracts[k].metrics.size(); ++m) {
      const auto& x = a.contracts[k].metrics[m].values;
      const auto& y = b.contracts[k].metrics[m].values;
      for (std::size_t i = 0; i < x.values.size(); ++i)
        ASSERT_NEAR(x.values[i], y.values[i], 1e-9 * (1 + std::abs(x.values[i])));
    }
}

// Sums over the member-years of one replication, recomputed from the generator's records.
struct RecordSums {
  std::vector<double> risk_months, months, claims;
};

RecordSums sum_records(const Simulation& sim, std::uint32_t replication) {
  const auto& model = sim.population();
  RecordSums s;
  s.risk_months.assign(model.total_years, 0.0);
  s.months.assign(model.total_years, 0.0);
  s.claims.assign(model.total_years, 0.0);
  YearTallies scratch(model.total_years);
  simulate_block(model, replication, 0, static_cast<std::size_t>(model.size), scratch, [&](const MemberYear& r) {
    s.risk_months[r.year] += r.risk * r.months;
    s.months[r.year] += r.months;
    s.claims[r.year] += r.total_claims();
  });
  return s;
}

TEST(Engine, CapitationRevenueIsPmpmTimesRiskTimesMemberMonths) {
  // One block, so the engine's sums run in the same order as this recomputation: exact.
  const Simulation sim(testing::full_scenario(1500, 3, 4096));
  const RunResults r = run_simulation(sim);
  const auto& global = r.contract("global");
  const auto& pcp = r.contract("pcp_cap");
  const auto& ffs = r.contract("ffs");
  for (std::int64_t rep = 0; rep < r.replications; ++rep) {
    const RecordSums sums = sum_records(sim, static_cast<std::uint32_t>(rep));
    for (int y = 0; y < r.years; ++y) {
      const int year = r.baseline_years + y;
      EXPECT_EQ(global.metric("revenue_capitation").values(rep, y), 900.0 * sums.risk_months[year]);
      EXPECT_EQ(global.metric("provider_revenue").values(rep, y), 900.0 * sums.risk_months[year]);
      EXPECT_EQ(pcp.metric("revenue_capitation").values(rep, y), 120.0 * sums.risk_months[year]);
      EXPECT_EQ(global.metric("members").values(rep, y), sums.months[year] / 12.0);
      // Global capitation: the payer pays the capitation and nothing else.
      EXPECT_EQ(global.metric("payer_spend").values(rep, y), global.metric("provider_revenue").values(rep, y));
      // FFS: the payer pays every claim.
      EXPECT_NEAR(ffs.metric("payer_spend").values(rep, y), sums.claims[year], 1e-9 * sums.claims[year]);
    }
  }
}

TEST(Engine, MarginIsRevenueMinusCostAndReservesAccumulateIt) {
  const Simulation sim(testing::full_scenario(800, 5, 256));
  const RunResults r = run_simulation(sim);
  for (const auto& c : r.contracts)
    for (std::int64_t rep = 0; rep < r.replications; ++rep) {
      double reserves = sim.scenario().provider.reserves;
      for (int y = 0; y < r.years; ++y) {
        const double margin = c.metric("provider_margin").values(rep, y);
        EXPECT_EQ(margin, c.metric("provider_revenue").values(rep, y) - c.metric("provider_cost").values(rep, y));
        reserves += margin;
        EXPECT_EQ(c.metric("provider_reserves").values(rep, y), reserves);
      }
    }
}

TEST(Engine, WarmupYearsAreSimulatedThenDropped) {
  // Warm-up 2 + baseline 1 simulates the same years, on the same streams, as baseline 3:
  // the reported years must be the last ones of the longer baseline, bit for bit.
  Scenario with_warmup = testing::full_scenario(700, 3, 256);
  with_warmup.simulation.warmup_years = 2;
  with_warmup.simulation.baseline_years = 0;
  Scenario without = testing::full_scenario(700, 3, 256);  // baseline 2, years 3
  without.simulation.baseline_years = 2;
  const RunResults a = run_simulation(Simulation(with_warmup));
  const RunResults b = run_simulation(Simulation(without));
  ASSERT_EQ(a.population.front().values.cols, 3);
  ASSERT_EQ(b.population.front().values.cols, 5);
  for (std::size_t m = 0; m < a.population.size(); ++m)
    for (std::int64_t r = 0; r < a.replications; ++r)
      for (int y = 0; y < 3; ++y)
        ASSERT_EQ(a.population[m].values(r, y), b.population[m].values(r, y + 2)) << a.population[m].name;
  for (std::size_t c = 0; c < a.contracts.size(); ++c)  // the same performance years
    for (std::size_t m = 0; m < a.contracts[c].metrics.size(); ++m)
      ASSERT_EQ(a.contracts[c].metrics[m].values.values, b.contracts[c].metrics[m].values.values)
          << a.contracts[c].metrics[m].name;
}

}  // namespace
}  // namespace pmsim
