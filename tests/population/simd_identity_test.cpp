// The generator gives the same bits whatever the SIMD target its samplers run on and however
// the slots are split into blocks: every member-year record and every tally, for every
// scenario of scenarios/ (their features between them: payers, shocks, interventions,
// quality outcomes, admission types, episodes, age-out, gamma and lognormal severity) and
// one with odd frailty exponents and large means (the exp/log and rejection paths).
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "population/population_generator.h"
#include "population/population_model.h"
#include "random/lanes_targets.h"
#include "random/sampler_lanes.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

// A member-year's bytes, with the padding of MemberYear zeroed (the record is built field
// by field, so its padding is whatever the stack held).
std::vector<unsigned char> bytes_of(const MemberYear& r) {
  std::vector<unsigned char> out;
  auto add = [&](const auto& field) {
    const auto* p = reinterpret_cast<const unsigned char*>(&field);
    out.insert(out.end(), p, p + sizeof field);
  };
  add(r.slot), add(r.year), add(r.segment), add(r.age), add(r.female), add(r.entered), add(r.died);
  add(r.churned), add(r.aged_out), add(r.conditions), add(r.frailty), add(r.risk), add(r.months);
  add(r.counts), add(r.claims);
  return out;
}

struct Simulated {
  std::vector<std::vector<unsigned char>> records;  //!< in the visitor's order
  std::vector<double> tallies;                      //!< every field of every tally, in order
};

// Slots [0, members) of replication 3, in blocks of `block` slots.
Simulated simulate(const PopulationModel& model, std::size_t members, std::size_t block) {
  Simulated s;
  const std::size_t tallies = static_cast<std::size_t>(model.total_years) * model.segments;
  for (std::size_t first = 0; first < members; first += block) {
    YearTallies part(tallies);
    simulate_block(model, 3, static_cast<std::int64_t>(first), std::min(block, members - first), part,
                   [&](const MemberYear& r) { s.records.push_back(bytes_of(r)); });
    for (const YearTally& t : part) {
      const auto* p = reinterpret_cast<const double*>(&t);
      static_assert(sizeof(YearTally) % sizeof(double) == 0);
      s.tallies.insert(s.tallies.end(), p, p + sizeof(YearTally) / sizeof(double));
    }
  }
  return s;
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(PMSIM_SOURCE_DIR "/scenarios"))
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// Odd frailty exponents (F^e from exp and log), a frailty step with large Poisson means and
// services with large means (the rejection samplers), lognormal and gamma severity.
Scenario odd_scenario() {
  Scenario s = load_scenario(PMSIM_SOURCE_DIR "/scenarios/default.yaml");
  s.population.frailty.persistence = 0.97;
  s.population.frailty.shape = 3.0;
  s.services[static_cast<int>(Category::outpatient)].frailty_exponent = 0.7;
  s.services[static_cast<int>(Category::specialist)].rate = 40;
  s.services[static_cast<int>(Category::inpatient)].rate = 4;
  s.population.frailty.mortality_exponent = 1.3;
  return s;
}

class GeneratorOnEveryTarget : public ::testing::Test {
 protected:
  void TearDown() override { lanes_targets::use_target(0); }

  // The scenario's first members on the fallback (one lane), then on every other target this
  // CPU runs: the same bits.
  void expect_identical_on_every_target(const Scenario& scenario, const std::string& name) {
    const PopulationModel model(scenario);
    const std::size_t members = std::min<std::size_t>(700, static_cast<std::size_t>(model.size));
    lanes_targets::use_target(lanes_targets::target_named("scalar"));
    const Simulated reference = simulate(model, members, 1024);
    ASSERT_EQ(reference.records.size(), members * model.total_years) << name;
    for (const lanes_targets::Target& t : lanes_targets::compiled()) {
      if (!t.supported) {
        std::printf("  %s: not supported by this CPU, skipped\n", t.name);
        continue;
      }
      lanes_targets::use_target(t.id);
      ASSERT_STREQ(lanes_targets::dispatched_name(), t.name);
      // The dispatch really changed: the samplers now run with this target's lane count.
      ASSERT_EQ(sampler_lanes_count(), sampler_lanes_targets::lanes_of(t.id)) << t.name;
      const Simulated s = simulate(model, members, 1024);
      ASSERT_EQ(s.records.size(), reference.records.size()) << name << " on " << t.name;
      for (std::size_t r = 0; r < s.records.size(); ++r)
        ASSERT_EQ(s.records[r], reference.records[r]) << name << " on " << t.name << ": record " << r;
      ASSERT_EQ(s.tallies.size(), reference.tallies.size());
      EXPECT_EQ(std::memcmp(s.tallies.data(), reference.tallies.data(), s.tallies.size() * sizeof(double)), 0)
          << name << " on " << t.name;
    }
  }
};

TEST_F(GeneratorOnEveryTarget, EveryScenarioGivesTheSameBits) {
  for (const std::string& file : scenario_files()) expect_identical_on_every_target(load_scenario(file), file);
}

TEST_F(GeneratorOnEveryTarget, OddExponentsAndLargeMeansGiveTheSameBits) {
  expect_identical_on_every_target(odd_scenario(), "odd exponents and large means");
}

// A slot's member-years depend on the slot alone: blocks of 1, 37 or 700 slots give the same
// records (the visitor sees them block by block, year by year within a block: compared by
// slot and year).
TEST(GeneratorBlocks, ASlotsMemberYearsDoNotDependOnTheBlocks) {
  const PopulationModel model(odd_scenario());
  auto by_slot_and_year = [&](std::size_t block) {
    Simulated s = simulate(model, 300, block);
    std::sort(s.records.begin(), s.records.end());
    return s.records;
  };
  const auto whole = by_slot_and_year(300);
  EXPECT_EQ(by_slot_and_year(37), whole);
  EXPECT_EQ(by_slot_and_year(1), whole);
}

}  // namespace
}  // namespace pmsim
