#include "analysis/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace pmsim {
namespace {

constexpr double kTol = 1e-12;

TEST(Statistics, OneToTen) {
  std::vector<double> x(10);
  std::iota(x.begin(), x.end(), 1.0);
  const Summary s = summarize(x);
  const double sd = std::sqrt(82.5 / 9.0);
  EXPECT_NEAR(s.get("mean"), 5.5, kTol);
  EXPECT_NEAR(s.get("sd"), sd, kTol);
  EXPECT_NEAR(s.get("mc_se"), sd / std::sqrt(10.0), kTol);
  // R type 7: h = 9p, x_(floor h + 1) + frac(h) * gap, and the gaps are all 1.
  EXPECT_NEAR(s.get("q01"), 1.09, kTol);
  EXPECT_NEAR(s.get("q05"), 1.45, kTol);
  EXPECT_NEAR(s.get("q25"), 3.25, kTol);
  EXPECT_NEAR(s.get("q50"), 5.5, kTol);
  EXPECT_NEAR(s.get("q75"), 7.75, kTol);
  EXPECT_NEAR(s.get("q95"), 9.55, kTol);
  EXPECT_NEAR(s.get("q99"), 9.91, kTol);
  EXPECT_NEAR(s.get("var95"), -1.45, kTol);
  EXPECT_NEAR(s.get("var99"), -1.09, kTol);
  EXPECT_DOUBLE_EQ(s.get("es95"), -1.0);  // k = ceil(0.5) = 1
  EXPECT_DOUBLE_EQ(s.get("es99"), -1.0);
  EXPECT_DOUBLE_EQ(s.get("p_loss"), 0.0);
  EXPECT_NEAR(s.get("cv"), sd / 5.5, kTol);
}

TEST(Statistics, SmallUnsortedVector) {
  const std::vector<double> x = {3, -1, 4, 1, -5};  // sorted: -5 -1 1 3 4; h = 4p
  const Summary s = summarize(x);
  EXPECT_NEAR(s.get("mean"), 0.4, kTol);
  EXPECT_NEAR(s.get("sd"), std::sqrt(12.8), kTol);  // squared deviations sum to 51.2
  EXPECT_NEAR(s.get("q01"), -4.84, kTol);
  EXPECT_NEAR(s.get("q05"), -4.2, kTol);
  EXPECT_DOUBLE_EQ(s.get("q25"), -1.0);
  EXPECT_DOUBLE_EQ(s.get("q50"), 1.0);
  EXPECT_DOUBLE_EQ(s.get("q75"), 3.0);
  EXPECT_NEAR(s.get("q95"), 3.8, kTol);
  EXPECT_NEAR(s.get("q99"), 3.96, kTol);
  EXPECT_NEAR(s.get("var95"), 4.2, kTol);
  EXPECT_NEAR(s.get("var99"), 4.84, kTol);
  EXPECT_DOUBLE_EQ(s.get("es95"), 5.0);
  EXPECT_DOUBLE_EQ(s.get("es99"), 5.0);
  EXPECT_DOUBLE_EQ(s.get("p_loss"), 0.4);
  EXPECT_NEAR(s.get("cv"), std::sqrt(12.8) / 0.4, 1e-10);
}

TEST(Statistics, ExpectedShortfallTailSizes) {
  // -20..19: 5% of 40 is exactly 2 values, 1% rounds up to 1.
  std::vector<double> x(40);
  std::iota(x.begin(), x.end(), -20.0);
  Summary s = summarize(x);
  EXPECT_DOUBLE_EQ(s.get("es95"), 19.5);
  EXPECT_DOUBLE_EQ(s.get("es99"), 20.0);
  EXPECT_DOUBLE_EQ(s.get("p_loss"), 0.5);

  // n = 20: 20 * 0.05 is exactly 1 (no floating-point rounding up to 2).
  x.resize(20);
  std::iota(x.begin(), x.end(), 1.0);
  EXPECT_DOUBLE_EQ(summarize(x).get("es95"), -1.0);

  // n = 21: ceil(1.05) = 2.
  x.resize(21);
  std::iota(x.begin(), x.end(), 1.0);
  EXPECT_DOUBLE_EQ(summarize(x).get("es95"), -1.5);

  // n = 200 values 0..199 with the first 10 negative: k95 = 10, k99 = 2.
  x.resize(200);
  std::iota(x.begin(), x.end(), -10.0);
  s = summarize(x);
  EXPECT_DOUBLE_EQ(s.get("es95"), 5.5);  // -(mean of -10..-1)
  EXPECT_DOUBLE_EQ(s.get("es99"), 9.5);  // -(mean of -10, -9)
  EXPECT_DOUBLE_EQ(s.get("p_loss"), 0.05);
}

TEST(Statistics, PLossCountsStrictlyNegative) {
  const std::vector<double> x = {0.0, -0.0, -1.0, 2.0};
  EXPECT_DOUBLE_EQ(summarize(x).get("p_loss"), 0.25);
}

TEST(Statistics, CvIsNanWhenMeanIsZero) {
  const std::vector<double> x = {-1.0, 1.0};
  const Summary s = summarize(x);
  EXPECT_DOUBLE_EQ(s.get("mean"), 0.0);
  EXPECT_TRUE(std::isnan(s.get("cv")));
  EXPECT_DOUBLE_EQ(s.get("sd"), std::sqrt(2.0));
}

TEST(Statistics, SingleValue) {
  const std::vector<double> x = {7.0};
  const Summary s = summarize(x);
  EXPECT_DOUBLE_EQ(s.get("mean"), 7.0);
  EXPECT_DOUBLE_EQ(s.get("sd"), 0.0);
  EXPECT_DOUBLE_EQ(s.get("mc_se"), 0.0);
  for (auto q : {"q01", "q05", "q25", "q50", "q75", "q95", "q99"}) EXPECT_DOUBLE_EQ(s.get(q), 7.0) << q;
  for (auto r : {"var95", "var99", "es95", "es99"}) EXPECT_DOUBLE_EQ(s.get(r), -7.0) << r;
  EXPECT_DOUBLE_EQ(s.get("p_loss"), 0.0);
  EXPECT_DOUBLE_EQ(s.get("cv"), 0.0);

  const std::vector<double> loss = {-3.0};
  EXPECT_DOUBLE_EQ(summarize(loss).get("p_loss"), 1.0);
  EXPECT_DOUBLE_EQ(summarize(loss).get("es99"), 3.0);
}

TEST(Statistics, LargeOffsetKeepsVariance) {
  const double big = 1e12;
  const std::vector<double> x = {big + 4, big + 7, big + 13, big + 16};  // mean big + 10
  const Summary s = summarize(x);
  EXPECT_DOUBLE_EQ(s.get("mean"), big + 10);
  EXPECT_NEAR(s.get("sd"), std::sqrt(30.0), 1e-9);
}

TEST(Statistics, NanOrEmptyGivesNan) {
  const std::vector<double> x = {1.0, std::nan(""), 3.0};
  for (double v : summarize(x).values) EXPECT_TRUE(std::isnan(v));
  for (double v : summarize({}).values) EXPECT_TRUE(std::isnan(v));
}

TEST(Statistics, ColumnNames) {
  ASSERT_EQ(kSummaryColumns.size(), 16u);
  Summary s;
  for (std::size_t i = 0; i < s.values.size(); ++i) s.values[i] = static_cast<double>(i);
  for (std::size_t i = 0; i < kSummaryColumns.size(); ++i) EXPECT_EQ(s.get(kSummaryColumns[i]), static_cast<double>(i));
  EXPECT_THROW(s.get("median"), std::out_of_range);
}

Metric make_metric(Aggregation aggregation) {
  Metric m;
  m.name = "m";
  m.aggregation = aggregation;
  m.values = Matrix(3, 2);
  const double v[3][2] = {{1, 2}, {3, -10}, {5, 6}};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 2; ++c) m.values(r, c) = v[r][c];
  return m;
}

void expect_same(const Summary& a, const Summary& b) {
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (std::isnan(a.values[i])) {
      EXPECT_TRUE(std::isnan(b.values[i])) << kSummaryColumns[i];
    } else {
      EXPECT_DOUBLE_EQ(a.values[i], b.values[i]) << kSummaryColumns[i];
    }
  }
}

TEST(Statistics, MetricRowsFlowHorizonIsSum) {
  const auto rows = summarize_metric(make_metric(Aggregation::flow));
  ASSERT_EQ(rows.size(), 3u);
  expect_same(rows[0], summarize(std::vector<double>{1, 3, 5}));
  expect_same(rows[1], summarize(std::vector<double>{2, -10, 6}));
  expect_same(rows[2], summarize(std::vector<double>{3, -7, 11}));
  EXPECT_DOUBLE_EQ(rows[2].get("mean"), 7.0 / 3.0);
  EXPECT_DOUBLE_EQ(rows[2].get("p_loss"), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(rows[2].get("q50"), 3.0);
}

TEST(Statistics, MetricRowsStockHorizonIsMinimum) {
  const auto rows = summarize_metric(make_metric(Aggregation::stock));
  ASSERT_EQ(rows.size(), 3u);
  expect_same(rows[0], summarize(std::vector<double>{1, 3, 5}));
  expect_same(rows[1], summarize(std::vector<double>{2, -10, 6}));
  expect_same(rows[2], summarize(std::vector<double>{1, -10, 5}));
  EXPECT_DOUBLE_EQ(rows[2].get("mean"), -4.0 / 3.0);
  EXPECT_DOUBLE_EQ(rows[2].get("es95"), 10.0);
}

}  // namespace
}  // namespace pmsim
