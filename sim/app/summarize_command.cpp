// pmsim summarize: the summary statistics of a results file, per contract and metric, as a
// terminal table, CSV or JSON; its variance decomposition (systematic and idiosyncratic risk)
// and its sensitivity (tornado) section when it has them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>

#include "commands.h"
#include "output/json_writer.h"
#include "output/read_decomposition.h"
#include "output/read_result_file.h"
#include "output/read_tornado.h"
#include "output/text_format.h"
#include "util/text_table.h"

namespace pmsim::cli {

void add_summarize_command(CLI::App& app, SummarizeArgs& args) {
  auto* cmd = app.add_subcommand("summarize", "Print the summary statistics of a results file (HDF5)");
  cmd->add_option("file", args.file, "Results file written by pmsim run")->required();
  add_format_option(cmd, args.format);
  cmd->add_option("--contract", args.contract, "Only this contract");
  cmd->add_option("--year", args.year, "Performance year (1-based) instead of the horizon")
      ->transform(decimal_integer(-2147483648, 2147483647));  // the file says which years it has
  add_units_option(cmd, args.units);
  add_allow_damaged_option(cmd, args.allow_damaged);
}

namespace {

struct MetricRow {
  std::string metric;
  std::string unit;
  std::string aggregation;
  MetricSummary summary;
};

struct ContractRows {
  std::string name;
  std::string type;
  std::vector<MetricRow> metrics;

  const MetricRow* find(const std::string& metric) const {
    for (const MetricRow& m : metrics)
      if (m.metric == metric) return &m;
    return nullptr;
  }
};

// Everything a report shows, read before anything is printed (bad input prints nothing).
struct Report {
  std::optional<ResultFile> file;
  std::optional<int> year;
  TableUnits units;  //!< the terminal table's money unit (CSV and JSON: exact USD)
  std::vector<ContractRows> contracts;
  DecompositionSection decomposition;
  TornadoSection sensitivity;
  //! With --allow-damaged: the file's problems (this tree's), and what could not be read.
  std::vector<std::string> damaged;

  std::string period() const { return year ? "year " + std::to_string(*year) : "horizon"; }
  //! The unit of a contract's metric ("" when the report does not show it).
  std::string unit_of(const std::string& contract, const std::string& metric) const {
    for (const ContractRows& c : contracts)
      if (c.name == contract)
        if (const MetricRow* m = c.find(metric)) return m->unit;
    return "";
  }
};

Report read_report(const SummarizeArgs& args) {
  Report report;
  report.file = ResultFile::open(args.file, args.group, args.damaged);
  const ResultFile& file = *report.file;
  const int years = file.provenance().years;
  if (args.year && (*args.year < 1 || *args.year > years))
    throw ResultFileError("--year " + std::to_string(*args.year) + ": " + file.name() + " has " +
                          std::to_string(years) + " performance years (accepted: 1 to " + std::to_string(years) + ")");
  report.year = args.year;
  report.units = table_units(args.units);
  std::vector<std::string> names = file.contracts();
  if (!args.contract.empty()) {
    file.require_contract(args.contract, "--contract");
    names = {args.contract};
  }
  // The problems of this tree (a sweep's point: its own and the file's).
  const std::string& group = file.group();
  std::set<std::string> avoided;  // damaged tables, which the sections do not read
  for (const FileProblem& problem : args.damaged) {
    const std::string& o = problem.object;
    if (group == "/" || o == group || o.starts_with(group + "/") || !o.starts_with("/sweep/"))
      report.damaged.push_back(describe(problem));
    if (!problem.unexpected) avoided.insert(o);
  }
  // A damaged file read all the same: what cannot be read is left out and said so.
  const auto intact = [&](const std::string& what, const auto& read) {
    try {
      read();
    } catch (const std::runtime_error& e) {
      if (!args.allow_damaged) throw;
      report.damaged.push_back(what + ": left out (" + e.what() + ")");
    }
  };
  for (const std::string& name : names) {
    ContractRows c{name, file.contract_type(name), {}};
    for (const std::string& metric : file.metrics(name))
      intact(name + "/" + metric, [&] {
        c.metrics.push_back({metric, file.unit(name, metric), file.metric_attribute(name, metric, "aggregation"),
                             file.summary(name, metric, report.year)});
      });
    report.contracts.push_back(std::move(c));
  }
  intact("variance_decomposition", [&] {
    report.decomposition = read_decomposition_section(file.path(), names, years, report.year, group, avoided);
  });
  intact("sensitivity", [&] { report.sensitivity = read_tornado_section(file.path(), group, avoided); });
  // The tornados of the contracts shown, in their order (the section lists them by name).
  auto& tornados = report.sensitivity.tornados;
  const auto rank = [&](const StoredTornado& t) {
    return std::find(names.begin(), names.end(), t.contract) - names.begin();
  };
  std::erase_if(tornados, [&](const StoredTornado& t) { return rank(t) == static_cast<std::ptrdiff_t>(names.size()); });
  std::stable_sort(tornados.begin(), tornados.end(),
                   [&](const StoredTornado& a, const StoredTornado& b) { return rank(a) < rank(b); });
  return report;
}

// The columns the table shows of every metric.
constexpr const char* kTableColumns[] = {"mean", "sd", "mc_se", "q05", "q25", "q50", "q75", "q95", "p_loss"};
constexpr const char* kTableHeaders[] = {"mean", "SD", "MC SE", "q05", "q25", "q50", "q75", "q95", "P(<0)"};

std::string mean_and_se(const MetricRow* row, const TableUnits& units) {
  if (!row) return "-";
  const Summary& s = row->summary.statistics;
  return units.cell(s.get("mean"), row->unit) + " +- " + units.cell(s.get("mc_se"), row->unit);
}

// A column of the metric's table in its unit; P(<0) is a probability whatever the unit.
std::string statistic(const MetricRow* row, const char* column, const TableUnits& units) {
  if (!row) return "-";
  const double x = row->summary.statistics.get(column);
  return std::string_view(column) == "p_loss" ? readable_number(x) : units.cell(x, row->unit);
}

std::string format_sensitivity_table(const Report& report) {
  const TornadoSection& section = report.sensitivity;
  if (!section.present) return "";
  std::string out =
      "\nSensitivity to the uncertain parameters (tornado order: largest swing first; low/high: mean "
      "outcome over the replications\nwith the parameter's lowest/highest draws, money in " +
      report.units.money_label() + "; rank corr: Spearman's correlation of the draws with the outcome)\n";
  if (section.tornados.empty()) out += "  (no tornado in the file)\n";
  for (const StoredTornado& t : section.tornados) {
    out += t.contract + ": " + (t.description.empty() ? "horizon " + t.outcome : t.description) + "\n";
    TextTable table({{"parameter", TextTable::Align::left}, {"rank corr"}, {"low"}, {"high"}, {"swing"}});
    const std::string unit = report.unit_of(t.contract, t.outcome);
    for (const TornadoBar& bar : t.bars)
      table.add_row({bar.parameter, readable_number(bar.rank_correlation), report.units.cell(bar.low, unit),
                     report.units.cell(bar.high, unit), report.units.cell(bar.swing, unit)});
    out += table.render("  ");
  }
  for (const std::string& skipped : section.skipped) out += "  skipped " + skipped + "\n";
  return out;
}

// "0.931 +- 0.085", as the run summary prints the share; "-" for an outcome that does not vary.
std::string share_text(const VarianceSplit& v) {
  if (!std::isfinite(v.systematic_share)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.3f +- %.3f", v.systematic_share, systematic_share_se(v));
  return text;
}

// The split of each outcome's variance, as the run summary prints it: SDs and the share.
std::string format_decomposition_table(const Report& report) {
  const DecompositionSection& section = report.decomposition;
  if (!section.present) return "";
  std::string out = "\nRisk that a larger panel would not diversify, " + report.period() +
                    " (SDs in the outcome's unit, money in " + report.units.money_label() +
                    "; share +- Monte Carlo SE)\n";
  TextTable table({{"contract", TextTable::Align::left},
                   {"outcome", TextTable::Align::left},
                   {"total SD"},
                   {"systematic SD"},
                   {"idiosyncratic SD"},
                   {"systematic share"}});
  // An unbiased covariance may come out slightly negative: its SD shows as 0.
  for (const StoredSplit& s : section.splits) {
    const std::string unit = report.unit_of(s.contract, s.outcome);
    const auto sd = [&](double variance) { return report.units.cell(std::sqrt(std::max(0.0, variance)), unit); };
    const VarianceSplit& v = s.split;
    table.add_row({s.contract, s.outcome, sd(v.total), sd(v.systematic), sd(v.idiosyncratic), share_text(v)});
  }
  if (section.splits.empty())
    out += "  (no variance decomposition of these contracts in the file)\n";
  else
    out += table.render();
  out +=
      "systematic: shocks and uncertain parameters, shared by every member (Cov of each replication with a twin\n"
      "panel of new members under the same draws); idiosyncratic: the rest, which shrinks as the panel grows.\n";
  for (const std::string& skipped : section.skipped) out += "  skipped " + skipped + "\n";
  return out;
}

std::string format_table(const Report& report) {
  const ResultFile& file = *report.file;
  const Provenance& p = file.provenance();
  std::string out = "pmsim: " + file.name() + ": " + describe_run(file) + "\n";
  out += "pmsim: scenario_sha256 " + p.scenario_sha256 + "\n";
  const std::string period =
      report.year ? "performance year " + std::to_string(*report.year) + " (" + report.units.money_label() +
                        "; mean +- Monte Carlo SE)"
                  : "the " + std::to_string(p.years) +
                        " performance years (horizon: flows summed, stocks at their minimum, peaks at their "
                        "maximum;\n" +
                        report.units.money_label() + "; mean +- Monte Carlo SE)";
  out += "\nProvider and payer over " + period + "\n";
  TextTable overview({{"contract", TextTable::Align::left},
                      {"margin"},
                      {"margin SD"},
                      {"VaR95"},
                      {"ES95"},
                      {"P(loss)"},
                      {"P(ruin)"},
                      {"payer savings"}});
  const TableUnits& units = report.units;
  for (const ContractRows& c : report.contracts) {
    const MetricRow* margin = c.find("provider_margin");
    const MetricRow* cash = c.find("provider_cash_low");
    overview.add_row({c.name, mean_and_se(margin, units), statistic(margin, "sd", units),
                      statistic(margin, "var95", units), statistic(margin, "es95", units),
                      statistic(margin, "p_loss", units), statistic(cash, "p_loss", units),
                      mean_and_se(c.find("payer_savings"), units)});
  }
  out += overview.render();
  out +=
      "VaR95/ES95: loss of provider_margin at 95% (positive = loss); P(loss): P(provider_margin < 0);\n"
      "P(ruin): P(provider_cash_low < 0), cash below zero at a month end; payer savings: FFS payer spend -\n"
      "payer spend on the same simulated claims (paired; its own SE).\n";
  out += format_decomposition_table(report);

  std::vector<std::string> recomputed;
  for (const ContractRows& c : report.contracts) {
    out += "\n" + c.name + (c.type.empty() ? "" : " (" + c.type + ")") + ", " + report.period() + ", over " +
           std::to_string(p.replications) + " replications\n";
    std::vector<TextTable::Column> columns = {{"metric", TextTable::Align::left}, {"unit", TextTable::Align::left}};
    for (const char* header : kTableHeaders) columns.push_back({header});
    TextTable table(std::move(columns));
    for (const MetricRow& m : c.metrics) {
      std::vector<std::string> cells = {m.metric, units.shown_unit(m.unit)};
      for (const char* column : kTableColumns) cells.push_back(statistic(&m, column, units));
      table.add_row(std::move(cells));
      if (m.summary.recomputed) recomputed.push_back(c.name + "/" + m.metric);
    }
    out += table.render("  ");
  }
  if (!recomputed.empty()) {
    out += "\nRecomputed from the per-replication matrix (no usable summary table):";
    for (const std::string& name : recomputed) out += " " + name;
    out += "\n";
  }
  out += format_sensitivity_table(report);
  if (!report.damaged.empty()) {
    out += "\nDamaged parts of " + file.name() +
           " (read with --allow-damaged; what they hold is left out or recomputed):\n";
    for (const std::string& problem : report.damaged) out += "  " + problem + "\n";
  }
  return out;
}

// A split in CSV and JSON: the stored columns (exact) and the SE of the share.
std::vector<std::pair<std::string, double>> split_fields(const VarianceSplit& v) {
  const std::vector<std::string>& names = variance_split_columns();
  const double stored[] = {v.total, v.systematic, v.idiosyncratic, v.systematic_share, v.systematic_se};
  std::vector<std::pair<std::string, double>> fields;
  for (std::size_t i = 0; i < names.size(); ++i) fields.emplace_back(names[i], stored[i]);
  fields.emplace_back("systematic_share_se", systematic_share_se(v));
  return fields;
}

std::string format_csv(const Report& report) {
  std::vector<std::string> header = {"contract", "type", "metric", "unit", "aggregation", "period", "replications"};
  for (auto column : kSummaryColumns) header.emplace_back(column);
  header.push_back("source");
  // The decomposition's columns only for a file that has it (a file without is read as before).
  const bool decomposed = report.decomposition.present;
  if (decomposed)
    for (const auto& [name, x] : split_fields(VarianceSplit{})) header.push_back(name);
  std::string out = csv_row(header);
  const std::string replications = shortest_number(report.file->provenance().replications);
  for (const ContractRows& c : report.contracts) {
    for (const MetricRow& m : c.metrics) {
      std::vector<std::string> fields = {c.name,        c.type,          m.metric,    m.unit,
                                         m.aggregation, report.period(), replications};
      for (double x : m.summary.statistics.values) fields.push_back(shortest_number(x));
      fields.push_back(m.summary.recomputed ? "recomputed" : "summary");
      if (decomposed) {
        if (const VarianceSplit* v = report.decomposition.find(c.name, m.metric))
          for (const auto& [name, x] : split_fields(*v)) fields.push_back(shortest_number(x));
        else
          fields.resize(header.size());  // a metric without a decomposition: empty fields
      }
      out += csv_row(fields);
    }
  }
  return out;
}

void json_provenance(JsonWriter& json, const ResultFile& file) {
  const Provenance& p = file.provenance();
  json.key("provenance").begin_object();
  json.member("scenario_name", p.scenario_name)
      .member("scenario_sha256", p.scenario_sha256)
      .member("seed", p.seed)
      .member("replications", p.replications)
      .member("first_replication", p.first_replication)
      .member("years", p.years)
      .member("baseline_years", p.baseline_years)
      .member("pmsim_version", p.pmsim_version)
      .member("git_commit", p.git_commit)
      .member("created", p.created);
  json.end_object();
}

void json_sensitivity(JsonWriter& json, const TornadoSection& section) {
  json.key("sensitivity").begin_array();
  for (const StoredTornado& t : section.tornados) {
    json.begin_object().member("contract", t.contract).member("outcome", t.outcome);
    json.member("description", t.description).key("parameters").begin_array();
    for (const TornadoBar& bar : t.bars) {
      json.begin_object()
          .member("name", bar.parameter)
          .member("rank_correlation", bar.rank_correlation)
          .member("low", bar.low)
          .member("high", bar.high)
          .member("swing", bar.swing)
          .end_object();
    }
    json.end_array().end_object();
  }
  json.end_array();
  json.key("sensitivity_skipped").begin_array();
  for (const std::string& skipped : section.skipped) json.value(skipped);
  json.end_array();
}

void json_split(JsonWriter& json, const VarianceSplit& v) {
  json.key("variance_decomposition").begin_object();
  for (const auto& [name, x] : split_fields(v)) json.member(name, x);
  json.end_object();
}

std::string format_json(const Report& report) {
  JsonWriter json;
  json.begin_object().member("file", report.file->name());
  json_provenance(json, *report.file);
  json.member("period", report.period()).key("contracts").begin_array();
  for (const ContractRows& c : report.contracts) {
    json.begin_object().member("name", c.name).member("type", c.type).key("metrics").begin_array();
    for (const MetricRow& m : c.metrics) {
      json.begin_object().member("name", m.metric).member("unit", m.unit).member("aggregation", m.aggregation);
      json.member("source", m.summary.recomputed ? "recomputed" : "summary");
      for (std::size_t i = 0; i < kSummaryColumns.size(); ++i)
        json.member(kSummaryColumns[i], m.summary.statistics.values[i]);
      if (const VarianceSplit* v = report.decomposition.find(c.name, m.metric)) json_split(json, *v);
      json.end_object();
    }
    json.end_array().end_object();
  }
  json.end_array();
  if (report.decomposition.present) {
    json.key("variance_decomposition_skipped").begin_array();
    for (const std::string& skipped : report.decomposition.skipped) json.value(skipped);
    json.end_array();
  }
  if (report.sensitivity.present) json_sensitivity(json, report.sensitivity);
  if (!report.damaged.empty()) {
    json.key("damaged").begin_array();
    for (const std::string& problem : report.damaged) json.value(problem);
    json.end_array();
  }
  json.end_object();
  return json.str();
}

}  // namespace

int summarize_command(const SummarizeArgs& args) {
  Report report;
  try {
    report = read_report(args);
  } catch (const std::runtime_error& e) {  // ResultFileError, or a file that changed since it was verified
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  }
  if (args.format == "csv")
    std::cout << format_csv(report);
  else if (args.format == "json")
    std::cout << format_json(report);
  else
    std::cout << format_table(report);
  return 0;
}

}  // namespace pmsim::cli
