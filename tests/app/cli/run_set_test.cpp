// pmsim run --set KEY=VALUE: the run of the scenario with the value written in, bit for bit
// (the file's text aside, which is the file as given), and bad settings refused before
// anything runs.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "output/exact_comparison.h"
#include "output/read_hdf5.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

TEST(RunSet, IsTheRunOfTheValueWrittenIn) {
  ScratchDir dir;
  const std::string scenario = dir.file("s.yaml");
  std::ofstream(scenario) << results_scenario_yaml(3, 20, 310);
  const std::string set = dir.file("set.h5");
  const CommandResult r = pmsim_command(
      dir, {"run", scenario, "-q", "-o", set, "--set", "contracts[1].pmpm=327.5", "--set", "population.size=250"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string yaml = results_scenario_yaml(3, 20, 327.5);
  yaml.replace(yaml.find("size: 300"), 9, "size: 250");
  const std::string plain = run_to_file(dir, "plain", yaml);
  std::set<std::string> ignored = kInvocationAttributes;
  ignored.insert("scenario_text");  // the file as given; scenario_resolved holds the values set
  const ExactComparison c = compare_exactly(set, plain, ignored);
  EXPECT_TRUE(c.identical()) << c.datasets.size() << " datasets, " << c.attributes.size() << " attributes differ";
  EXPECT_GT(c.datasets_compared, 50u);
  EXPECT_EQ(read_string_attribute(set, "/", "scenario_text"), read_file(scenario));

  for (const auto& [argument, message] : std::vector<std::pair<std::string, std::string>>{
           {"contracts[1].pmpm=300,320", "pmsim run takes one value per key (a list: pmsim sweep)"},
           {"population.size=0", "with --set population.size=0: population.size: must be in [1, "},
           {"population.sise=5", "population.sise: unknown key; did you mean 'size'?"},
           {"population.size", "--set population.size: expected KEY=VALUE"}}) {
    const std::string out = dir.file("bad.h5");
    const CommandResult bad = pmsim_command(dir, {"run", scenario, "-o", out, "--set", argument});
    EXPECT_EQ(bad.exit_code, 2) << argument;
    EXPECT_NE(bad.err.find(message), std::string::npos) << argument << "\n" << bad.err;
    EXPECT_FALSE(fs::exists(out)) << argument;
  }
}

}  // namespace
}  // namespace pmsim::testing
