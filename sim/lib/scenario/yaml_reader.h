#pragma once
//! \file yaml_reader.h
//! A small strict reader over yaml-cpp nodes, used by the scenario parser.
//!
//! Every problem is recorded in a Diagnostics object as one line
//!   FILE:LINE:COLUMN: key.path: message
//! (1-based line and column) and reading goes on, so that a file's errors are all reported
//! at once. Nothing throws: a getter that fails records an error, leaves its output alone and
//! returns false. Unknown map keys are errors too (MapReader::finish), with a did-you-mean
//! suggestion.
//!
//! This header exposes yaml-cpp; code outside sim/lib/scenario includes scenario_yaml.h instead.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/key_reader.h"
#include "keys/key_path.h"
#include "util/words.h"

namespace pmsim::yaml {

// The reader interface's ranges and needs (config/key_reader.h), under their short names.
using Range = ValueRange;
using pmsim::Need;

struct Value;
class Diagnostics;

//! Reads a number written as a map (a distribution, a schedule by year: see the scenario
//! parser). Without one, a map where a number is expected is a type error.
class NumberResolver {
 public:
  virtual ~NumberResolver() = default;
  //! `v` is a map in the place of a number accepted in `range`: sets `out` to the value to use
  //! and returns true, or reports into `diag` and returns false.
  virtual bool resolve(Diagnostics& diag, const Value& v, const Range& range, double& out) = 0;
};

//! The reading context of one file: its error messages, and the resolver of numbers written
//! as maps.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file_name) : file_(std::move(file_name)) {}

  //! Another reader of the same file: no messages and no resolver yet, the same borrowed values.
  Diagnostics fresh() const;

  void set_resolver(NumberResolver* resolver) { resolver_ = resolver; }
  NumberResolver* resolver() const { return resolver_; }

  //! `node` (a value of a contract's preset or included file, scenario/contract_fragments.h)
  //! and everything in it are reported at `at` (the `preset:` or `include:` value), each
  //! message ending with " (" + note + ")".
  void borrow(const YAML::Node& node, const YAML::Mark& at, std::string note);
  //! The mark at which `node`'s messages are reported, if it is a borrowed value.
  std::optional<YAML::Mark> borrowed_mark(const YAML::Node& node) const;
  //! Adds `other`'s messages, each followed by `suffix`.
  void merge(const Diagnostics& other, std::string_view suffix);

  //! Records "FILE:LINE:COLUMN: path: message" (the position is left out when `mark` is null,
  //! the path when it is empty).
  void error(const YAML::Mark& mark, std::string_view path, std::string_view message);
  //! Records a message that names its own file and position (another file's), after those
  //! of this file.
  void message(std::string text);

  bool empty() const { return errors_.empty(); }
  std::size_t count() const { return errors_.size(); }
  const std::string& file_name() const { return file_; }

  //! The messages ordered by position in the file (messages without one last), ties in the
  //! order they were recorded.
  std::vector<std::string> messages() const;

 private:
  struct Entry {
    int line;
    int column;
    std::string text;
  };
  //! A borrowed value: its messages go to `mark`, whose pos (-2 - index in borrowed_) tells
  //! error() which note to add.
  struct Borrowed {
    YAML::Node node;
    YAML::Mark mark;
    std::string note;
  };
  std::string file_;
  std::vector<Entry> errors_;
  NumberResolver* resolver_ = nullptr;
  std::vector<Borrowed> borrowed_;
};

// ---- text helpers -------------------------------------------------------------------------

using pmsim::child_path;
using pmsim::format_number;
using pmsim::index_path;
//! What a node is, for "expected X, got Y" messages: "a map", "a sequence", "an empty value",
//! or the scalar text in quotes.
std::string describe_node(const YAML::Node& node);
using pmsim::edit_distance;
using pmsim::join;
using pmsim::suggest;

//! A node with the key path and position used in its messages. For an empty value in a map
//! the position is the key's (yaml-cpp places empty values at the next token).
struct Value {
  YAML::Node node;
  std::string path;
  YAML::Mark mark;
  //! Inside a value of a preset or included file (Diagnostics::borrow): what it holds is
  //! reported at `mark` too.
  bool borrowed = false;
};
//! The root node of a document, path "".
Value root_value(const YAML::Node& node);
//! Item `index` of a sequence value: path "seq[index]".
Value item(const Value& sequence, std::size_t index);
//! `node`, inside `parent`, at `path`: at its own position, or at the parent's if the parent is
//! borrowed.
Value inner_value(const Value& parent, const YAML::Node& node, std::string path);

// ---- readers of single values (report into `diag` at the value's position) -----------------
// All return true when `out` was set to a valid value; false after recording an error.

//! A plain scalar in YAML 1.2 core number syntax (integers included), inside `range`; or a
//! map read by the resolver of `diag`, if it has one.
bool read_number(Diagnostics& diag, const Value& v, const Range& range, double& out);
//! Whether a scalar's text is a YAML 1.2 core-schema float (without .inf and .nan).
bool looks_number(std::string_view s);
//! As read_number, but only a plain scalar: for numbers tied to others by a constraint (shares
//! summing to 1), which cannot vary on their own; `why` says so in the message.
bool read_plain_number(Diagnostics& diag, const Value& v, const Range& range, double& out, std::string_view why);
//! A plain decimal integer in [lo, hi].
bool read_integer(Diagnostics& diag, const Value& v, std::int64_t lo, std::int64_t hi, std::int64_t& out);
bool read_unsigned(Diagnostics& diag, const Value& v, std::uint64_t lo, std::uint64_t hi, std::uint64_t& out);
//! true/false (also True/TRUE/False/FALSE).
bool read_bool(Diagnostics& diag, const Value& v, bool& out);
//! Any scalar (plain or quoted), as written.
bool read_string(Diagnostics& diag, const Value& v, std::string& out);
//! A scalar equal to one of `accepted`; `out` is its index.
bool read_choice(Diagnostics& diag, const Value& v, const std::vector<std::string>& accepted, int& out);
//! Checks that the value is a sequence with min_items..max_items items.
bool check_sequence(Diagnostics& diag, const Value& v, std::size_t min_items, std::size_t max_items);

using pmsim::StringCheck;

// ---- maps ---------------------------------------------------------------------------------

//! Reads the keys of one map. Every key asked for (by any getter, found or not) becomes an
//! accepted key; finish() reports every other key of the map as unknown, and duplicate keys.
//! A required key that is missing is reported at the map's position. If the value is not a
//! map, the constructor reports it and every getter returns false without further messages.
class MapReader {
 public:
  MapReader(Diagnostics& diag, Value value);
  //! A reader of nothing (valid() false, no messages): for an optional map that is absent.
  static MapReader absent(Diagnostics& diag, std::string path);

  bool valid() const { return valid_; }
  const std::string& path() const { return value_.path; }
  const Value& value() const { return value_; }
  std::string key_path(std::string_view key) const { return child_path(value_.path, key); }
  bool has(std::string_view key) const { return find(key) != nullptr; }
  //! The value of `key` without accepting it; nullopt when missing.
  std::optional<Value> peek(std::string_view key) const;

  //! The value of `key` (marking it accepted); nullopt when missing (reported if required).
  std::optional<Value> get(std::string_view key, Need need = Need::optional);
  //! The nested map at `key`; absent() when missing (reported if required).
  MapReader map(std::string_view key, Need need = Need::optional);
  //! The sequence at `key`, checked for its length; nullopt when missing or invalid.
  std::optional<Value> sequence(std::string_view key, std::size_t min_items, std::size_t max_items,
                                Need need = Need::optional);

  // Typed getters: true when `out` holds a valid value (parsed, or the caller's default when
  // an optional key is missing); false after an error or when a required key is missing.
  bool number(std::string_view key, double& out, const Range& range, Need need = Need::optional);
  //! A plain number only (see read_plain_number).
  bool plain_number(std::string_view key, double& out, const Range& range, std::string_view why,
                    Need need = Need::optional);
  bool integer(std::string_view key, std::int64_t& out, std::int64_t lo, std::int64_t hi, Need need = Need::optional);
  bool integer(std::string_view key, int& out, int lo, int hi, Need need = Need::optional);
  bool unsigned_integer(std::string_view key, std::uint64_t& out, std::uint64_t lo, std::uint64_t hi,
                        Need need = Need::optional);
  bool boolean(std::string_view key, bool& out, Need need = Need::optional);
  //! `check` (if given) validates the text; its message is reported at the value.
  bool string(std::string_view key, std::string& out, Need need = Need::optional, const StringCheck& check = {});
  bool choice(std::string_view key, int& out, const std::vector<std::string>& accepted, Need need = Need::optional);

  //! Marks `key` as accepted without reading it.
  void accept(std::string_view key);
  //! Adds an explanation to the unknown-key error of `key`, should it be present.
  void explain_unknown(std::string_view key, std::string note);

  //! Reports keys present but never asked for: "unknown key; did you mean 'x'? (accepted: ...)"
  //! and keys given twice. Call once, after all getters.
  void finish();

 private:
  MapReader(Diagnostics& diag, Value value, bool present);
  struct Entry {
    std::string key;
    YAML::Mark key_mark;
    Value value;
  };
  const Entry* find(std::string_view key) const;

  Diagnostics& diag_;
  Value value_;
  bool valid_ = false;
  std::vector<Entry> entries_;
  std::vector<std::string> accepted_;
  std::map<std::string, std::string, std::less<>> notes_;
};

}  // namespace pmsim::yaml
