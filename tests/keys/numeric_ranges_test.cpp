// Every numeric key of a complete scenario (tests/corpus/ranges/complete.yaml: every section,
// every contract type) set to extreme values, to the bounds of its range and just past them,
// and to extreme distributions: the result is either a ScenarioError that names the key or a
// run of its replications whose every result is finite; never another exception or a crash.
#include <cmath>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>
#include <gtest/gtest.h>

#include "engine/engine.h"
#include "keys/key_path.h"
#include "keys/scenario_keys.h"
#include "random/draw_errors.h"
#include "scenario/scenario_settings.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

std::string corpus_text(const std::string& name) {
  std::ifstream in(std::string(PMSIM_SOURCE_DIR) + "/tests/corpus/ranges/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

//! The key paths of every number of the resolved scenario, and whether each is an integer.
class NumericKeys : public KeyVisitor {
 public:
  struct Key {
    std::string path;
    bool integer;
  };
  std::vector<Key> keys;

  void begin_map(std::string_view key) override { path_.enter(key); }
  void end_map() override { path_.leave(); }
  void begin_list(std::string_view key, std::size_t) override { path_.enter(key); }
  void end_list() override { path_.leave(); }
  void begin_item(ItemLayout) override { path_.enter_item(); }
  void end_item() override { path_.leave(); }
  void number(std::string_view key, double&) override { keys.push_back({path_.of(key), false}); }
  void numbers(std::string_view key, std::span<double* const> xs) override {
    for (std::size_t i = 0; i < xs.size(); ++i) keys.push_back({index_path(path_.of(key), i), false});
  }
  void number_or_word(std::string_view key, double&, std::string_view, bool) override {
    keys.push_back({path_.of(key), false});
  }
  void by_year(std::string_view, const std::vector<double>&) override {}
  void integer(std::string_view key, std::int64_t) override { keys.push_back({path_.of(key), true}); }
  void unsigned_integer(std::string_view key, std::uint64_t) override { keys.push_back({path_.of(key), true}); }
  void boolean(std::string_view, bool) override {}
  void text(std::string_view, const std::string&) override {}
  void texts(std::string_view, const std::vector<std::string>&) override {}
  void choice(std::string_view, std::string_view) override {}
  void categories(std::string_view, const CategoryFlags&) override {}

 private:
  KeyPath path_;
};

std::string text_of(double x) { return format_number(x); }

//! The bounds a key's out-of-range message states ("must be in [a, b]", "must be > a and <= b").
struct StatedRange {
  double lo, hi;
  bool lo_open, hi_open;
};
std::optional<StatedRange> stated_range(const std::vector<std::string>& messages) {
  static const std::regex closed(R"(must be in \[([^,\]]+), ([^\]]+)\])");
  static const std::regex open(R"(must be (>=|>) (\S+) and (<=|<) (\S+),)");
  for (const std::string& m : messages) {
    std::smatch g;
    if (std::regex_search(m, g, closed)) return StatedRange{std::stod(g[1]), std::stod(g[2]), false, false};
    if (std::regex_search(m, g, open)) return StatedRange{std::stod(g[2]), std::stod(g[4]), g[1] == ">", g[3] == "<"};
  }
  return std::nullopt;
}

//! The values tried at a key: extremes, the bounds of its stated range and just past them, and
//! extreme distributions of a real-valued key.
std::vector<std::string> values_for(const NumericKeys::Key& key, const std::optional<StatedRange>& range) {
  std::vector<std::string> v = {"0", "-1", "1e-300", "1e300", "-1e300"};
  if (key.integer) {
    v.insert(v.end(), {"9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e3"});
  } else {
    for (const char* d :
         {"{distribution: lognormal, mean: 157, sd: 1e300}", "{distribution: gamma, mean: 157, sd: 1e-300}",
          "{distribution: gamma, mean: 1e-300, sd: 1e-298}", "{distribution: normal, mean: 1e300, sd: 1e300}",
          "{distribution: beta, mean: 0.5, sd: 1e-300}", "{distribution: beta, mean: 1e-300, sd: 1e-151}",
          "{distribution: uniform, min: -1e300, max: 1e300}",
          "{distribution: triangular, min: 0, mode: 1e-300, max: 1e-299}",
          "{distribution: lognormal, mean: 1e-300, sd: 1e-299}"})
      v.push_back(d);
  }
  if (range) {
    const double inf = INFINITY;
    const auto inside = [&](double bound, bool open, double toward) {
      return open ? std::nextafter(bound, toward) : bound;
    };
    const double lo = inside(range->lo, range->lo_open, inf), hi = inside(range->hi, range->hi_open, -inf);
    const auto integral = [&](double x) {
      return key.integer ? std::to_string(static_cast<long long>(x)) : text_of(x);
    };
    v.push_back(integral(lo));
    v.push_back(integral(hi));
    v.push_back(key.integer ? std::to_string(static_cast<long long>(range->lo) - 1)
                            : text_of(std::nextafter(lo, -inf)));
    v.push_back(key.integer ? std::to_string(static_cast<long long>(range->hi) + 1) : text_of(std::nextafter(hi, inf)));
  }
  return v;
}

//! A message names the key when it holds the key's path or its parent's (a rule between keys
//! is reported at one of them: "population.age_bands: the shares ... must sum to 1").
bool names_key(const std::vector<std::string>& messages, const std::string& key) {
  const std::string parent = key.substr(0, std::min(key.find_last_of(".["), key.size()));
  for (const std::string& m : messages)
    if (m.find(key) != std::string::npos || m.find(parent) != std::string::npos) return true;
  return false;
}

//! The first result of the run that is not a finite number, or "".
std::string first_non_finite(const RunResults& r) {
  const auto check = [](const std::vector<Metric>& metrics, const std::string& where) -> std::string {
    for (const Metric& m : metrics)
      for (double x : m.values.values)
        if (!std::isfinite(x)) return where + m.name + " = " + text_of(x);
    return "";
  };
  for (const ContractResults& c : r.contracts)
    if (std::string bad = check(c.metrics, c.name + "."); !bad.empty()) return bad;
  return check(r.population, "population.");
}

//! What setting `key` to `value` ends in: "" when it is a clear error or a finite run.
std::string outcome(const std::string& text, const std::string& key, const std::string& value) {
  const std::string where = key + "=" + value + ": ";
  std::optional<Scenario> s;
  try {
    s = parse_scenario_with_settings(text, "complete.yaml", {{key, value}});
  } catch (const ScenarioError& e) {
    return names_key(e.messages(), key) ? "" : where + "the error does not name the key: " + e.what();
  } catch (const std::exception& e) {
    return where + "an exception other than ScenarioError: " + e.what();
  }
  try {
    const RunResults results = run_simulation(Simulation(*s));
    const std::string bad = first_non_finite(results);
    return bad.empty() ? "" : where + "a result is not finite: " + bad;
  } catch (const std::exception& e) {
    return where + "the run threw: " + e.what();
  }
}

TEST(NumericRanges, EveryKeyGivesAClearErrorOrFiniteResults) {
  const std::string text = corpus_text("complete.yaml");
  Scenario nominal = parse_scenario(text, "complete.yaml");
  NumericKeys walk;
  walk_scenario(nominal, walk);
  ASSERT_GT(walk.keys.size(), 100u);
  std::vector<std::string> failures;
  std::size_t runs = 0;
  for (const NumericKeys::Key& key : walk.keys) {
    std::optional<StatedRange> range;
    for (const char* far : {"1e300", "-1e300"}) {
      try {
        parse_scenario_with_settings(text, "complete.yaml", {{key.path, far}});
      } catch (const ScenarioError& e) {
        if (!range) range = stated_range(e.messages());
      }
    }
    for (const std::string& value : values_for(key, range)) {
      ++runs;
      if (std::string problem = outcome(text, key.path, value); !problem.empty()) failures.push_back(problem);
    }
  }
  RecordProperty("keys", static_cast<int>(walk.keys.size()));
  RecordProperty("settings", static_cast<int>(runs));
  std::string all;
  for (const std::string& f : failures) all += f + "\n";
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << runs << " settings:\n" << all;
}

//! The reproducers of issue 12, each a file of tests/corpus/ranges: a clear error naming the key.
TEST(NumericRanges, ReproducersAreClearErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"lognormal_sd_1e300.yaml", "contracts[1].pmpm"},
      {"gamma_sd_1e-300.yaml", "contracts[1].pmpm"},
      {"frailty_shape_1e-300.yaml", "population.frailty.shape"},
      {"persistence_near_1.yaml", "population.frailty.persistence"},
      {"gamma_draws_zero.yaml", "population.age_bands[0].utilization"},
  };
  for (const auto& [file, key] : cases) {
    SCOPED_TRACE(file);
    try {
      parse_scenario(corpus_text(file), file);
      ADD_FAILURE() << "accepted";
    } catch (const ScenarioError& e) {
      ASSERT_EQ(e.messages().size(), 1u) << e.what();
      EXPECT_NE(e.messages()[0].find(std::string(file) + ":"), std::string::npos) << e.what();
      EXPECT_NE(e.messages()[0].find(std::string(": ") + key + ": "), std::string::npos) << e.what();
    }
  }
}

//! Each multiplier within its key's range, their product not: the run stops at the first such
//! member-year with the category named, rather than draw a count that wraps around 32 bits.
TEST(NumericRanges, AProductOfMultipliersBeyondTheSamplersLimitStopsTheRun) {
  const Scenario s = parse_scenario(corpus_text("multipliers_product.yaml"), "multipliers_product.yaml");
  try {
    run_simulation(Simulation(s));
    ADD_FAILURE() << "the run finished";
  } catch (const CountBeyondLimitError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("the expected count of services.primary_care is "), std::string::npos) << message;
    EXPECT_NE(message.find(", beyond 1e+06 a member-year"), std::string::npos) << message;
    EXPECT_NE(message.find("replication "), std::string::npos) << message;
  }
  // The band's multiplier 0.001 instead of 100: a mean of 1000 x 0.001 x 100 = 100 times the
  // frailty factor, far inside the limit: the run finishes, every result finite.
  std::string text = corpus_text("multipliers_product.yaml");
  text.replace(text.find("utilization: 100}]"), 18, "utilization: 0.001}]");
  const RunResults results = run_simulation(Simulation(parse_scenario(text, "within.yaml")));
  EXPECT_EQ(first_non_finite(results), "");
}

}  // namespace
}  // namespace pmsim
