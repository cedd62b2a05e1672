#pragma once
//! \file read_hdf5_contents.h
//! Whatever an HDF5 file holds, read exactly, for comparisons bit for bit (pmsim reproduce):
//! its groups and datasets, the attributes of each, and each value's type, shape and stored
//! bytes. read_hdf5.h reads objects of a known type; this reads what is there.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pmsim {

//! A dataset's or an attribute's content. Two values are the same, bit for bit, when they
//! compare equal (a NaN equals itself here when its bits do).
struct StoredValue {
  std::string type;                  //!< "float64le", "int64le", "uint32be", "string (variable length)", ...
  std::vector<std::uint64_t> shape;  //!< empty for a scalar
  std::vector<unsigned char> bytes;  //!< numbers: the elements as stored, in the file's byte order
  std::vector<std::string> strings;  //!< strings: the elements
  std::string unreadable;            //!< why the content was not read (another type class); "" when it was

  bool operator==(const StoredValue&) const = default;
};

//! One HDF5 file opened read-only. Every function throws std::runtime_error naming the file
//! and the object on failure.
class Hdf5Contents {
 public:
  explicit Hdf5Contents(const std::string& path);
  ~Hdf5Contents();
  Hdf5Contents(Hdf5Contents&&) noexcept;
  Hdf5Contents& operator=(Hdf5Contents&&) noexcept;

  const std::string& path() const;
  //! "/" and the path of every group and dataset below it, sorted.
  std::vector<std::string> objects() const;
  bool exists(const std::string& object) const;
  bool is_dataset(const std::string& object) const;
  bool has_attribute(const std::string& object, const std::string& name) const;
  //! The names of the attributes of `object`, sorted.
  std::vector<std::string> attribute_names(const std::string& object) const;
  StoredValue attribute(const std::string& object, const std::string& name) const;
  StoredValue dataset(const std::string& dataset) const { return this->dataset(dataset, true); }
  //! With `values` false, its type and shape only (nothing is read: a check before a read).
  StoredValue dataset(const std::string& dataset, bool values) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pmsim
