#include "output/exact_comparison.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "output/read_hdf5.h"
#include "output/read_hdf5_contents.h"
#include "output/text_format.h"

namespace pmsim {

namespace {

std::string shape_text(const std::vector<std::uint64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

// A flat row-major index as a position in `shape`: "[row, column]".
std::string position_text(std::uint64_t index, const std::vector<std::uint64_t>& shape) {
  std::vector<std::uint64_t> position(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    position[d] = shape[d] ? index % shape[d] : 0;
    index = shape[d] ? index / shape[d] : 0;
  }
  return shape_text(position);
}

// One stored element as text, for the common types of the results file ("" otherwise).
std::string element_text(const unsigned char* bytes, const std::string& type) {
  if constexpr (std::endian::native != std::endian::little) return "";
  if (type == "float64le") {
    double x;
    std::memcpy(&x, bytes, sizeof x);
    return shortest_number(x);
  }
  if (type == "int64le" || type == "int32le") {
    std::int64_t x = 0;
    if (type == "int32le") {
      std::int32_t narrow;
      std::memcpy(&narrow, bytes, sizeof narrow);
      x = narrow;
    } else {
      std::memcpy(&x, bytes, sizeof x);
    }
    return shortest_number(x);
  }
  if (type == "uint64le") {
    std::uint64_t x;
    std::memcpy(&x, bytes, sizeof x);
    return shortest_number(x);
  }
  return "";
}

std::string value_text(const StoredValue& v) {
  constexpr std::size_t kShown = 3, kLength = 40;
  std::string out;
  if (v.type.starts_with("string")) {
    for (std::size_t i = 0; i < v.strings.size() && i < kShown; ++i) {
      const std::string& s = v.strings[i];
      out += (i ? ", '" : "'") + s.substr(0, kLength) + (s.size() > kLength ? "...'" : "'");
    }
    if (v.strings.size() > kShown) out += ", ...";
    return v.strings.size() == 1 ? out : "[" + out + "]";
  }
  std::size_t elements = 1;
  for (auto d : v.shape) elements *= static_cast<std::size_t>(d);
  const std::size_t size = elements ? v.bytes.size() / elements : 0;
  for (std::size_t i = 0; i < elements && i < kShown && size > 0; ++i) {
    const std::string element = element_text(v.bytes.data() + i * size, v.type);
    if (element.empty()) return v.type + " " + shape_text(v.shape);
    out += (i ? ", " : "") + element;
  }
  if (elements > kShown) out += ", ...";
  return v.shape.empty() ? out + " (" + v.type + ")" : "[" + out + "] (" + v.type + ")";
}

// Element by element, for a dataset whose bytes differ but whose type and shape agree.
void describe_value_difference(const std::string& a, const std::string& b, const StoredValue& va, const StoredValue& vb,
                               DatasetDifference& d) {
  d.what = "values";
  d.elements = 1;
  for (auto n : va.shape) d.elements *= n;
  if (d.elements == 0) return;
  const std::size_t size = va.bytes.size() / d.elements;
  // The numbers (converted to float64 by HDF5) for the sizes of the differences.
  const auto xa = read_matrix(a, d.dataset).values;
  const auto xb = read_matrix(b, d.dataset).values;
  bool have_largest = false;
  for (std::uint64_t i = 0; i < d.elements; ++i) {
    if (std::memcmp(va.bytes.data() + i * size, vb.bytes.data() + i * size, size) == 0) continue;
    if (d.differing++ == 0) {
      d.first_index = i;
      d.first_position = position_text(i, va.shape);
    }
    if (std::isnan(xa[i]) || std::isnan(xb[i])) {
      ++d.nan_mismatches;
      continue;
    }
    const double gap = std::abs(xa[i] - xb[i]);
    if (!have_largest || gap > d.largest_difference) {
      d.largest_difference = gap;
      d.largest_position = position_text(i, va.shape);
      have_largest = true;
    }
  }
}

DatasetDifference difference(const std::string& dataset, std::string what) {
  DatasetDifference d;
  d.dataset = dataset;
  d.what = std::move(what);
  return d;
}

class Comparer {
 public:
  Comparer(const std::string& a, const std::string& b, const std::set<std::string>& ignored)
      : a_(a), b_(b), ignored_(ignored) {}

  ExactComparison run() {
    const std::vector<std::string> objects_a = a_.objects();
    const std::vector<std::string> objects_b = b_.objects();
    std::vector<std::string> all;
    std::set_union(objects_a.begin(), objects_a.end(), objects_b.begin(), objects_b.end(), std::back_inserter(all));
    for (const std::string& object : all) {
      const bool in_a = std::binary_search(objects_a.begin(), objects_a.end(), object);
      const bool in_b = std::binary_search(objects_b.begin(), objects_b.end(), object);
      if (in_a && in_b) {
        compare_object(object);
      } else {
        const Hdf5Contents& holder = in_a ? a_ : b_;
        if (holder.is_dataset(object))
          out_.datasets.push_back(difference(object, "only in " + holder.path()));
        else
          (in_a ? out_.groups_only_in_a : out_.groups_only_in_b).push_back(object);
      }
    }
    return std::move(out_);
  }

 private:
  void compare_object(const std::string& object) {
    const bool dataset_a = a_.is_dataset(object);
    if (dataset_a != b_.is_dataset(object)) {
      out_.datasets.push_back(difference(object, "a dataset in one file and a group in the other"));
      return;
    }
    if (dataset_a) compare_dataset(object);
    compare_attributes(object);
  }

  void compare_dataset(const std::string& dataset) {
    ++out_.datasets_compared;
    const StoredValue va = a_.dataset(dataset);
    const StoredValue vb = b_.dataset(dataset);
    DatasetDifference d = difference(dataset, "");
    if (va.type != vb.type) {
      d.what = "type " + va.type + " vs " + vb.type;
    } else if (!va.unreadable.empty()) {
      out_.not_compared.push_back(dataset + ": " + va.unreadable);
      return;
    } else if (va.shape != vb.shape) {
      d.what = "shape " + shape_text(va.shape) + " vs " + shape_text(vb.shape);
    } else if (va.bytes == vb.bytes) {
      return;
    } else {
      describe_value_difference(a_.path(), b_.path(), va, vb, d);
    }
    out_.datasets.push_back(std::move(d));
  }

  void compare_attributes(const std::string& object) {
    const std::vector<std::string> names_a = a_.attribute_names(object);
    const std::vector<std::string> names_b = b_.attribute_names(object);
    std::vector<std::string> all;
    std::set_union(names_a.begin(), names_a.end(), names_b.begin(), names_b.end(), std::back_inserter(all));
    for (const std::string& name : all) {
      if (object == "/" && ignored_.count(name)) continue;
      const bool in_a = std::binary_search(names_a.begin(), names_a.end(), name);
      const bool in_b = std::binary_search(names_b.begin(), names_b.end(), name);
      if (!in_a || !in_b) {
        out_.attributes.push_back({object, name, "only in " + (in_a ? a_ : b_).path()});
        continue;
      }
      ++out_.attributes_compared;
      const StoredValue va = a_.attribute(object, name);
      const StoredValue vb = b_.attribute(object, name);
      if (!(va == vb)) out_.attributes.push_back({object, name, value_text(va) + " vs " + value_text(vb)});
    }
  }

  Hdf5Contents a_, b_;
  const std::set<std::string>& ignored_;
  ExactComparison out_;
};

}  // namespace

ExactComparison compare_exactly(const std::string& a, const std::string& b,
                                const std::set<std::string>& ignored_root_attributes) {
  return Comparer(a, b, ignored_root_attributes).run();
}

}  // namespace pmsim
