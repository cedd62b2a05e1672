#pragma once
//! \file text_format.h
//! Numbers and fields as text for the reading commands (summarize, compare, reproduce):
//! exact numbers for machine-readable output, short ones for terminal tables, CSV fields.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pmsim {

//! The shortest text that reads back as exactly `x` (std::to_chars): "0.1", "1e+300",
//! "nan", "inf", "-inf".
std::string shortest_number(double x);
std::string shortest_number(std::int64_t x);
std::string shortest_number(std::uint64_t x);

//! A number for a terminal table: six significant digits, whole numbers from a million up
//! (money in USD reads better as 110321458 than as 1.10321e+08); "nan" for NaN.
std::string readable_number(double x);

//! A duration as people write it: "0.4 s", "4.2 s" (below 10 s), "42 s", "3 min 12 s",
//! "2 h 5 min"; "?" for a negative or non-finite one.
std::string readable_duration(double seconds);

//! One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote or
//! a line break.
std::string csv_field(std::string_view text);

//! Fields joined by commas, each escaped, ending with "\n".
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace pmsim
