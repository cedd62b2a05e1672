// The YAML front end (scenario/yaml_front_end.h): every text pmsim reads as YAML is bounded
// in size, depth and nodes, checked for its encoding and line breaks, read as one document,
// without tags or aliases; each problem one message with its position. One test per class.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "sanitized.h"
#include "scenario/scenario_settings.h"
#include "scenario/scenario_yaml.h"
#include "scenario_errors.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::edit;
using testing::errors_of;

const std::string kMinimal = testing::minimal_scenario().text();
// An error the schema reports in kMinimal's text at line 4, column 9 ("size: 0"); its text
// (the accepted range) is the schema's business, read from the LF text.
const std::string kBadSize = edit(kMinimal, "size: 100", "size: 0");
const std::string kBadSizeMessage = errors_of(kBadSize).at(0);
// The line after kMinimal's last.
const std::string kAfterLast = std::to_string(std::count(kMinimal.begin(), kMinimal.end(), '\n') + 1);

std::string replaced_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::string nested_flow(int levels) {
  return "simulation: " + std::string(levels, '[') + std::string(levels, ']') + "\n";
}

TEST(YamlFrontEnd, SizeIsLimitedBeforeParsing) {
  ASSERT_EQ(kBadSizeMessage.rfind("s.yaml:4:9: population.size: ", 0), 0u) << kBadSizeMessage;
  const std::size_t limit = 1024 * 1024;
  std::string at_limit = kMinimal + "#";
  at_limit += std::string(limit - at_limit.size(), 'x');
  EXPECT_EQ(errors_of(at_limit), std::vector<std::string>{});
  EXPECT_EQ(errors_of(at_limit + "x"),
            std::vector<std::string>{"s.yaml: the file is 1048577 bytes; a scenario file may have at most 1 MiB "
                                     "(1048576 bytes)"});
}

TEST(YamlFrontEnd, OnlyUtf8TextIsRead) {
  const std::string with_nul = edit(kMinimal, "  name: minimal", "  name: minimal # a NUL: " + std::string(1, '\0'));
  EXPECT_EQ(errors_of(with_nul), std::vector<std::string>{"s.yaml:2:26: a NUL byte; a scenario file is text (tab, "
                                                          "line breaks and printable characters)"});
  EXPECT_EQ(errors_of(edit(kMinimal, "population:", "population: # \x1b")),
            std::vector<std::string>{"s.yaml:3:15: the control character 0x1B; a scenario file is text (tab, line "
                                     "breaks and printable characters)"});
  EXPECT_EQ(errors_of(edit(kMinimal, "population:", "population: # caf\xe9")),
            std::vector<std::string>{"s.yaml:3:18: invalid UTF-8 (byte 0xE9); save the file as UTF-8"});
  EXPECT_EQ(errors_of(edit(kMinimal, "population:", "population: # \xed\xa0\x80")),  // a surrogate
            std::vector<std::string>{"s.yaml:3:15: invalid UTF-8 (byte 0xED); save the file as UTF-8"});
  // UTF-8 text, a tab and a BOM are fine; the BOM moves nothing.
  EXPECT_EQ(errors_of(edit(kMinimal, "population:", "population: #\tcaf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80")),
            std::vector<std::string>{});
  EXPECT_EQ(errors_of("\xEF\xBB\xBF" + kBadSize), std::vector<std::string>{kBadSizeMessage});
  // UTF-16 and UTF-32, with a BOM or (ASCII first) without one.
  std::string utf16le;
  for (const char c : kMinimal) utf16le += std::string{c, '\0'};
  std::string utf16be;
  for (const char c : kMinimal) utf16be += std::string{'\0', c};
  const std::vector<std::string> utf16 = {"s.yaml:1:1: the file is UTF-16; save it as UTF-8"};
  EXPECT_EQ(errors_of(utf16le), utf16);
  EXPECT_EQ(errors_of(utf16be), utf16);
  EXPECT_EQ(errors_of("\xFF\xFE" + utf16le), utf16);
  EXPECT_EQ(errors_of("\xFE\xFF" + utf16be), utf16);
  EXPECT_EQ(errors_of(std::string("\xFF\xFE\0\0a\0\0\0", 8)),
            std::vector<std::string>{"s.yaml:1:1: the file is UTF-32; save it as UTF-8"});
}

TEST(YamlFrontEnd, CrAndCrLfAreLineBreaks) {
  const Scenario lf = parse_scenario(kMinimal, "s.yaml");
  EXPECT_EQ(parse_scenario(replaced_all(kMinimal, "\n", "\r"), "s.yaml"), lf);
  EXPECT_EQ(parse_scenario(replaced_all(kMinimal, "\n", "\r\n"), "s.yaml"), lf);
  EXPECT_EQ(errors_of(replaced_all(kBadSize, "\n", "\r")), std::vector<std::string>{kBadSizeMessage});
  EXPECT_EQ(errors_of(replaced_all(kBadSize, "\n", "\r\n")), std::vector<std::string>{kBadSizeMessage});
}

TEST(YamlFrontEnd, OneDocumentAndNoLoop) {
  EXPECT_EQ(errors_of(","), std::vector<std::string>{"s.yaml:1:1: YAML syntax error: unexpected ','"});
  const std::string second =
      "s.yaml:" + kAfterLast + ":1: a second YAML document starts here; a scenario file holds one document";
  ASSERT_EQ(kMinimal.back(), '\n');
  EXPECT_EQ(errors_of(kMinimal + "---\n,\n"), std::vector<std::string>{second});
  EXPECT_EQ(errors_of(kMinimal + "---\n" + kMinimal), std::vector<std::string>{second});
  // After an end marker, the second document (or the stray token) is on the next line.
  const std::string next = std::to_string(std::stoi(kAfterLast) + 1);
  EXPECT_EQ(errors_of(kMinimal + "...\n" + kMinimal),
            std::vector<std::string>{"s.yaml:" + next +
                                     ":1: a second YAML document starts here; a scenario file "
                                     "holds one document"});
  EXPECT_EQ(errors_of(kMinimal + "...\n,\n"),
            std::vector<std::string>{"s.yaml:" + next + ":1: YAML syntax error: unexpected ','"});
  // An end marker alone is one document; comments alone are none.
  EXPECT_EQ(errors_of(kMinimal + "...\n"), std::vector<std::string>{});
  const std::vector<std::string> empty = {
      "s.yaml: empty document; expected a map with the required keys simulation, "
      "population, services and contracts"};
  EXPECT_EQ(errors_of("# nothing\n"), empty);
  EXPECT_EQ(errors_of(""), empty);
}

TEST(YamlFrontEnd, DepthIsLimited) {
  // 64 levels (the root map and 63 sequences) reach the schema, which wants a map; 65 and
  // 3,001 stop at the 65th.
  EXPECT_EQ(errors_of(nested_flow(63)), errors_of("simulation: []\n"));
  const std::string too_deep = "s.yaml:1:76: maps and sequences nested more than 64 levels deep";
  EXPECT_EQ(errors_of(nested_flow(64)), std::vector<std::string>{too_deep});
  EXPECT_EQ(errors_of(nested_flow(3000)), std::vector<std::string>{too_deep});
  std::string block;
  for (int level = 0; level < 1000; ++level) block += std::string(level, ' ') + "k:\n";
  EXPECT_EQ(errors_of(block),
            std::vector<std::string>{"s.yaml:65:65: maps and sequences nested more than 64 levels deep"});
}

TEST(YamlFrontEnd, TagsAreRejected) {
  const auto tagged = [](const std::string& value) { return errors_of(edit(kMinimal, "size: 100", "size: " + value)); };
  const auto rejected = [](const std::string& tag) {
    return std::vector<std::string>{"s.yaml:4:9: a YAML tag (" + tag +
                                    "): tags are not accepted; write the value "
                                    "without it"};
  };
  EXPECT_EQ(tagged("!!str 100"), rejected("!!str"));
  EXPECT_EQ(tagged("!!int 100"), rejected("!!int"));
  EXPECT_EQ(tagged("!foo 100"), rejected("!foo"));
  EXPECT_EQ(tagged("! 100"), rejected("!"));
  EXPECT_EQ(tagged("!<tag:yaml.org,2002:int> 100"), rejected("!<tag:yaml.org"));
  EXPECT_EQ(tagged("!!str"), rejected("!!str"));  // an empty value, tagged
  EXPECT_EQ(errors_of(edit(kMinimal, "population:", "population: !!map")),
            (std::vector<std::string>{"s.yaml:3:13: a YAML tag (!!map): tags are not accepted; write the value "
                                      "without it"}));
  // A quoted scalar is not tagged (yaml-cpp marks it "!").
  EXPECT_EQ(tagged("'100'"),
            std::vector<std::string>{"s.yaml:4:9: population.size: expected an integer, got the quoted string '100'"});
}

TEST(YamlFrontEnd, AnchorsAndAliasesAreRejected) {
  // Nine levels of ten aliases would expand to 10^9 nodes; the walk never starts.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    const std::string below = "*" + std::string(1, static_cast<char>(level - 1));
    bomb += std::string(1, level) + ": &" + std::string(1, level) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", " : "") + below;
    bomb += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::string> errors = errors_of(bomb);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            pmsim::testing::time_limit(1.0));
  ASSERT_EQ(errors.size(), 11u);
  EXPECT_EQ(errors[0], "s.yaml:1:4: an anchor (&a): anchors and aliases are not accepted; write the value out");
  EXPECT_EQ(errors[2], "s.yaml:2:8: an alias (*a): anchors and aliases are not accepted; write the value out");
  EXPECT_EQ(errors[10], "s.yaml:2:40: too many errors; stopped reading");
}

TEST(YamlFrontEnd, NodesAreLimited) {
  std::string many = "simulation: [";
  for (int k = 0; k < 100'000; ++k) many += "1,";
  many += "]\n";
  EXPECT_EQ(errors_of(many),
            std::vector<std::string>{"s.yaml:1:200008: more than 100000 values (maps, sequences and scalars)"});
}

TEST(YamlFrontEnd, SettingsReadTheFileThroughTheFrontEnd) {
  const auto errors_with_settings = [](const std::string& text) {
    try {
      parse_scenario_with_settings(text, "s.yaml", {{"population.size", "200"}});
    } catch (const ScenarioError& e) {
      return e.messages();
    }
    return std::vector<std::string>{};
  };
  EXPECT_EQ(errors_with_settings(","), errors_of(","));
  EXPECT_EQ(errors_with_settings(edit(kMinimal, "size: 100", "size: !!str 100")),
            errors_of(edit(kMinimal, "size: 100", "size: !!str 100")));
  EXPECT_EQ(errors_with_settings(replaced_all(kMinimal, "\n", "\r")), std::vector<std::string>{});
}

}  // namespace
}  // namespace pmsim
