#pragma once
//! \file hdf5_writer.h
//! The results file: every per-replication matrix of a run, per-year and horizon summaries,
//! and the provenance needed to reproduce it, in one HDF5 file (layout: docs/output.md).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analysis/run_analysis.h"
#include "results/results.h"

namespace pmsim {

struct RunMetadata {
  std::string scenario_file;      //!< path as given on the command line
  std::string scenario_text;      //!< the file's text as given
  std::string scenario_resolved;  //!< the resolved YAML (defaults filled, overrides applied)
  std::string command_line;
  int threads = 0;
  double wall_seconds = 0;
};

//! Writes `results` and its `analysis` (analyse_run: the summary, decomposition and
//! sensitivity tables) to `path` in the layout of docs/output.md; computes nothing itself.
//! Writes to a temporary file next to `path` (path + ".partial-<pid>") and renames it over `path` only when complete;
//! on any error removes the temporary file and throws std::runtime_error with a clear message.
//! Throws before creating anything if a contract or metric name is unusable as an HDF5 path
//! (contract names must not contain '/'; metric names may, but without empty, "." or ".."
//! components; a contract metric must not be called "summary"), a matrix has the wrong shape
//! or `analysis` is not that of `results` (a table per contract, metric, twin and outcome).
void write_results(const RunResults& results, const RunAnalysis& analysis, const RunMetadata& meta,
                   const std::string& path);

//! A results file being written, for files holding more than one run (a sweep: one results
//! tree per point). Everything goes to a temporary file next to `path` (path + ".partial-<pid>"),
//! which commit() renames over `path`; destroyed without commit() (an error, an exception), it
//! removes the temporary file, so `path` is either complete or untouched. Every function throws
//! std::runtime_error "cannot write results file '<path>': ..." naming the object.
class ResultsFileWriter {
 public:
  explicit ResultsFileWriter(std::string path);
  ~ResultsFileWriter();
  ResultsFileWriter(const ResultsFileWriter&) = delete;
  ResultsFileWriter& operator=(const ResultsFileWriter&) = delete;

  //! The results tree of a run (replication, contracts, population, parameters, sensitivity)
  //! under `group` ("/", or a new group such as "/sweep/0", created with its parents), with the
  //! run's own provenance as attributes of `group`: seed, replications, first_replication,
  //! years, baseline_years, warmup_years, scenario_name, scenario_resolved, scenario_sha256.
  //! Checks the results and the analysis first, as write_results does.
  void write_run(const std::string& group, const RunResults& results, const RunAnalysis& analysis,
                 const std::string& scenario_resolved);
  //! The invocation's provenance as root attributes: pmsim_version, git_commit, created,
  //! scenario_file, scenario_text, command_line, threads, wall_seconds.
  void write_invocation(const RunMetadata& meta);
  //! A string (or string-array) attribute of an existing object ("/" the root).
  void write_string_attribute(const std::string& object, const std::string& name, const std::string& value);
  void write_strings_attribute(const std::string& object, const std::string& name,
                               const std::vector<std::string>& values);
  //! Closes the temporary file and renames it over the target.
  void commit();

 private:
  void guarded(const std::function<void()>& step);
  struct Open;
  std::string path_;
  std::string temporary_;
  std::unique_ptr<Open> open_;  //!< null once committed
};

}  // namespace pmsim
