#include "output/json_writer.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "output/text_format.h"

namespace pmsim {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not one (overlong
// forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned min_second = 0x80, max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;
    if (lead == 0xED) max_second = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;
    if (lead == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text, i, length);
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
  return out;
}

void JsonWriter::newline_indent(std::size_t depth) {
  out_ += '\n';
  out_.append(2 * depth, ' ');
}

void JsonWriter::begin_item(bool is_key) {
  if (done_) throw std::logic_error("JSON: a second top-level value");
  if (stack_.empty()) return;
  Level& level = stack_.back();
  if (level.object && !is_key) {
    if (!level.has_key) throw std::logic_error("JSON: a value in an object without a key");
    level.has_key = false;
    return;  // the key wrote the separator
  }
  if (level.object && level.has_key) throw std::logic_error("JSON: two keys in a row");
  if (!level.empty) out_ += ',';
  level.empty = false;
  newline_indent(stack_.size());
  if (is_key) level.has_key = true;
}

void JsonWriter::raw_value(std::string_view text) {
  begin_item(false);
  out_ += text;
  if (stack_.empty()) done_ = true;
}

JsonWriter& JsonWriter::begin_object() {
  begin_item(false);
  out_ += '{';
  stack_.push_back({true});
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  begin_item(false);
  out_ += '[';
  stack_.push_back({false});
  return *this;
}

JsonWriter& JsonWriter::close(bool object) {
  if (stack_.empty() || stack_.back().object != object)
    throw std::logic_error(object ? "JSON: end_object without an open object"
                                  : "JSON: end_array without an open array");
  if (stack_.back().has_key) throw std::logic_error("JSON: a key without a value");
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) newline_indent(stack_.size());
  out_ += object ? '}' : ']';
  if (stack_.empty()) done_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() { return close(true); }
JsonWriter& JsonWriter::end_array() { return close(false); }

JsonWriter& JsonWriter::key(std::string_view name) {
  if (stack_.empty() || !stack_.back().object) throw std::logic_error("JSON: a key outside an object");
  begin_item(true);
  out_ += json_string(name);
  out_ += ": ";
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  raw_value(json_string(text));
  return *this;
}

JsonWriter& JsonWriter::value(double x) {
  raw_value(std::isfinite(x) ? shortest_number(x) : "null");
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t x) {
  raw_value(shortest_number(x));
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t x) {
  raw_value(shortest_number(x));
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  raw_value(b ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  raw_value("null");
  return *this;
}

std::string JsonWriter::str() const {
  if (!stack_.empty()) throw std::logic_error("JSON: an object or array is still open");
  return out_ + "\n";
}

}  // namespace pmsim
