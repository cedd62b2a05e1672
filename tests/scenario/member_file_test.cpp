// The member file reader: every column read as documented, and every kind of bad file
// reported as FILE:LINE: COLUMN: message with the accepted values, and no members kept.
#include "scenario/member_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario/scenario_yaml.h"
#include "test_names.h"
#include "util/sha256.h"

namespace pmsim {
namespace {

namespace fs = std::filesystem;

class MemberFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("pmsim_member_file_" + std::to_string(::getpid()) + "_" + testing::scratch_name());
    fs::create_directories(dir_);
    schema_.conditions = {"diabetes", "chf", "copd"};
    schema_.payers = {"medicare_advantage", "commercial"};
    schema_.min_age = 18;
    schema_.max_age = 100;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  MemberFileResult read(const std::string& text) {
    const std::string path = (dir_ / "members.csv").string();
    std::ofstream(path, std::ios::binary) << text;
    return read_member_file(path, "members.csv", schema_);
  }
  // The single error of reading `text`.
  std::string only_error(const std::string& text) {
    const MemberFileResult r = read(text);
    EXPECT_EQ(r.panel.rows, 0u);
    EXPECT_EQ(r.errors.size(), 1u) << ::testing::PrintToString(r.errors);
    return r.errors.empty() ? "" : r.errors[0];
  }
  fs::path dir_;
  MemberFileSchema schema_;
};

TEST_F(MemberFile, ReadsEveryColumn) {
  const std::string text =
      "member_id,age,sex,payer,months,conditions,risk_score,claims\n"
      "A1,67,F,medicare_advantage,12,diabetes;chf,1.35,12500.5\n"
      "\"B, 2\",45,M,commercial,6,,0.8,0\n"
      "C3,100,M,commercial,1, copd ; diabetes ,2,250000\n";
  const MemberFileResult r = read(text);
  ASSERT_TRUE(r.errors.empty()) << ::testing::PrintToString(r.errors);
  const MemberPanel& p = r.panel;
  EXPECT_EQ(p.rows, 3u);
  EXPECT_EQ(p.path, "members.csv");
  EXPECT_EQ(p.sha256, sha256_hex(text));
  EXPECT_EQ(p.age, (std::vector<std::uint8_t>{67, 45, 100}));
  EXPECT_EQ(p.female, (std::vector<std::uint8_t>{1, 0, 0}));
  EXPECT_EQ(p.payer, (std::vector<std::int8_t>{0, 1, 1}));
  EXPECT_EQ(p.months, (std::vector<std::uint8_t>{12, 6, 1}));
  EXPECT_EQ(p.conditions, (std::vector<std::uint32_t>{0b011, 0, 0b101}));
  EXPECT_TRUE(p.has_conditions);
  EXPECT_EQ(p.risk_score, (std::vector<double>{1.35, 0.8, 2}));
  EXPECT_FALSE(p.by_category);
  EXPECT_EQ(p.claims, (std::vector<double>{12500.5, 0, 250000}));
  EXPECT_EQ(p.total_claims(2), 250000);
}

TEST_F(MemberFile, OptionalColumnsTakeTheirDefaults) {
  const MemberFileResult r = read("member_id,age,sex,claims\nA,30,F,100\n");
  ASSERT_TRUE(r.errors.empty()) << ::testing::PrintToString(r.errors);
  EXPECT_EQ(r.panel.payer, (std::vector<std::int8_t>{-1}));
  EXPECT_EQ(r.panel.months, (std::vector<std::uint8_t>{12}));
  EXPECT_EQ(r.panel.conditions, (std::vector<std::uint32_t>{0}));
  EXPECT_FALSE(r.panel.has_conditions);
  EXPECT_TRUE(r.panel.risk_score.empty());
}

TEST_F(MemberFile, ClaimsByCategoryAddUpAndMarkTheObservedCategories) {
  const MemberFileResult r =
      read("member_id,age,sex,claims_inpatient,claims_primary_care\nA,30,F,20000,350\nB,40,M,0,0\n");
  ASSERT_TRUE(r.errors.empty()) << ::testing::PrintToString(r.errors);
  const MemberPanel& p = r.panel;
  ASSERT_TRUE(p.by_category);
  ASSERT_EQ(p.claims.size(), 2u * kCategoryCount);
  EXPECT_EQ(p.total_claims(0), 20350);
  EXPECT_EQ(p.total_claims(1), 0);
  EXPECT_EQ(p.claims[static_cast<std::size_t>(Category::inpatient)], 20000);
  for (int k = 0; k < kCategoryCount; ++k)
    EXPECT_EQ(p.observed[static_cast<std::size_t>(k)] != 0,
              k == static_cast<int>(Category::inpatient) || k == static_cast<int>(Category::primary_care))
        << kCategoryNames[k];
}

TEST_F(MemberFile, AcceptsAByteOrderMarkWindowsLineEndsAndNoFinalNewline) {
  const MemberFileResult r = read("\xEF\xBB\xBFmember_id,age,sex,claims\r\nA,30,F,100\r\n\r\nB,31,M,5");
  ASSERT_TRUE(r.errors.empty()) << ::testing::PrintToString(r.errors);
  EXPECT_EQ(r.panel.rows, 2u);
  EXPECT_EQ(r.panel.claims, (std::vector<double>{100, 5}));
}

TEST_F(MemberFile, HeaderProblemsNameTheColumnAndWhatIsAccepted) {
  EXPECT_EQ(only_error("member_id,age,sex,claims,zip\nA,30,F,1,02139\n"),
            "members.csv:1: 'zip': unknown column (accepted: member_id, age, sex, payer, months, conditions, "
            "risk_score, claims, claims_primary_care, claims_specialist, claims_emergency, claims_inpatient, "
            "claims_readmission, claims_post_acute, claims_outpatient)");
  EXPECT_EQ(only_error("member_id,sex,claims\nA,F,1\n"),
            "members.csv:1: age: a required column is missing (the header has: member_id, sex, claims)");
  EXPECT_EQ(only_error("member_id,age,sex\nA,30,F\n"),
            "members.csv:1: claims: a required column is missing: claims (last year's allowed amount, USD), or "
            "claims_<category> columns");
  EXPECT_EQ(only_error("member_id,age,sex,claims,claims_inpatient\nA,30,F,1,1\n"),
            "members.csv:1: claims: give either a claims column or claims_<category> columns, not both");
  EXPECT_EQ(only_error("member_id,age,age,sex,claims\nA,30,30,F,1\n"), "members.csv:1: age: the column appears twice");
  schema_.payers.clear();
  EXPECT_EQ(only_error("member_id,age,sex,payer,claims\nA,30,F,x,1\n"),
            "members.csv:1: payer: the scenario has no payers section, so members have no payer to name (add payers, "
            "or drop the column)");
  schema_.payers = {"a", "b"};
  schema_.payer_required = "payer 'b' has fee_factors of its own";
  EXPECT_EQ(only_error("member_id,age,sex,claims\nA,30,F,1\n"),
            "members.csv:1: payer: a required column here: payer 'b' has fee_factors of its own (the header has: "
            "member_id, age, sex, claims)");
}

TEST_F(MemberFile, ValueProblemsNameTheLineTheColumnAndTheAcceptedValues) {
  const std::string header = "member_id,age,sex,payer,months,conditions,risk_score,claims\n";
  const std::string good = "A,30,F,commercial,12,,1,100\n";
  EXPECT_EQ(only_error(header + good + "B,17,F,commercial,12,,1,100\n"),
            "members.csv:3: age: must be a whole number of years in [18, 100] (the scenario's age bands), got '17'");
  EXPECT_EQ(only_error(header + "B,30.5,F,commercial,12,,1,100\n"),
            "members.csv:2: age: must be a whole number of years in [18, 100] (the scenario's age bands), got '30.5'");
  EXPECT_EQ(only_error(header + "B,30,female,commercial,12,,1,100\n"),
            "members.csv:2: sex: must be F or M, got 'female'");
  EXPECT_EQ(only_error(header + "B,30,F,medicaid,12,,1,100\n"),
            "members.csv:2: payer: unknown payer 'medicaid' (the scenario's payers: medicare_advantage, commercial)");
  EXPECT_EQ(only_error(header + "B,30,F,commercial,13,,1,100\n"),
            "members.csv:2: months: must be a whole number of enrolled months in [1, 12], got '13'");
  EXPECT_EQ(only_error(header + "B,30,F,commercial,12,diabetes;ckd,1,100\n"),
            "members.csv:2: conditions: unknown condition 'ckd' (the scenario's conditions: diabetes, chf, copd)");
  EXPECT_EQ(only_error(header + "B,30,F,commercial,12,,-1,100\n"),
            "members.csv:2: risk_score: must be a number in [0, 100], got '-1'");
  EXPECT_EQ(only_error(header + "B,30,F,commercial,12,,1,nan\n"),
            "members.csv:2: claims: must be an amount in USD in [0, 1e9], got 'nan'");
  EXPECT_EQ(only_error(header + "B,30,F,commercial,12,,1,\n"),
            "members.csv:2: claims: must be an amount in USD in [0, 1e9], got ''");
  EXPECT_EQ(only_error(header + good + "A,31,M,commercial,12,,1,100\n"), "members.csv:3: member_id: 'A' appears twice");
  EXPECT_EQ(only_error(header + ",31,M,commercial,12,,1,100\n"),
            "members.csv:2: member_id: is empty; every member needs an id");
  EXPECT_EQ(only_error(header + good + "B,31,M\n"), "members.csv:3: the row has 3 fields, the header 8");
}

TEST_F(MemberFile, MalformedOrEmptyFilesAreReported) {
  EXPECT_EQ(only_error(""),
            "members.csv: no header row: the first row names the columns (member_id, age, sex, claims, ...)");
  EXPECT_EQ(only_error("member_id,age,sex,claims\n"),
            "members.csv: no members: the header row must be followed by one row a member");
  EXPECT_EQ(only_error("member_id,age,sex,claims\nA,30,F,1\n\"B,31,M,2\n"),
            "members.csv:3: malformed CSV: the file ends inside a quoted field");
  const std::string bad_quote = only_error("member_id,age,sex,claims\nA\"x,30,F,1\n");
  EXPECT_TRUE(bad_quote.starts_with("members.csv:2: malformed CSV: ")) << bad_quote;
  const MemberFileResult missing = read_member_file((dir_ / "none.csv").string(), "none.csv", schema_);
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0], "none.csv: cannot open the member file: No such file or directory");
}

TEST_F(MemberFile, ManyProblemsAreCappedAndCounted) {
  std::string text = "member_id,age,sex,claims\n";
  for (int i = 0; i < 50; ++i) text += "M" + std::to_string(i) + ",30,X,1\n";
  const MemberFileResult r = read(text);
  ASSERT_EQ(r.errors.size(), kMaxMemberFileErrors + 1);
  EXPECT_EQ(r.errors.front(), "members.csv:2: sex: must be F or M, got 'X'");
  EXPECT_EQ(r.errors.back(), "members.csv: 30 more problems not shown");
  EXPECT_EQ(r.panel.rows, 0u);
}

// population.members in a scenario: read relative to the scenario file, size from the file,
// and the rules between the file and the run.
class MembersKey : public MemberFile {
 protected:
  std::string scenario(const std::string& population_extra, int warmup = 0) {
    return "simulation: {name: own, replications: 2, years: 1, baseline_years: 0, warmup_years: " +
           std::to_string(warmup) +
           "}\n"
           "population:\n" +
           population_extra +
           "  age_bands: [{min_age: 18, max_age: 100, share: 1, mortality: 0.01, risk_score: 1}]\n"
           "  conditions: [{name: diabetes, prevalence: 0.2, risk_score: 0.3}]\n"
           "services:\n" +
           services() + "contracts:\n  - {name: ffs, type: fee_for_service}\n";
  }
  static std::string services() {
    std::string out;
    for (auto c : kCategoryNames) out += "  " + std::string(c) + ": {rate: 0.1, fee: 100, delivered_by: others}\n";
    return out;
  }
  Scenario load(const std::string& yaml) {
    fs::create_directories(dir_ / "panel");
    std::ofstream(dir_ / "panel" / "members.csv")
        << "member_id,age,sex,conditions,claims\nA,30,F,diabetes,100\nB,40,M,,0\n";
    const std::string path = (dir_ / "s.yaml").string();
    std::ofstream(path) << yaml;
    return load_scenario(path);
  }
  std::vector<std::string> errors(const std::string& yaml) {
    try {
      load(yaml);
    } catch (const ScenarioError& e) {
      return e.messages();
    }
    return {};
  }
};

TEST_F(MembersKey, ReadsTheFileRelativeToTheScenarioAndTakesItsSize) {
  const Scenario s = load(scenario("  members: panel/members.csv\n"));
  ASSERT_TRUE(s.population.member_panel);
  EXPECT_EQ(s.population.member_panel->rows, 2u);
  EXPECT_EQ(s.population.size, 2);
  EXPECT_EQ(s.population.member_panel->conditions, (std::vector<std::uint32_t>{1, 0}));
  // A scenario written and read again is the same scenario, its panel included.
  EXPECT_EQ(parse_scenario(to_yaml(s), (dir_ / "again.yaml").string()), s);
  EXPECT_EQ(load(scenario("  members: panel/members.csv\n  size: 5\n")).population.size, 5);
  // A results file's stored scenario is read for its layout, without the (absent) file.
  const Scenario stored = parse_scenario(to_yaml(s), "/nowhere/scenario_resolved", MemberFileUse::path_only);
  EXPECT_FALSE(stored.population.member_panel);
  EXPECT_EQ(stored.population.members, "panel/members.csv");
  EXPECT_EQ(stored.population.size, 2);
}

TEST_F(MembersKey, RulesBetweenTheFileAndTheRunAreErrors) {
  const std::string file = (dir_ / "s.yaml").string();
  EXPECT_EQ(errors(scenario("  members: panel/members.csv\n", 2)),
            std::vector<std::string>{
                file + ":3:12: population.members: a member file gives the panel as it enters the first simulated "
                       "year, so there are no warm-up years: set simulation.warmup_years: 0 (got 2)"});
  EXPECT_EQ(
      errors(scenario("  members: panel/members.csv\n  size: 1\n")),
      std::vector<std::string>{file + ":3:12: population.size: must be at least the member file's 2 members (got 1); "
                                      "leave it out to use the file's count"});
  const std::vector<std::string> missing = errors(scenario("  members: panel/none.csv\n"));
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0], file + ":3:12: population.members: the member file has problems (below)");
  EXPECT_EQ(missing[1], (dir_ / "panel" / "none.csv").lexically_normal().string() +
                            ": cannot open the member file: No such file or directory");
  EXPECT_EQ(errors(scenario("")).size(), 1u);  // without members, size is required
}

}  // namespace
}  // namespace pmsim
