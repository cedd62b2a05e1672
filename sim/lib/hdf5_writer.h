#pragma once
//! \file hdf5_writer.h
//! The results file: every per-replication matrix of a run, per-year and horizon summaries,
//! and the provenance needed to reproduce it, in one HDF5 file (layout: docs/output.md).

#include <cstdint>
#include <string>
#include <vector>

#include "results.h"

namespace pmsim {

struct RunMetadata {
  std::string scenario_file;      //!< path as given on the command line
  std::string scenario_text;      //!< the file's text as given
  std::string scenario_resolved;  //!< the resolved YAML (defaults filled, overrides applied)
  std::string command_line;
  int threads = 0;
  double wall_seconds = 0;
};

//! Writes `results` to `path` in the layout of docs/output.md.
//! Writes to a temporary file next to `path` (path + ".partial-<pid>") and renames it over `path` only when complete;
//! on any error removes the temporary file and throws std::runtime_error with a clear message.
//! Throws before creating anything if a contract or metric name is unusable as an HDF5 path
//! (contract names must not contain '/'; metric names may, but without empty, "." or ".."
//! components; a contract metric must not be called "summary") or a matrix has the wrong shape.
void write_results(const RunResults& results, const RunMetadata& meta, const std::string& path);

// --- Reading (for tests and later commands). Every function opens `path` read-only and
// --- throws std::runtime_error naming the file and object on failure.

//! A numeric dataset as float64: rank 2 gives [dims0, dims1]; rank 1 gives [dims0, 1];
//! a scalar gives [1, 1]. `dataset` is a path such as "/contracts/ffs/provider_margin".
Matrix read_matrix(const std::string& path, const std::string& dataset);

//! A scalar string attribute (variable- or fixed-length) of `object` ("/" for the root).
std::string read_string_attribute(const std::string& path, const std::string& object, const std::string& name);

//! A string attribute holding a 1-D array (or a scalar, giving one element).
std::vector<std::string> read_string_array_attribute(const std::string& path, const std::string& object,
                                                     const std::string& name);

//! A scalar numeric attribute, converted by HDF5 to the requested type.
double read_double_attribute(const std::string& path, const std::string& object, const std::string& name);
std::int64_t read_int64_attribute(const std::string& path, const std::string& object, const std::string& name);
std::uint64_t read_uint64_attribute(const std::string& path, const std::string& object, const std::string& name);

//! All dataset paths in the file ("/contracts/ffs/provider_margin", ...), sorted.
std::vector<std::string> list_datasets(const std::string& path);

}  // namespace pmsim
