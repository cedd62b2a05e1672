//! \file key_reader.cpp
//! Ranges of numbers and numbers in messages, shared by the scenario layer and the contract
//! types' readers.

#include "config/key_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace pmsim {

bool ValueRange::contains(double x) const {
  if (!std::isfinite(x)) return false;
  const bool lo_ok = lo_open ? x > lo : x >= lo;
  const bool hi_ok = hi_open ? x < hi : x <= hi;
  return lo_ok && hi_ok;
}

std::string ValueRange::describe() const {
  if (!lo_open && !hi_open) return "in [" + format_number(lo) + ", " + format_number(hi) + "]";
  return std::string(lo_open ? "> " : ">= ") + format_number(lo) + " and " + (hi_open ? "< " : "<= ") +
         format_number(hi);
}

std::string format_number(double x) {
  std::array<char, 64> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  std::string s(buf.data(), res.ptr);
  // "1e+07" -> "1e7", "1e-05" -> "1e-5": same value, easier to read.
  if (auto e = s.find('e'); e != std::string::npos) {
    std::string exponent = s.substr(e + 1);
    const bool negative = !exponent.empty() && exponent[0] == '-';
    if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.erase(0, 1);
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    s = s.substr(0, e + 1) + (negative ? "-" : "") + exponent;
  }
  return s;
}

}  // namespace pmsim
