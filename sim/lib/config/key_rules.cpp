//! \file key_rules.cpp

#include "config/key_rules.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace pmsim {

std::string rule_number(double x) {
  std::array<char, 64> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  std::string s(buf.data(), res.ptr);
  // "1e+07" -> "1e7", "1e-05" -> "1e-5", as the parser writes numbers.
  if (const auto e = s.find('e'); e != std::string::npos) {
    std::string exponent = s.substr(e + 1);
    const bool negative = !exponent.empty() && exponent[0] == '-';
    if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.erase(0, 1);
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    s = s.substr(0, e + 1) + (negative ? "-" : "") + exponent;
  }
  return s;
}

}  // namespace pmsim
