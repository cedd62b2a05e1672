#pragma once
//! \file key_reader.h
//! Reading the keys of one map of a scenario file, whatever its format: the interface each
//! contract type reads its terms through (contracts/<type>.cpp), so that only the scenario
//! layer knows the file format (its YAML implementation: scenario/yaml_key_reader.h).
//!
//! The rules are those of the scenario parser: every problem is recorded as a message at the
//! value's position and reading goes on; nothing throws. A getter that fails records an error,
//! leaves its output alone and returns false. Every key asked for (found or not) becomes an
//! accepted key; finish() reports the others as unknown.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/categories.h"

namespace pmsim {

struct EpisodeDefinition;

//! Accepted interval of a number. Bounds are finite.
struct ValueRange {
  double lo = 0.0;
  double hi = 0.0;
  bool lo_open = false;
  bool hi_open = false;

  static ValueRange closed(double lo, double hi) { return {lo, hi, false, false}; }
  //! (lo, hi]
  static ValueRange above(double lo, double hi) { return {lo, hi, true, false}; }
  //! [lo, hi)
  static ValueRange below(double lo, double hi) { return {lo, hi, false, true}; }

  bool contains(double x) const;
  //! "in [0, 1]", "> 0 and <= 1000", ">= 0 and < 1".
  std::string describe() const;
};

//! Shortest decimal text that reads back as exactly `x` (std::to_chars), with the exponent, if
//! any, written without '+' or leading zeros ("1e7", "5e-324"): numbers in messages.
std::string format_number(double x);

enum class Need { optional, required };

//! How far from 1 shares that must add up to 1 may be.
inline constexpr double kShareTolerance = 1e-6;
//! Why a share cannot be a distribution or a schedule (the `why` of a plain number).
inline constexpr std::string_view kSumsToOne =
    "(the shares of a group add up to a total, so one cannot vary on its own)";

//! Returns an error message for an unacceptable string, or an empty string.
using StringCheck = std::function<std::string(const std::string&)>;

//! What a key's value is, before reading it as one thing or another.
enum class ValueShape { missing, empty, scalar, sequence, map };

//! Whether a set of categories may be empty, and what its absence means.
enum class CategoriesDefault {
  all,   //!< absent: every category; an empty list is refused
  none,  //!< absent: no category; an empty list is accepted
};

//! What the quality section simulates, which some contract terms need.
enum class QualityOutcome { screening, control, avoidable_admissions };

class KeyList;

//! The keys of one map.
class KeyReader {
 public:
  virtual ~KeyReader() = default;

  // ---- the map ----
  //! False when the map is absent or not a map (reported): every getter then returns false.
  virtual bool valid() const = 0;
  virtual const std::string& path() const = 0;
  virtual bool has(std::string_view key) const = 0;
  //! The shape of `key`'s value (missing when absent); accepts nothing.
  virtual ValueShape shape(std::string_view key) const = 0;
  //! `key`'s value as written when it is a scalar, else "": to quote it in a message.
  virtual std::string text(std::string_view key) const = 0;
  //! What `key`'s value is, for "expected X, got Y": "a map", "a sequence", "an empty
  //! value", or the scalar in quotes.
  virtual std::string describe(std::string_view key) const = 0;

  // ---- typed getters: true when `out` holds a valid value (read, or the caller's default
  // when an optional key is missing); false after an error or when a required key is missing.
  //! A number in `range`, or a map the scenario layer reads as one: a distribution, or for
  //! contract terms a schedule by performance year.
  virtual bool number(std::string_view key, double& out, const ValueRange& range, Need need = Need::optional) = 0;
  //! A plain number only, for numbers tied to others by a constraint; `why` says so.
  virtual bool plain_number(std::string_view key, double& out, const ValueRange& range, std::string_view why,
                            Need need = Need::optional) = 0;
  virtual bool integer(std::string_view key, int& out, int lo, int hi, Need need = Need::optional) = 0;
  virtual bool boolean(std::string_view key, bool& out, Need need = Need::optional) = 0;
  //! `check` (if given) validates the text; its message is reported at the value.
  virtual bool string(std::string_view key, std::string& out, Need need = Need::optional,
                      const StringCheck& check = {}) = 0;
  //! One of `accepted`; `out` is its index.
  virtual bool choice(std::string_view key, int& out, const std::vector<std::string>& accepted,
                      Need need = Need::optional) = 0;
  //! A number in [0, 1], or the word `word` in its place (which sets `is_word` and leaves
  //! `rate`). Nothing happens when the key is absent.
  virtual void number_or_word(std::string_view key, const std::string& word, double& rate, bool& is_word) = 0;
  //! A set of service categories: `all` or a list of distinct category names (absent: as
  //! `empty` says). False after an error.
  virtual bool categories(std::string_view key, CategoryFlags& out, CategoriesDefault empty) = 0;

  // ---- nested values ----
  //! The map at `key`; an invalid reader when absent (reported if required) or not a map.
  virtual std::unique_ptr<KeyReader> map(std::string_view key, Need need = Need::optional) = 0;
  //! The sequence at `key`, checked for its length; null when absent or invalid (reported).
  virtual std::unique_ptr<KeyList> list(std::string_view key, std::size_t min_items, std::size_t max_items,
                                        Need need = Need::optional) = 0;

  // ---- keys ----
  //! Marks `key` as accepted without reading it.
  virtual void accept(std::string_view key) = 0;
  //! Adds an explanation to the unknown-key error of `key`, should it be present (the last
  //! explanation given for a key is the one used).
  virtual void explain_unknown(std::string_view key, std::string note) = 0;
  //! Reports keys present but never asked for, with a did-you-mean suggestion. Call once,
  //! after all getters.
  virtual void finish() = 0;

  // ---- errors ----
  //! Reports `message` at `key`'s value (accepting the key), or at the map when it is absent.
  virtual void error_at(std::string_view key, std::string_view message) = 0;
  //! Reports `message` at the map.
  virtual void error(std::string_view message) = 0;
  //! Errors reported so far in the whole file.
  virtual std::size_t error_count() const = 0;

  // ---- the rest of the scenario, which some keys are checked against ----
  //! simulation.years (its default until read).
  virtual int years() const = 0;
  //! simulation.baseline_years, when valid.
  virtual std::optional<int> baseline_years() const = 0;
  //! `key`: "" (none) or the name of a condition of population.conditions. False after an error.
  virtual bool condition_name(std::string_view key, std::string& out) = 0;
  //! `key`: "" (none) or the name of one of the admission_types. False after an error.
  virtual bool admission_type_name(std::string_view key, std::string& out) = 0;
  //! The valid names of the payers section, in file order.
  virtual const std::vector<std::string>& payer_names() const = 0;
  //! Reports "`what` needs <the quality setting>" at `key`'s value when the quality section
  //! does not simulate `outcome` (nothing when unknown after an error there).
  virtual void require_simulated(QualityOutcome outcome, std::string_view key, const std::string& what) = 0;
  //! Counts a per-member amount given at `key` (a truncation or stop-loss attachment, or a
  //! truncation `percentile` the engine resolves into one) against the engine's limit of
  //! distinct amounts per scenario; reports it at `key` when it is one too many.
  virtual void count_member_amount(std::string_view key, double amount, bool percentile) = 0;
  //! Counts the episode definition of the contract being read, given at `key`, against the
  //! engine's limit of distinct episodes per scenario; reports it when it is one too many.
  virtual void count_episode(std::string_view key, const EpisodeDefinition& episode) = 0;
};

//! The items of one sequence.
class KeyList {
 public:
  virtual ~KeyList() = default;

  virtual std::size_t size() const = 0;
  //! Item `index` as a map (reported if it is not one).
  virtual std::unique_ptr<KeyReader> map_item(std::size_t index) = 0;
  virtual bool number_item(std::size_t index, double& out, const ValueRange& range) = 0;
  virtual bool plain_number_item(std::size_t index, double& out, const ValueRange& range, std::string_view why) = 0;
  virtual bool string_item(std::size_t index, std::string& out) = 0;
  //! Reports `message` at the sequence.
  virtual void error(std::string_view message) = 0;
  //! Reports `message` at item `index`.
  virtual void error_at(std::size_t index, std::string_view message) = 0;
};

}  // namespace pmsim
