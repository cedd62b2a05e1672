// pmsim export: the CSV long table holds every per-replication value of every contract and
// population metric and every summary statistic, each reading back exactly what the results
// file stores; the xlsx workbook has its sheets, with the horizon summary and the scenario text
// in them (read with Python's zipfile, not with the library that wrote it); an existing output,
// an unknown format and a damaged file are refused with exit 2.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "output/read_hdf5.h"
#include "results_cli.h"

namespace pmsim::testing {
namespace {

class Export : public ::testing::Test {
 protected:
  void SetUp() override { file_ = run_to_file(dir_, "run", results_scenario_yaml(3, 6, 310)); }
  ScratchDir dir_;
  std::string file_;
};

TEST_F(Export, TheLongTableHoldsEveryValueAndSummaryExactly) {
  const std::string csv = dir_.file("run.csv");
  const CommandResult r = pmsim_command(dir_, {"export", file_, "-o", csv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto records = csv_records(read_file(csv));
  std::size_t values = 0, summaries = 0, expected_values = 0, expected_summaries = 0;
  for (const std::string& d : list_datasets(file_)) {
    const bool contract_metric = d.starts_with("/contracts/") && d.find("/summary/") == std::string::npos;
    if (contract_metric || d.starts_with("/population/")) expected_values += read_matrix(file_, d).values.size();
    if (d.find("/summary/") != std::string::npos) expected_summaries += read_matrix(file_, d).values.size();
  }
  const Matrix margin = read_matrix(file_, "/contracts/cap/provider_margin");
  const Matrix summary = read_matrix(file_, "/contracts/cap/summary/provider_margin");
  const Matrix deaths = read_matrix(file_, "/population/deaths");
  int checked = 0;
  for (const auto& rec : records) {
    if (rec.at("table") == "values") {
      ++values;
      if (rec.at("contract") == "cap" && rec.at("metric") == "provider_margin") {
        const int row = std::stoi(rec.at("replication")), year = std::stoi(rec.at("period").substr(5));
        EXPECT_EQ(std::stod(rec.at("value")), margin(row, year - 1)) << "exact";
        EXPECT_EQ(rec.at("unit"), "USD");
        ++checked;
      }
      if (rec.at("contract") == "population" && rec.at("metric") == "deaths" && rec.at("period") == "baseline 1") {
        EXPECT_EQ(std::stod(rec.at("value")), deaths(std::stoi(rec.at("replication")), 0));
        ++checked;
      }
    } else {
      EXPECT_EQ(rec.at("table"), "summary");
      ++summaries;
      if (rec.at("contract") == "cap" && rec.at("metric") == "provider_margin" && rec.at("period") == "horizon" &&
          rec.at("statistic") == "p_loss") {
        EXPECT_EQ(std::stod(rec.at("value")), summary(summary.rows - 1, 14));
        ++checked;
      }
    }
  }
  EXPECT_EQ(values, expected_values);
  EXPECT_EQ(summaries, expected_summaries);
  EXPECT_EQ(checked, 6 * 3 + 6 + 1);  // 6 replications x 3 years, 6 baseline rows, 1 summary
}

TEST_F(Export, TheWorkbookHasItsSheetsTheSummaryAndTheScenario) {
  const std::string xlsx = dir_.file("run.xlsx");
  const CommandResult r = pmsim_command(dir_, {"export", file_, "-o", xlsx});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("exported as xlsx"), std::string::npos) << r.out;
  const std::string script = dir_.file("read.py");
  std::ofstream(script) << R"py(import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
book = z.read('xl/workbook.xml').decode()
print('|'.join(re.findall(r'<sheet name="([^"]+)"', book)))
strings = z.read('xl/sharedStrings.xml').decode()
print('scenario text' if 'name: results_cli' in strings else 'no scenario text')
sheet = z.read('xl/worksheets/sheet1.xml').decode()
print(len(re.findall(r'<row ', sheet)))
)py";
  const CommandResult py = run_command(dir_, "/usr/bin/python3", {script, xlsx});
  ASSERT_EQ(py.exit_code, 0) << py.err;
  const auto lines = split_csv(py.out);
  ASSERT_EQ(lines.size(), 3u) << py.out;
  EXPECT_EQ(lines[0][0], "Summary horizon|Summary year 3|Summary year 2|Summary year 1|By year|Scenario|Provenance");
  EXPECT_EQ(lines[1][0], "scenario text");
  std::size_t metrics = 0;
  for (const std::string& d : list_datasets(file_))
    if (d.find("/summary/") != std::string::npos) ++metrics;
  EXPECT_EQ(std::stoul(lines[2][0]), metrics + 1) << "a header and a row per contract metric";
}

TEST_F(Export, BadInputIsRefused) {
  const std::string csv = dir_.file("out.csv");
  ASSERT_EQ(pmsim_command(dir_, {"export", file_, "-o", csv}).exit_code, 0);
  const CommandResult again = pmsim_command(dir_, {"export", file_, "-o", csv});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("exists; use --force"), std::string::npos) << again.err;
  EXPECT_EQ(pmsim_command(dir_, {"export", file_, "-o", csv, "--force"}).exit_code, 0);
  EXPECT_EQ(pmsim_command(dir_, {"export", file_, "--format", "pdf", "-o", dir_.file("x.pdf")}).exit_code, 2);
  const std::string damaged = dir_.copy(file_, "damaged.h5");
  delete_object(damaged, "/contracts/cap/provider_margin");
  const CommandResult d = pmsim_command(dir_, {"export", damaged, "-o", dir_.file("d.csv")});
  EXPECT_EQ(d.exit_code, 2) << d.err;
  EXPECT_FALSE(fs::exists(dir_.file("d.csv")));
}

}  // namespace
}  // namespace pmsim::testing
