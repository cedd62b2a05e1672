// The SEs of contract_statistic.h (pmsim solve, pmsim run --until-se) against the spread of the
// statistic over independent samples: for a normal and for a skewed (negated lognormal: a long
// loss tail) distribution, the SD of each statistic over K = 400 independent samples of
// n = 2,000 equals the mean of its estimated SE within 4 SEs of the ratio's sampling error
// (the SD's, from the estimates' kurtosis, and the mean SE's), for the mean, P(loss), VaR95,
// ES95, VaR99 and ES99.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "analysis/contract_statistic.h"

namespace pmsim {
namespace {

void expect_se_matches_spread(const std::function<double(boost::random::mt19937&)>& draw, const std::string& what) {
  constexpr int kSamples = 400;
  constexpr int kSize = 2000;
  boost::random::mt19937 rng(20261204);
  const std::vector<std::string> columns = {"mean", "p_loss", "var95", "es95", "var99", "es99"};
  std::vector<std::vector<double>> estimates(columns.size()), ses(columns.size());
  std::vector<double> sample(kSize);
  for (int k = 0; k < kSamples; ++k) {
    for (double& x : sample) x = draw(rng);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      estimates[c].push_back(statistic_of(sample, columns[c]));
      ses[c].push_back(statistic_se(sample, columns[c]));
    }
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    double mean = 0, se = 0;
    for (int k = 0; k < kSamples; ++k) mean += estimates[c][k], se += ses[c][k];
    mean /= kSamples;
    se /= kSamples;
    double squares = 0, fourth = 0, se_squares = 0;
    for (int k = 0; k < kSamples; ++k) {
      const double d = estimates[c][k] - mean;
      squares += d * d;
      fourth += d * d * d * d;
      se_squares += (ses[c][k] - se) * (ses[c][k] - se);
    }
    const double spread = std::sqrt(squares / (kSamples - 1));
    // The sampling error of the ratio: of the SD over K samples, relative sqrt((kurtosis - 1) / 4K)
    // (1/sqrt(2K) for a normal statistic; more for the tails' heavier ones, from the sample's own
    // kurtosis), and of the mean of the K estimated SEs.
    const double kurtosis = (fourth / kSamples) / ((squares / kSamples) * (squares / kSamples));
    const double relative_sd_se = std::sqrt((kurtosis - 1) / (4.0 * kSamples));
    const double relative_mean_se = std::sqrt(se_squares / (kSamples - 1)) / std::sqrt(double(kSamples)) / se;
    const double relative_se = std::hypot(relative_sd_se, relative_mean_se);
    EXPECT_NEAR(se / spread, 1.0, 4 * relative_se)
        << what << " " << columns[c] << ": mean estimated SE " << se << ", spread over samples " << spread
        << ", kurtosis of the estimates " << kurtosis;
  }
}

TEST(StatisticSe, MatchesTheSpreadOverIndependentSamplesOfANormal) {
  boost::random::normal_distribution<double> normal(0.4, 1.0);  // P(loss) about 0.34
  expect_se_matches_spread([&](boost::random::mt19937& rng) { return normal(rng); }, "normal");
}

TEST(StatisticSe, MatchesTheSpreadOverIndependentSamplesOfALongLossTail) {
  boost::random::lognormal_distribution<double> lognormal(0.0, 0.6);
  // 1.5 - lognormal: mean about 0.30, a long left (loss) tail.
  expect_se_matches_spread([&](boost::random::mt19937& rng) { return 1.5 - lognormal(rng); }, "skewed");
}

TEST(StatisticSe, IsNanForFewerThanTwoValues) {
  const std::vector<double> one = {1.0};
  for (const char* c : {"mean", "p_loss", "var95", "es95"}) EXPECT_TRUE(std::isnan(statistic_se(one, c))) << c;
  EXPECT_EQ(contract_statistic("p_ruin").metric, "provider_cash_low");
  EXPECT_EQ(contract_statistic("p_ruin").column, "p_loss");
  EXPECT_EQ(contract_statistic("es99").metric, "provider_margin");
  EXPECT_EQ(contract_statistic("payer_savings").column, "mean");
  EXPECT_TRUE(is_tail_statistic("var95"));
  EXPECT_FALSE(is_tail_statistic("provider_margin"));
}

}  // namespace
}  // namespace pmsim
