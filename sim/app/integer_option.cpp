// Integers on the command line, read strictly (integer_option.h).
#include "integer_option.h"

#include <charconv>
#include <string>
#include <system_error>

namespace pmsim::cli {

namespace {

template <class T>
CLI::Validator decimal_in(T lo, T hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  auto check = [lo, hi, range](std::string& input) -> std::string {
    const std::string refused = "expected an integer in " + range + " written in decimal digits, got '" + input + "'";
    T value{};
    const char* end = input.data() + input.size();
    const auto [ptr, ec] = std::from_chars(input.data(), end, value);
    if (input.empty() || ec == std::errc::invalid_argument || ptr != end) return refused;
    if (ec == std::errc::result_out_of_range || value < lo || value > hi) return refused;
    input = std::to_string(value);  // no leading zeros, which CLI11 would read as octal
    return "";
  };
  return CLI::Validator(check, "INT in " + range, "DECIMAL INTEGER");
}

}  // namespace

CLI::Validator decimal_integer(std::int64_t lo, std::int64_t hi) { return decimal_in(lo, hi); }
CLI::Validator decimal_unsigned(std::uint64_t lo, std::uint64_t hi) { return decimal_in(lo, hi); }

}  // namespace pmsim::cli
