#include "output/text_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace pmsim {

namespace {

template <class T>
std::string to_chars_string(T x) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  if (ec != std::errc()) return "?";  // cannot happen: 64 characters hold any double
  return std::string(buffer, end);
}

}  // namespace

std::string shortest_number(double x) { return to_chars_string(x); }
std::string shortest_number(std::int64_t x) { return to_chars_string(x); }
std::string shortest_number(std::uint64_t x) { return to_chars_string(x); }

std::string readable_number(double x) {
  if (std::isnan(x)) return "nan";
  char buffer[64];
  if (std::isfinite(x) && std::abs(x) >= 1e6 && std::abs(x) < 1e15)
    std::snprintf(buffer, sizeof buffer, "%.0f", x);
  else
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
  return buffer;
}

std::string readable_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  char buffer[64];
  const long long whole = std::llround(seconds);
  if (seconds < 9.95)
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  else if (whole < 60)
    std::snprintf(buffer, sizeof buffer, "%lld s", whole);
  else if (whole < 3600)
    std::snprintf(buffer, sizeof buffer, "%lld min %lld s", whole / 60, whole % 60);
  else {
    const long long minutes = std::llround(seconds / 60);  // to the minute
    std::snprintf(buffer, sizeof buffer, "%lld h %lld min", minutes / 60, minutes % 60);
  }
  return buffer;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += '\n';
  return out;
}

}  // namespace pmsim
