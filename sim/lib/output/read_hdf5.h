#pragma once
//! \file read_hdf5.h
//! Reading objects of a known type from an HDF5 file (a results file, a sweep file): the
//! bottom of the read side, which read_result_file.h and the other read_*.h build on. Every
//! function opens `path` read-only and throws std::runtime_error naming the file and object
//! on failure.

#include <cstdint>
#include <string>
#include <vector>

#include "results/results.h"

namespace pmsim {

//! `object` ("/contracts/ffs") of the results tree at `group`: `object` itself for the root
//! ("/" or ""), else "/sweep/3/contracts/ffs".
std::string group_object(const std::string& group, const std::string& object);

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
