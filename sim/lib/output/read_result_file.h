#pragma once
//! \file read_result_file.h
//! A results tree written by `pmsim run` (the file's root) or `pmsim sweep` (a point's group,
//! /sweep/<index>), read back in place (layout: docs/output.md): its provenance, its contracts
//! and their metrics, each metric's per-replication matrix, horizon values and summary
//! statistics (from the precomputed summary table when it is there).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/statistics.h"
#include "output/verify_results_file.h"
#include "results/provenance.h"
#include "results/results.h"

namespace pmsim {

//! The file cannot be read as a results file (missing, not HDF5, not written by pmsim, a
//! contract or year it does not have): bad input. The message names the file.
class ResultFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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
  //! Opens the results tree at `group` of `path` ("/": a run's file; "/sweep/3": a sweep's
  //! point, read in place) and reads its provenance and the list of its contracts and
  //! metrics. Throws ResultFileError if the file is missing, not HDF5, has no such group or
  //! the group is not a pmsim results tree. `damaged` (verify_results_file's problems of a
  //! file read all the same) names objects that are never read: a metric whose dataset is
  //! damaged is not listed, a damaged summary table is recomputed from the matrix; a damaged
  //! file as a whole, tree group, root group or /replication is a ResultFileError.
  static ResultFile open(const std::string& path, const std::string& group = "/",
                         const std::vector<FileProblem>& damaged = {});
  //! Whether verify_results_file named `object` (a path in the file), or an attribute of it, as damaged.
  bool is_damaged(const std::string& object) const { return damaged_.count(object) > 0; }

  //! The HDF5 file.
  const std::string& path() const { return path_; }
  //! The results tree's group: "/" or "/sweep/3".
  const std::string& group() const { return group_; }
  //! How messages name the tree: the path, or "PATH:/sweep/3" for another group than the root.
  const std::string& name() const { return name_; }
  //! The path of `object` ("/contracts/ffs/provider_margin") of the tree in the file.
  std::string object_path(const std::string& object) const;
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
  //! One horizon value per replication (horizon_value of results/results.h, by aggregation).
  std::vector<double> horizon_values(const std::string& contract, const std::string& metric) const;
  //! Summary of performance year `year` (1-based) or, without it, of the horizon values.
  MetricSummary summary(const std::string& contract, const std::string& metric,
                        std::optional<int> year = std::nullopt) const;

  //! /replication: the replication id of each matrix row.
  const std::vector<std::int64_t>& replication_ids() const { return provenance_.replication_ids; }

 private:
  std::string path_;
  std::string group_ = "/";
  std::string name_;
  Provenance provenance_;
  std::vector<std::string> contracts_;
  std::map<std::string, std::vector<std::string>> metrics_;
  std::set<std::string> damaged_;          //!< objects with a problem, of their own or of an attribute
  std::set<std::string> damaged_objects_;  //!< objects with a problem of their own
  std::set<std::pair<std::string, std::string>> damaged_attributes_;  //!< (object, attribute)
  //! The string attribute, "" if it is absent, unreadable or damaged.
  std::string optional_attribute(const std::string& object, const std::string& name) const;
};

//! describe_run (results/provenance.h) of the file's provenance.
std::string describe_run(const ResultFile& file);

}  // namespace pmsim
