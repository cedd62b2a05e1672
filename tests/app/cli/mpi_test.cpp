// pmsim under mpirun (cluster/): the results file of P ranks equals that of one process bit for
// bit (every dataset and attribute; the invocation's provenance aside) for P = 1, 2, 3, with a
// P that does not divide R and a rank with no replications, with replications or members split
// between the ranks; sweeps, shards and calibrate too. A rank that fails stops every rank (exit 1, a
// message naming the rank and the error, no file); bad input is reported once, exit 2.
// Skipped when pmsim was built without MPI (pmsim --version says so) or mpirun is missing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "results_cli.h"

namespace pmsim::testing {
namespace {

class Mpi : public ::testing::Test {
 protected:
  void SetUp() override {
    const CommandResult version = pmsim_command(dir_, {"--version"});
    if (version.out.find("MPI: Open MPI") == std::string::npos && version.out.find("MPI: MPICH") == std::string::npos)
      GTEST_SKIP() << "pmsim was built without MPI: " << version.out;
    if (std::system("command -v mpirun > /dev/null 2>&1") != 0) GTEST_SKIP() << "no mpirun on PATH";
  }

  // mpirun -n `ranks` pmsim `args` (as root, as CI runs, with --allow-run-as-root).
  CommandResult mpirun(int ranks, const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--oversubscribe", "-n", std::to_string(ranks)};
    if (::geteuid() == 0) all.push_back("--allow-run-as-root");
    all.push_back(PMSIM_BINARY);
    all.insert(all.end(), args.begin(), args.end());
    return run_command(dir_, "mpirun", all);
  }

  void ok(const CommandResult& r) { ASSERT_EQ(r.exit_code, 0) << r.out << r.err; }

  ScratchDir dir_;
};

TEST_F(Mpi, EveryRankCountGivesTheOneProcessFile) {
  // default: three contracts; pandemic_stress: shocks and the twins of the variance
  // decomposition; parameter_uncertainty: a scenario of its own drawn for each replication.
  for (const std::string name : {"default", "pandemic_stress", "parameter_uncertainty"}) {
    SCOPED_TRACE(name);
    const std::string scenario = repository_scenario(name);
    const std::string one = dir_.file(name + ".h5");
    ok(pmsim_command(dir_, {"run", scenario, "-q", "-r", "7", "-o", one}));
    for (const int ranks : {1, 2, 3}) {
      for (const std::string distribute : {"replications", "members"}) {
        if (distribute == "members" && name == "default" && ranks != 3) continue;  // the time of the suite
        SCOPED_TRACE(std::to_string(ranks) + " ranks, " + distribute);
        const std::string file = dir_.file(name + "_" + std::to_string(ranks) + distribute + ".h5");
        ok(mpirun(ranks, {"run", scenario, "-q", "-r", "7", "-j", "1", "--distribute", distribute, "-o", file}));
        expect_same_run(one, file);
      }
    }
  }
}

TEST_F(Mpi, ARankWithoutReplicationsAndAShardUnderMpiGiveTheOneProcessFiles) {
  const std::string scenario = dir_.file("small.yaml");
  std::ofstream(scenario) << results_scenario_yaml(5, 2, 310);
  const std::string one = dir_.file("one.h5"), three = dir_.file("three.h5");
  ok(pmsim_command(dir_, {"run", scenario, "-q", "-o", one}));
  const CommandResult r = mpirun(3, {"run", scenario, "-o", three});  // 2 replications, 3 ranks: rank 0 has none
  ok(r);
  expect_same_run(one, three);
  // Rank 0 reports the progress of all ranks, once, as lines for a log (no terminal here).
  const std::string done = "100%  2/2 replications";
  ASSERT_NE(r.err.find(done), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(done, r.err.find(done) + 1), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("pmsim: 3 MPI ranks of"), std::string::npos) << r.out;
  const std::string part = dir_.file("part.h5"), part_mpi = dir_.file("part_mpi.h5");
  ok(pmsim_command(dir_, {"run", scenario, "-q", "-r", "9", "--shard", "2/2", "-o", part}));
  ok(mpirun(2, {"run", scenario, "-q", "-r", "9", "--shard", "2/2", "-o", part_mpi}));
  expect_same_run(part, part_mpi);
}

TEST_F(Mpi, ASweepUnderMpiIsTheOneProcessSweep) {
  const std::string scenario = repository_scenario("default");
  const std::string one = dir_.file("sweep.h5"), two = dir_.file("sweep2.h5");
  const std::vector<std::string> sweep = {
      "sweep", scenario, "-q", "-r", "5", "-j", "1", "--set", "contracts[2].pmpm=780,805"};
  std::vector<std::string> args = sweep;
  args.insert(args.end(), {"-o", one});
  ok(pmsim_command(dir_, args));
  args = sweep;
  args.insert(args.end(), {"-o", two});
  ok(mpirun(2, args));
  expect_same_run(one, two);
}

TEST_F(Mpi, CalibrateUnderMpiPrintsTheOneProcessReport) {
  // The blocks of members split between the ranks, the records put together on rank 0.
  const std::string scenario = repository_scenario("default");
  const CommandResult one = pmsim_command(dir_, {"calibrate", scenario, "-m", "20000"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_NE(one.out.find("share of spending, top 1%"), std::string::npos) << one.out;
  for (const int ranks : {2, 3}) {
    const CommandResult r = mpirun(ranks, {"calibrate", scenario, "-m", "20000", "-j", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, one.out) << ranks << " ranks";
  }
}

TEST_F(Mpi, ARankThatFailsStopsEveryRankAndNoFileIsLeft) {
  // An uncertain control_base above control_max breaks a rule: the replication fails. The first
  // failing replication k of a run, run with R = k + 1 on 3 ranks, is on the last rank only.
  std::string text = read_file(repository_scenario("default"));
  text.replace(text.find("  size: 10000"), 13, "  size: 300");
  text.replace(text.find("provider:"), 0,
               "quality: {controlled_condition: diabetes, control_base: {distribution: uniform, min: 0.3, max: 0.9}, "
               "control_max: 0.8}\n");
  const std::string scenario = dir_.file("breaks.yaml");
  std::ofstream(scenario) << text;
  int seed = 0, failing = -1;
  for (seed = 1; seed < 60 && failing < 3; ++seed) {
    const CommandResult r = pmsim_command(
        dir_, {"run", scenario, "-q", "-j", "1", "-r", "60", "--seed", std::to_string(seed), "-o", dir_.file("x.h5")});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    const auto at = r.err.find("replication ");
    ASSERT_NE(at, std::string::npos) << r.err;
    failing = std::stoi(r.err.substr(at + 12));
  }
  --seed;
  ASSERT_GE(failing, 3) << "no seed whose first failing replication is late enough";
  // Several times: a launcher's kill could race rank 0's cleanup (it did, one run in eight).
  const std::string output = dir_.file("failed.h5");
  for (int attempt = 0; attempt < 4; ++attempt) {
    const CommandResult r = mpirun(3, {"run", scenario, "-q", "-j", "1", "-r", std::to_string(failing + 1), "--seed",
                                       std::to_string(seed), "-o", output});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("pmsim: rank 2 of 3 failed: replication " + std::to_string(failing) +
                         ": the drawn values of the uncertain parameters break a rule"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("stopping every rank"), std::string::npos) << r.err;
    for (const auto& entry : fs::directory_iterator(fs::path(output).parent_path()))
      ASSERT_EQ(entry.path().filename().string().find("failed.h5"), std::string::npos) << entry.path() << "\n" << r.err;
  }
}

TEST_F(Mpi, BadInputIsReportedOnceWithExitTwo) {
  const std::string output = dir_.file("r.h5");
  const CommandResult missing = mpirun(3, {"run", dir_.file("absent.yaml"), "-q", "-o", output});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  const std::string message = "absent.yaml: cannot read file";
  const auto first = missing.err.find(message);
  ASSERT_NE(first, std::string::npos) << missing.err;
  EXPECT_EQ(missing.err.find(message, first + 1), std::string::npos) << "once, from rank 0:\n" << missing.err;
  EXPECT_FALSE(fs::exists(output));
  const std::string scenario = dir_.file("small.yaml");
  std::ofstream(scenario) << results_scenario_yaml(5, 4, 310);
  const CommandResult until = mpirun(2, {"run", scenario, "-q", "--until-se", "cap.provider_margin=1000"});
  EXPECT_EQ(until.exit_code, 2) << until.err;
  EXPECT_NE(until.err.find("--until-se runs in one process"), std::string::npos) << until.err;
  const CommandResult unwritable = mpirun(2, {"run", scenario, "-q", "-o", dir_.file("no/such/dir/r.h5")});
  EXPECT_EQ(unwritable.exit_code, 2) << unwritable.err;
  EXPECT_NE(unwritable.err.find("does not exist"), std::string::npos) << unwritable.err;
}

}  // namespace
}  // namespace pmsim::testing
