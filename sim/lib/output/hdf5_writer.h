#pragma once
//! \file hdf5_writer.h
//! The results file: every per-replication matrix of a run, per-year and horizon summaries,
//! and the provenance needed to reproduce it, in one HDF5 file (layout: docs/output.md).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_analysis.h"
#include "output/results_layout.h"
#include "results/results.h"
#include "results/shards.h"
#include "util/atomic_file.h"

namespace pmsim {

struct RunMetadata {
  std::string scenario_file;      //!< path as given on the command line
  std::string scenario_text;      //!< the file's text as given
  std::string scenario_resolved;  //!< the resolved YAML (defaults filled, overrides applied)
  std::string command_line;
  int threads = 0;
  double wall_seconds = 0;
  //! pmsim run --shard I/N: the file holds that shard of the run (results_layout's TreeKind::shard).
  std::optional<Shard> shard;
};

//! Writes `results` and its `analysis` (analyse_run: the summary, decomposition and
//! sensitivity tables) to `path` in the layout of docs/output.md; computes nothing itself.
//! Writes through a ResultsFileWriter that replaces `path` (IfExists::replace); on any error
//! the temporary file is removed and it throws (FileWriteError, OutputPathError).
//! Throws before creating anything if a contract or metric name is unusable as an HDF5 path
//! (contract names must not contain '/'; metric names may, but without empty, "." or ".."
//! components; a contract metric must not be called "summary"), a matrix has the wrong shape
//! or `analysis` is not that of `results` (a table per contract, metric, twin and outcome).
void write_results(const RunResults& results, const RunAnalysis& analysis, const RunMetadata& meta,
                   const std::string& path);

class ResultsFileWriter;
//! The same into `file`, opened before the run (so that a bad output path is found before
//! it), then committed.
void write_results(ResultsFileWriter& file, const RunResults& results, const RunAnalysis& analysis,
                   const RunMetadata& meta);

//! Call first in main, before any other HDF5 call: HDF5 then runs no clean-up at exit. HDF5
//! 1.10 frees a file whose close failed (a full disk) but keeps its id, and its exit handler
//! closes that id again: a crash after the error was reported (HDFFV-11052, fixed in 1.14.1).
//! pmsim closes, or removes, every file it writes before it exits, so nothing is lost.
void skip_hdf5_cleanup_at_exit();

//! A results file being written, for files holding more than one run (a sweep: one results
//! tree per point). Everything goes to a temporary file next to `path` (an AtomicFile,
//! path + ".partial-HOST-PID"), created by the constructor, which commit() puts in place;
//! destroyed without commit() (an error, an exception), it removes the temporary file, so
//! `path` is either complete or untouched. The constructor throws what AtomicFile's does;
//! every other function throws FileWriteError: "cannot write PATH: <errno's text>" when the
//! system refused a write (a full disk), else "cannot write results file '<path>': ..."
//! naming the object.
class ResultsFileWriter {
 public:
  explicit ResultsFileWriter(std::string path, IfExists if_exists = IfExists::replace);
  ~ResultsFileWriter();
  ResultsFileWriter(const ResultsFileWriter&) = delete;
  ResultsFileWriter& operator=(const ResultsFileWriter&) = delete;

  //! The results tree of a run (replication, contracts, population, parameters, sensitivity)
  //! under `group` ("/", or a new group such as "/sweep/0", created with its parents), with the
  //! run's own provenance as attributes of `group`: seed, replications, first_replication,
  //! years, baseline_years, warmup_years, scenario_name, scenario_resolved, scenario_sha256;
  //! a shard's tree (TreeKind::shard) also the twins' values. Checks the results and the
  //! analysis first, as write_results does.
  void write_run(const std::string& group, const RunResults& results, const RunAnalysis& analysis,
                 const std::string& scenario_resolved, TreeKind kind = TreeKind::run);
  //! The invocation's provenance as root attributes: pmsim_version, git_commit, created,
  //! scenario_file, scenario_text, command_line, threads, wall_seconds, simd_target; for a
  //! shard, shard_index and shard_count.
  void write_invocation(const RunMetadata& meta);
  //! A string (or string-array) attribute of an existing object ("/" the root).
  void write_string_attribute(const std::string& object, const std::string& name, const std::string& value);
  void write_strings_attribute(const std::string& object, const std::string& name,
                               const std::vector<std::string>& values);
  //! Closes the temporary file and puts it in place (AtomicFile::commit).
  void commit();

  const std::string& path() const { return path_; }
  //! The stale temporaries of dead processes removed beside `path` when it was opened.
  const StalePartials& stale_partials() const { return file_.stale_partials(); }

 private:
  void guarded(const std::function<void()>& step);
  struct Open;
  std::string path_;
  AtomicFile file_;
  std::unique_ptr<Open> open_;  //!< null once committed
};

}  // namespace pmsim
