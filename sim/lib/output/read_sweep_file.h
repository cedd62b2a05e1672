#pragma once
//! \file read_sweep_file.h
//! A sweep's results file read back (layout: docs/output.md, "Sweeps"): the root attribute
//! `sweep_keys` and the points /sweep/<index> with their `sweep_values`. Each point is a
//! results tree that ResultFile::open(path, point.group) reads in place.

#include <cstddef>
#include <string>
#include <vector>

namespace pmsim {

//! "/sweep/3"
std::string sweep_point_group(std::size_t index);

struct SweepPointInfo {
  std::string group;                //!< "/sweep/<index>"
  std::vector<std::string> values;  //!< `sweep_values`, one per key
};

struct SweepContents {
  std::vector<std::string> keys;       //!< `sweep_keys`
  std::vector<std::string> zip_keys;   //!< `sweep_zip_keys` (--zip), none when absent
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

}  // namespace pmsim
