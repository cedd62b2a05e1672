#pragma once
// Integers on the command line, read strictly: one mechanism for every integer option.
#include <cstdint>
#include <CLI/CLI.hpp>

namespace pmsim::cli {

//! A CLI11 transform that accepts only an integer written in decimal digits (a '-' before them
//! for a negative one) within [lo, hi], and hands CLI11 the same number without leading zeros.
//! CLI11's own conversion (strtoull/strtoll, base 0) reads "-1" as 2^64 - 1, saturates an
//! overflow, and takes hexadecimal and octal ("0x10", "010"); this refuses them, and "1e3",
//! "+5", " 5" and "" too, with a message that names the option and the range (exit 2).
CLI::Validator decimal_integer(std::int64_t lo, std::int64_t hi);
CLI::Validator decimal_unsigned(std::uint64_t lo, std::uint64_t hi);

}  // namespace pmsim::cli
