// pmsim summarize of a run with twin panels: the variance decomposition section (table,
// CSV, JSON) against the stored tables, and a table without its layout skipped and named.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "output/hdf5_writer.h"
#include "output/json_writer.h"
#include "output/read_hdf5.h"
#include "output/table_units.h"
#include "output/text_format.h"
#include "pmsim/version.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

constexpr int kReplications = 40;

constexpr const char* kOutcomes[] = {"payer_savings", "payer_spend", "provider_margin", "provider_revenue"};

// A small panel with twins and an uncertain capitation (so that some risk is systematic).
std::string twins_scenario_yaml() {
  return simple_scenario_yaml("  {name: twins, replications: " + std::to_string(kReplications) +
                                  ", years: 3, baseline_years: 1, seed: 12, variance_decomposition: true}\n",
                              "  size: 300\n  churn: 0.05\n"
                              "  age_bands: [{min_age: 70, max_age: 85, share: 1, mortality: 0.04, risk_score: 1}]\n",
                              services_only("{rate: 6, fee: 100, delivered_by: provider, unit_cost: 80}",
                                            "{rate: 0.3, fee: 10000, delivered_by: others, severity_cv: 1.0}"),
                              "  - {name: ffs, type: fee_for_service}\n"
                              "  - {name: cap, type: capitation, pmpm: {distribution: uniform, min: 250, max: 400}}\n");
}

// The stored row of a decomposition table (by column name), read with the project's reader:
// row `year` - 1, or the horizon (last) row with year 0.
std::map<std::string, double> stored_split(const std::string& file, const std::string& contract,
                                           const std::string& outcome, int year) {
  const std::string table = "/contracts/" + contract + "/variance_decomposition/" + outcome;
  const Matrix m = read_matrix(file, table);
  const auto columns = read_string_array_attribute(file, table, "columns");
  std::map<std::string, double> row;
  for (std::size_t c = 0; c < columns.size(); ++c)
    row[columns[c]] = m(year > 0 ? year - 1 : m.rows - 1, static_cast<int>(c));
  row["systematic_share_se"] = row.at("systematic_variance_se") / row.at("total_variance");
  return row;
}

// Every outcome of kOutcomes is money: USD millions in the table (output/table_units.h).
std::string sd_text(double variance) { return TableUnits().money(std::sqrt(std::max(0.0, variance))); }

// The table row of one contract and outcome in the decomposition section.
std::string decomposition_row(const std::string& out, const std::string& contract, const std::string& outcome) {
  const auto section = out.find("Risk that a larger panel would not diversify");
  if (section == std::string::npos) return "";
  std::istringstream lines(out.substr(section));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string first, second;
    words >> first >> second;
    if (first == contract && second == outcome) return line;
  }
  return "";
}

class SummarizeTwins : public ::testing::Test {
 protected:
  void SetUp() override { file_ = run_to_file(dir_, "twins", twins_scenario_yaml()); }

  ScratchDir dir_;
  std::string file_;
};

TEST_F(SummarizeTwins, TableShowsTheStoredSplitOfEveryOutcome) {
  for (int year : {0, 2}) {
    std::vector<std::string> command = {"summarize", file_};
    if (year > 0) command.insert(command.end(), {"--year", std::to_string(year)});
    const CommandResult r = pmsim_command(dir_, command);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(year > 0 ? "diversify, year 2" : "diversify, horizon"), std::string::npos) << r.out;
    for (const char* contract : {"ffs", "cap"}) {
      for (const char* outcome : kOutcomes) {
        const auto v = stored_split(file_, contract, outcome, year);
        const std::string row = decomposition_row(r.out, contract, outcome);
        ASSERT_FALSE(row.empty()) << contract << " " << outcome << "\n" << r.out;
        std::istringstream cells(row);
        std::string name, what, total, systematic, idiosyncratic, share;
        cells >> name >> what >> total >> systematic >> idiosyncratic;
        std::getline(cells >> std::ws, share);
        EXPECT_EQ(total, sd_text(v.at("total_variance"))) << row;
        EXPECT_EQ(systematic, sd_text(v.at("systematic_variance"))) << row;
        EXPECT_EQ(idiosyncratic, sd_text(v.at("idiosyncratic_variance"))) << row;
        char expected_share[64] = "-";  // FFS savings do not vary: no share
        if (!std::isnan(v.at("systematic_share")))
          std::snprintf(expected_share, sizeof expected_share, "%.3f +- %.3f", v.at("systematic_share"),
                        v.at("systematic_share_se"));
        EXPECT_EQ(share, expected_share) << row;
      }
    }
  }
  // The uncertain PMPM makes capitation revenue mostly systematic; FFS revenue follows claims.
  EXPECT_GT(stored_split(file_, "cap", "provider_revenue", 0).at("systematic_share"), 0.5);
}

TEST_F(SummarizeTwins, CsvHasTheDecompositionColumnsWithTheStoredNumbers) {
  const CommandResult r = pmsim_command(dir_, {"summarize", file_, "--format", "csv", "--year", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto header = split_csv(r.out).front();
  const std::vector<std::string> expected_tail = {
      "source",           "total_variance",         "systematic_variance", "idiosyncratic_variance",
      "systematic_share", "systematic_variance_se", "systematic_share_se"};
  ASSERT_GE(header.size(), expected_tail.size());
  EXPECT_EQ(std::vector<std::string>(header.end() - static_cast<std::ptrdiff_t>(expected_tail.size()), header.end()),
            expected_tail);
  int split_rows = 0;
  for (const auto& row : csv_records(r.out)) {
    const std::string& metric = row.at("metric");
    const bool decomposed = std::find(std::begin(kOutcomes), std::end(kOutcomes), metric) != std::end(kOutcomes);
    if (!decomposed) {
      EXPECT_EQ(row.at("total_variance"), "") << metric;
      EXPECT_EQ(row.at("systematic_share_se"), "") << metric;
      continue;
    }
    ++split_rows;
    for (const auto& [column, value] : stored_split(file_, row.at("contract"), metric, 3)) {
      const std::string what = row.at("contract") + "/" + metric + " " + column;
      if (std::isnan(value))
        EXPECT_EQ(row.at(column), "nan") << what;  // FFS savings: no variance
      else
        EXPECT_EQ(std::stod(row.at(column)), value) << what;  // exact: shortest round trip
    }
  }
  EXPECT_EQ(split_rows, 8) << "4 outcomes x 2 contracts";
}

TEST_F(SummarizeTwins, JsonParsesAndHoldsTheStoredSplit) {
  const CommandResult r = pmsim_command(dir_, {"summarize", file_, "--format", "json", "--contract", "cap"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(python_parses_json(dir_, r.out)) << r.out;
  // Python prints "metric column value" lines; repr of a float reads back exactly.
  std::istringstream lines(python_json_query(
      dir_, r.out,
      "'\\n'.join(m['name'] + ' ' + k + ' ' + repr(float(v)) for c in d['contracts'] for m in c['metrics'] "
      "if 'variance_decomposition' in m for k, v in m['variance_decomposition'].items())"));
  std::set<std::string> seen;
  std::string metric, column;
  double value = 0;
  while (lines >> metric >> column >> value) {
    seen.insert(metric);
    EXPECT_EQ(value, stored_split(file_, "cap", metric, 0).at(column)) << metric << " " << column;
  }
  EXPECT_EQ(seen, std::set<std::string>(std::begin(kOutcomes), std::end(kOutcomes)));
  EXPECT_EQ(python_json_query(dir_, r.out, "d['variance_decomposition_skipped']"), "[]");
}

TEST_F(SummarizeTwins, ATableWithoutItsLayoutIsSkippedAndNamed) {
  const std::string copy = dir_.copy(file_, "bad_split.h5");
  const std::string table = "/contracts/cap/variance_decomposition/payer_spend";
  delete_object(copy, table);
  // A dataset of another shape where the table was.
  const hid_t file = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hsize_t n = 3;
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t ds = H5Dcreate2(file, table.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const double values[] = {1, 2, 3};
  ASSERT_GE(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), 0);
  H5Dclose(ds);
  H5Sclose(space);
  H5Fclose(file);
  EXPECT_EQ(pmsim_command(dir_, {"summarize", copy}).exit_code, 2);
  // Read all the same: the damaged table is not read, the others are.
  const CommandResult r = pmsim_command(dir_, {"summarize", copy, "--allow-damaged"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(table + ": shape [3], expected [4, 5]"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("skipped " + table + ": damaged"), std::string::npos) << r.out;
  EXPECT_TRUE(decomposition_row(r.out, "cap", "payer_spend").empty()) << r.out;
  EXPECT_FALSE(decomposition_row(r.out, "cap", "provider_margin").empty()) << r.out;
}

}  // namespace
}  // namespace pmsim::testing
