#pragma once
//! \file json_writer.h
//! A small streaming JSON emitter (RFC 8259) for the reading commands' --format json:
//! objects and arrays are opened and closed in order, members are key() then a value, and
//! the result is indented two spaces a level. Strings are escaped (quotes, backslashes,
//! control characters) and kept valid UTF-8 (an invalid byte becomes U+FFFD); numbers are
//! written in their shortest exact form, and a NaN or an infinity, which JSON cannot
//! represent, as null.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pmsim {

//! `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  //! The key of the next member; only inside an object, and followed by exactly one value.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(double x);
  JsonWriter& value(std::int64_t x);
  JsonWriter& value(std::uint64_t x);
  JsonWriter& value(int x) { return value(static_cast<std::int64_t>(x)); }
  JsonWriter& value(bool b);
  JsonWriter& null();

  //! key(name) then value(v).
  template <class T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  //! The document; throws std::logic_error if an object or array is still open.
  std::string str() const;

 private:
  struct Level {
    bool object = false;
    bool empty = true;
    bool has_key = false;  //!< in an object: a key waits for its value
  };
  //! Separator and indentation before a value (or before a key in an object).
  void begin_item(bool is_key);
  void raw_value(std::string_view text);
  JsonWriter& close(bool object);
  void newline_indent(std::size_t depth);

  std::vector<Level> stack_;
  std::string out_;
  bool done_ = false;  //!< the top-level value is complete
};

}  // namespace pmsim
