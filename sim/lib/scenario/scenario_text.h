#pragma once
//! \file scenario_text.h
//! Text helpers shared by the scenario parser and writer (internal to sim/lib/scenario).

#include <cstddef>
#include <string>
#include <vector>

namespace pmsim {

//! Shortest exact text of a double; fixed notation unless very large or small.
std::string number_text(double x);
//! An ASCII letter or digit (names and plain scalars are checked byte by byte, locale-free).
inline bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
//! The lines joined by newlines.
std::string join_lines(const std::vector<std::string>& lines);

//! Reads the file at `path` into `text`, at most `limit` + 1 bytes of it (a longer file is too
//! large whatever follows, and a device such as /dev/zero never ends). Returns 0, or the errno
//! of the failure.
int read_file_prefix(const std::string& path, std::size_t limit, std::string& text);

}  // namespace pmsim
