// --units: run, merge, sweep, summarize and compare print money in USD millions by default and
// in whole USD with --units usd, the same figures (checked against the file's per-replication
// values); shares and counts are not scaled, and CSV and JSON stay exact USD.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "output/read_result_file.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The words of the first line of `out` whose first `prefix.size()` words are `prefix`, after the
// first line that starts with `after` when it is given.
std::vector<std::string> row_of(const std::string& out, const std::vector<std::string>& prefix,
                                const std::string& after = "") {
  std::istringstream in(out);
  for (std::string line; !after.empty() && std::getline(in, line);)
    if (line.starts_with(after)) break;
  for (std::string line; std::getline(in, line);) {
    const std::vector<std::string> w = words(line);
    if (w.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), w.begin())) return w;
  }
  ADD_FAILURE() << "no row starting with " << prefix.front() << " in\n" << out;
  return std::vector<std::string>(30, "nan");
}

// A cell in millions (three decimals) or whole USD is the value rounded: within half a unit.
void expect_cell(const std::string& cell, double usd, double divisor, const std::string& what) {
  ASSERT_FALSE(cell.empty() || cell.find_first_not_of("+-0123456789.e") != std::string::npos) << what << ": " << cell;
  EXPECT_NEAR(std::stod(cell), usd / divisor, 0.5001 * (divisor == 1 ? 1 : 1e-3)) << what << ": " << cell;
}

class UnitsOption : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = dir_.file("s.yaml");
    std::ofstream(scenario_) << results_scenario_yaml(3, 30, 310);
  }
  ScratchDir dir_;
  std::string scenario_;
};

TEST_F(UnitsOption, RunSummarizeAndCompareShowTheSameMoneyInEitherUnit) {
  const std::string file = dir_.file("a.h5"), other = dir_.file("b.h5");
  const CommandResult millions = pmsim_command(dir_, {"run", scenario_, "-o", file});
  const CommandResult usd = pmsim_command(dir_, {"run", scenario_, "-o", file, "--force", "--units", "usd"});
  ASSERT_EQ(millions.exit_code, 0) << millions.err;
  ASSERT_EQ(usd.exit_code, 0) << usd.err;
  ASSERT_EQ(pmsim_command(dir_, {"run", scenario_, "-o", other, "--seed", "4", "-q"}).exit_code, 0);
  const ResultFile results = ResultFile::open(file);
  const double margin = reference_mean(results.horizon_values("cap", "provider_margin"));
  const double savings = reference_mean(results.horizon_values("cap", "payer_savings"));
  const double p_loss = reference_p_loss(results.horizon_values("cap", "provider_margin"));

  // run: contract, revenue +- SE, margin +- SE, SD, VaR95, ES95, P(loss), P(ruin), spend +- SE, savings +- SE.
  EXPECT_NE(millions.out.find("(sums; USD millions; mean +- Monte Carlo SE)"), std::string::npos) << millions.out;
  EXPECT_NE(usd.out.find("(sums; USD; mean +- Monte Carlo SE)"), std::string::npos) << usd.out;
  for (const auto& [out, divisor] : {std::pair{millions.out, 1e6}, std::pair{usd.out, 1.0}}) {
    const std::vector<std::string> row = row_of(out, {"cap"});
    expect_cell(row[4], margin, divisor, "run margin");
    expect_cell(row[15], savings, divisor, "run savings");
    ASSERT_EQ(row[10].find_first_not_of("0123456789."), std::string::npos) << row[10];
    EXPECT_NEAR(std::stod(row[10]), p_loss, 5.001e-5) << "P(loss) is not scaled";
  }

  // summarize: the overview, and the metric's own table with its unit.
  const CommandResult s_millions = pmsim_command(dir_, {"summarize", file});
  const CommandResult s_usd = pmsim_command(dir_, {"summarize", file, "--units", "usd"});
  ASSERT_EQ(s_millions.exit_code, 0) << s_millions.err;
  ASSERT_EQ(s_usd.exit_code, 0) << s_usd.err;
  expect_cell(row_of(s_millions.out, {"cap"})[1], margin, 1e6, "summarize margin");
  expect_cell(row_of(s_usd.out, {"cap"})[1], margin, 1, "summarize margin");
  expect_cell(row_of(s_millions.out, {"provider_margin", "USD", "M"}, "cap (capitation)")[3], margin, 1e6,
              "metric table");
  expect_cell(row_of(s_usd.out, {"provider_margin", "USD"}, "cap (capitation)")[2], margin, 1, "metric table");
  EXPECT_EQ(row_of(s_millions.out, {"members"}), row_of(s_usd.out, {"members"})) << "not money: as it is";
  for (const char* format : {"csv", "json"})
    EXPECT_EQ(pmsim_command(dir_, {"summarize", file, "--format", format}).out,
              pmsim_command(dir_, {"summarize", file, "--format", format, "--units", "usd"}).out)
        << format << " is exact USD whatever --units";

  // compare: the estimates of A in the table's unit, the unit column saying which.
  const CommandResult c_millions = pmsim_command(dir_, {"compare", file, other});
  const CommandResult c_usd = pmsim_command(dir_, {"compare", file, other, "--units", "usd"});
  ASSERT_EQ(c_millions.exit_code, 0) << c_millions.err;
  expect_cell(row_of(c_millions.out, {"cap", "provider_margin", "USD", "M"})[4], margin, 1e6, "compare A");
  expect_cell(row_of(c_usd.out, {"cap", "provider_margin", "USD"})[3], margin, 1, "compare A");
  EXPECT_EQ(pmsim_command(dir_, {"compare", file, other, "--format", "csv"}).out,
            pmsim_command(dir_, {"compare", file, other, "--format", "csv", "--units", "usd"}).out);

  // sweep: the margin column.
  const CommandResult sweep = pmsim_command(
      dir_, {"sweep", scenario_, "--set", "population.size=300,301", "-o", dir_.file("s.h5"), "--units", "usd"});
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  expect_cell(row_of(sweep.out, {"0", "300", "cap"})[3], margin, 1, "sweep margin");
  EXPECT_NE(sweep.out.find("per point (sums; USD; mean"), std::string::npos) << sweep.out;

  const CommandResult bad = pmsim_command(dir_, {"summarize", file, "--units", "thousands"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--units"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace pmsim::testing
