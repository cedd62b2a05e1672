//! \file yaml_reader.cpp
//! Strict typed access to yaml-cpp nodes with positioned, collected error messages.

#include "scenario/yaml_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "keys/key_path.h"

namespace pmsim::yaml {

// ---- Diagnostics --------------------------------------------------------------------------

Diagnostics Diagnostics::fresh() const {
  Diagnostics d(file_);
  d.borrowed_ = borrowed_;
  return d;
}

void Diagnostics::borrow(const YAML::Node& node, const YAML::Mark& at, std::string note) {
  YAML::Mark mark = at;
  mark.pos = -2 - static_cast<int>(borrowed_.size());
  borrowed_.push_back({node, mark, std::move(note)});
}

std::optional<YAML::Mark> Diagnostics::borrowed_mark(const YAML::Node& node) const {
  for (const Borrowed& b : borrowed_)
    if (b.node.is(node)) return b.mark;
  return std::nullopt;
}

void Diagnostics::error(const YAML::Mark& mark, std::string_view path, std::string_view message) {
  std::string text = file_;
  const bool positioned = !mark.is_null() && mark.line >= 0 && mark.column >= 0;
  if (positioned) {
    text += ':' + std::to_string(mark.line + 1) + ':' + std::to_string(mark.column + 1);
  }
  text += ": ";
  if (!path.empty()) {
    text += path;
    text += ": ";
  }
  text += message;
  if (const int index = -2 - mark.pos; index >= 0 && static_cast<std::size_t>(index) < borrowed_.size())
    text += " (" + borrowed_[index].note + ")";
  errors_.push_back(
      {positioned ? mark.line : std::numeric_limits<int>::max(), positioned ? mark.column : 0, std::move(text)});
}

void Diagnostics::merge(const Diagnostics& other, std::string_view suffix) {
  for (const Entry& e : other.errors_) errors_.push_back({e.line, e.column, e.text + std::string(suffix)});
}

void Diagnostics::message(std::string text) {
  errors_.push_back({std::numeric_limits<int>::max(), 0, std::move(text)});
}

std::vector<std::string> Diagnostics::messages() const {
  std::vector<Entry> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  std::vector<std::string> out;
  out.reserve(sorted.size());
  for (auto& e : sorted) out.push_back(std::move(e.text));
  return out;
}

// ---- text helpers -------------------------------------------------------------------------

namespace {

//! Scalar text for a message: quoted, single line, shortened.
std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
    const char c = text[i];
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  if (text.size() > kMax) out += "...";
  out += "'";
  return out;
}

bool is_quoted(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "!"; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

//! YAML 1.2 core schema integer: [-+]?[0-9]+
bool looks_integer(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (!is_digit(s[i])) return false;
  }
  return true;
}

std::string_view strip_plus(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  return s;
}

//! "expected X, got Y" at the value.
bool type_error(Diagnostics& diag, const Value& v, std::string_view expected) {
  diag.error(v.mark, v.path, "expected " + std::string(expected) + ", got " + describe_node(v.node));
  return false;
}

template <class T>
std::string to_text(T x) {
  return std::to_string(x);
}

//! Integer parsing shared by read_integer and read_unsigned.
template <class T>
bool read_integral(Diagnostics& diag, const Value& v, T lo, T hi, T& out) {
  const std::string what = "an integer";
  if (!v.node.IsScalar() || is_quoted(v.node)) return type_error(diag, v, what);
  const std::string& text = v.node.Scalar();
  const std::string range = "must be in [" + to_text(lo) + ", " + to_text(hi) + "], got " + text;
  if (!looks_integer(text)) return type_error(diag, v, what);
  const std::string_view digits = strip_plus(text);
  T value{};
  auto res = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (res.ec != std::errc() || res.ptr != digits.data() + digits.size() || value < lo || value > hi) {
    // Overflow of T (or a minus sign on an unsigned): out of range all the same.
    diag.error(v.mark, v.path, range);
    return false;
  }
  out = value;
  return true;
}

}  // namespace

//! YAML 1.2 core schema float (without .inf/.nan): [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool looks_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t int_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

std::string describe_node(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "an empty value";
    case YAML::NodeType::Scalar:
      return (is_quoted(node) ? "the quoted string " : "") + quote(node.Scalar());
  }
  return "an unknown node";
}

// ---- values -------------------------------------------------------------------------------

Value root_value(const YAML::Node& node) { return {node, "", node.Mark()}; }

Value item(const Value& sequence, std::size_t index) {
  return inner_value(sequence, sequence.node[index], index_path(sequence.path, index));
}

Value inner_value(const Value& parent, const YAML::Node& node, std::string path) {
  if (parent.borrowed) return {node, std::move(path), parent.mark, true};
  return {node, std::move(path), node.Mark()};
}

bool read_number(Diagnostics& diag, const Value& v, const Range& range, double& out) {
  if (v.node.IsMap() && diag.resolver() != nullptr) return diag.resolver()->resolve(diag, v, range, out);
  return read_plain_number(diag, v, range, out, "");
}

bool read_plain_number(Diagnostics& diag, const Value& v, const Range& range, double& out, std::string_view why) {
  if (v.node.IsMap() && !why.empty()) {
    diag.error(v.mark, v.path, "must be a plain number " + std::string(why) + ", got a map");
    return false;
  }
  const std::string what = "a number";
  if (!v.node.IsScalar() || is_quoted(v.node)) return type_error(diag, v, what);
  const std::string& text = v.node.Scalar();
  if (!looks_number(text)) return type_error(diag, v, what);
  const std::string_view s = strip_plus(text);
  double value = 0.0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), value);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size() || !range.contains(value)) {
    diag.error(v.mark, v.path, "must be " + range.describe() + ", got " + text);
    return false;
  }
  out = value;
  return true;
}

bool read_integer(Diagnostics& diag, const Value& v, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
  return read_integral<std::int64_t>(diag, v, lo, hi, out);
}

bool read_unsigned(Diagnostics& diag, const Value& v, std::uint64_t lo, std::uint64_t hi, std::uint64_t& out) {
  return read_integral<std::uint64_t>(diag, v, lo, hi, out);
}

bool read_bool(Diagnostics& diag, const Value& v, bool& out) {
  const std::string what = "a boolean (true or false)";
  if (!v.node.IsScalar() || is_quoted(v.node)) return type_error(diag, v, what);
  const std::string& t = v.node.Scalar();
  if (t == "true" || t == "True" || t == "TRUE") {
    out = true;
    return true;
  }
  if (t == "false" || t == "False" || t == "FALSE") {
    out = false;
    return true;
  }
  return type_error(diag, v, what);
}

bool read_string(Diagnostics& diag, const Value& v, std::string& out) {
  if (!v.node.IsScalar()) return type_error(diag, v, "a string");
  out = v.node.Scalar();
  return true;
}

bool read_choice(Diagnostics& diag, const Value& v, const std::vector<std::string>& accepted, int& out) {
  if (!v.node.IsScalar()) return type_error(diag, v, "one of: " + join(accepted));
  const std::string& t = v.node.Scalar();
  for (std::size_t i = 0; i < accepted.size(); ++i) {
    if (accepted[i] == t) {
      out = static_cast<int>(i);
      return true;
    }
  }
  std::string msg = "unknown value " + quote(t);
  if (auto s = suggest(t, accepted)) msg += "; did you mean '" + *s + "'?";
  msg += " (accepted: " + join(accepted) + ")";
  diag.error(v.mark, v.path, msg);
  return false;
}

bool check_sequence(Diagnostics& diag, const Value& v, std::size_t min_items, std::size_t max_items) {
  if (!v.node.IsSequence()) return type_error(diag, v, "a sequence");
  const std::size_t n = v.node.size();
  if (n < min_items) {
    diag.error(v.mark, v.path,
               min_items == 1 ? std::string("must not be empty")
                              : "must have at least " + std::to_string(min_items) + " items, got " + std::to_string(n));
    return false;
  }
  if (n > max_items) {
    diag.error(v.mark, v.path, "must have at most " + std::to_string(max_items) + " items, got " + std::to_string(n));
    return false;
  }
  return true;
}

// ---- MapReader ----------------------------------------------------------------------------

MapReader::MapReader(Diagnostics& diag, Value value) : MapReader(diag, std::move(value), true) {}

MapReader MapReader::absent(Diagnostics& diag, std::string path) {
  return MapReader(diag, Value{YAML::Node(), std::move(path), YAML::Mark::null_mark()}, false);
}

MapReader::MapReader(Diagnostics& diag, Value value, bool present) : diag_(diag), value_(std::move(value)) {
  if (!present) return;
  if (!value_.node.IsMap()) {
    type_error(diag_, value_, "a map");
    return;
  }
  valid_ = true;
  for (auto it = value_.node.begin(); it != value_.node.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node val = it->second;
    // yaml-cpp places an empty value at the next token; report it at its key instead. A
    // borrowed value (and its key) is reported where it was borrowed.
    YAML::Mark key_mark = key.Mark();
    YAML::Mark vm = (val.IsNull() || !val.IsDefined()) ? key.Mark() : val.Mark();
    const std::optional<YAML::Mark> borrowed = value_.borrowed ? value_.mark : diag_.borrowed_mark(val);
    if (borrowed) key_mark = vm = *borrowed;
    if (!key.IsScalar()) {
      diag_.error(key_mark, value_.path, "expected a plain key, got " + describe_node(key));
      continue;
    }
    const std::string k = key.Scalar();
    if (const Entry* first = find(k)) {
      diag_.error(key_mark, child_path(value_.path, k),
                  "duplicate key (first given at line " + std::to_string(first->key_mark.line + 1) + ")");
      continue;
    }
    entries_.push_back({k, key_mark, Value{val, child_path(value_.path, k), vm, borrowed.has_value()}});
  }
}

const MapReader::Entry* MapReader::find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::optional<Value> MapReader::peek(std::string_view key) const {
  if (const Entry* e = find(key)) return e->value;
  return std::nullopt;
}

void MapReader::accept(std::string_view key) {
  if (std::find(accepted_.begin(), accepted_.end(), key) == accepted_.end()) {
    accepted_.emplace_back(key);
  }
}

void MapReader::explain_unknown(std::string_view key, std::string note) { notes_[std::string(key)] = std::move(note); }

std::optional<Value> MapReader::get(std::string_view key, Need need) {
  accept(key);
  if (!valid_) return std::nullopt;
  if (const Entry* e = find(key)) return e->value;
  if (need == Need::required) {
    diag_.error(value_.mark, value_.path, "missing required key '" + std::string(key) + "'");
  }
  return std::nullopt;
}

MapReader MapReader::map(std::string_view key, Need need) {
  auto v = get(key, need);
  if (!v) return absent(diag_, key_path(key));
  return MapReader(diag_, std::move(*v));
}

std::optional<Value> MapReader::sequence(std::string_view key, std::size_t min_items, std::size_t max_items,
                                         Need need) {
  auto v = get(key, need);
  if (!v || !check_sequence(diag_, *v, min_items, max_items)) return std::nullopt;
  return v;
}

bool MapReader::number(std::string_view key, double& out, const Range& range, Need need) {
  auto v = get(key, need);
  if (!v) return valid_ && need == Need::optional;
  return read_number(diag_, *v, range, out);
}

bool MapReader::plain_number(std::string_view key, double& out, const Range& range, std::string_view why, Need need) {
  auto v = get(key, need);
  if (!v) return valid_ && need == Need::optional;
  return read_plain_number(diag_, *v, range, out, why);
}

bool MapReader::integer(std::string_view key, std::int64_t& out, std::int64_t lo, std::int64_t hi, Need need) {
  auto v = get(key, need);
  if (!v) return valid_ && need == Need::optional;
  return read_integer(diag_, *v, lo, hi, out);
}

bool MapReader::integer(std::string_view key, int& out, int lo, int hi, Need need) {
  std::int64_t x = out;
  if (!integer(key, x, lo, hi, need)) return false;
  out = static_cast<int>(x);
  return true;
}

bool MapReader::unsigned_integer(std::string_view key, std::uint64_t& out, std::uint64_t lo, std::uint64_t hi,
                                 Need need) {
  auto v = get(key, need);
  if (!v) return valid_ && need == Need::optional;
  return read_unsigned(diag_, *v, lo, hi, out);
}

bool MapReader::boolean(std::string_view key, bool& out, Need need) {
  auto v = get(key, need);
  if (!v) return valid_ && need == Need::optional;
  return read_bool(diag_, *v, out);
}

bool MapReader::string(std::string_view key, std::string& out, Need need, const StringCheck& check) {
  auto v = get(key, need);
  if (!v) return valid_ && need == Need::optional;
  std::string s;
  if (!read_string(diag_, *v, s)) return false;
  if (check) {
    const std::string problem = check(s);
    if (!problem.empty()) {
      diag_.error(v->mark, v->path, problem);
      return false;
    }
  }
  out = std::move(s);
  return true;
}

bool MapReader::choice(std::string_view key, int& out, const std::vector<std::string>& accepted, Need need) {
  auto v = get(key, need);
  if (!v) return valid_ && need == Need::optional;
  return read_choice(diag_, *v, accepted, out);
}

void MapReader::finish() {
  if (!valid_) return;
  for (const auto& e : entries_) {
    if (std::find(accepted_.begin(), accepted_.end(), e.key) != accepted_.end()) continue;
    std::string msg = "unknown key";
    if (auto n = notes_.find(e.key); n != notes_.end()) {
      msg += "; " + n->second;
    } else if (auto s = suggest(e.key, accepted_)) {
      msg += "; did you mean '" + *s + "'?";
    }
    msg += " (accepted: " + join(accepted_) + ")";
    diag_.error(e.key_mark, e.value.path, msg);
  }
}

}  // namespace pmsim::yaml
