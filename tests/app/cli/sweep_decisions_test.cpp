// pmsim sweep for decisions: --zip keys that move together (each point still the plain run of
// its values, bit for bit), and --rank and --where, whose order and selection are checked
// against the statistics computed here from the file's per-replication values.
#include <gtest/gtest.h>

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "output/exact_comparison.h"
#include "output/read_hdf5.h"
#include "output/read_result_file.h"
#include "output/sweep_file.h"
#include "results_cli.h"
#include "scenario/sweep_grid.h"

namespace pmsim::testing {
namespace {

// Root attributes that differ between a sweep's point and a plain run by design: when and how
// it ran, and the file's text (the plain run's has the values written in).
const std::set<std::string> kInvocation = {"created",       "wall_seconds",  "threads",    "command_line",
                                           "scenario_file", "scenario_text", "simd_target"};

std::string message_of(const std::vector<std::string>& set, const std::vector<std::string>& zip) {
  try {
    parse_sweep_axes(set, zip, 100);
  } catch (const SweepGridError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepZip, ZippedKeysMoveTogetherAsTheSlowestAxis) {
  const auto axes = parse_sweep_axes({"c=x,y"}, {"a=1,2,3", "b=10,20,20"}, 100);
  ASSERT_EQ(axes.size(), 3u);
  EXPECT_TRUE(axes[0].zipped && axes[1].zipped && !axes[2].zipped);
  ASSERT_EQ(sweep_point_count(axes), 6u);
  std::vector<std::string> order;
  for (std::size_t i = 0; i < 6; ++i) {
    const auto point = sweep_point(axes, i);
    ASSERT_EQ(point.size(), 3u);
    EXPECT_EQ(point[0].key + point[1].key + point[2].key, "abc");
    order.push_back(point[0].value + "/" + point[1].value + "/" + point[2].value);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"1/10/x", "1/10/y", "2/20/x", "2/20/y", "3/20/x", "3/20/y"}));
  EXPECT_EQ(sweep_point_count(parse_sweep_axes({}, {"a=1,2", "b=3,4"}, 100)), 2u);
}

TEST(SweepZip, BadZipsAreRefusedWithTheReason) {
  EXPECT_NE(message_of({}, {"a=1,2"}).find("give two or more (a key alone: use --set)"), std::string::npos);
  EXPECT_NE(message_of({}, {"a=1,2", "b=1,2,3"}).find("--zip b: 3 values, but a has 2"), std::string::npos);
  EXPECT_NE(message_of({"a=5,6"}, {"a=1,2", "b=1,2"}).find("--set a: the key is swept twice"), std::string::npos);
  EXPECT_NE(message_of({}, {"a=1,2,1", "b=7,8,7"}).find("values 1 and 3 of the zipped keys are the same"),
            std::string::npos);
  EXPECT_NE(message_of({}, {}).find("give at least one KEY=V1,V2"), std::string::npos);
  EXPECT_NE(message_of({}, {"a=1,,2", "b=1,2"}).find("--zip a=1,,2: an empty value"), std::string::npos);
  EXPECT_NE(message_of({"c=1,2,3,4,5,6,7,8,9,10,11"}, {"a=1,2,3,4,5,6,7,8,9,10", "b=1,2,3,4,5,6,7,8,9,10"})
                .find("more than 100 points"),
            std::string::npos);
}

class SweepDecisions : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = dir_.file("base.yaml");
    std::ofstream(scenario_) << results_scenario_yaml(3, 40, 310);
  }

  CommandResult sweep(const std::string& name, const std::vector<std::string>& more) const {
    std::vector<std::string> command = {"sweep", scenario_, "-o", dir_.file(name), "-j", "2", "--force"};
    command.insert(command.end(), more.begin(), more.end());
    return pmsim_command(dir_, command);
  }

  ScratchDir dir_;
  std::string scenario_;
};

TEST_F(SweepDecisions, ZippedPointsAreThePlainRunsOfTheirValues) {
  const CommandResult r = sweep("zip.h5", {"--zip", "population.size=200,400", "--zip", "contracts[1].pmpm=300,320"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string file = dir_.file("zip.h5");
  const SweepContents contents = read_sweep(file);
  EXPECT_EQ(contents.keys, (std::vector<std::string>{"population.size", "contracts[1].pmpm"}));
  EXPECT_EQ(contents.zip_keys, contents.keys);
  EXPECT_EQ(read_string_array_attribute(file, "/", "sweep_zip_keys"), contents.keys);
  const std::vector<std::pair<int, int>> points = {{200, 300}, {400, 320}};
  ASSERT_EQ(contents.points.size(), points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto [size, pmpm] = points[i];
    EXPECT_EQ(contents.points[i].values, (std::vector<std::string>{std::to_string(size), std::to_string(pmpm)}));
    std::string yaml = results_scenario_yaml(3, 40, pmpm);
    yaml.replace(yaml.find("size: 300"), 9, "size: " + std::to_string(size));
    const std::string plain = run_to_file(dir_, "plain" + std::to_string(i), yaml);
    const std::string point = dir_.file("point" + std::to_string(i) + ".h5");
    extract_sweep_point(file, contents.points[i].group, point);
    const ExactComparison c = compare_exactly(point, plain, kInvocation);
    EXPECT_TRUE(c.identical()) << "point " << i << ": " << c.datasets.size() << " datasets differ"
                               << (c.attributes.empty()
                                       ? ""
                                       : ", attribute " + c.attributes[0].object + " " + c.attributes[0].name);
  }
  EXPECT_EQ(pmsim_command(dir_, {"verify", file}).exit_code, 0);
  const CommandResult again = pmsim_command(dir_, {"reproduce", file, "-j", "2"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;

  const CommandResult lone = sweep("bad.h5", {"--zip", "population.size=200,400"});
  EXPECT_EQ(lone.exit_code, 2);
  EXPECT_NE(lone.err.find("a key alone: use --set"), std::string::npos) << lone.err;
  EXPECT_FALSE(fs::exists(dir_.file("bad.h5")));
}

// The rows of the sweep's table: point index, then the cells by column header.
struct TableRow {
  std::size_t point = 0;
  std::string contract;
  std::map<std::string, std::string> cells;
};

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Headers are single words except "payer savings"; two "+- SE" columns follow margin and savings.
std::vector<TableRow> table_rows(const std::string& out, const std::vector<std::string>& keys) {
  std::istringstream in(out);
  std::vector<std::string> headers;
  std::vector<TableRow> rows;
  for (std::string line; std::getline(in, line);) {
    const std::vector<std::string> w = words(line);
    if (!w.empty() && w[0] == "point") {
      headers = {"point"};
      headers.insert(headers.end(), keys.begin(), keys.end());
      for (const char* h : {"contract", "margin", "margin_se", "margin_sd", "var95", "es95", "p_loss", "p_ruin",
                            "savings", "savings_se"})
        headers.push_back(h);
      const std::size_t fixed = 1 + keys.size() + 1 + 13;  // the words of the fixed headers
      for (std::size_t i = fixed; i < w.size(); ++i) headers.push_back(w[i]);
      continue;
    }
    if (headers.empty() || w.size() != headers.size() || w[0].find_first_not_of("0123456789") != std::string::npos)
      continue;
    TableRow row;
    row.point = std::stoul(w[0]);
    row.contract = w[1 + keys.size()];
    for (std::size_t i = 0; i < w.size(); ++i) row.cells[headers[i]] = w[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST_F(SweepDecisions, RankAndWhereFollowTheStatisticsOfTheFile) {
  const std::vector<std::string> keys = {"contracts[1].pmpm"};
  const std::vector<std::string> grid = {"--set", "contracts[1].pmpm=290,305,310,330", "-q"};
  ASSERT_EQ(sweep("grid.h5", grid).exit_code, 0);
  const std::string file = dir_.file("grid.h5");
  // Per point and contract: the horizon margin's mean and P(loss), computed here.
  std::map<std::pair<std::size_t, std::string>, std::pair<double, double>> stats;
  std::vector<double> cap_p_loss;
  for (std::size_t p = 0; p < 4; ++p) {
    const ResultFile point = ResultFile::open(file, "/sweep/" + std::to_string(p));
    for (const std::string& contract : point.contracts()) {
      const std::vector<double> margin = point.horizon_values(contract, "provider_margin");
      stats[{p, contract}] = {reference_mean(margin), reference_p_loss(margin)};
    }
    cap_p_loss.push_back(stats[{p, "cap"}].second);
  }

  // Points ranked by the capitation's mean margin, highest first, each point's rows together.
  const CommandResult ranked =
      sweep("ranked.h5", {"--set", "contracts[1].pmpm=290,305,310,330", "--rank", "cap.provider_margin"});
  ASSERT_EQ(ranked.exit_code, 0) << ranked.err;
  std::vector<std::size_t> expected = {0, 1, 2, 3};
  std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) {
    return stats[{a, "cap"}].first > stats[{b, "cap"}].first;
  });
  std::vector<std::size_t> order;
  for (const TableRow& row : table_rows(ranked.out, keys)) {
    if (order.empty() || order.back() != row.point) order.push_back(row.point);
    // The rank's column: the capitation's mean margin in USD millions (three decimals).
    const double cap_margin = stats[{row.point, "cap"}].first;
    EXPECT_NEAR(std::stod(row.cells.at("cap.provider_margin")), cap_margin / 1e6, 5.001e-4);
  }
  EXPECT_EQ(order, expected) << ranked.out;
  EXPECT_NE(ranked.out.find("Ranked by cap.provider_margin, highest first (a point's rows together)"),
            std::string::npos);

  // --where on a contract keeps whole points: those whose capitation P(loss) passes.
  std::vector<double> sorted = cap_p_loss;
  std::sort(sorted.begin(), sorted.end());
  const double threshold = sorted[1];  // at least two points pass, and not all unless tied
  std::ostringstream where;
  where << std::setprecision(17) << "cap.p_loss<=" << threshold;
  const CommandResult filtered =
      sweep("filtered.h5", {"--set", "contracts[1].pmpm=290,305,310,330", "--where", where.str()});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  std::set<std::size_t> passing, shown;
  for (std::size_t p = 0; p < 4; ++p)
    if (cap_p_loss[p] <= threshold) passing.insert(p);
  std::size_t rows = 0;
  for (const TableRow& row : table_rows(filtered.out, keys)) {
    shown.insert(row.point);
    ++rows;
  }
  EXPECT_EQ(shown, passing) << filtered.out;
  EXPECT_EQ(rows, 2 * passing.size()) << "both contracts of a passing point";

  // Without a contract, --where keeps single rows; --rank p_loss puts the lowest first.
  const CommandResult rows_only = sweep(
      "rows.h5", {"--set", "contracts[1].pmpm=290,305,310,330", "--where", "provider_margin>0", "--rank", "p_loss"});
  ASSERT_EQ(rows_only.exit_code, 0) << rows_only.err;
  std::set<std::pair<std::size_t, std::string>> expected_rows, shown_rows;
  for (const auto& [row, s] : stats)
    if (s.first > 0) expected_rows.insert(row);
  double previous = -1;
  for (const TableRow& row : table_rows(rows_only.out, keys)) {
    shown_rows.insert({row.point, row.contract});
    const double p = stats[{row.point, row.contract}].second;
    EXPECT_GE(p, previous) << "ranked by P(loss), lowest first\n" << rows_only.out;
    previous = p;
  }
  EXPECT_EQ(shown_rows, expected_rows) << rows_only.out;
  EXPECT_NE(
      rows_only.out.find("Shown: " + std::to_string(expected_rows.size()) + " of 8 rows, where provider_margin > 0"),
      std::string::npos)
      << rows_only.out;
}

TEST_F(SweepDecisions, BadRankOrWhereIsRefusedBeforeAnythingRuns) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--rank", "nope.p_loss"}, "--rank nope.p_loss: no contract 'nope' in the scenario"},
      {{"--rank", "cap.p_los"}, "has no metric or statistic 'p_los'; did you mean 'p_loss'?"},
      {{"--rank", "cap.p_loss:up"}, "the order after ':' must be asc or desc"},
      {{"--where", "cap.p_loss"}, "expected [CONTRACT.]STATISTIC<VALUE"},
      {{"--where", "cap.p_loss<ten"}, "must be a finite number, got 'ten'"},
      {{"--where", "shared_savings>0"}, "--where shared_savings: no contract has it"},
  };
  for (const auto& [arguments, message] : cases) {
    std::vector<std::string> more = {"--set", "contracts[1].pmpm=300,320"};
    more.insert(more.end(), arguments.begin(), arguments.end());
    const CommandResult r = sweep("refused.h5", more);
    EXPECT_EQ(r.exit_code, 2) << message;
    EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n" << r.err;
    EXPECT_EQ(r.err.find("point 1/"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_.file("refused.h5")));
  }
}

}  // namespace
}  // namespace pmsim::testing
