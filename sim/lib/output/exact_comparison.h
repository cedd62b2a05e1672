#pragma once
//! \file exact_comparison.h
//! Two HDF5 files compared bit for bit (pmsim reproduce): every group and dataset, each
//! dataset's type, shape and stored bytes, and every attribute of every object except root
//! attributes the caller names as expected to differ. Two elements are equal when their bits
//! are, so a NaN equals a NaN with the same bits and 0.0 differs from -0.0.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace pmsim {

struct DatasetDifference {
  std::string dataset;
  //! What differs in words: "only in <file>", "type float64le vs int64le", "shape [3, 2] vs
  //! [4, 2]", or "values" (then the numbers below describe them).
  std::string what;
  std::uint64_t elements = 0;        //!< elements in the dataset
  std::uint64_t differing = 0;       //!< elements whose bits differ
  std::uint64_t first_index = 0;     //!< flat (row-major) index of the first differing element
  std::string first_position;        //!< the same as "[row, column]" ("[i]" for rank 1)
  double largest_difference = 0;     //!< largest |a - b| over differing elements that are both numbers
  std::string largest_position;      //!< where it is; "" if every differing pair had a NaN
  std::uint64_t nan_mismatches = 0;  //!< differing elements where only one, or both with other bits, are NaN
};

struct AttributeDifference {
  std::string object;
  std::string name;
  std::string what;  //!< "only in <file>" or "<value in a> vs <value in b>"
};

struct ExactComparison {
  std::size_t datasets_compared = 0;    //!< datasets present in both files
  std::size_t attributes_compared = 0;  //!< attributes present on both sides and not ignored
  std::vector<std::string> groups_only_in_a, groups_only_in_b;
  std::vector<DatasetDifference> datasets;
  std::vector<AttributeDifference> attributes;
  //! Datasets whose content was not compared (not numbers), with the reason.
  std::vector<std::string> not_compared;

  bool identical() const {
    return groups_only_in_a.empty() && groups_only_in_b.empty() && datasets.empty() && attributes.empty();
  }
};

//! Compares file `a` with file `b`; root attributes named in `ignored_root_attributes` are
//! not compared. Throws std::runtime_error if either file cannot be read.
ExactComparison compare_exactly(const std::string& a, const std::string& b,
                                const std::set<std::string>& ignored_root_attributes);

}  // namespace pmsim
