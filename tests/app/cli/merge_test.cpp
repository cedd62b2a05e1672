// pmsim run --shard I/N and pmsim merge: the parts of a run merged in any order equal one
// process's file bit for bit (every dataset and attribute; the root's provenance of the
// invocation aside), on scenarios with shocks and a variance decomposition, and with uncertain
// parameters and their tornado; a part is itself a results file that verifies and reproduces;
// parts that do not make one run (a part missing or doubled, another seed or scenario, a file
// that is not a part) are refused with exit 2 and nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "output/read_hdf5.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

class Merge : public ::testing::Test {
 protected:
  // Runs `args` (after "pmsim"), expecting exit 0.
  void ok(const std::vector<std::string>& args) {
    const CommandResult r = pmsim_command(dir_, args);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  // Shards 1..n of `scenario` with `replications`, each into part<I>.h5 (threads alternating 1, 2).
  std::vector<std::string> shards(const std::string& scenario, int replications, int n,
                                  const std::vector<std::string>& more = {}) {
    std::vector<std::string> parts;
    for (int i = 1; i <= n; ++i) {
      parts.push_back(dir_.file("part" + std::to_string(i) + ".h5"));
      std::vector<std::string> args = {"run",
                                       scenario,
                                       "-q",
                                       "-r",
                                       std::to_string(replications),
                                       "--shard",
                                       std::to_string(i) + "/" + std::to_string(n),
                                       "-j",
                                       i % 2 ? "1" : "2",
                                       "-o",
                                       parts.back(),
                                       "--force"};
      args.insert(args.end(), more.begin(), more.end());
      ok(args);
    }
    return parts;
  }
  // pmsim merge `parts` -o `output`, expecting exit 2, a message holding `expected` and no output.
  void refused(const std::vector<std::string>& parts, const std::string& expected) {
    std::vector<std::string> args = {"merge"};
    args.insert(args.end(), parts.begin(), parts.end());
    const std::string output = dir_.file("refused.h5");
    args.insert(args.end(), {"-o", output});
    const CommandResult r = pmsim_command(dir_, args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(output));
    for (const auto& entry : fs::directory_iterator(fs::path(output).parent_path()))
      EXPECT_EQ(entry.path().filename().string().find("refused.h5"), std::string::npos) << entry.path();
  }

  ScratchDir dir_;
};

TEST_F(Merge, PartsInAnyOrderMergeToTheOneProcessFileBitForBit) {
  // default: three contracts; pandemic_stress: shocks and the variance decomposition (its
  // twins); parameter_uncertainty: drawn parameters and the tornado, recomputed from all rows.
  for (const std::string name : {"default", "pandemic_stress", "parameter_uncertainty"}) {
    SCOPED_TRACE(name);
    const std::string scenario = repository_scenario(name);
    const std::string whole = dir_.file(name + ".h5");
    ok({"run", scenario, "-q", "-r", "7", "-o", whole});
    const std::vector<std::string> parts = shards(scenario, 7, 3);
    const std::string merged = dir_.file(name + "_merged.h5");
    ok({"merge", parts[2], parts[0], parts[1], "-q", "-o", merged});
    expect_same_run(whole, merged);
    EXPECT_EQ(read_int64_attribute(merged, "/", "replications"), 7);
    const std::string command_line = read_string_attribute(merged, "/", "command_line");
    EXPECT_NE(command_line.find(" merge " + parts[2] + " " + parts[0]), std::string::npos)
        << "the merge and its parts are its provenance: " << command_line;
    const CommandResult r = pmsim_command(dir_, {"reproduce", merged});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("bit-identical"), std::string::npos) << r.out;
  }
}

TEST_F(Merge, APartIsAResultsFileOfItsRangeThatVerifiesAndReproduces) {
  const std::string scenario = repository_scenario("pandemic_stress");
  const std::vector<std::string> parts = shards(scenario, 10, 3);
  const std::int64_t firsts[] = {0, 3, 6}, counts[] = {3, 3, 4};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(read_int64_attribute(parts[i], "/", "shard_index"), i + 1);
    EXPECT_EQ(read_int64_attribute(parts[i], "/", "shard_count"), 3);
    EXPECT_EQ(read_int64_attribute(parts[i], "/", "first_replication"), firsts[i]);
    EXPECT_EQ(read_int64_attribute(parts[i], "/", "replications"), counts[i]);
    EXPECT_EQ(read_matrix(parts[i], "/contracts/ffs/twins/provider_margin").rows, counts[i]);
  }
  const CommandResult verify = pmsim_command(dir_, {"verify", parts[0], parts[1], parts[2]});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const CommandResult again = pmsim_command(dir_, {"reproduce", parts[1]});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("bit-identical"), std::string::npos) << again.out;
  // A part whose shard attributes do not match its rows is damaged.
  const std::string copy = dir_.copy(parts[1], "moved.h5");
  const hid_t file = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t attr = H5Aopen_by_name(file, "/", "shard_index", H5P_DEFAULT, H5P_DEFAULT);
  const std::int64_t three = 3;
  ASSERT_GE(H5Awrite(attr, H5T_NATIVE_INT64, &three), 0);
  H5Aclose(attr);
  H5Fclose(file);
  const CommandResult damaged = pmsim_command(dir_, {"verify", copy});
  EXPECT_EQ(damaged.exit_code, 2) << damaged.out << damaged.err;
  EXPECT_NE(damaged.err.find("first_replication"), std::string::npos) << damaged.err;
}

TEST_F(Merge, PartsThatDoNotMakeOneRunAreRefused) {
  const std::string scenario = dir_.file("small.yaml");
  std::ofstream(scenario) << results_scenario_yaml(3, 9, 310);
  const std::vector<std::string> parts = shards(scenario, 9, 3);
  refused({parts[0], parts[2]}, "replications 3..5: no part holds them");
  refused({parts[0], parts[1]}, "replications 6..8: no part holds them");
  refused({parts[0], parts[1], parts[1], parts[2]}, "replications 3..5: in both");
  const std::string seeded = dir_.file("seed.h5");
  ok({"run", scenario, "-q", "-r", "9", "--shard", "3/3", "--seed", "4", "-o", seeded});
  refused({parts[0], parts[1], seeded}, "another seed: 3 vs 4");
  const std::string longer = dir_.file("longer.h5");
  ok({"run", scenario, "-q", "-r", "12", "--shard", "3/3", "-o", longer});
  refused({parts[0], parts[1], longer}, "parts of runs of other lengths: 9 vs 12 replications");
  const std::string other = dir_.file("other.yaml");
  std::ofstream(other) << results_scenario_yaml(3, 9, 320);
  const std::string changed = dir_.file("changed.h5");
  ok({"run", other, "-q", "--shard", "3/3", "-o", changed});
  refused({parts[0], parts[1], changed}, "from another scenario text");
  const std::string whole = dir_.file("whole.h5");
  ok({"run", scenario, "-q", "-o", whole});
  refused({whole}, "not a part file (written by pmsim run --shard I/N)");
  refused({parts[0], dir_.file("absent.h5")}, "absent.h5");
  // Shards of different counts that cover the run once are one run.
  const std::string first_half = dir_.file("half1.h5"), quarter3 = dir_.file("q3.h5"), quarter4 = dir_.file("q4.h5");
  ok({"run", scenario, "-q", "--shard", "1/2", "-o", first_half});  // 0..3
  ok({"run", scenario, "-q", "--shard", "3/4", "-o", quarter3});    // 4..5
  ok({"run", scenario, "-q", "--shard", "4/4", "-o", quarter4});    // 6..8
  ok({"merge", quarter4, first_half, quarter3, "-q", "-o", dir_.file("mixed.h5")});
  expect_same_run(whole, dir_.file("mixed.h5"));
}

TEST_F(Merge, ABadShardIsBadInput) {
  const std::string scenario = dir_.file("small.yaml");
  std::ofstream(scenario) << results_scenario_yaml(3, 4, 310);
  const std::string output = dir_.file("r.h5");
  const auto bad = [&](const std::vector<std::string>& more, const std::string& expected) {
    std::vector<std::string> args = {"run", scenario, "-q", "-o", output};
    args.insert(args.end(), more.begin(), more.end());
    const CommandResult r = pmsim_command(dir_, args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(output));
  };
  bad({"--shard", "0/3"}, "--shard: '0/3' is not a shard: expected I/N");
  bad({"--shard", "4/3"}, "above the number of shards 3");
  bad({"--shard", "two/3"}, "is not a shard");
  bad({"--shard", "1/5"}, "--shard 1/5: 5 shards of 4 replications (at most one shard per replication)");
  bad({"--shard", "1/2", "--until-se", "cap.provider_margin=1000"}, "--until-se");
  const CommandResult sweep = pmsim_command(
      dir_, {"sweep", scenario, "-q", "--set", "contracts[1].pmpm=300,310", "--shard", "1/2", "-o", output});
  EXPECT_EQ(sweep.exit_code, 2) << sweep.out << sweep.err;
  EXPECT_NE(sweep.err.find("pmsim sweep does not take --shard"), std::string::npos) << sweep.err;
  EXPECT_FALSE(fs::exists(output));
  // The default output names the part.
  const CommandResult r = pmsim_command(dir_, {"run", scenario, "-q", "--shard", "2/2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists("output/results_cli_part2of2.h5"));
  fs::remove("output/results_cli_part2of2.h5");
}

}  // namespace
}  // namespace pmsim::testing
