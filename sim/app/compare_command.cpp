// pmsim compare: results files side by side, per contract and metric (horizon means with
// their Monte Carlo SE), with each file's difference from the first and whether it exceeds
// Monte Carlo error.
#include <iostream>

#include "commands.h"
#include "output/json_writer.h"
#include "output/read_comparison.h"
#include "output/text_format.h"
#include "util/text_table.h"

namespace pmsim::cli {

void add_compare_command(CLI::App& app, CompareArgs& args) {
  auto* cmd = app.add_subcommand("compare", "Compare results files (HDF5) contract by contract");
  // One file is enough when it is a sweep (its points are compared): sweep_reading.cpp checks.
  cmd->add_option("files", args.files,
                  "Results files written by pmsim run (or sweep: each of its points); each is compared with the first")
      ->required()
      ->expected(1, 1000);
  add_format_option(cmd, args.format);
  add_units_option(cmd, args.units);
  add_allow_damaged_option(cmd, args.allow_damaged);
}

namespace {

// A, B, C, ...: the files in the table's headers.
std::string label(std::size_t i) {
  return i < 26 ? std::string(1, static_cast<char>('A' + i)) : "F" + std::to_string(i + 1);
}

std::string how_the_se_is_computed(Pairing p) {
  switch (p) {
    case Pairing::paired:
      return "SE from the per-replication differences of horizon values";
    case Pairing::same_run:
      return "the files should be identical: any difference is not Monte Carlo error";
    case Pairing::independent:
      break;
  }
  return "SE of the difference = sqrt(SE_a^2 + SE_b^2)";
}

std::string estimate_text(const std::optional<Estimate>& e, const std::string& unit, const TableUnits& units) {
  return e ? units.cell(e->mean, unit) + " +- " + units.cell(e->mc_se, unit) : "-";
}

std::string difference_text(const std::optional<Difference>& d, const std::string& unit, const TableUnits& units) {
  if (!d) return "-";
  return units.cell(d->difference, unit) + " +- " + units.cell(d->se, unit) + (d->beyond_mc_error ? " *" : "");
}

std::string holders_text(const std::vector<std::size_t>& holders) {
  std::string out;
  for (std::size_t i = 0; i < holders.size(); ++i) out += (i ? ", " : "") + label(holders[i]);
  return out;
}

std::string format_table(const RunComparison& c, const std::vector<ComparedRun>& files, const TableUnits& units) {
  std::string out = "pmsim compare: horizon values (the whole performance period), mean +- Monte Carlo SE\n";
  for (std::size_t i = 0; i < files.size(); ++i)
    out += "  " + label(i) + ": " + files[i].name + ": " + describe_run(files[i].provenance) + "\n";
  for (std::size_t i = 1; i < files.size(); ++i)
    out += label(i) + " vs A: " + to_string(c.pairings[i].pairing) + " (" + c.pairings[i].reason +
           "): " + how_the_se_is_computed(c.pairings[i].pairing) + "\n";
  out += "'*': the difference exceeds Monte Carlo error, |difference| > " + shortest_number(kMonteCarloErrorMultiple) +
         " x its SE\n\n";

  std::vector<TextTable::Column> columns = {{"contract", TextTable::Align::left},
                                            {"metric", TextTable::Align::left},
                                            {"unit", TextTable::Align::left},
                                            {"A"}};
  for (std::size_t i = 1; i < files.size(); ++i) {
    columns.push_back({label(i)});
    columns.push_back({label(i) + " - A"});
  }
  TextTable table(std::move(columns));
  std::vector<std::vector<std::string>> flagged(files.size());
  std::vector<std::size_t> compared(files.size());
  for (const MetricComparison& row : c.rows) {
    std::vector<std::string> cells = {row.contract, row.metric, units.shown_unit(row.unit),
                                      estimate_text(row.estimates[0], row.unit, units)};
    for (std::size_t i = 1; i < files.size(); ++i) {
      cells.push_back(estimate_text(row.estimates[i], row.unit, units));
      cells.push_back(difference_text(row.differences[i], row.unit, units));
      if (!row.differences[i]) continue;
      ++compared[i];
      if (row.differences[i]->beyond_mc_error) flagged[i].push_back(row.contract + "/" + row.metric);
    }
    table.add_row(std::move(cells));
  }
  out += table.render() + "\n";

  for (std::size_t i = 1; i < files.size(); ++i) {
    out += label(i) + " vs A: ";
    if (flagged[i].empty()) {
      out += "no difference beyond Monte Carlo error (" + std::to_string(compared[i]) + " metrics compared)\n";
      continue;
    }
    out += std::to_string(flagged[i].size()) + " of " + std::to_string(compared[i]) +
           " differences beyond Monte Carlo error:";
    for (const std::string& name : flagged[i]) out += " " + name;
    out += "\n";
  }
  for (const auto& [contract, holders] : c.partial_contracts)
    out += "contract '" + contract + "' is only in " + holders_text(holders) + "\n";
  return out;
}

std::string optional_number(const std::optional<Estimate>& e, double Estimate::*field) {
  return e ? shortest_number((*e).*field) : "";
}

std::string format_csv(const RunComparison& c) {
  std::string out = csv_row({"contract", "metric", "unit", "reference", "file", "reference_mean", "reference_mc_se",
                             "mean", "mc_se", "difference", "difference_se", "pairing", "beyond_mc_error", "status"});
  for (const MetricComparison& row : c.rows) {
    const auto& reference = row.estimates[0];
    for (std::size_t i = 1; i < c.files.size(); ++i) {
      const auto& estimate = row.estimates[i];
      const auto& d = row.differences[i];
      const std::string status = reference && estimate ? "both"
                                 : reference           ? "only in reference"
                                 : estimate            ? "only in file"
                                                       : "in neither";
      out += csv_row({row.contract, row.metric, row.unit, c.files[0], c.files[i],
                      optional_number(reference, &Estimate::mean), optional_number(reference, &Estimate::mc_se),
                      optional_number(estimate, &Estimate::mean), optional_number(estimate, &Estimate::mc_se),
                      d ? shortest_number(d->difference) : "", d ? shortest_number(d->se) : "",
                      to_string(c.pairings[i].pairing), d ? (d->beyond_mc_error ? "true" : "false") : "", status});
    }
  }
  return out;
}

std::string format_json(const RunComparison& c, const std::vector<ComparedRun>& files,
                        const std::vector<std::string>& damaged) {
  JsonWriter json;
  json.begin_object().member("threshold_se", kMonteCarloErrorMultiple).key("files").begin_array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    const Provenance& p = files[i].provenance;
    json.begin_object().member("label", label(i)).member("path", files[i].name);
    json.member("scenario_name", p.scenario_name).member("scenario_sha256", p.scenario_sha256);
    json.member("seed", p.seed).member("replications", p.replications).member("first_replication", p.first_replication);
    json.member("pmsim_version", p.pmsim_version).member("git_commit", p.git_commit);
    if (i > 0) json.member("pairing", to_string(c.pairings[i].pairing)).member("pairing_reason", c.pairings[i].reason);
    json.end_object();
  }
  json.end_array().key("metrics").begin_array();
  for (const MetricComparison& row : c.rows) {
    json.begin_object().member("contract", row.contract).member("metric", row.metric).member("unit", row.unit);
    json.key("estimates").begin_array();
    for (const auto& e : row.estimates) {
      if (!e) {
        json.null();
        continue;
      }
      json.begin_object().member("mean", e->mean).member("mc_se", e->mc_se).end_object();
    }
    json.end_array().key("differences").begin_array();
    for (std::size_t i = 1; i < row.differences.size(); ++i) {
      const auto& d = row.differences[i];
      if (!d) {
        json.null();
        continue;
      }
      json.begin_object().member("file", label(i)).member("difference", d->difference).member("se", d->se);
      json.member("pairing", to_string(d->pairing)).member("beyond_mc_error", d->beyond_mc_error).end_object();
    }
    json.end_array().end_object();
  }
  json.end_array().key("partial_contracts").begin_array();
  for (const auto& [contract, holders] : c.partial_contracts) {
    json.begin_object().member("contract", contract).key("only_in").begin_array();
    for (std::size_t i : holders) json.value(label(i));
    json.end_array().end_object();
  }
  json.end_array();
  if (!damaged.empty()) {
    json.key("damaged").begin_array();
    for (const std::string& problem : damaged) json.value(problem);
    json.end_array();
  }
  json.end_object();
  return json.str();
}

}  // namespace

int compare_command(const CompareArgs& args) {
  std::vector<ComparedRun> files;
  RunComparison comparison;
  std::vector<std::string> damaged;
  for (const auto& [path, problems] : args.damaged)
    for (const FileProblem& p : problems) damaged.push_back(path + ": " + describe(p));
  try {
    std::vector<ResultFile> opened;
    for (std::size_t i = 0; i < args.files.size(); ++i)
      opened.push_back(ResultFile::open(
          args.files[i], i < args.groups.size() ? args.groups[i] : "/",
          args.damaged.count(args.files[i]) ? args.damaged.at(args.files[i]) : std::vector<FileProblem>{}));
    files = read_compared_runs(opened, args.allow_damaged ? &damaged : nullptr);
    comparison = compare_runs(files);
  } catch (const std::runtime_error& e) {  // ResultFileError, or a file that changed since it was verified
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  }
  if (args.format == "csv") {
    std::cout << format_csv(comparison);
  } else if (args.format == "json") {
    std::cout << format_json(comparison, files, damaged);
  } else {
    std::cout << format_table(comparison, files, table_units(args.units));
    if (!damaged.empty()) {
      std::cout << "\nDamaged parts (read with --allow-damaged; what they hold is left out or recomputed):\n";
      for (const std::string& problem : damaged) std::cout << "  " << problem << '\n';
    }
  }
  return 0;
}

}  // namespace pmsim::cli
