// exp_lanes and log_lanes (math_lanes.h): the same bits on every Highway target this CPU
// supports, within 1 ULP of std::exp / std::log, and the special values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iostream>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "random/math_lanes.h"

namespace pmsim {
namespace {

struct Named {
  std::string name;
  std::int64_t id;  // 0 for the dispatched call
};

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kExpMin = -745.1332191019411;  // below: exp = 0
constexpr double kExpMax = 709.782712893384;    // above: exp = inf

std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// ULPs between two finite doubles (or equal infinities) of the same sign, as the distance of
// their bit patterns on the ordered line.
double ulps(double a, double b) {
  if (a == b) return 0;
  if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) return kInf;
  auto ordered = [](double x) {
    const auto i = static_cast<std::int64_t>(bits(x));
    return i < 0 ? std::numeric_limits<std::int64_t>::min() - i : i;
  };
  return std::abs(static_cast<double>(ordered(a) - ordered(b)));
}

std::vector<Named> supported_targets() {
  std::vector<Named> targets;
  std::string skipped;
  for (const auto& t : math_lanes_targets::compiled()) {
    if (t.supported) {
      targets.push_back({t.name, t.id});
    } else {
      skipped += std::string(skipped.empty() ? "" : ", ") + t.name;
    }
  }
  static const bool printed = [&] {
    std::cout << "[ math lanes ] compiled targets this CPU lacks, skipped: " << (skipped.empty() ? "none" : skipped)
              << "; dispatched to " << math_lanes_target_name() << "\n";
    return true;
  }();
  (void)printed;
  return targets;
}

// The scalar target: the last compiled one, the portable fallback (EMU128 or SCALAR).
std::int64_t fallback() { return math_lanes_targets::compiled().back().id; }

std::vector<double> edge_cases() {
  return {0.0,
          -0.0,
          1.0,
          -1.0,
          0.5,
          2.0,
          DBL_MIN,
          -DBL_MIN,
          DBL_MAX,
          -DBL_MAX,
          DBL_TRUE_MIN,
          -DBL_TRUE_MIN,
          kInf,
          -kInf,
          kNaN,
          -kNaN,
          kExpMin,
          kExpMax,
          std::nextafter(kExpMin, -kInf),
          std::nextafter(kExpMax, kInf),
          -708.4,
          -708.3,
          -1021 * M_LN2,
          -1022 * M_LN2,
          1e-300,
          1e-310,
          0.6931471805599453,
          0.34657359027997264,
          1e-17,
          -1e-17,
          700.0,
          -700.0,
          1.4142135623730951,
          0.7071067811865476,
          4.9e-324 * 3,
          1e308};
}

// n inputs: random over the exp range, log-uniform positives (normal and subnormal), and the edge cases.
std::vector<double> inputs(std::size_t n, std::mt19937_64& rng) {
  std::vector<double> x;
  std::uniform_real_distribution<double> expx(kExpMin - 1, kExpMax + 1), log2x(-1074, 1024);
  for (std::size_t i = 0; x.size() < n; ++i) {
    if (i % 3 == 0)
      x.push_back(expx(rng));
    else if (i % 3 == 1)
      x.push_back(std::exp2(log2x(rng)));
    else
      x.push_back(std::uniform_real_distribution<double>(-3, 3)(rng));
  }
  const auto e = edge_cases();
  for (std::size_t i = 0; i < e.size() && i < n; ++i) x[i * 7 % n] = e[i];
  return x;
}

void expect_same_bits(const std::vector<double>& x, bool exp, const std::string& what) {
  std::vector<double> want(x.size());
  (exp ? math_lanes_targets::exp_on : math_lanes_targets::log_on)(fallback(), x.data(), x.size(), want.data());
  for (const auto& t : supported_targets()) {
    std::vector<double> got(x.size(), 12345.0);
    (exp ? math_lanes_targets::exp_on : math_lanes_targets::log_on)(t.id, x.data(), x.size(), got.data());
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_EQ(bits(got[i]), bits(want[i])) << t.name << " " << what << " x = " << x[i] << ", i = " << i;
    }
  }
  std::vector<double> got(x.size());
  (exp ? exp_lanes : log_lanes)(x.data(), x.size(), got.data());
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_EQ(bits(got[i]), bits(want[i])) << "dispatched " << what;
}

TEST(MathLanes, EveryTargetGivesTheScalarTargetsBits) {
  std::mt19937_64 rng(20261204);
  const auto x = inputs(100000, rng);
  expect_same_bits(x, true, "exp");
  expect_same_bits(x, false, "log");
  for (std::size_t n : {0u, 1u, 3u, 7u, 17u}) {
    const auto small = inputs(std::max<std::size_t>(n, 1), rng);
    const std::vector<double> xs(small.begin(), small.begin() + static_cast<long>(n));
    expect_same_bits(xs, true, "exp n = " + std::to_string(n));
    expect_same_bits(xs, false, "log n = " + std::to_string(n));
  }
  const auto e = edge_cases();
  expect_same_bits(e, true, "exp edge");
  expect_same_bits(e, false, "log edge");
}

constexpr double kBound = 1.0;  // ULP, the bound this test holds exp_lanes and log_lanes to

double max_ulps(const std::vector<double>& x, bool exp, double& worst_x) {
  std::vector<double> got(x.size());
  (exp ? exp_lanes : log_lanes)(x.data(), x.size(), got.data());
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double u = ulps(got[i], exp ? std::exp(x[i]) : std::log(x[i]));
    if (u > worst) {
      worst = u;
      worst_x = x[i];
    }
  }
  return worst;
}

TEST(MathLanes, ExpIsWithinOneUlpOfStdExpOverItsRange) {
  std::vector<double> x;
  const std::size_t n = 2000000;
  for (std::size_t i = 0; i <= n; ++i) x.push_back(kExpMin + (kExpMax - kExpMin) * static_cast<double>(i) / n);
  for (double v = -1; v <= 1; v += 1.0 / 65536) x.push_back(v);  // dense near 0
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1e-3, 1e-3);
  for (int i = 0; i < 100000; ++i) x.push_back(u(rng));
  double worst_x = 0;
  const double worst = max_ulps(x, true, worst_x);
  std::cout << "[ math lanes ] exp: max " << worst << " ULP over " << x.size() << " points in [" << kExpMin << ", "
            << kExpMax << "], at x = " << worst_x << "\n";
  EXPECT_LE(worst, kBound);
}

TEST(MathLanes, LogIsWithinOneUlpOfStdLogOverItsRange) {
  std::vector<double> x;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> e(-1074, 1024), m(0.5, 2);
  for (int i = 0; i < 1000000; ++i) x.push_back(std::exp2(e(rng)));                     // every binade
  for (int i = 0; i < 1000000; ++i) x.push_back(m(rng));                                // near 1
  for (int i = 1; i < 100000; ++i) x.push_back(1 + i * DBL_EPSILON);                    // just above 1
  for (int i = 1; i < 100000; ++i) x.push_back(1 - i * DBL_EPSILON / 2);                // just below 1
  for (int i = 1; i < 100000; ++i) x.push_back(DBL_TRUE_MIN * static_cast<double>(i));  // subnormal
  x.push_back(DBL_MAX);
  double worst_x = 0;
  const double worst = max_ulps(x, false, worst_x);
  std::cout << "[ math lanes ] log: max " << worst << " ULP over " << x.size()
            << " points in (0, DBL_MAX], at x = " << worst_x << "\n";
  EXPECT_LE(worst, kBound);
}

TEST(MathLanes, SpecialValues) {
  const std::vector<double> x{0.0,   -0.0,  1.0,    kInf,   -kInf,   kNaN,    -1.0,         -DBL_TRUE_MIN,
                              710.0, 1e300, -746.0, -1e300, kExpMax, kExpMin, DBL_TRUE_MIN, DBL_MAX};
  std::vector<double> e(x.size()), l(x.size());
  exp_lanes(x.data(), x.size(), e.data());
  log_lanes(x.data(), x.size(), l.data());
  EXPECT_EQ(bits(e[0]), bits(1.0));
  EXPECT_EQ(bits(e[1]), bits(1.0));
  EXPECT_LE(ulps(e[2], std::exp(1.0)), kBound);
  EXPECT_EQ(e[3], kInf);
  EXPECT_EQ(bits(e[4]), bits(0.0));
  EXPECT_TRUE(std::isnan(e[5]));
  EXPECT_EQ(e[8], kInf);
  EXPECT_EQ(e[9], kInf);
  EXPECT_EQ(bits(e[10]), bits(0.0));
  EXPECT_EQ(bits(e[11]), bits(0.0));
  EXPECT_TRUE(std::isfinite(e[12]));
  EXPECT_EQ(e[12], std::exp(kExpMax));
  EXPECT_EQ(e[13], DBL_TRUE_MIN);  // the smallest subnormal
  EXPECT_EQ(bits(l[0]), bits(-kInf));
  EXPECT_EQ(bits(l[1]), bits(-kInf));
  EXPECT_EQ(bits(l[2]), bits(0.0));
  EXPECT_EQ(l[3], kInf);
  EXPECT_TRUE(std::isnan(l[4]));
  EXPECT_TRUE(std::isnan(l[5]));
  EXPECT_TRUE(std::isnan(l[6]));
  EXPECT_TRUE(std::isnan(l[7]));
  EXPECT_EQ(l[14], std::log(DBL_TRUE_MIN));
  EXPECT_EQ(l[15], std::log(DBL_MAX));
}

TEST(MathLanes, InPlaceEqualsOutOfPlace) {
  std::vector<double> x{-3, -1, 0, 0.5, 1, 2, 10, 100, 300};
  std::vector<double> e(x.size()), l(x.size());
  exp_lanes(x.data(), x.size(), e.data());
  log_lanes(x.data(), x.size(), l.data());
  auto y = x;
  exp_lanes(y.data(), y.size(), y.data());
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(bits(y[i]), bits(e[i]));
  y = x;
  log_lanes(y.data(), y.size(), y.data());
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_EQ(bits(y[i]), bits(l[i]));
}

TEST(MathLanes, EachTargetRunsWithItsOwnVectorWidth) {
  const std::vector<std::pair<std::string, std::size_t>> widths{{"AVX3", 8},  {"AVX3_DL", 8}, {"AVX2", 4},  {"SSE4", 2},
                                                                {"SSSE3", 2}, {"EMU128", 2},  {"SCALAR", 1}};
  for (const auto& t : math_lanes_targets::compiled()) {
    if (!t.supported) continue;
    for (const auto& [name, w] : widths) {
      if (name == t.name) {
        EXPECT_EQ(math_lanes_targets::lanes_of(t.id), w) << t.name;
      }
    }
  }
}

// IEEE square root is correctly rounded, so every target gives std::sqrt's bits: the frailty
// powers F^0.5 and F^1.5 are the same as the scalar engine's.
TEST(MathLanes, SqrtIsStdSqrtOnEveryTarget) {
  std::mt19937_64 rng(20261207);
  auto x = inputs(20000, rng);
  std::uniform_real_distribution<double> e(-1074, 1024);
  for (int i = 0; i < 20000; ++i) x.push_back(std::exp2(e(rng)));
  for (double v : {0.0, -0.0, DBL_TRUE_MIN, DBL_MIN, 1.0, 2.0, DBL_MAX, kInf, -1.0, -kInf, kNaN}) x.push_back(v);
  for (const auto& t : supported_targets()) {
    for (std::size_t n : {x.size(), std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{17}}) {
      std::vector<double> got(n, 12345.0);
      math_lanes_targets::sqrt_on(t.id, x.data(), n, got.data());
      for (std::size_t i = 0; i < n; ++i) {
        const double want = std::sqrt(x[i]);
        if (std::isnan(want)) {
          EXPECT_TRUE(std::isnan(got[i])) << t.name << " x = " << x[i];
        } else {
          ASSERT_EQ(bits(got[i]), bits(want)) << t.name << " x = " << x[i] << ", n = " << n;
        }
      }
    }
  }
  auto y = x;
  sqrt_lanes(y.data(), y.size(), y.data());  // in place
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i]) && x[i] >= 0) {
      ASSERT_EQ(bits(y[i]), bits(std::sqrt(x[i]))) << "dispatched x = " << x[i];
    }
}

TEST(MathLanes, RunOnRejectsAnUnknownTarget) {
  EXPECT_THROW(math_lanes_targets::exp_on(0, nullptr, 0, nullptr), std::invalid_argument);
  EXPECT_THROW(math_lanes_targets::log_on(0, nullptr, 0, nullptr), std::invalid_argument);
  EXPECT_THROW(math_lanes_targets::sqrt_on(0, nullptr, 0, nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace pmsim
