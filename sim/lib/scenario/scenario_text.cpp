//! \file scenario_text.cpp

#include "scenario/scenario_text.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>

#include "scenario/yaml_reader.h"

namespace pmsim {

//! Shortest exact text of a double; fixed notation unless very large or small.
std::string number_text(double x) {
  std::array<char, 512> buf{};
  const double a = std::abs(x);
  const bool fixed = a == 0.0 || (a >= 1e-4 && a < 1e15);
  if (!fixed) return yaml::format_number(x);
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::fixed);
  return std::string(buf.data(), res.ptr);
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

int read_file_prefix(const std::string& path, std::size_t limit, std::string& text) {
  text.clear();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return errno;
  std::array<char, 65536> buf;
  std::size_t n = 0;
  while (text.size() <= limit && (n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) text.append(buf.data(), n);
  if (std::ferror(f.get())) return errno != 0 ? errno : EIO;
  return 0;
}

}  // namespace pmsim
