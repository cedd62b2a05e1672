// pmsim solve, statistically: on a capitation contract the break-even PMPM (mean horizon margin
// 0) equals the expected cost per capitated member-month, estimated on other replications,
// within 4 SEs of the difference; the PMPM solved for P(loss) = 0.1 gives P(loss) within 4 SEs
// of 0.1 on other replications; the last line is KEY = VALUE +- SE, --format json parses; a
// target outside the range, a bad --vary or --target, a value the key does not accept: exit 2.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "output/read_hdf5.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

class Solve : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = dir_.file("cap.yaml");
    std::ofstream(scenario_) << results_scenario_yaml(11, 1000, 300);
  }

  // The horizon (sum over years) of a contract metric, one value a replication.
  std::vector<double> horizon(const std::string& file, const std::string& dataset) {
    const Matrix m = read_matrix(file, dataset);
    std::vector<double> out(static_cast<std::size_t>(m.rows), 0.0);
    for (std::int64_t r = 0; r < m.rows; ++r)
      for (int c = 0; c < m.cols; ++c) out[static_cast<std::size_t>(r)] += m(r, c);
    return out;
  }

  // `pmsim solve ... --format json`'s value of `expression` (Python, on the parsed document d).
  double json_number(const CommandResult& r, const std::string& expression) {
    return std::stod(python_json_query(dir_, r.out, expression));
  }

  ScratchDir dir_;
  std::string scenario_;
};

TEST_F(Solve, TheBreakEvenPmpmIsTheExpectedCostPerCapitatedMemberMonth) {
  const CommandResult r = pmsim_command(dir_, {"solve", scenario_, "--vary", "contracts[1].pmpm=100:900", "--target",
                                               "cap.provider_margin=0", "-r", "400", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_TRUE(python_parses_json(dir_, r.out)) << r.out;
  const double pmpm = json_number(r, "d['solution']"), se = json_number(r, "d['se']");
  EXPECT_EQ(python_json_query(dir_, r.out, "d['converged']"), "True");
  EXPECT_GT(se, 0);
  // Other replications (another seed), at any PMPM: cost is independent of it, and capitation
  // revenue / PMPM is the (risk-adjusted) member-months it is paid on.
  const std::string file = dir_.file("independent.h5");
  ASSERT_EQ(pmsim_command(dir_, {"run", scenario_, "-q", "-r", "2000", "--seed", "99", "-o", file}).exit_code, 0);
  const std::vector<double> cost = horizon(file, "/contracts/cap/provider_cost");
  std::vector<double> months = horizon(file, "/contracts/cap/revenue_capitation");
  for (double& m : months) m /= 300.0;
  const double ratio = reference_mean(cost) / reference_mean(months);
  std::vector<double> residual(cost.size());
  for (std::size_t i = 0; i < cost.size(); ++i) residual[i] = cost[i] - ratio * months[i];
  const double ratio_se = reference_sd(residual) / std::sqrt(static_cast<double>(cost.size())) / reference_mean(months);
  EXPECT_LE(std::abs(pmpm - ratio), 4 * std::hypot(se, ratio_se))
      << "solved " << pmpm << " +- " << se << ", expected cost per member-month " << ratio << " +- " << ratio_se;
  // The check on seed + 1 is reported: its margin within 4 SE of 0.
  EXPECT_LE(std::abs(json_number(r, "d['check']['statistic']")), 4 * json_number(r, "d['check']['se']")) << r.out;
}

TEST_F(Solve, ThePmpmForATenPercentChanceOfALossGivesItOnOtherReplications) {
  const CommandResult r = pmsim_command(
      dir_, {"solve", scenario_, "--vary", "contracts[1].pmpm=100:900", "--target", "cap.p_loss=0.1", "-r", "1000"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // The last line: KEY = VALUE +- SE.
  const std::string out = r.out.substr(0, r.out.size() - 1);
  const std::string last = out.substr(out.rfind('\n') + 1);
  ASSERT_EQ(last.rfind("contracts[1].pmpm = ", 0), 0u) << r.out;
  ASSERT_NE(last.find(" +- "), std::string::npos) << last;
  const double pmpm = std::stod(last.substr(20));
  const std::string file = dir_.file("check.h5");
  const std::string at_solution = dir_.file("solved.yaml");
  std::ofstream(at_solution) << results_scenario_yaml(11, 1000, pmpm);
  ASSERT_EQ(pmsim_command(dir_, {"run", at_solution, "-q", "-r", "2000", "--seed", "4242", "-o", file}).exit_code, 0);
  const std::vector<double> margin = horizon(file, "/contracts/cap/provider_margin");
  const double p = reference_p_loss(margin);
  // The SE of the difference: the independent run's binomial SE and the solution's own (its
  // P(loss) on 1,000 replications, as the solver reports it).
  const double se = std::hypot(std::sqrt(0.1 * 0.9 / 2000), std::sqrt(0.1 * 0.9 / 1000));
  EXPECT_LE(std::abs(p - 0.1), 4 * se) << "P(loss) " << p << " at the solved PMPM " << pmpm << "\n" << r.out;
  EXPECT_NE(r.out.find("check: on other replications (seed 12)"), std::string::npos) << r.out;
}

TEST_F(Solve, BadInputIsRefusedWithExitTwo) {
  const auto refused = [&](const std::vector<std::string>& more, const std::string& expected) {
    std::vector<std::string> args = {"solve", scenario_, "-r", "20"};
    args.insert(args.end(), more.begin(), more.end());
    const CommandResult r = pmsim_command(dir_, args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  };
  refused({"--vary", "contracts[1].pmpm=5000:6000", "--target", "cap.p_loss=0.1"}, "not between them; widen --vary");
  refused({"--vary", "contracts[1].pmpm=900:100", "--target", "cap.p_loss=0.1"}, "expected KEY=LO:HI with LO < HI");
  refused({"--vary", "contracts[1].pmpm", "--target", "cap.p_loss=0.1"}, "expected KEY=LO:HI");
  refused({"--vary", "contracts[1].pmpm=100:900", "--target", "cap.p_loss=1.5"}, "must be in (0, 1)");
  refused({"--vary", "contracts[1].pmpm=100:900", "--target", "nope.p_loss=0.1"}, "no contract 'nope' in the scenario");
  refused({"--vary", "contracts[1].pmpm=100:900", "--target", "cap.margin=0"}, "has no metric or statistic 'margin'");
  refused({"--vary", "contracts[1].pmpm=-100:900", "--target", "cap.p_loss=0.1"}, "contracts[1].pmpm");
  refused({"--vary", "contracts[1].pmmp=100:900", "--target", "cap.p_loss=0.1"}, "pmmp");
  refused({"--vary", "simulation.seed=1:9", "--target", "cap.p_loss=0.1"}, "same replications and seed");
}

}  // namespace
}  // namespace pmsim::testing
