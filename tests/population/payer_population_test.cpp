// Payers with members of their own (payers[].population): who enters with a payer comes from
// its age bands, sex mix and prevalence; the other payers' members do not change; age-out at
// the payer's oldest age; the keys, their errors, and the member file's ages by payer.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "population/population_generator.h"
#include "population/population_model.h"
#include "scenario/scenario_yaml.h"
#include "test_names.h"
#include "test_scenarios.h"

namespace pmsim {
namespace {

constexpr int kCommercial = 1;

// A working-age commercial population: two bands, fewer women, less diabetes, no heart failure.
const std::string kPayers =
    "payers:\n"
    "  - {name: medicare_advantage, share: 0.6}\n"
    "  - name: commercial\n"
    "    share: 0.4\n"
    "    population:\n"
    "      female_share: 0.3\n"
    "      age_out: true\n"
    "      age_bands:\n"
    "        - {min_age: 18, max_age: 44, share: 0.45, mortality: 0.001, risk_score: 0.2, utilization: 0.5}\n"
    "        - {min_age: 45, max_age: 64, share: 0.55, mortality: 0.004, risk_score: 0.35, utilization: 0.7}\n"
    "      prevalence: {diabetes: [0.04, 0.12]}\n";

const std::string kPlainPayers =
    "payers:\n  - {name: medicare_advantage, share: 0.6}\n  - {name: commercial, share: 0.4}\n";

Scenario with(const std::string& payers, std::int64_t members) {
  return parse_scenario(to_yaml(testing::full_scenario(members, 1, 1024)) + payers, "payers.yaml");
}

struct EntryCounts {
  double members = 0, female = 0, young = 0, diabetes = 0, diabetes_young = 0, heart_failure = 0;
  int min_age = 200, max_age = -1;
};

TEST(PayerPopulation, MembersWhoEnterWithAPayerComeFromItsTables) {
  const Scenario s = with(kPayers, 40000);
  const PopulationModel model(s);
  YearTallies tallies(static_cast<std::size_t>(model.segments * model.total_years));
  std::array<EntryCounts, 2> first{};
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), tallies, [&](const MemberYear& m) {
    if (m.year != 0) return;
    EntryCounts& e = first[static_cast<std::size_t>(m.segment)];
    e.members += 1;
    e.female += m.female;
    e.min_age = std::min(e.min_age, m.age);
    e.max_age = std::max(e.max_age, m.age);
    const bool young = m.age <= 44;
    e.young += young;
    e.diabetes += (m.conditions & 1u) != 0;
    e.diabetes_young += young && (m.conditions & 1u) != 0;
    e.heart_failure += (m.conditions & 2u) != 0;
  });
  const auto near_share = [](double k, double n, double p, const char* what) {
    EXPECT_NEAR(k, n * p, 4 * std::sqrt(n * p * (1 - p)) + 1e-9) << what;
  };
  const EntryCounts& c = first[kCommercial];
  ASSERT_GT(c.members, 10000);
  EXPECT_EQ(c.min_age, 18);
  EXPECT_EQ(c.max_age, 64);
  near_share(c.female, c.members, 0.3, "commercial women");
  near_share(c.young, c.members, 0.45, "commercial members 18-44");
  near_share(c.diabetes_young, c.young, 0.04, "diabetes at 18-44");
  near_share(c.diabetes - c.diabetes_young, c.members - c.young, 0.12, "diabetes at 45-64");
  EXPECT_EQ(c.heart_failure, 0);  // a condition the payer does not list: none of its entrants
  const EntryCounts& ma = first[0];
  EXPECT_GE(ma.min_age, 65);
  near_share(ma.female, ma.members, 0.55, "Medicare Advantage women");
}

TEST(PayerPopulation, TheOtherPayersMembersAreTheSameDraws) {
  const PopulationModel plain(with(kPlainPayers, 5000));
  const PopulationModel own(with(kPayers, 5000));
  std::vector<MemberYear> a, b;
  YearTallies ta(static_cast<std::size_t>(plain.segments * plain.total_years)), tb = ta;
  simulate_block(plain, 0, 0, 5000, ta, [&](const MemberYear& m) { a.push_back(m); });
  simulate_block(own, 0, 0, 5000, tb, [&](const MemberYear& m) { b.push_back(m); });
  ASSERT_EQ(a.size(), b.size());  // one record a slot and year either way (every slot is refilled)
  std::size_t compared = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].slot, b[i].slot);
    // Year 0: the same payer draws. Later the commercial members' exits differ, and with them
    // who enters when.
    if (a[i].year != 0) continue;
    ASSERT_EQ(a[i].segment, b[i].segment);
    if (a[i].segment != 0) continue;
    EXPECT_EQ(a[i].age, b[i].age);
    EXPECT_EQ(a[i].female, b[i].female);
    EXPECT_EQ(a[i].conditions, b[i].conditions);
    EXPECT_EQ(a[i].claims, b[i].claims);
    ++compared;
  }
  EXPECT_GT(compared, 2500u);
}

TEST(PayerPopulation, APayersMembersAgeOutAtItsOldestAge) {
  const Scenario s = with(kPayers, 20000);
  const PopulationModel model(s);
  YearTallies tallies(static_cast<std::size_t>(model.segments * model.total_years));
  double aged_out_commercial = 0, at_64 = 0, aged_out_ma = 0;
  simulate_block(model, 0, 0, static_cast<std::size_t>(model.size), tallies, [&](const MemberYear& m) {
    if (m.segment == kCommercial && m.age == 64 && !m.died && !m.churned) at_64 += 1;
    (m.segment == kCommercial ? aged_out_commercial : aged_out_ma) += m.aged_out;
    EXPECT_TRUE(m.segment != kCommercial || m.age <= 64) << "a commercial member aged " << m.age;
  });
  EXPECT_GT(at_64, 0);
  EXPECT_EQ(aged_out_commercial, at_64);
  EXPECT_EQ(aged_out_ma, 0);  // the population itself has no age-out
}

TEST(PayerPopulation, ReadAndRoundTrip) {
  const Scenario s = with(kPayers, 1000);
  const PayerPopulation& p = s.payers[kCommercial].population;
  ASSERT_TRUE(p.given());
  EXPECT_FALSE(s.payers[0].population.given());
  EXPECT_EQ(p.age_bands.size(), 2u);
  EXPECT_EQ(p.female_share, 0.3);
  EXPECT_TRUE(p.age_out);
  EXPECT_EQ(p.prevalence, (std::vector<std::vector<double>>{{0.04, 0.12}, {0.0, 0.0}}));
  EXPECT_EQ(parse_scenario(to_yaml(s), "again.yaml"), s);
}

TEST(PayerPopulation, ProblemsNameTheKey) {
  for (const auto& [from, to, expected] : std::vector<std::array<std::string, 3>>{
           {"diabetes: [0.04, 0.12]", "diabetes: [0.04]", "payers[1].population.prevalence.diabetes"},
           {"diabetes: [0.04, 0.12]", "asthma: 0.1", "payers[1].population.prevalence.asthma"},
           {"share: 0.55, mortality: 0.004", "share: 0.5, mortality: 0.004", "must sum to 1"},
           {"      female_share: 0.3\n", "      female_share: 0.3\n      churn: 0.1\n",
            "payers[1].population.churn"}}) {
    std::string yaml = to_yaml(testing::full_scenario(1000, 1, 1024)) + kPayers;
    yaml.replace(yaml.find(from), from.size(), to);
    try {
      parse_scenario(yaml, "bad.yaml");
      ADD_FAILURE() << to << " was accepted";
    } catch (const ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
}

// A member file's members are in their payer's bands, and the file must name each payer.
TEST(PayerPopulation, AMemberFilesAgesAreCheckedAgainstTheirPayersBands) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("pmsim_payer_population_" + testing::scratch_name());
  std::filesystem::create_directories(dir);
  const std::string base = to_yaml(testing::full_scenario(1000, 1, 1024));
  const auto load = [&](const std::string& csv) -> std::string {
    std::ofstream(dir / "members.csv") << csv;
    std::string yaml = base + kPayers;
    yaml.replace(yaml.find("population:\n"), 12, "population:\n  members: members.csv\n");
    try {
      parse_scenario(yaml, (dir / "s.yaml").string());
      return "";
    } catch (const ScenarioError& e) {
      return e.what();
    }
  };
  EXPECT_EQ(load("member_id,age,sex,payer,claims\nA,30,F,commercial,100\nB,70,M,medicare_advantage,0\n"), "");
  const std::string old_commercial = load("member_id,age,sex,payer,claims\nA,70,F,commercial,100\n");
  EXPECT_NE(old_commercial.find("members.csv:2: age: must be in [18, 64] (the age bands of payer 'commercial'"),
            std::string::npos)
      << old_commercial;
  const std::string no_payer = load("member_id,age,sex,claims\nA,30,F,100\n");
  EXPECT_NE(no_payer.find("payer: a required column here: payers have populations of their own"), std::string::npos)
      << no_payer;
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace pmsim
