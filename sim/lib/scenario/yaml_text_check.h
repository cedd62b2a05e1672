#pragma once
//! \file yaml_text_check.h
//! The bytes of a YAML text checked before yaml-cpp sees them (internal to sim/lib/scenario):
//! its size, its encoding (UTF-8 only, no control characters but tab and line breaks), and its
//! line breaks, which yaml-cpp 0.7 reads only as LF and CRLF while YAML 1.2 allows CR too.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pmsim::yaml {

//! What is wrong with the bytes; line and column 0-based as in YAML::Mark, -1 for none.
struct TextProblem {
  int line = -1;
  int column = -1;
  std::string message;
};

//! The text yaml-cpp may parse (a UTF-8 BOM removed, each lone CR made an LF, so that every
//! line and column stays where an editor shows it), or the first problem of the bytes.
struct CheckedText {
  std::string text;
  std::optional<TextProblem> problem;
};

//! Checks `bytes` (at most `max_bytes` long) as the front end's first step.
CheckedText check_text(std::string_view bytes, std::size_t max_bytes);

}  // namespace pmsim::yaml
