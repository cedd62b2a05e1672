// pmsim run --until-se: it stops at the first batch whose SE is at most the target (the batch
// before was above it), its file is that of a plain `pmsim run -r N` bit for bit (twins and
// uncertain parameters included), the max-replications path warns, bad input exits with 2.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/replication_batches.h"
#include "output/exact_comparison.h"
#include "output/hdf5_writer.h"
#include "output/read_hdf5.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

const std::set<std::string> kDifferByRun = {"created",      "wall_seconds",  "threads",
                                            "command_line", "scenario_file", "simd_target"};

// The SE of the mean horizon value over the first `rows` replications of a [R, Y] matrix.
double se_of_first(const Matrix& m, std::int64_t rows) {
  std::vector<double> horizon;
  for (std::int64_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (int y = 0; y < m.cols; ++y) sum += m(r, y);
    horizon.push_back(sum);
  }
  return reference_sd(horizon) / std::sqrt(static_cast<double>(rows));
}

// Twins and a drawn pmpm: what batching must keep the same.
std::string twins_and_draws_yaml() {
  std::string yaml = results_scenario_yaml(4, 20, 310);
  yaml.replace(yaml.find("pmpm: 310.000000"), 16, "pmpm: {distribution: normal, mean: 310, sd: 15}");
  yaml.replace(yaml.find("seed: 4"), 7, "seed: 4, variance_decomposition: true");
  return yaml;
}

class UntilSe : public ::testing::Test {
 protected:
  std::string scenario(const std::string& name, const std::string& yaml) const {
    const std::string path = dir_.file(name + ".yaml");
    std::ofstream(path) << yaml;
    return path;
  }
  ScratchDir dir_;
};

TEST_F(UntilSe, StopsAtTheFirstBatchBelowTheTargetAndEqualsAPlainRun) {
  const std::string yaml = twins_and_draws_yaml();
  const std::string input = scenario("s", yaml);
  // A pilot of 20 replications sizes a target that takes a few batches of 10.
  const std::string pilot = run_to_file(dir_, "pilot", yaml);
  const double target = se_of_first(read_matrix(pilot, "/contracts/cap/provider_margin"), 20) * std::sqrt(20.0 / 70);
  const std::string out = dir_.file("until.h5");
  const CommandResult r = pmsim_command(
      dir_, {"run", input, "-o", out, "--until-se", "cap.provider_margin=" + std::to_string(target), "--batch", "10"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::int64_t n = read_int64_attribute(out, "/", "replications");
  EXPECT_EQ(n % 10, 0) << n;
  ASSERT_GE(n, 20) << "the first batch of 10 must not have reached it";
  const Matrix margin = read_matrix(out, "/contracts/cap/provider_margin");
  EXPECT_LE(se_of_first(margin, n), target);
  EXPECT_GT(se_of_first(margin, n - 10), target) << "the batch before was above the target";
  EXPECT_NE(r.out.find("--until-se: reached with " + std::to_string(n) + " replications"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(std::to_string(n - 10) + " replications: SE of cap.provider_margin"), std::string::npos)
      << r.err;

  const std::string plain = dir_.file("plain.h5");
  ASSERT_EQ(pmsim_command(dir_, {"run", input, "-q", "-o", plain, "-r", std::to_string(n)}).exit_code, 0);
  const ExactComparison c = compare_exactly(out, plain, kDifferByRun);
  EXPECT_TRUE(c.identical()) << c.datasets.size() << " datasets and " << c.attributes.size() << " attributes differ";
  EXPECT_GT(c.datasets_compared, 60u);
  for (const char* dataset : {"/contracts/cap/variance_decomposition/provider_margin", "/parameters/contracts[1].pmpm"})
    EXPECT_EQ(read_matrix(out, dataset).values.empty(), false) << dataset;

  const CommandResult again = pmsim_command(dir_, {"reproduce", out});
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

TEST_F(UntilSe, MaxReplicationsReachedWarnsAndWritesWhatRan) {
  const std::string input = scenario("s", results_scenario_yaml(4, 20, 310));
  const std::string out = dir_.file("max.h5");
  const CommandResult r = pmsim_command(dir_, {"run", input, "-o", out, "--until-se", "cap.provider_margin=0.01",
                                               "--batch", "8", "--max-replications", "20"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: --until-se: not reached with --max-replications 20"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("16 replications: SE of cap.provider_margin"), std::string::npos) << r.err;
  EXPECT_EQ(read_int64_attribute(out, "/", "replications"), 20) << "the last batch is cut to fit";
}

TEST_F(UntilSe, BadInputExitsWithTwoAndWritesNothing) {
  const std::string input = scenario("s", results_scenario_yaml(4, 20, 310));
  const std::string out = dir_.file("bad.h5");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--until-se", "capp.provider_margin=100"}, "no contract 'capp' in the scenario; did you mean 'cap'?"},
      {{"--until-se", "cap.provider_margn=100"},
       "has no metric or statistic 'provider_margn'; did you mean 'provider_margin'?"},
      {{"--until-se", "cap.provider_margin=0"}, "the SE must be a number > 0"},
      {{"--until-se", "provider_margin"}, "expected CONTRACT.METRIC=SE"},
      {{"--until-se", "cap.provider_margin=100", "-r", "50"}, "excludes"},
      {{"--batch", "10"}, "requires --until-se"},
      {{"--until-se", "cap.provider_margin=100", "--batch", "50", "--max-replications", "20"},
       "--max-replications 20: must be at least --batch (50)"},
  };
  for (const auto& [arguments, message] : cases) {
    std::vector<std::string> command = {"run", input, "-o", out};
    command.insert(command.end(), arguments.begin(), arguments.end());
    const CommandResult r = pmsim_command(dir_, command);
    EXPECT_EQ(r.exit_code, 2) << message << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n" << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
}

TEST(ReplicationBatches, AppendingOutOfOrderIsAnError) {
  RunResults first, second;
  first.replications = 10;
  first.population.push_back(Metric{"x", "", "", Aggregation::flow, Matrix(10, 2)});
  second.first_replication = 11;
  second.replications = 5;
  second.population.push_back(Metric{"x", "", "", Aggregation::flow, Matrix(5, 2)});
  EXPECT_THROW(append_replications(first, std::move(second)), std::logic_error);
}

}  // namespace
}  // namespace pmsim::testing

namespace pmsim::testing {
namespace {

// A tail target: P(loss) to +-0.03 (its binomial SE, contract_statistic.h) stops at the first
// batch whose SE sqrt(p (1 - p) / n), computed here from the file, is at most 0.03.
TEST(UntilSeTail, AProbabilityTargetStopsAtTheFirstBatchWithItsBinomialSeBelowIt) {
  ScratchDir dir;
  const std::string scenario = dir.file("tail.yaml");
  std::ofstream(scenario) << results_scenario_yaml(6, 20, 300);
  const std::string file = dir.file("tail.h5");
  const CommandResult r =
      pmsim_command(dir, {"run", scenario, "--until-se", "cap.p_loss=0.03", "--batch", "40", "-o", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("--until-se: reached"), std::string::npos) << r.out;
  const Matrix margin = read_matrix(file, "/contracts/cap/provider_margin");
  const auto se_of = [&](std::int64_t rows) {
    std::int64_t losses = 0;
    for (std::int64_t i = 0; i < rows; ++i) {
      double sum = 0;
      for (int y = 0; y < margin.cols; ++y) sum += margin(i, y);
      losses += sum < 0;
    }
    const double p = static_cast<double>(losses) / static_cast<double>(rows);
    return std::sqrt(p * (1 - p) / static_cast<double>(rows));
  };
  const std::int64_t n = margin.rows;
  EXPECT_EQ(n % 40, 0);
  EXPECT_LE(se_of(n), 0.03);
  if (n > 40) {
    EXPECT_GT(se_of(n - 40), 0.03) << "the batch before was above the target";
  }
  const CommandResult bad =
      pmsim_command(dir, {"run", scenario, "--until-se", "cap.p_lss=0.03", "-o", dir.file("x.h5")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("did you mean 'p_loss'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace pmsim::testing
