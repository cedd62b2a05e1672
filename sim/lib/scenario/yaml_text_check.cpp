//! \file yaml_text_check.cpp
//! Size, encoding and line breaks of a YAML text, in one linear pass over its bytes.

#include "scenario/yaml_text_check.h"

#include <array>
#include <cstdio>

namespace pmsim::yaml {

namespace {

unsigned byte_at(std::string_view b, std::size_t i) { return static_cast<unsigned char>(b[i]); }

std::string hex(unsigned byte) {
  std::array<char, 8> buf{};
  std::snprintf(buf.data(), buf.size(), "0x%02X", byte);
  return buf.data();
}

// "UTF-16" or "UTF-32" when the text is one of them: by its BOM, or (without one) by the NULs
// that a text starting with an ASCII character has in those encodings (YAML 1.2, 5.2).
std::optional<std::string> wide_encoding(std::string_view b) {
  const auto starts = [&](std::initializer_list<int> pattern) {  // -1: any byte but NUL
    if (b.size() < pattern.size()) return false;
    std::size_t i = 0;
    for (const int p : pattern) {
      const unsigned c = byte_at(b, i++);
      if (p < 0 ? c == 0 : c != static_cast<unsigned>(p)) return false;
    }
    return true;
  };
  if (starts({0, 0, 0xFE, 0xFF}) || starts({0xFF, 0xFE, 0, 0}) || starts({0, 0, 0, -1}) || starts({-1, 0, 0, 0}))
    return "UTF-32";
  if (starts({0xFE, 0xFF}) || starts({0xFF, 0xFE}) || starts({0, -1}) || starts({-1, 0})) return "UTF-16";
  return std::nullopt;
}

// The length of the well-formed UTF-8 sequence at b[i] (no overlong forms, no surrogates,
// nothing above U+10FFFF), or 0.
std::size_t utf8_length(std::string_view b, std::size_t i) {
  const unsigned lead = byte_at(b, i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned low = 0x80;  // the range of the second byte
  unsigned high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > b.size()) return 0;
  const unsigned second = byte_at(b, i + 1);
  if (second < low || second > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if ((byte_at(b, i + k) & 0xC0) != 0x80) return 0;
  return length;
}

}  // namespace

CheckedText check_text(std::string_view bytes, std::size_t max_bytes) {
  CheckedText out;
  if (bytes.size() > max_bytes) {
    out.problem =
        TextProblem{-1, -1,
                    "the file is " + std::to_string(bytes.size()) + " bytes; a scenario file may have at most " +
                        std::to_string(max_bytes / (1024 * 1024)) + " MiB (" + std::to_string(max_bytes) + " bytes)"};
    return out;
  }
  if (const auto wide = wide_encoding(bytes)) {
    out.problem = TextProblem{0, 0, "the file is " + *wide + "; save it as UTF-8"};
    return out;
  }
  std::size_t i = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a UTF-8 BOM says nothing more
  out.text.reserve(bytes.size() - i);
  int line = 0;
  int column = 0;
  while (i < bytes.size()) {
    const char c = bytes[i];
    const unsigned byte = byte_at(bytes, i);
    const std::size_t length = utf8_length(bytes, i);
    if (length == 0) {
      out.problem = TextProblem{line, column, "invalid UTF-8 (byte " + hex(byte) + "); save the file as UTF-8"};
      return out;
    }
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F) {
      const std::string what = byte == 0 ? "a NUL byte" : "the control character " + hex(byte);
      out.problem =
          TextProblem{line, column, what + "; a scenario file is text (tab, line breaks and printable characters)"};
      return out;
    }
    if (c == '\r' && (i + 1 == bytes.size() || bytes[i + 1] != '\n')) {
      out.text += '\n';  // a line break on its own, as YAML 1.2 reads it
    } else {
      out.text.append(bytes.substr(i, length));
    }
    if (c == '\n' || (c == '\r' && out.text.back() == '\n')) {
      ++line;
      column = 0;
    } else {
      column += static_cast<int>(length);
    }
    i += length;
  }
  return out;
}

}  // namespace pmsim::yaml
