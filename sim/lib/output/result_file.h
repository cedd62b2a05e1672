#pragma once
//! \file result_file.h
//! A results file written by `pmsim run`, read back (layout: docs/output.md): its
//! provenance, its contracts and their metrics, each metric's per-replication matrix, horizon
//! values and summary statistics (from the precomputed summary table when it is there).

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/statistics.h"
#include "results/results.h"

namespace pmsim {

//! The file cannot be read as a results file (missing, not HDF5, not written by pmsim, a
//! contract or year it does not have): bad input. The message names the file.
class ResultFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! The root attributes that say which run a file holds.
struct Provenance {
  std::string pmsim_version;
  std::string git_commit;
  std::string created;
  std::string scenario_name;
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  std::int64_t first_replication = 0;
  int years = 0;  //!< performance years
  int baseline_years = 0;
};

//! A summary row and where it came from.
struct MetricSummary {
  Summary statistics;
  //! false: read from /contracts/<c>/summary/<metric>; true: computed from the matrix
  //! because that table is missing or does not have the expected rows and columns.
  bool recomputed = false;
};

class ResultFile {
 public:
  //! Opens `path` and reads its provenance and the list of its contracts and metrics.
  //! Throws ResultFileError if it is missing, not HDF5 or not a pmsim results file.
  static ResultFile open(const std::string& path);

  const std::string& path() const { return path_; }
  const Provenance& provenance() const { return provenance_; }

  //! Contract names in the scenario's order (from `scenario_resolved`), then any other by name.
  const std::vector<std::string>& contracts() const { return contracts_; }
  bool has_contract(const std::string& contract) const { return metrics_.count(contract) > 0; }
  //! Throws ResultFileError naming the accepted contracts if `contract` is not in the file.
  void require_contract(const std::string& contract, const std::string& option) const;
  //! The contract group's `type` attribute ("" if absent).
  std::string contract_type(const std::string& contract) const;

  //! The contract's metrics, sorted: its datasets with an `aggregation` attribute
  //! ("provider_margin", "utilization/inpatient", ...; not tables such as variance_decomposition).
  const std::vector<std::string>& metrics(const std::string& contract) const;
  bool has_metric(const std::string& contract, const std::string& metric) const;
  //! An attribute of the metric's dataset, such as `unit` or `aggregation` ("" if absent).
  std::string metric_attribute(const std::string& contract, const std::string& metric,
                               const std::string& attribute) const;
  std::string unit(const std::string& contract, const std::string& metric) const {
    return metric_attribute(contract, metric, "unit");
  }

  //! The metric as stored: [replications, years] with its unit, description and aggregation.
  Metric metric(const std::string& contract, const std::string& metric) const;
  //! One horizon value per replication (sum, minimum or maximum over years by aggregation).
  std::vector<double> horizon_values(const std::string& contract, const std::string& metric) const;
  //! Summary of performance year `year` (1-based) or, without it, of the horizon values.
  MetricSummary summary(const std::string& contract, const std::string& metric,
                        std::optional<int> year = std::nullopt) const;

  //! /replication: the replication id of each matrix row.
  const std::vector<std::int64_t>& replication_ids() const { return replication_ids_; }

 private:
  std::string path_;
  Provenance provenance_;
  std::vector<std::string> contracts_;
  std::map<std::string, std::vector<std::string>> metrics_;
  std::vector<std::int64_t> replication_ids_;
};

//! Replication ids in words: "0..19" when contiguous, else "20 ids".
std::string describe_replication_ids(const std::vector<std::int64_t>& ids);

//! The run in one line: "scenario 'small': 20 replications (ids 0..19), seed 5, 3 performance
//! years; pmsim 0.1.0 (git 1234567890ab), written 2025-01-31T14:05:09Z".
std::string describe_run(const ResultFile& file);

//! "flow", "stock" or "peak" as in the `aggregation` attribute; nullopt for anything else.
std::optional<Aggregation> parse_aggregation(const std::string& text);

}  // namespace pmsim
