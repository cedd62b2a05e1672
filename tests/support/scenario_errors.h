#pragma once
// The scenario parser's error messages, matched by key path and message; the position each
// gives is checked against the node its path names in the text parsed (the key, for an
// unknown or duplicate key; else the value, or the key of an empty value), so that no test
// depends on a fixture's line numbers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario/scenario_yaml.h"
#include "yaml_document.h"

namespace pmsim::testing {

//! One message expected: its key path and the text after it.
struct ExpectedError {
  std::string path;
  std::string message;
};

inline std::ostream& operator<<(std::ostream& out, const ExpectedError& e) {
  return out << e.path << ": " << e.message;
}

//! The messages of parsing `text` as "s.yaml" (empty if it parses).
inline std::vector<std::string> errors_of(const std::string& text) {
  try {
    parse_scenario(text, "s.yaml");
  } catch (const ScenarioError& e) {
    return e.messages();
  }
  return {};
}

//! Where an error about `e` is reported in `text`.
inline TextPosition expected_position(const std::string& text, const ExpectedError& e) {
  const bool about_the_key = e.message.rfind("unknown key", 0) == 0 || e.message.rfind("duplicate key", 0) == 0;
  return position_in(text, e.path, about_the_key ? At::key : At::value);
}

//! The message "s.yaml:LINE:COLUMN: PATH: MESSAGE" that reports `e` in `text`.
inline std::string reported(const std::string& text, const ExpectedError& e) {
  const TextPosition at = expected_position(text, e);
  return "s.yaml:" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + e.path + ": " + e.message;
}

//! Parsing `text` fails with exactly these errors, in this order, each at its key path's node.
inline void expect_errors(const std::string& text, const std::vector<ExpectedError>& expected) {
  std::vector<std::string> messages;
  for (const auto& e : expected) messages.push_back(reported(text, e));
  EXPECT_EQ(errors_of(text), messages) << text;
}

//! Parsing `text` fails with exactly one error: `message` about `path`, at its node.
inline void expect_error(const std::string& text, const std::string& path, const std::string& message) {
  expect_errors(text, {{path, message}});
}

//! Parsing `text` gives no error.
inline void expect_valid(const std::string& text) { EXPECT_EQ(errors_of(text), std::vector<std::string>{}) << text; }

}  // namespace pmsim::testing
