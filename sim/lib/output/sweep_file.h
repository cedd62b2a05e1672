#pragma once
//! \file sweep_file.h
//! A sweep's results file (layout: docs/output.md, "Sweeps"): the invocation's provenance and
//! the string-array attribute `sweep_keys` at the root, and one results tree per point under
//! /sweep/<index> (0, 1, ...), laid out like a results file's root, with the point's own run
//! provenance (seed, replications, scenario_resolved, ...) and `sweep_values` on its group.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "output/hdf5_writer.h"
#include "results/results.h"

namespace pmsim {

//! "/sweep/3"
std::string sweep_point_group(std::size_t index);

//! Writes a sweep file point by point (one point's results in memory at a time), into a
//! temporary file renamed over `path` by finish() (see ResultsFileWriter).
class SweepFileWriter {
 public:
  SweepFileWriter(const std::string& path, std::vector<std::string> keys);
  //! The next point: its results tree, run provenance and `values` (one per key, as written).
  void add_point(const std::vector<std::string>& values, const RunResults& results,
                 const std::string& scenario_resolved);
  //! The root attributes, then the file is complete and in place.
  void finish(const RunMetadata& invocation);

 private:
  ResultsFileWriter file_;
  std::vector<std::string> keys_;
  std::size_t points_ = 0;
};

struct SweepPointInfo {
  std::string group;                //!< "/sweep/<index>"
  std::vector<std::string> values;  //!< `sweep_values`, one per key
};

struct SweepContents {
  std::vector<std::string> keys;       //!< `sweep_keys`
  std::vector<SweepPointInfo> points;  //!< by index
};

//! True if `path` is an HDF5 file with the root attribute `sweep_keys` (false for anything
//! else, a missing file included: the caller's reader says what is wrong with it).
bool is_sweep_file(const std::string& path);

//! The keys and points of a sweep file. Throws ResultFileError naming the file when it is not
//! a sweep file, a point's `sweep_values` do not match the keys or the indices have a gap.
SweepContents read_sweep(const std::string& path);

//! "population.size=500, contracts[1].pmpm=310"
std::string describe_point(const SweepContents& sweep, std::size_t index);

//! Copies point `group` of the sweep file `path` into a new results file `out_path`, laid out
//! as `pmsim run` writes one (the point's tree and attributes at the root, with the sweep
//! root's invocation attributes), for the commands that read results files. Throws
//! std::runtime_error naming the files.
void extract_sweep_point(const std::string& path, const std::string& group, const std::string& out_path);

}  // namespace pmsim
