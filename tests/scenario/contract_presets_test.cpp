// Program presets (`preset:`) and included files (`include:`) of contracts: every preset is a
// valid contract with the terms its comments state; the contract's own keys override it key by
// key; and a problem in a value the contract did not write is reported at its `preset` or
// `include` line, naming where the value came from.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/scenario.h"
#include "contracts/bundled_payment.h"
#include "contracts/shared_savings.h"
#include "scenario/contract_fragments.h"
#include "scenario/program_presets.h"
#include "scenario/scenario_yaml.h"
#include "scenario_errors.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

using testing::errors_of;

//! minimal_scenario() with 3 baseline years (the programs' benchmarks and targets weigh three)
//! and `contracts` as given.
std::string with_contracts(const std::string& contracts, int baseline_years = 3) {
  return testing::minimal_scenario()
      .with("simulation.baseline_years", std::to_string(baseline_years))
      .with("simulation.warmup_years", "2")
      .with("population.size", "20000")
      .with("contracts", contracts)
      .text();
}

//! "s.yaml:LINE:COLUMN: " of the first occurrence of `needle` in `text` (1-based).
std::string at(const std::string& text, const std::string& needle) {
  const std::size_t pos = text.find(needle);
  EXPECT_NE(pos, std::string::npos) << needle;
  const std::size_t line_start = text.rfind('\n', pos) == std::string::npos ? 0 : text.rfind('\n', pos) + 1;
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n');
  return "s.yaml:" + std::to_string(line) + ":" + std::to_string(pos - line_start + 1) + ": ";
}

TEST(ContractPresets, EveryPresetIsAValidContract) {
  ASSERT_GE(program_presets().size(), 11u);
  for (const ProgramPreset& p : program_presets()) {
    SCOPED_TRACE(p.name);
    const std::string extra = p.name.starts_with("team") ? ", episode: {trigger_probability: 0.05}" : "";
    const std::vector<std::string> errors = errors_of(with_contracts("[{name: c, preset: " + p.name + extra + "}]"));
    EXPECT_TRUE(errors.empty()) << errors.front();
    // Each names its sources and the rule it follows.
    EXPECT_NE(p.text.find("Sources:"), std::string::npos);
  }
}

TEST(ContractPresets, TheProgramsTermsAreThoseOfTheirRules) {
  const Scenario s =
      parse_scenario(with_contracts("[{name: a, preset: mssp_basic_a}, {name: e, preset: mssp_basic_e}, "
                                    "{name: enh, preset: mssp_enhanced}, {name: g, preset: reach_global}, "
                                    "{name: t2, preset: team_track_2, episode: {trigger_probability: 0.05}}]"),
                     "s.yaml");
  const auto& a = s.contracts[0].as<SharedSavingsTerms>();
  EXPECT_EQ(a.sharing_rate, 0.4);
  EXPECT_TRUE(a.msr_size_based);
  EXPECT_EQ(a.savings_cap, 0.10);
  EXPECT_EQ(a.truncation_percentile, 0.99);
  EXPECT_EQ(a.benchmark.baseline_weights, (std::vector<double>{0.1, 0.3, 0.6}));
  EXPECT_EQ(a.benchmark.agreement_years, 5);
  const auto& e = s.contracts[1].as<SharedRiskTerms>();
  EXPECT_EQ(e.sharing_rate, 0.5);
  EXPECT_EQ(e.loss_sharing_rate, 0.3);
  EXPECT_EQ(e.loss_cap_revenue, 0.08);
  EXPECT_EQ(e.loss_cap_benchmark, 0.04);
  const auto& enh = s.contracts[2].as<SharedRiskTerms>();
  EXPECT_EQ(enh.sharing_rate, 0.75);
  EXPECT_TRUE(enh.loss_rate_from_quality);
  EXPECT_EQ(enh.loss_rate_min, 0.4);
  EXPECT_EQ(enh.loss_rate_max, 0.75);
  EXPECT_EQ(enh.loss_cap_benchmark, 0.15);
  const auto& g = s.contracts[3].as<SharedRiskTerms>();
  EXPECT_EQ(g.benchmark.discount, 0.04);
  EXPECT_EQ(g.quality_withhold, 0.02);
  ASSERT_EQ(g.corridors.size(), 4u);
  EXPECT_EQ(g.corridors[1].from, 0.25);
  EXPECT_EQ(g.corridors[1].rate, 0.5);
  const auto& t2 = s.contracts[4].as<BundleTerms>();
  EXPECT_EQ(t2.stop_gain, 0.10);
  EXPECT_EQ(t2.stop_loss, 0.10);
  EXPECT_EQ(t2.episode.window_days, 30);
  EXPECT_EQ(t2.episode.trigger_probability, 0.05);
  EXPECT_EQ(t2.discount, 0.02);
}

TEST(ContractPresets, TheContractsKeysOverrideThePresetKeyByKey) {
  const Scenario s = parse_scenario(with_contracts("- name: c\n"
                                                   "  preset: mssp_enhanced\n"
                                                   "  sharing_rate: 0.6\n"
                                                   "  minimum_savings_rate: 0.01\n"
                                                   "  benchmark: {trend: 0.04}\n"
                                                   "  loss_sharing_bounds: [0.3, 0.6]\n"),
                                    "s.yaml");
  const auto& t = s.contracts[0].as<SharedRiskTerms>();
  EXPECT_EQ(t.sharing_rate, 0.6);
  EXPECT_FALSE(t.msr_size_based);
  EXPECT_EQ(t.minimum_savings_rate, 0.01);
  EXPECT_TRUE(t.mlr_size_based);  // not overridden
  // A map merges key by key: the preset's benchmark with the contract's trend.
  EXPECT_EQ(t.benchmark.trend, 0.04);
  EXPECT_EQ(t.benchmark.baseline_weights, (std::vector<double>{0.1, 0.3, 0.6}));
  EXPECT_EQ(t.benchmark.agreement_years, 5);
  // A list is replaced whole.
  EXPECT_EQ(t.loss_rate_min, 0.3);
  EXPECT_EQ(t.loss_rate_max, 0.6);
  // The resolved scenario holds every term and no preset: it reads back the same.
  const std::string resolved = to_yaml(s);
  EXPECT_EQ(resolved.find("preset"), std::string::npos);
  EXPECT_EQ(parse_scenario(resolved, "s.yaml"), s);
}

TEST(ContractPresets, AMapOfAnotherMethodReplacesThePresetsWhole) {
  // TEAM's target is historical with a discount; a fixed target has no discount.
  const Scenario s =
      parse_scenario(with_contracts("[{name: t, preset: team_track_3, episode: {trigger_probability: 0.1}, "
                                    "target: {method: fixed, price: 30000}}]"),
                     "s.yaml");
  const auto& t = s.contracts[0].as<BundleTerms>();
  EXPECT_EQ(t.target_method, TargetMethod::fixed);
  EXPECT_EQ(t.target_price, 30000);
  EXPECT_EQ(t.episode.window_days, 30);
  EXPECT_EQ(t.stop_gain, 0.20);
}

TEST(ContractPresets, ABadPresetNameOrTypeIsAnError) {
  std::string text = with_contracts("[{name: c, preset: mssp_enhancd}]");
  EXPECT_EQ(errors_of(text),
            (std::vector<std::string>{
                at(text, "mssp_enhancd") +
                "contracts[0].preset: no preset 'mssp_enhancd'; did you mean 'mssp_enhanced'? (presets: "
                "mssp_basic_a, mssp_basic_b, mssp_basic_c, mssp_basic_d, mssp_basic_e, mssp_enhanced, "
                "reach_global, reach_professional, team_track_1, team_track_2, team_track_3; `pmsim "
                "presets` lists them with their terms)"}));
  text = with_contracts("[{name: c, type: shared_savings, preset: mssp_basic_c}]");
  EXPECT_EQ(errors_of(text), (std::vector<std::string>{at(text, "shared_savings") +
                                                       "contracts[0].type: 'shared_savings' differs from the type of "
                                                       "preset 'mssp_basic_c' ('shared_risk'): leave type out, the "
                                                       "preset sets it"}));
  // The same type is no conflict.
  EXPECT_TRUE(errors_of(with_contracts("[{name: c, type: shared_risk, preset: mssp_basic_c}]")).empty());
  text = with_contracts("[{name: c, preset: mssp_basic_c, include: terms.yaml}]");
  EXPECT_EQ(errors_of(text), (std::vector<std::string>{at(text, "terms.yaml") +
                                                       "contracts[0].include: give preset or include, not both (an "
                                                       "included file may name a preset)"}));
  // A misspelt key is still unknown, with the new keys among the accepted ones.
  text = with_contracts("[{name: c, presets: mssp_basic_c}]");
  const auto errors = errors_of(text);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.back().find("did you mean 'preset'?"), std::string::npos) << errors.back();
}

TEST(ContractPresets, AProblemOfAPresetsValueIsReportedAtThePresetNamingIt) {
  // The MSSP benchmark weighs three baseline years; this scenario has two.
  const std::string text = with_contracts("[{name: c, preset: mssp_basic_a}]", 2);
  const auto errors = errors_of(text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(at(text, "mssp_basic_a") + "contracts[0].benchmark.baseline_weights: ", 0), 0u)
      << errors[0];
  EXPECT_TRUE(errors[0].ends_with(" (from preset 'mssp_basic_a')")) << errors[0];
  // Overriding the value is the remedy.
  EXPECT_TRUE(
      errors_of(with_contracts("[{name: c, preset: mssp_basic_a, benchmark: {baseline_weights: []}}]", 2)).empty());
}

class IncludedFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("pmsim_include_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "terms");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  //! The messages of parsing `text` as the scenario file s.yaml of the directory.
  std::vector<std::string> errors(const std::string& text) {
    try {
      parse_scenario(text, (dir_ / "s.yaml").string());
    } catch (const ScenarioError& e) {
      return e.messages();
    }
    return {};
  }
  std::string path(const std::string& name) const { return (dir_ / name).lexically_normal().string(); }
  std::filesystem::path dir_;
};

TEST_F(IncludedFiles, AFileOfContractKeysMergesUnderTheContractsOwn) {
  write("terms/aco.yaml", "# our ACO's terms\npreset: mssp_basic_e\nsharing_rate: 0.45\nbenchmark: {trend: 0.02}\n");
  const Scenario s = parse_scenario(
      with_contracts("[{name: c, include: terms/aco.yaml, loss_cap_revenue: 0.05, benchmark: {trend: 0.03}}]"),
      (dir_ / "s.yaml").string());
  const auto& t = s.contracts[0].as<SharedRiskTerms>();
  EXPECT_EQ(t.loss_cap_revenue, 0.05);    // the contract's
  EXPECT_EQ(t.benchmark.trend, 0.03);     // the contract's over the file's
  EXPECT_EQ(t.sharing_rate, 0.45);        // the file's over the preset's
  EXPECT_EQ(t.loss_cap_benchmark, 0.04);  // the preset's
  EXPECT_EQ(t.benchmark.agreement_years, 5);
}

TEST_F(IncludedFiles, ProblemsNameTheFileAndLine) {
  write("bad.yaml", "type: shared_risk\nsharing_rate: 1.5\n");
  std::string text = with_contracts("[{name: c, include: bad.yaml}]");
  EXPECT_EQ(errors(text), (std::vector<std::string>{path("s.yaml") + at(text, "bad.yaml").substr(6) +
                                                    "contracts[0].sharing_rate: must be in [0, 1], got 1.5 (from " +
                                                    path("bad.yaml") + ":2:15)"}));
  write("syntax.yaml", "type: [shared_risk\n");
  text = with_contracts("[{name: c, include: syntax.yaml}]");
  auto e = errors(text);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0], path("s.yaml") + at(text, "syntax.yaml").substr(6) + "contracts[0].include: the included file " +
                      path("syntax.yaml") + " has problems (below)");
  EXPECT_EQ(e[1].rfind(path("syntax.yaml") + ":", 0), 0u) << e[1];
  text = with_contracts("[{name: c, include: missing.yaml}]");
  EXPECT_EQ(errors(text), (std::vector<std::string>{path("s.yaml") + at(text, "missing.yaml").substr(6) +
                                                    "contracts[0].include: cannot read " + path("missing.yaml") +
                                                    ": No such file or directory"}));
  write("nested.yaml", "include: bad.yaml\n");
  text = with_contracts("[{name: c, include: nested.yaml}]");
  EXPECT_EQ(errors(text), (std::vector<std::string>{path("s.yaml") + at(text, "nested.yaml").substr(6) +
                                                    "contracts[0].include: " + path("nested.yaml") +
                                                    ":1:10: an included file may not include another (it may name "
                                                    "a preset)"}));
  write("typed.yaml", "preset: mssp_basic_c\ntype: shared_savings\n");
  text = with_contracts("[{name: c, include: typed.yaml}]");
  EXPECT_EQ(errors(text), (std::vector<std::string>{path("s.yaml") + at(text, "typed.yaml").substr(6) +
                                                    "contracts[0].include: " + path("typed.yaml") +
                                                    ":2:7: type 'shared_savings' differs from the type of preset "
                                                    "'mssp_basic_c' ('shared_risk'): leave type out, the preset "
                                                    "sets it"}));
  write("list.yaml", "- 1\n");
  text = with_contracts("[{name: c, include: list.yaml}]");
  e = errors(text);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1], path("list.yaml") + ":1:1: expected a map of contract keys, got a sequence");
}

TEST_F(IncludedFiles, TheIncludedFilesTogetherAreBounded) {
  // Each file alone is small enough; the third passes the bound.
  const std::string comment = "#" + std::string(scenario_parser::kMaxIncludedBytes / 3, 'x') + "\n";
  write("big.yaml", comment + "type: shared_risk\n");
  std::string contracts = "[";
  for (int i = 0; i < 3; ++i)
    contracts += std::string(i ? ", " : "") + "{name: c" + std::to_string(i) + ", include: big.yaml}";
  const auto e = errors(with_contracts(contracts + "]"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("contracts[2].include: the included files would hold more than"), std::string::npos) << e[0];
}

}  // namespace
}  // namespace pmsim
