// pmsim compare: a file against itself, two seeds of one scenario, a changed PMPM, paired
// runs (same seed) whose SE comes from per-replication differences, contracts in one file
// only, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "output/hdf5_writer.h"
#include "output/read_hdf5.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

constexpr int kReplications = 30;

struct CsvComparison {
  double reference_mean = 0, reference_se = 0, mean = 0, se = 0, difference = 0, difference_se = 0;
  std::string pairing, beyond, status;
};

// `pmsim compare a b --format csv`, by "contract/metric".
std::map<std::string, CsvComparison> compare_csv(const ScratchDir& dir, const std::string& a, const std::string& b) {
  const CommandResult r = pmsim_command(dir, {"compare", a, b, "--format", "csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto rows = split_csv(r.out);
  std::map<std::string, CsvComparison> out;
  if (rows.empty()) return out;
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < rows[0].size(); ++c) column[rows[0][c]] = c;
  const auto number = [&](const std::vector<std::string>& row, const char* name) {
    const std::string& field = row.at(column.at(name));
    return field.empty() ? std::nan("") : std::stod(field);
  };
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    CsvComparison c;
    c.reference_mean = number(row, "reference_mean");
    c.reference_se = number(row, "reference_mc_se");
    c.mean = number(row, "mean");
    c.se = number(row, "mc_se");
    c.difference = number(row, "difference");
    c.difference_se = number(row, "difference_se");
    c.pairing = row.at(column.at("pairing"));
    c.beyond = row.at(column.at("beyond_mc_error"));
    c.status = row.at(column.at("status"));
    out[row.at(column.at("contract")) + "/" + row.at(column.at("metric"))] = c;
  }
  return out;
}

// Horizon values (flows: sums over years) of a flow metric, one per replication.
std::vector<double> horizon_sums(const std::string& file, const std::string& dataset) {
  const Matrix m = read_matrix(file, dataset);
  std::vector<double> sums(static_cast<std::size_t>(m.rows), 0.0);
  for (std::int64_t r = 0; r < m.rows; ++r)
    for (int y = 0; y < m.cols; ++y) sums[static_cast<std::size_t>(r)] += m(r, y);
  return sums;
}

class Compare : public ::testing::Test {
 protected:
  ScratchDir dir_;
};

TEST_F(Compare, AFileWithItselfShowsNoDifferenceAndNoSignificance) {
  const std::string a = run_to_file(dir_, "a", results_scenario_yaml(1, kReplications, 310));
  const auto rows = compare_csv(dir_, a, a);
  ASSERT_GT(rows.size(), 30u);
  for (const auto& [name, c] : rows) {
    EXPECT_EQ(c.difference, 0.0) << name;
    EXPECT_EQ(c.difference_se, 0.0) << name;
    EXPECT_EQ(c.beyond, "false") << name;
    EXPECT_EQ(c.pairing, "same run") << name;
    EXPECT_EQ(c.status, "both") << name;
  }
  const CommandResult table = pmsim_command(dir_, {"compare", a, a});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("B vs A: same run"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("B vs A: no difference beyond Monte Carlo error"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find(" *"), std::string::npos) << table.out;
}

TEST_F(Compare, TwoSeedsOfOneScenarioDifferByMonteCarloErrorOnly) {
  const std::string a = run_to_file(dir_, "a", results_scenario_yaml(1, kReplications, 310));
  const std::string b = run_to_file(dir_, "b", results_scenario_yaml(2, kReplications, 310));
  const auto rows = compare_csv(dir_, a, b);
  ASSERT_GT(rows.size(), 30u);
  int varying = 0;
  for (const auto& [name, c] : rows) {
    EXPECT_EQ(c.pairing, "independent") << name;
    EXPECT_EQ(c.beyond, "false") << name << ": " << c.difference << " +- " << c.difference_se;
    EXPECT_DOUBLE_EQ(c.difference, c.mean - c.reference_mean) << name;
    EXPECT_DOUBLE_EQ(c.difference_se, std::hypot(c.reference_se, c.se)) << name;
    if (c.difference != 0) ++varying;
  }
  EXPECT_GT(varying, 10) << "the seeds gave different numbers";
  const CommandResult table = pmsim_command(dir_, {"compare", a, b});
  EXPECT_NE(table.out.find("B vs A: independent (seeds differ (1, 2))"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("sqrt(SE_a^2 + SE_b^2)"), std::string::npos) << table.out;
}

TEST_F(Compare, AContractWhosePmpmChangedALotIsFlagged) {
  const std::string a = run_to_file(dir_, "a", results_scenario_yaml(1, kReplications, 310));
  const std::string b = run_to_file(dir_, "b", results_scenario_yaml(2, kReplications, 400));
  const auto rows = compare_csv(dir_, a, b);
  for (const auto& [name, c] : rows) {
    if (!name.starts_with("ffs/")) continue;
    EXPECT_EQ(c.beyond, "false") << name;
  }
  for (const char* name : {"cap/provider_revenue", "cap/provider_margin", "cap/payer_spend"})
    EXPECT_EQ(rows.at(name).beyond, "true") << name;
  const CommandResult table = pmsim_command(dir_, {"compare", a, b});
  EXPECT_NE(table.out.find("differences beyond Monte Carlo error: cap/payer_savings"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find(" ffs/"), std::string::npos) << table.out;
}

TEST_F(Compare, SameSeedRunsArePairedWithTheSEOfPerReplicationDifferences) {
  const std::string a = run_to_file(dir_, "a", results_scenario_yaml(1, kReplications, 310));
  const std::string b = run_to_file(dir_, "b", results_scenario_yaml(1, kReplications, 311));
  const auto rows = compare_csv(dir_, a, b);
  const CsvComparison& spend = rows.at("cap/payer_spend");
  EXPECT_EQ(spend.pairing, "paired");
  // The SE of the mean of the per-replication differences, computed here from the matrices.
  const auto before = horizon_sums(a, "/contracts/cap/payer_spend");
  const auto after = horizon_sums(b, "/contracts/cap/payer_spend");
  std::vector<double> d(before.size());
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = after[i] - before[i];
  expect_close(reference_mean(d), spend.difference, "paired difference");
  expect_close(reference_sd(d) / std::sqrt(d.size()), spend.difference_se, "paired SE");
  const double independent_se = std::hypot(spend.reference_se, spend.se);
  EXPECT_LT(spend.difference_se, independent_se / 5) << "common random numbers";
  // A PMPM 0.3% higher: within 4 independent SEs, far beyond 4 paired ones.
  EXPECT_LT(std::abs(spend.difference), 4 * independent_se);
  EXPECT_EQ(spend.beyond, "true");
  // FFS did not change at all: the same simulated patients.
  EXPECT_EQ(rows.at("ffs/provider_margin").difference, 0.0);
  EXPECT_EQ(rows.at("ffs/provider_margin").difference_se, 0.0);
  const CommandResult table = pmsim_command(dir_, {"compare", a, b});
  EXPECT_NE(table.out.find("B vs A: paired (same seed (1) and replication ids (0..29), scenarios differ)"),
            std::string::npos)
      << table.out;
}

TEST_F(Compare, ContractsInOneFileOnlyAreListedAsSuch) {
  const std::string a = run_to_file(dir_, "a", results_scenario_yaml(1, kReplications, 310));
  const std::string b = run_to_file(
      dir_, "b", results_scenario_yaml(1, kReplications, 310, "  - {name: cap2, type: capitation, pmpm: 290}\n"));
  const auto rows = compare_csv(dir_, a, b);
  EXPECT_EQ(rows.at("cap2/provider_margin").status, "only in file");
  EXPECT_TRUE(std::isnan(rows.at("cap2/provider_margin").difference));
  EXPECT_EQ(rows.at("cap/provider_margin").status, "both");
  const CommandResult table = pmsim_command(dir_, {"compare", a, b});
  EXPECT_NE(table.out.find("contract 'cap2' is only in B"), std::string::npos) << table.out;
  const CommandResult json = pmsim_command(dir_, {"compare", a, b, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(python_parses_json(dir_, json.out)) << json.out;
  EXPECT_NE(json.out.find("\"contract\": \"cap2\",\n      \"only_in\": [\n        \"B\""), std::string::npos)
      << json.out;
}

TEST_F(Compare, BadInputExitsWithTwoAndAClearMessage) {
  const std::string a = run_to_file(dir_, "a", results_scenario_yaml(1, 5, 310));
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{a}, "files"},  // one file: nothing to compare with
      {{a, dir_.file("missing.h5")}, "missing.h5: no such file"},
      {{a, dir_.file("a.yaml")}, "a.yaml: not an HDF5 file"},
      {{a, a, "--format", "html"}, "--format"},
  };
  for (const auto& [arguments, message] : cases) {
    std::vector<std::string> command = {"compare"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    const CommandResult r = pmsim_command(dir_, command);
    EXPECT_EQ(r.exit_code, 2) << message << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n" << r.err;
  }
}

}  // namespace
}  // namespace pmsim::testing
