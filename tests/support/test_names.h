#pragma once
// Readable names for the instances of parameterised tests (gtest allows letters, digits and
// underscores): 0.05 becomes 0_05, -1.5 becomes minus_1_5.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>

namespace pmsim::testing {

inline std::string name_of(double x) {
  std::ostringstream text;
  text << x;
  std::string name;
  for (const char c : text.str()) {
    if (c == '-')
      name += "minus_";
    else if (c == '.')
      name += '_';
    else if (c == '+')
      continue;
    else
      name += c;
  }
  return name;
}

// The running test as one file name: "Suite_Name", where a parameterised test's "Prefix/Suite"
// and "Name/3" lose their slashes (a scratch directory named with them would be nested, and
// removing the leaf would leave its parents behind).
inline std::string scratch_name() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "_" + info->name();
  std::replace(name.begin(), name.end(), '/', '_');
  return name;
}

}  // namespace pmsim::testing
