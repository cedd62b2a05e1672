// pmsim summarize: its numbers (table, CSV, JSON) against statistics computed here from the
// per-replication matrices of the file, the year and contract options, the recomputation of
// a metric without a summary table, the sensitivity section, and bad input.
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

// The values of a metric that a summary row describes: one per replication, of year `year`
// (1-based) or, with year 0, of the horizon (flows summed, stocks minimum, peaks maximum,
// indicators and levels averaged, labels their last year).
std::vector<double> period_values(const std::string& file, const std::string& contract, const std::string& metric,
                                  int year) {
  const std::string dataset = "/contracts/" + contract + "/" + metric;
  const Matrix m = read_matrix(file, dataset);
  const std::string aggregation = read_string_attribute(file, dataset, "aggregation");
  std::vector<double> values;
  for (std::int64_t r = 0; r < m.rows; ++r) {
    if (year > 0) {
      values.push_back(m(r, year - 1));
      continue;
    }
    const bool summed = aggregation == "flow" || aggregation == "indicator" || aggregation == "level";
    double h = summed ? 0.0 : m(r, 0);
    for (int y = 0; y < m.cols; ++y) {
      if (summed)
        h += m(r, y);
      else if (aggregation == "stock")
        h = std::min(h, m(r, y));
      else if (aggregation == "peak")
        h = std::max(h, m(r, y));
      else  // label: the last year
        h = m(r, y);
    }
    if (aggregation == "indicator" || aggregation == "level") h /= m.cols;  // the mean over years
    values.push_back(h);
  }
  return values;
}

// The metric datasets of every contract, as "contract metric" (summary tables left out).
std::set<std::string> metric_names(const std::string& file) {
  std::set<std::string> names;
  for (const std::string& d : list_datasets(file)) {
    if (!d.starts_with("/contracts/") || d.find("/summary/") != std::string::npos) continue;
    const std::string rest = d.substr(11);
    names.insert(rest.substr(0, rest.find('/')) + " " + rest.substr(rest.find('/') + 1));
  }
  return names;
}

// Checks one CSV row (by header name) against the statistics of `values`.
void expect_row_matches(const std::map<std::string, std::string>& row, const std::vector<double>& values) {
  const std::string what = row.at("contract") + "/" + row.at("metric") + " " + row.at("period");
  const auto field = [&](const char* column) { return std::stod(row.at(column)); };
  const double sd = reference_sd(values);
  expect_close(reference_mean(values), field("mean"), what + " mean");
  expect_close(sd, field("sd"), what + " sd");
  expect_close(sd / std::sqrt(values.size()), field("mc_se"), what + " mc_se");
  for (const auto& [column, p] :
       std::map<const char*, double>{{"q05", 0.05}, {"q25", 0.25}, {"q50", 0.5}, {"q75", 0.75}, {"q95", 0.95}})
    expect_close(reference_quantile(values, p), field(column), what + " " + column);
  expect_close(-reference_quantile(values, 0.05), field("var95"), what + " var95");
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const std::vector<double> tail(sorted.begin(), sorted.begin() + 2);  // k = ceil(40 x 0.05) = 2
  expect_close(-reference_mean(tail), field("es95"), what + " es95");
  EXPECT_EQ(reference_p_loss(values), field("p_loss")) << what;
  EXPECT_EQ(row.at("replications"), std::to_string(kReplications)) << what;
}

class Summarize : public ::testing::Test {
 protected:
  void SetUp() override { file_ = run_to_file(dir_, "run", results_scenario_yaml(11, kReplications, 310)); }

  ScratchDir dir_;
  std::string file_;
};

TEST_F(Summarize, CsvHasEveryMetricWithTheStatisticsOfItsHorizonValues) {
  const CommandResult r = pmsim_command(dir_, {"summarize", file_, "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const auto records = csv_records(r.out);
  std::set<std::string> seen;
  for (const auto& row : records) {
    seen.insert(row.at("contract") + " " + row.at("metric"));
    EXPECT_EQ(row.at("period"), "horizon");
    EXPECT_EQ(row.at("source"), "summary");
    expect_row_matches(row, period_values(file_, row.at("contract"), row.at("metric"), 0));
  }
  EXPECT_EQ(seen, metric_names(file_));
  EXPECT_EQ(records.size(), seen.size()) << "one row per (contract, metric)";
  EXPECT_GT(records.size(), 30u);
}

TEST_F(Summarize, CsvNumbersReadBackAsExactlyTheStoredSummary) {
  const CommandResult r = pmsim_command(dir_, {"summarize", file_, "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto header = split_csv(r.out).front();
  for (const auto& row : csv_records(r.out)) {
    const std::string table = "/contracts/" + row.at("contract") + "/summary/" + row.at("metric");
    const Matrix stored = read_matrix(file_, table);
    const auto columns = read_string_array_attribute(file_, table, "columns");
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const double expected = stored(stored.rows - 1, static_cast<int>(c));
      const double shown = std::stod(row.at(columns[c]));
      if (std::isnan(expected))
        EXPECT_TRUE(std::isnan(shown)) << table << " " << columns[c];
      else
        EXPECT_EQ(shown, expected) << table << " " << columns[c];  // bit for bit: shortest round trip
    }
  }
  EXPECT_EQ(header.front(), "contract");
}

TEST_F(Summarize, YearShowsThatYear) {
  const CommandResult r = pmsim_command(dir_, {"summarize", file_, "--format", "csv", "--year", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto records = csv_records(r.out);
  ASSERT_FALSE(records.empty());
  for (const auto& row : records) {
    EXPECT_EQ(row.at("period"), "year 2");
    expect_row_matches(row, period_values(file_, row.at("contract"), row.at("metric"), 2));
  }
}

TEST_F(Summarize, JsonParsesAndHoldsTheSameStatistics) {
  const CommandResult r = pmsim_command(dir_, {"summarize", file_, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(python_parses_json(dir_, r.out)) << r.out;
  // Python reads the document and prints "contract metric mean sd q05 q50 q95" (repr is exact).
  std::ofstream(dir_.file("summary.json")) << r.out;
  std::ofstream(dir_.file("read.py"))
      << "import json, sys\n"
         "d = json.load(open(sys.argv[1]))\n"
         "p = d['provenance']\n"
         "print(p['scenario_name'], p['seed'], p['replications'], d['period'], p['pmsim_version'])\n"
         "for c in d['contracts']:\n"
         "    for m in c['metrics']:\n"
         "        print(c['name'], m['name'], *[repr(float(m[k])) for k in ('mean', 'sd', 'q05', 'q50', 'q95')])\n";
  const std::string command =
      "/usr/bin/python3 " + dir_.file("read.py") + " " + dir_.file("summary.json") + " > " + dir_.file("read.txt");
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::istringstream lines(read_file(dir_.file("read.txt")));
  std::string name, period, version;
  std::uint64_t seed = 0;
  int replications = 0;
  lines >> name >> seed >> replications >> period >> version;
  EXPECT_EQ(name, "results_cli");
  EXPECT_EQ(seed, 11u);
  EXPECT_EQ(replications, kReplications);
  EXPECT_EQ(period, "horizon");
  EXPECT_EQ(version, kVersion);
  std::set<std::string> seen;
  std::string contract, metric;
  double mean, sd, q05, q50, q95;
  while (lines >> contract >> metric >> mean >> sd >> q05 >> q50 >> q95) {
    seen.insert(contract + " " + metric);
    const auto values = period_values(file_, contract, metric, 0);
    expect_close(reference_mean(values), mean, contract + "/" + metric + " mean");
    expect_close(reference_sd(values), sd, contract + "/" + metric + " sd");
    expect_close(reference_quantile(values, 0.05), q05, contract + "/" + metric + " q05");
    expect_close(reference_quantile(values, 0.5), q50, contract + "/" + metric + " q50");
    expect_close(reference_quantile(values, 0.95), q95, contract + "/" + metric + " q95");
  }
  EXPECT_EQ(seen, metric_names(file_));
}

TEST_F(Summarize, TableShowsTheProvenanceAndTheStoredNumbers) {
  const CommandResult r = pmsim_command(dir_, {"summarize", file_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& expected :
       {std::string("scenario 'results_cli'"), std::string("40 replications"), std::string("seed 11"),
        std::string("pmsim ") + kVersion, read_string_attribute(file_, "/", "scenario_sha256"),
        std::string("cap (capitation), horizon"), std::string("ffs (fee_for_service), horizon")})
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  // The overview row of cap: margin mean +- SE, SD, VaR95, ES95 as stored in the file, in USD millions.
  const Matrix margin = read_matrix(file_, "/contracts/cap/summary/provider_margin");
  const auto stored = [&](int column) { return TableUnits().money(margin(margin.rows - 1, column)); };
  const std::string expected_row = stored(0) + " +- " + stored(2);  // mean, mc_se
  const auto row_start = r.out.find("\ncap ");
  ASSERT_NE(row_start, std::string::npos) << r.out;
  const std::string row = r.out.substr(row_start + 1, r.out.find('\n', row_start + 1) - row_start - 1);
  EXPECT_NE(row.find(expected_row), std::string::npos) << row;
  EXPECT_NE(row.find(stored(1)), std::string::npos) << row;   // sd
  EXPECT_NE(row.find(stored(10)), std::string::npos) << row;  // var95
  EXPECT_NE(row.find(stored(12)), std::string::npos) << row;  // es95
  EXPECT_EQ(r.out.find("Sensitivity"), std::string::npos) << "no /sensitivity in this file";
}

TEST_F(Summarize, ContractRestrictsTheOutputToIt) {
  const CommandResult csv = pmsim_command(dir_, {"summarize", file_, "--format", "csv", "--contract", "cap"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const auto records = csv_records(csv.out);
  ASSERT_FALSE(records.empty());
  for (const auto& row : records) EXPECT_EQ(row.at("contract"), "cap");
  const CommandResult table = pmsim_command(dir_, {"summarize", file_, "--contract", "cap"});
  EXPECT_EQ(table.out.find("ffs (fee_for_service)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("cap (capitation)"), std::string::npos) << table.out;
}

TEST_F(Summarize, AMetricWithoutASummaryTableIsRecomputedFromItsMatrix) {
  const std::string copy = dir_.copy(file_, "no_summary.h5");
  delete_object(copy, "/contracts/cap/summary/provider_margin");
  // A damaged file: refused, or read all the same with --allow-damaged.
  EXPECT_EQ(pmsim_command(dir_, {"summarize", copy}).exit_code, 2);
  const CommandResult r =
      pmsim_command(dir_, {"summarize", copy, "--format", "csv", "--contract", "cap", "--allow-damaged"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("/contracts/cap/summary/provider_margin: missing"), std::string::npos) << r.err;
  int recomputed = 0;
  for (const auto& row : csv_records(r.out)) {
    const bool margin = row.at("metric") == "provider_margin";
    EXPECT_EQ(row.at("source"), margin ? "recomputed" : "summary") << row.at("metric");
    if (!margin) continue;
    ++recomputed;
    expect_row_matches(row, period_values(copy, "cap", "provider_margin", 0));
  }
  EXPECT_EQ(recomputed, 1);
  const CommandResult table = pmsim_command(dir_, {"summarize", copy, "--contract", "cap", "--allow-damaged"});
  EXPECT_NE(table.out.find("Recomputed from the per-replication matrix (no usable summary table): cap/provider_margin"),
            std::string::npos)
      << table.out;
}

// A /sensitivity group as a parameter-uncertainty run writes it (docs/output.md).
void write_tornado(const std::string& path, const std::string& group, const std::vector<std::string>& parameters,
                   const std::map<std::string, std::vector<double>>& datasets) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  const hid_t g = H5Gcreate2(file, group.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(g, 0) << group;
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  std::vector<const char*> names;
  for (const auto& p : parameters) names.push_back(p.c_str());
  const hsize_t n = names.size();
  const hid_t attr_space = H5Screate_simple(1, &n, nullptr);
  const hid_t attr = H5Acreate2(g, "parameters", type, attr_space, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(H5Awrite(attr, type, names.data()), 0);
  for (const auto& [name, values] : datasets) {
    const hsize_t count = values.size();
    const hid_t space = H5Screate_simple(1, &count, nullptr);
    const hid_t ds = H5Dcreate2(g, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
    H5Dclose(ds);
    H5Sclose(space);
  }
  H5Aclose(attr);
  H5Sclose(attr_space);
  H5Tclose(type);
  H5Gclose(g);
  H5Pclose(lcpl);
  H5Fclose(file);
}

TEST_F(Summarize, PrintsTheSensitivitySectionAndSkipsAGroupWithoutItsLayout) {
  const std::string copy = dir_.copy(file_, "sensitivity.h5");
  write_tornado(copy, "/sensitivity/cap/provider_margin", {"services.inpatient.fee", "contracts[1].pmpm"},
                {{"rank_correlation", {-0.81, 0.42}},
                 {"low", {250000, 180000}},
                 {"high", {-150000, 260000}},
                 {"swing", {-400000, 80000}}});
  write_tornado(copy, "/sensitivity/cap/payer_savings", {"services.inpatient.fee"},
                {{"rank_correlation", {0.5}}, {"low", {1}}, {"high", {2}}});  // no swing
  // Sensitivity groups in a file without uncertain parameters are outside its layout.
  const CommandResult table = pmsim_command(dir_, {"summarize", copy, "--allow-damaged"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const auto section = table.out.find("Sensitivity to the uncertain parameters");
  ASSERT_NE(section, std::string::npos) << table.out;
  const auto fee = table.out.find("services.inpatient.fee", section);
  const auto pmpm = table.out.find("contracts[1].pmpm", section);
  ASSERT_NE(fee, std::string::npos) << table.out;
  ASSERT_NE(pmpm, std::string::npos) << table.out;
  EXPECT_LT(fee, pmpm) << "tornado order as stored";
  const std::string fee_row = table.out.substr(fee, table.out.find('\n', fee) - fee);
  EXPECT_NE(fee_row.find("-0.81"), std::string::npos) << fee_row;
  EXPECT_NE(fee_row.find("-0.400"), std::string::npos) << fee_row;  // the swing of -400000 USD, in millions
  EXPECT_NE(table.out.find("skipped /sensitivity/cap/payer_savings: no numeric dataset 'swing'"), std::string::npos)
      << table.out;

  const CommandResult json = pmsim_command(dir_, {"summarize", copy, "--format", "json", "--allow-damaged"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  ASSERT_TRUE(python_parses_json(dir_, json.out));
  EXPECT_EQ(python_json_query(dir_, json.out,
                              "[(t['contract'], t['outcome'], "
                              "[(p['name'], float(p['swing'])) for p in t['parameters']]) for t in d['sensitivity']]"),
            "[('cap', 'provider_margin', [('services.inpatient.fee', -400000.0), ('contracts[1].pmpm', 80000.0)])]");
  EXPECT_EQ(python_json_query(dir_, json.out, "d['sensitivity_skipped']"),
            "[\"/sensitivity/cap/payer_savings: no numeric dataset 'swing'\"]");

  const CommandResult other = pmsim_command(dir_, {"summarize", copy, "--contract", "ffs"});
  EXPECT_EQ(other.out.find("services.inpatient.fee"), std::string::npos) << "cap's tornado under --contract ffs";
}

TEST_F(Summarize, BadInputExitsWithTwoAndAClearMessage) {
  const std::string not_hdf5 = dir_.file("run.yaml");
  const std::string foreign = dir_.file("foreign.h5");
  H5Fclose(H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{file_, "--contract", "nope"}, {"--contract 'nope'", "accepted: ffs, cap"}},
      {{file_, "--year", "0"}, {"--year 0", "accepted: 1 to 3"}},
      {{file_, "--year", "4"}, {"--year 4", "has 3 performance years"}},
      {{dir_.file("missing.h5")}, {"missing.h5: no such file"}},
      {{not_hdf5}, {"run.yaml: not an HDF5 file"}},
      {{foreign}, {"foreign.h5: not a pmsim results file"}},
      {{file_, "--format", "xml"}, {"--format", "table", "csv", "json"}},
  };
  for (const auto& [arguments, messages] : cases) {
    std::vector<std::string> command = {"summarize"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    const CommandResult r = pmsim_command(dir_, command);
    EXPECT_EQ(r.exit_code, 2) << arguments.back() << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    for (const std::string& m : messages) EXPECT_NE(r.err.find(m), std::string::npos) << m << "\n" << r.err;
  }
}

TEST_F(Summarize, AFileWithoutTwinsHasNoDecomposition) {
  const CommandResult table = pmsim_command(dir_, {"summarize", file_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.find("diversify"), std::string::npos) << table.out;
  const CommandResult csv = pmsim_command(dir_, {"summarize", file_, "--format", "csv"});
  EXPECT_EQ(split_csv(csv.out).front().back(), "source") << "the columns of a file without twins, as before";
  const CommandResult json = pmsim_command(dir_, {"summarize", file_, "--format", "json"});
  EXPECT_EQ(json.out.find("variance_decomposition"), std::string::npos);
}

TEST(SummarizeJson, StringsAreEscapedAndNumbersExact) {
  EXPECT_EQ(json_string("a\"b\\c\n\t\x01"), "\"a\\\"b\\\\c\\n\\t\\u0001\"");
  EXPECT_EQ(json_string("caf\xc3\xa9"), "\"caf\xc3\xa9\"");        // valid UTF-8 passes through
  EXPECT_EQ(json_string("bad\xff\xc3"), "\"bad\\ufffd\\ufffd\"");  // invalid bytes do not
  JsonWriter json;
  json.begin_object().member("x", 0.1).member("nan", std::nan("")).member("big", std::uint64_t{18446744073709551615u});
  json.key("list").begin_array().value(1).value("two").null().begin_object().end_object().end_array().end_object();
  EXPECT_EQ(json.str(),
            "{\n  \"x\": 0.1,\n  \"nan\": null,\n  \"big\": 18446744073709551615,\n  \"list\": [\n    1,\n"
            "    \"two\",\n    null,\n    {}\n  ]\n}\n");
  EXPECT_THROW(JsonWriter().begin_object().value(1), std::logic_error);
  EXPECT_THROW((void)JsonWriter().begin_array().str(), std::logic_error);
}

}  // namespace
}  // namespace pmsim::testing
