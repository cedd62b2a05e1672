// Durations as people write them (output/text_format.h, readable_duration).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "output/text_format.h"

namespace pmsim {
namespace {

TEST(Durations, ReadAsPeopleWriteThem) {
  EXPECT_EQ(readable_duration(0), "0.0 s");
  EXPECT_EQ(readable_duration(0.43), "0.4 s");
  EXPECT_EQ(readable_duration(4.17857), "4.2 s");
  EXPECT_EQ(readable_duration(9.94), "9.9 s");
  EXPECT_EQ(readable_duration(9.96), "10 s");
  EXPECT_EQ(readable_duration(42.4), "42 s");
  EXPECT_EQ(readable_duration(59.6), "1 min 0 s");
  EXPECT_EQ(readable_duration(192), "3 min 12 s");
  EXPECT_EQ(readable_duration(3599.4), "59 min 59 s");
  EXPECT_EQ(readable_duration(3600), "1 h 0 min");
  EXPECT_EQ(readable_duration(7500), "2 h 5 min");
  EXPECT_EQ(readable_duration(100 * 3600.0 + 59.0 * 60 + 40), "101 h 0 min");
  EXPECT_EQ(readable_duration(-1), "?");
  EXPECT_EQ(readable_duration(std::numeric_limits<double>::infinity()), "?");
  EXPECT_EQ(readable_duration(std::nan("")), "?");
}

}  // namespace
}  // namespace pmsim
