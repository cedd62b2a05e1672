#pragma once
// Readable names for the instances of parameterised tests (gtest allows letters, digits and
// underscores): 0.05 becomes 0_05, -1.5 becomes minus_1_5.
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

}  // namespace pmsim::testing
