// pmsim sweep: the grid and its order, each point bit-identical to a plain `pmsim run` of the
// scenario with its values written in, one seed for all, bad input refused before anything is
// written, the per-member risk falling as 1/sqrt(N), and summarize, compare and reproduce on
// the file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "output/exact_comparison.h"
#include "output/hdf5_writer.h"
#include "output/read_hdf5.h"
#include "output/read_result_file.h"
#include "output/sweep_file.h"
#include "results_cli.h"
#include "scenario/scenario_settings.h"
#include "scenario/sweep_grid.h"

namespace pmsim::testing {
namespace {

// Root attributes that differ between a sweep's point and a plain run by design: when and how
// it ran, and the file's text (the plain run's has the values written in).
const std::set<std::string> kInvocation = {"created",       "wall_seconds",  "threads",    "command_line",
                                           "scenario_file", "scenario_text", "simd_target"};

TEST(SweepGrid, TheFirstKeyVariesSlowest) {
  const auto axes = parse_sweep_axes({"a=1,2", "b=x,y,z"}, {}, 100);
  ASSERT_EQ(sweep_point_count(axes), 6u);
  std::vector<std::string> order;
  for (std::size_t i = 0; i < 6; ++i) {
    const auto point = sweep_point(axes, i);
    ASSERT_EQ(point.size(), 2u);
    EXPECT_EQ(point[0].key, "a");
    EXPECT_EQ(point[1].key, "b");
    order.push_back(point[0].value + point[1].value);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"1x", "1y", "1z", "2x", "2y", "2z"}));
}

TEST(SweepGrid, MalformedArgumentsAreRefusedByName) {
  for (const auto& [argument, message] :
       std::vector<std::pair<std::string, std::string>>{{"population.size", "expected KEY=V1,V2"},
                                                        {"=1,2", "the key before '=' is empty"},
                                                        {"population.size=1,,2", "an empty value"},
                                                        {"population.size=", "an empty value"},
                                                        {"population.size=5,5", "the value 5 is given twice"}}) {
    try {
      parse_sweep_axis(argument);
      ADD_FAILURE() << argument;
    } catch (const SweepGridError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("--set " + argument), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(parse_sweep_axes({"a=1", "a=2"}, {}, 100), SweepGridError);
  EXPECT_THROW(parse_sweep_axes({"a=1,2,3", "b=1,2,3"}, {}, 8), SweepGridError);
}

TEST(ScenarioSettings, ASetValueIsReadAsTheFileWouldReadIt) {
  const std::string yaml = results_scenario_yaml(3, 20, 310);
  const Scenario s = parse_scenario_with_settings(
      yaml, "s.yaml", {{"population.size", "450"}, {"contracts[1].pmpm", "299.5"}, {"simulation.warmup_years", "1"}});
  EXPECT_EQ(s.population.size, 450);
  EXPECT_EQ(s.simulation.warmup_years, 1);
  const std::string written_in = std::string(yaml).replace(yaml.find("size: 300"), 9, "size: 450");
  Scenario expected = parse_scenario(written_in, "s.yaml");
  expected.simulation.warmup_years = 1;
  EXPECT_NE(to_yaml(s), to_yaml(expected)) << "the pmpm differs";
  const Scenario pmpm_too = parse_scenario_with_settings(
      written_in, "s.yaml", {{"contracts[1].pmpm", "299.5"}, {"simulation.warmup_years", "1"}});
  EXPECT_EQ(to_yaml(s), to_yaml(pmpm_too));
}

TEST(ScenarioSettings, ProblemsNameTheKeyTheRangeAndTheSetting) {
  const std::string yaml = results_scenario_yaml(3, 20, 310);
  const auto message = [&](const std::vector<ScenarioSetting>& settings) {
    try {
      parse_scenario_with_settings(yaml, "s.yaml", settings);
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  const std::string range = message({{"population.size", "0"}});
  EXPECT_TRUE(range.starts_with("s.yaml with --set population.size=0: population.size: must be in [1, ")) << range;
  EXPECT_TRUE(range.ends_with("], got 0")) << range;
  EXPECT_NE(message({{"population.size", "2.5"}}).find("expected an integer"), std::string::npos);
  EXPECT_NE(message({{"population.sise", "5"}}).find("population.sise: unknown key; did you mean 'size'?"),
            std::string::npos);
  EXPECT_NE(message({{"contracts.cap.pmpm", "5"}})
                .find("contracts is a list: name its items by index ([0] ffs, [1] cap); for 'cap' write "
                      "contracts[1].pmpm"),
            std::string::npos)
      << message({{"contracts.cap.pmpm", "5"}});
  EXPECT_NE(message({{"contracts[5].pmpm", "5"}}).find("contracts has 2 items"), std::string::npos);
  EXPECT_NE(message({{"population.size.x", "5"}}).find("population.size is a value, not a map"), std::string::npos);
  EXPECT_NE(message({{"population..size", "5"}}).find("is not a key path"), std::string::npos);
}

class Sweep : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = dir_.file("base.yaml");
    std::ofstream(scenario_) << results_scenario_yaml(3, 20, 310);
  }

  // The base scenario with population.size and the capitation's pmpm written in.
  std::string variant(int size, int pmpm) const {
    std::string yaml = results_scenario_yaml(3, 20, pmpm);
    return yaml.replace(yaml.find("size: 300"), 9, "size: " + std::to_string(size));
  }

  std::string sweep(const std::string& name, const std::vector<std::string>& more) const {
    std::vector<std::string> command = {"sweep", scenario_, "-o", dir_.file(name), "-j", "2"};
    command.insert(command.end(), more.begin(), more.end());
    const CommandResult r = pmsim_command(dir_, command);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return dir_.file(name);
  }

  ScratchDir dir_;
  std::string scenario_;
};

TEST_F(Sweep, EveryPointIsThePlainRunOfItsValuesBitForBit) {
  const std::string file = sweep("grid.h5", {"--set", "population.size=200,400", "--set", "contracts[1].pmpm=300,320"});
  const SweepContents sweep = read_sweep(file);
  EXPECT_EQ(sweep.keys, (std::vector<std::string>{"population.size", "contracts[1].pmpm"}));
  ASSERT_EQ(sweep.points.size(), 4u);
  const std::vector<std::pair<int, int>> grid = {{200, 300}, {200, 320}, {400, 300}, {400, 320}};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const auto [size, pmpm] = grid[i];
    EXPECT_EQ(sweep.points[i].group, "/sweep/" + std::to_string(i));
    EXPECT_EQ(sweep.points[i].values, (std::vector<std::string>{std::to_string(size), std::to_string(pmpm)}));
    EXPECT_EQ(read_uint64_attribute(file, sweep.points[i].group, "seed"), 3u) << "one seed for every point";
    const std::string plain = run_to_file(dir_, "plain" + std::to_string(i), variant(size, pmpm));
    const std::string point = dir_.file("point" + std::to_string(i) + ".h5");
    extract_sweep_point(file, sweep.points[i].group, point);
    const ExactComparison c = compare_exactly(point, plain, kInvocation);
    EXPECT_TRUE(c.identical()) << "point " << i << ": " << c.datasets.size() << " datasets, " << c.attributes.size()
                               << " attributes differ"
                               << (c.attributes.empty()
                                       ? ""
                                       : " (first " + c.attributes[0].object + " " + c.attributes[0].name + ")");
    EXPECT_GT(c.datasets_compared, 50u);

    // Read in place, the point is the plain run: the same provenance, metrics and values.
    const ResultFile in_place = ResultFile::open(file, sweep.points[i].group);
    const ResultFile alone = ResultFile::open(plain);
    EXPECT_EQ(in_place.name(), file + ":/sweep/" + std::to_string(i));
    EXPECT_EQ(in_place.provenance().seed, alone.provenance().seed);
    EXPECT_EQ(in_place.provenance().scenario_sha256, alone.provenance().scenario_sha256);
    EXPECT_EQ(in_place.provenance().replication_ids, alone.provenance().replication_ids);
    EXPECT_EQ(in_place.contracts(), alone.contracts());
    for (const std::string& contract : alone.contracts()) {
      EXPECT_EQ(in_place.metrics(contract), alone.metrics(contract));
      EXPECT_EQ(in_place.horizon_values(contract, "provider_margin"),
                alone.horizon_values(contract, "provider_margin"));
      EXPECT_FALSE(in_place.summary(contract, "provider_margin").recomputed);
      EXPECT_EQ(in_place.summary(contract, "provider_margin").statistics.values,
                alone.summary(contract, "provider_margin").statistics.values);
    }
  }
  EXPECT_THROW(ResultFile::open(file, "/sweep/99"), ResultFileError);
  EXPECT_EQ(read_string_attribute(file, "/", "scenario_text"), read_file(scenario_));
  // The same replications of the same members: a cheaper capitation costs exactly the pmpm gap.
  const Matrix cheap = read_matrix(file, "/sweep/0/contracts/cap/revenue_capitation");
  const Matrix dear = read_matrix(file, "/sweep/1/contracts/cap/revenue_capitation");
  const Matrix members = read_matrix(file, "/sweep/0/contracts/cap/members");
  for (std::size_t k = 0; k < cheap.values.size(); ++k)
    EXPECT_NEAR(dear.values[k] - cheap.values[k], 20 * 12 * members.values[k], 1e-6 * dear.values[k]);
}

TEST_F(Sweep, PrintsOneRowPerPointAndContract) {
  const CommandResult r = pmsim_command(
      dir_, {"sweep", scenario_, "--set", "contracts[1].pmpm=300,320,340", "-o", dir_.file("table.h5"), "-r", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 points (contracts[1].pmpm), seed 3, 5 replications each"), std::string::npos) << r.out;
  for (const std::string row : {"    0                300  ffs", "    2                340  cap"})
    EXPECT_NE(r.out.find(row), std::string::npos) << row << "\n" << r.out;
  EXPECT_NE(r.err.find("point 3/3 (contracts[1].pmpm=340)"), std::string::npos) << r.err;
}

TEST_F(Sweep, BadInputExitsWithTwoAndWritesNothing) {
  const std::string out = dir_.file("bad.h5");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--set", "population.size=200,0"}, "base.yaml with --set population.size=0: population.size: must be in [1, "},
      {{"--set", "population.sise=200"}, "population.sise: unknown key; did you mean 'size'?"},
      {{"--set", "population.size"}, "--set population.size: expected KEY=V1,V2,..."},
      {{"--set", "simulation.seed=1,2"}, "every point runs with the same seed"},
      {{"--set", "contracts.cap.pmpm=1"}, "contracts is a list"},
      {{}, "--set: give at least one KEY=V1,V2,... (or two --zip keys)"},
  };
  for (const auto& [arguments, message] : cases) {
    std::vector<std::string> command = {"sweep", scenario_, "-o", out};
    command.insert(command.end(), arguments.begin(), arguments.end());
    const CommandResult r = pmsim_command(dir_, command);
    EXPECT_EQ(r.exit_code, 2) << message << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  // The last point is bad: refused before the first runs.
  const CommandResult late = pmsim_command(dir_, {"sweep", scenario_, "-o", out, "--set", "contracts[1].pmpm=300,-5"});
  EXPECT_EQ(late.exit_code, 2);
  EXPECT_EQ(late.err.find("point 1/"), std::string::npos) << late.err;
  for (const auto& entry : fs::directory_iterator(fs::path(out).parent_path()))
    EXPECT_EQ(entry.path().extension() == ".h5" || entry.path().string().find(".partial-") != std::string::npos, false)
        << entry.path();
}

TEST_F(Sweep, ReproducePassesAndFindsAChangedValue) {
  const std::string file = sweep("rep.h5", {"--set", "population.size=150,250", "-q"});
  const CommandResult r = pmsim_command(dir_, {"reproduce", file, "-j", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("a sweep of 2 points, seed 3, 20 replications each"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bit-identical: " + std::to_string(list_datasets(file).size()) + " datasets"), std::string::npos)
      << r.out;

  const std::string changed = dir_.copy(file, "changed.h5");
  add_to_element(changed, "/sweep/1/contracts/cap/provider_margin", 4, 1.0);
  const CommandResult bad = pmsim_command(dir_, {"reproduce", changed});
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.out.find("/sweep/1/contracts/cap/provider_margin: 1 of 60 values differ"), std::string::npos)
      << bad.out;
  const std::string values = dir_.copy(file, "values.h5");
  set_string_attribute(values, "/sweep/0", "scenario_name", "renamed");
  EXPECT_EQ(pmsim_command(dir_, {"reproduce", values}).exit_code, 2);  // not the scenario's name: damaged
  EXPECT_EQ(pmsim_command(dir_, {"reproduce", values, "--allow-damaged"}).exit_code, 1);
}

TEST_F(Sweep, SummarizeAndCompareReadEveryPoint) {
  const std::string file = sweep("read.h5", {"--set", "contracts[1].pmpm=300,330", "-q"});
  const CommandResult all = pmsim_command(dir_, {"summarize", file});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("== " + file + " /sweep/0 (point 0 of 2): contracts[1].pmpm=300"), std::string::npos)
      << all.out;
  EXPECT_NE(all.out.find("== " + file + " /sweep/1 (point 1 of 2): contracts[1].pmpm=330"), std::string::npos);
  const CommandResult one = pmsim_command(dir_, {"summarize", file, "--point", "1", "--format", "csv"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out.find("=="), std::string::npos) << "csv only";
  EXPECT_NE(one.out.find("cap,capitation,provider_margin"), std::string::npos) << one.out;
  EXPECT_EQ(pmsim_command(dir_, {"summarize", file, "--format", "json"}).exit_code, 2) << "two documents";
  const CommandResult beyond = pmsim_command(dir_, {"summarize", file, "--point", "2"});
  EXPECT_EQ(beyond.exit_code, 2);
  EXPECT_NE(beyond.err.find("has points 0 to 1"), std::string::npos) << beyond.err;

  // The points share their replications and seed: compared paired, the pmpm gap is exact.
  const CommandResult compare = pmsim_command(dir_, {"compare", file, "--format", "csv"});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  bool seen = false;
  for (const auto& row : split_csv(compare.out))
    if (row.size() > 11 && row[0] == "cap" && row[1] == "revenue_capitation") {
      EXPECT_EQ(row[11], "paired");
      seen = true;
    }
  EXPECT_TRUE(seen) << compare.out;

  // Points are read in place, named FILE:/sweep/I (no temporary copies).
  const CommandResult table = pmsim_command(dir_, {"compare", file});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find(file + ":/sweep/1 is point 1 of 2: contracts[1].pmpm=330"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("B: " + file + ":/sweep/1: scenario"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("pmsim-sweep-points"), std::string::npos) << table.out;
  EXPECT_NE(all.out.find("pmsim: " + file + ":/sweep/1: scenario"), std::string::npos) << all.out;
}

// Margin risk per member falls as 1/sqrt(N): the SD of the capitation's horizon margin grows
// as sqrt(N), so quadrupling the panel doubles it. Each SD has a Monte Carlo SE of about
// sd / sqrt(2 n), so the ratio is checked within 4 of its SEs.
TEST_F(Sweep, MarginSdPerMemberFallsAsOneOverSqrtN) {
  const std::string file = sweep("sizes.h5", {"--set", "population.size=300,1200", "-r", "400", "-q"});
  std::vector<double> sd;
  for (const char* point : {"/sweep/0", "/sweep/1"}) {
    const Matrix m = read_matrix(file, std::string(point) + "/contracts/cap/provider_margin");
    std::vector<double> horizon;
    for (std::int64_t r = 0; r < m.rows; ++r) {
      double sum = 0;
      for (int y = 0; y < m.cols; ++y) sum += m(r, y);
      horizon.push_back(sum);
    }
    sd.push_back(reference_sd(horizon));
  }
  const double ratio = sd[1] / sd[0];
  const double ratio_se = ratio * std::sqrt(2.0 / (2.0 * 400));
  EXPECT_NEAR(ratio, 2.0, 4 * ratio_se) << "SD " << sd[0] << " at 300 members, " << sd[1] << " at 1200";
}

}  // namespace
}  // namespace pmsim::testing
