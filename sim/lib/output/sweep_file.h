#pragma once
//! \file sweep_file.h
//! A sweep's results file (layout: docs/output.md, "Sweeps"): the invocation's provenance and
//! the string-array attributes `sweep_keys` and (for --zip keys) `sweep_zip_keys` at the root, and one results tree per
//! point under /sweep/<index> (0, 1, ...), laid out like a results file's root, with the point's own run provenance
//! (seed, replications, scenario_resolved, ...) and `sweep_values` on its group.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "output/hdf5_writer.h"
#include "output/read_sweep_file.h"
#include "results/results.h"

namespace pmsim {

//! Writes a sweep file point by point (one point's results in memory at a time), into a
//! temporary file created by the constructor and put in place by finish() (see
//! ResultsFileWriter, which throws what it throws).
class SweepFileWriter {
 public:
  //! `zip_keys`: those of `keys` that move together (--zip), written only when there are some.
  SweepFileWriter(const std::string& path, std::vector<std::string> keys, std::vector<std::string> zip_keys,
                  IfExists if_exists = IfExists::replace);
  //! The next point: its results tree (with its analysis), run provenance and `values` (one
  //! per key, as written).
  void add_point(const std::vector<std::string>& values, const RunResults& results, const RunAnalysis& analysis,
                 const std::string& scenario_resolved);
  //! The root attributes, then the file is complete and in place.
  void finish(const RunMetadata& invocation);
  const std::string& path() const { return file_.path(); }
  //! The stale temporaries of dead processes removed beside `path` when it was opened.
  const StalePartials& stale_partials() const { return file_.stale_partials(); }

 private:
  ResultsFileWriter file_;
  std::vector<std::string> keys_;
  std::vector<std::string> zip_keys_;
  std::size_t points_ = 0;
};

//! Copies point `group` of the sweep file `path` into a new results file `out_path`, laid out
//! as `pmsim run` writes one (the point's tree and attributes at the root, with the sweep
//! root's invocation attributes), to compare a point with a plain run bit for bit (the
//! commands read a point in place: ResultFile::open(path, group)). Written through an
//! AtomicFile that replaces `out_path`. Throws std::runtime_error naming the files.
void extract_sweep_point(const std::string& path, const std::string& group, const std::string& out_path);

}  // namespace pmsim
