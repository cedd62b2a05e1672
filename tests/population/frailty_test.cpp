// The frailty process: stationary Gamma(k, 1/k) marginals and lag-1 correlation rho, in
// FrailtyProcess and in the generator's member-years.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "population/frailty.h"
#include "population/population_generator.h"
#include "population/population_model.h"
#include "random/random_stream.h"
#include "test_names.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

struct FrailtyCase {
  double shape;
  double rho;
};
void PrintTo(const FrailtyCase& c, std::ostream* os) { *os << "shape " << c.shape << ", rho " << c.rho; }
class Frailty : public ::testing::TestWithParam<FrailtyCase> {};

// F0 ~ Gamma(k, 1/k) and F1 its next year's, pairs i of f0 and f1, in `batches` batches of
// consecutive pairs: 4 SE bounds on the moments and on the lag-1 correlation. The spread of
// the batch correlations gives the standard error of the correlation without a
// normal-theory formula (the marginals are skewed).
void expect_stationary_with_lag_one_correlation(const std::vector<double>& f0, const std::vector<double>& f1,
                                                int batches, double k, double rho) {
  const auto n = static_cast<int>(f0.size()), per_batch = n / batches;
  ASSERT_EQ(f1.size(), f0.size());
  ASSERT_EQ(per_batch * batches, n);
  double s0 = 0, s1 = 0, s00 = 0, s11 = 0;
  std::vector<double> batch_corr;
  for (int b = 0; b < batches; ++b) {
    double b0 = 0, b1 = 0, b00 = 0, b11 = 0, b01 = 0;
    for (int j = b * per_batch; j < (b + 1) * per_batch; ++j) {
      b0 += f0[j], b1 += f1[j], b00 += f0[j] * f0[j], b11 += f1[j] * f1[j], b01 += f0[j] * f1[j];
    }
    s0 += b0, s1 += b1, s00 += b00, s11 += b11;
    const double m0 = b0 / per_batch, m1 = b1 / per_batch;
    const double cov = b01 / per_batch - m0 * m1;
    batch_corr.push_back(cov / std::sqrt((b00 / per_batch - m0 * m0) * (b11 / per_batch - m1 * m1)));
  }
  const double m0 = s0 / n, m1 = s1 / n;
  const double v0 = s00 / n - m0 * m0, v1 = s11 / n - m1 * m1;
  const double var = 1.0 / k;
  // Gamma(k, 1/k): mean 1, variance 1/k, fourth central moment 3/k^2 + 6/k^3.
  const double mu4 = 3 / (k * k) + 6 / (k * k * k);
  EXPECT_NEAR(m0, 1.0, 4 * std::sqrt(var / n));
  EXPECT_NEAR(m1, 1.0, 4 * std::sqrt(var / n));
  EXPECT_NEAR(v0, var, 4 * std::sqrt((mu4 - var * var) / n));
  EXPECT_NEAR(v1, var, 4 * std::sqrt((mu4 - var * var) / n));
  double mean_corr = 0, sq = 0;
  for (double c : batch_corr) mean_corr += c / batches;
  for (double c : batch_corr) sq += (c - mean_corr) * (c - mean_corr);
  const double se = std::sqrt(sq / (batches - 1) / batches);
  EXPECT_NEAR(mean_corr, rho, 4 * se + 1e-12);
}

constexpr int kBatches = 40, kPerBatch = 5000;

// FrailtyProcess, the scalar process (the generator before issue 13, bench/scalar_reference/).
TEST_P(Frailty, StationaryMomentsAndLagOneCorrelation) {
  const auto [k, rho] = GetParam();
  const FrailtyProcess process(k, rho);
  std::vector<double> f0, f1;
  for (std::uint32_t slot = 0; slot < kBatches * kPerBatch; ++slot) {
    RandomStream a(5, 0, slot, 0, Purpose::new_member);
    RandomStream c(5, 0, slot, 1, Purpose::transition);
    f0.push_back(process.initial(a));
    f1.push_back(process.step(f0.back(), c));
  }
  expect_stationary_with_lag_one_correlation(f0, f1, kBatches, k, rho);
}

// The generator's own frailty (its entry and yearly step on the lanes, member_steps.cpp), as
// its member-year records show it: the first two years of a panel where nobody leaves.
TEST_P(Frailty, TheGeneratorsMembersFollowTheProcess) {
  const auto [k, rho] = GetParam();
  Scenario s =
      testing::stationary_panel("frailty", kBatches * kPerBatch, 1, 5, "", "  - {name: ffs, type: fee_for_service}\n");
  s.population.frailty.shape = k;
  s.population.frailty.persistence = rho;
  const PopulationModel model(s);
  std::vector<double> f0(kBatches * kPerBatch), f1(kBatches * kPerBatch);
  YearTallies tallies(static_cast<std::size_t>(model.total_years * model.segments));
  simulate_block(model, 0, 0, f0.size(), tallies, [&](const MemberYear& r) {
    if (r.year == 0) f0[r.slot] = r.frailty;
    if (r.year == 1) f1[r.slot] = r.frailty;
    EXPECT_FALSE(r.year == 1 && r.entered) << "slot " << r.slot;
  });
  expect_stationary_with_lag_one_correlation(f0, f1, kBatches, k, rho);
}

INSTANTIATE_TEST_SUITE_P(Cases, Frailty,
                         ::testing::Values(FrailtyCase{0.8, 0.0}, FrailtyCase{0.8, 0.6}, FrailtyCase{2.0, 0.3},
                                           FrailtyCase{0.5, 0.9}, FrailtyCase{1.5, 1.0}),
                         [](const auto& instance) {
                           return "shape_" + testing::name_of(instance.param.shape) + "_rho_" +
                                  testing::name_of(instance.param.rho);
                         });

TEST(FrailtyMoment, MatchesTheGammaFunction) {
  const FrailtyProcess p(2.0, 0.5);
  EXPECT_DOUBLE_EQ(p.moment(0.0), 1.0);
  EXPECT_NEAR(p.moment(1.0), 1.0, 1e-12);
  EXPECT_NEAR(p.moment(2.0), 1.0 + 1.0 / 2.0, 1e-12);  // E[F^2] = 1 + 1/k
}

TEST(FrailtyPersistence, OneIsPermanentZeroIsFresh) {
  RandomStream rng(1, 0, 0, 0, Purpose::transition);
  EXPECT_EQ(FrailtyProcess(1.0, 1.0).step(1.7, rng), 1.7);
  RandomStream a(1, 0, 0, 0, Purpose::transition), b(1, 0, 0, 0, Purpose::transition);
  EXPECT_EQ(FrailtyProcess(1.0, 0.0).step(1.7, a), FrailtyProcess(1.0, 0.0).initial(b));
}

}  // namespace
}  // namespace pmsim
