#include "output/verify_results_file.h"
#include "output/verify_here.h"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "engine/reference_population.h"
#include "engine/run.h"
#include "output/hdf5_handle.h"
#include "output/read_hdf5_contents.h"
#include "output/results_layout.h"
#include "results/shards.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {

namespace {

const std::string kSweep = "/sweep";
// Elements of an unexpected dataset read to see that HDF5 can read it (larger ones are not).
constexpr std::size_t kLargestUnexpected = std::size_t{1} << 24;

// "[20, 5]"
std::string shape_text(const std::vector<std::uint64_t>& shape) {
  if (shape.empty()) return "scalar";
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

// The stored type as the layout names it: "float64le" is "float64", any string "string".
std::string type_name(const std::string& stored) {
  if (stored.starts_with("string")) return "string";
  if (stored.ends_with("le")) return stored.substr(0, stored.size() - 2);
  return stored;
}

bool type_matches(const std::string& stored, StoredType expected) {
  if (expected == StoredType::string) return stored.starts_with("string");
  return stored == std::string(to_string(expected)) + "le";
}

// Element `i` of a little-endian integer value as decimal text.
std::string integer_text(const StoredValue& v, std::size_t i) {
  const bool is_signed = !v.type.starts_with("uint");
  const std::size_t size = v.type.find("64") != std::string::npos ? 8 : 4;
  std::uint64_t bits = 0;
  for (std::size_t b = 0; b < size; ++b) bits |= std::uint64_t{v.bytes[i * size + b]} << (8 * b);
  if (!is_signed) return std::to_string(bits);
  if (size == 4) return std::to_string(static_cast<std::int32_t>(static_cast<std::uint32_t>(bits)));
  return std::to_string(static_cast<std::int64_t>(bits));
}

double float64_at(const StoredValue& v, std::size_t i) {
  std::uint64_t bits = 0;
  for (std::size_t b = 0; b < 8; ++b) bits |= std::uint64_t{v.bytes[i * 8 + b]} << (8 * b);
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

std::size_t elements(const std::vector<std::uint64_t>& shape) {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

// One file being verified: its objects and the problems found so far.
class Verifier {
 public:
  //! `report` is told each problem as it is found, `reading` each object before it is read.
  Verifier(const Hdf5Contents& file, const VerifySink& sink) : file_(file), sink_(sink) {}

  void run() {
    try {
      sink_.reading("/");
      for (const std::string& o : file_.objects()) objects_[o] = file_.is_dataset(o);
    } catch (const std::exception& e) {
      problem("/", std::string("its objects cannot be listed: ") + e.what());
      return;
    }
    // Another program's HDF5 file: one problem, not the list of everything it lacks.
    if (!file_.has_attribute("/", "pmsim_version") && !objects_.count("/contracts") && !objects_.count(kSweep))
      return problem("", "not a pmsim results file (no root attribute pmsim_version, no /contracts)");
    std::vector<LayoutObject> layout;
    if (file_.has_attribute("/", "sweep_keys") || objects_.count(kSweep))
      sweep_layout(layout);
    else
      tree_layout("/", invocation_attributes(), layout);
    for (const LayoutObject& o : layout) check(o);
    for (const auto& [path, is_dataset] : objects_)
      if (!expected_.count(path) && !unknown_below(path)) {
        unexpected(path, std::string("unexpected ") + (is_dataset ? "dataset" : "group") + " (not in the layout)");
        read_all_of(path, is_dataset);
      }
  }

 private:
  void problem(const std::string& object, std::string what, const std::string& attribute = "") {
    sink_.problem({object, std::move(what), attribute});
  }
  void unexpected(const std::string& object, std::string what, const std::string& attribute = "") {
    sink_.problem({object, std::move(what), attribute, true});
  }

  // An object outside the layout read all the same (a reader given --allow-damaged may read
  // it): if HDF5 is to fail on it, it fails here, in the verifier's own process.
  void read_all_of(const std::string& path, bool is_dataset) {
    try {
      sink_.reading(path);
      for (const std::string& name : file_.attribute_names(path)) (void)file_.attribute(path, name);
      if (is_dataset && elements(file_.dataset(path, false).shape) <= kLargestUnexpected)
        (void)file_.dataset(path, true);
    } catch (const std::exception&) {
      // already reported as unexpected
    }
  }

  // The problems of an attribute are the object's: "attribute unit ..." ("root attribute" on "/").
  std::string attribute_name(const std::string& object, const std::string& name) const {
    return (object == "/" ? "root attribute " : "attribute ") + name;
  }

  // A string attribute's only value, or nullopt (with no problem: check() reports it).
  std::optional<std::string> string_attribute(const std::string& object, const std::string& name) const {
    try {
      if (!file_.has_attribute(object, name)) return std::nullopt;
      const StoredValue v = file_.attribute(object, name);
      if (v.strings.size() != 1 || !v.shape.empty()) return std::nullopt;
      return v.strings.front();
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  std::optional<std::int64_t> integer_attribute(const std::string& object, const std::string& name) const {
    try {
      if (!file_.has_attribute(object, name)) return std::nullopt;
      const StoredValue v = file_.attribute(object, name);
      if (v.type != "int64le" || !v.shape.empty()) return std::nullopt;
      return std::stoll(integer_text(v, 0));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  // The layout of the results tree at `group`, from its own scenario_resolved; without one
  // that parses, the tree is reported and left unchecked below its group.
  void tree_layout(const std::string& group, std::vector<LayoutAttribute> extra, std::vector<LayoutObject>& layout) {
    const std::optional<std::string> resolved = string_attribute(group, "scenario_resolved");
    std::string why;
    if (!resolved) {
      why = "has no readable string attribute scenario_resolved";
    } else {
      try {
        const ReferenceMembers stand_in = stand_in_reference();  // the attribute names
        const Scenario s = resolve_reference_quantiles(
            parse_scenario(*resolved, "scenario_resolved", MemberFileUse::path_only), &stand_in);
        const std::int64_t first = integer_attribute(group, "first_replication").value_or(0);
        RunResults results = allocate_results(s, first, 0);
        results.replications = s.simulation.replications;  // the rows, without allocating them
        const std::optional<Shard> shard = group == "/" ? shard_of_file(s.simulation.replications) : std::nullopt;
        if (shard) {  // its rows are the shard's range of the scenario's replications
          const ReplicationRange range = shard_range(*shard, s.simulation.replications);
          results.first_replication = range.first;
          results.replications = range.count;
          for (auto& a : shard_attributes()) extra.push_back(std::move(a));
        }
        std::vector<LayoutObject> tree =
            results_layout(results, *resolved, group, shard ? TreeKind::shard : TreeKind::run);
        for (auto& a : extra) tree.front().attributes.push_back(std::move(a));
        layout.insert(layout.end(), tree.begin(), tree.end());
        return;
      } catch (const std::exception& e) {
        const std::string message = e.what();
        why = attribute_name(group, "scenario_resolved") +
              " does not parse as a scenario: " + message.substr(0, message.find('\n'));
      }
    }
    problem(group, why + " (its layout is unknown: the objects below it are not checked)", "scenario_resolved");
    unknown_.push_back(group);
    layout.push_back(LayoutObject{group, true, StoredType::float64, {}, "", StoredValues::any, std::move(extra)});
  }

  // The root's shard I/N (pmsim run --shard) when it has one of R replications; a shard
  // attribute that is not one is a problem, and the tree is then checked as a whole run.
  std::optional<Shard> shard_of_file(std::int64_t replications) {
    if (!file_.has_attribute("/", "shard_index") && !file_.has_attribute("/", "shard_count")) return std::nullopt;
    const std::optional<std::int64_t> index = integer_attribute("/", "shard_index");
    const std::optional<std::int64_t> count = integer_attribute("/", "shard_count");
    if (index && count && *index >= 1 && *index <= *count && *count <= replications) return Shard{*index, *count};
    problem("/", "root attributes shard_index and shard_count are not a shard I/N (int64, 1 <= I <= N <= " +
                     std::to_string(replications) + ", the scenario's replications)");
    return std::nullopt;
  }

  bool unknown_below(const std::string& path) const {
    return std::any_of(unknown_.begin(), unknown_.end(),
                       [&](const std::string& g) { return path == g || path.starts_with(g == "/" ? g : g + "/"); });
  }

  // A sweep file: the root's invocation and keys, then one tree per point /sweep/<index>.
  void sweep_layout(std::vector<LayoutObject>& layout) {
    std::size_t keys = 0;
    std::optional<std::size_t> zip_keys;  // an optional attribute: in the layout when present
    try {
      if (file_.has_attribute("/", "sweep_keys")) keys = file_.attribute("/", "sweep_keys").strings.size();
      if (file_.has_attribute("/", "sweep_zip_keys")) zip_keys = file_.attribute("/", "sweep_zip_keys").strings.size();
    } catch (const std::exception&) {
      // check() reports the attribute
    }
    std::vector<LayoutAttribute> root = invocation_attributes();
    root.push_back(sweep_keys_attribute(keys));
    if (zip_keys) root.push_back(sweep_zip_keys_attribute(*zip_keys));
    layout.push_back(LayoutObject{"/", true, StoredType::float64, {}, "", StoredValues::any, std::move(root)});
    layout.push_back(LayoutObject{kSweep, true, StoredType::float64, {}, "", StoredValues::any, {}});
    std::set<std::size_t> indices;
    for (const auto& [path, is_dataset] : objects_) {
      if (!path.starts_with(kSweep + "/")) continue;
      const std::string index = path.substr(kSweep.size() + 1);
      if (!index.empty() && index.size() < 10 && std::all_of(index.begin(), index.end(), ::isdigit) &&
          (index == "0" || index.front() != '0'))
        indices.insert(std::stoul(index));
    }
    if (indices.empty()) problem(kSweep, "no points");
    for (std::size_t i = 0; !indices.empty() && i <= *indices.rbegin(); ++i)
      if (!indices.count(i))
        problem(kSweep + "/" + std::to_string(i),
                "missing (the points are 0 to " + std::to_string(*indices.rbegin()) + ")");
    for (const std::size_t i : indices)
      tree_layout(kSweep + "/" + std::to_string(i), {sweep_values_attribute(keys)}, layout);
  }

  void check(const LayoutObject& o) {
    if (!expected_.insert(o.path).second) return;
    sink_.reading(o.path);
    const auto it = objects_.find(o.path);
    if (it == objects_.end()) {
      problem(o.path, o.group ? "missing (a group)" : "missing");
      return;
    }
    if (it->second == o.group) {
      problem(o.path, o.group ? "a dataset, expected a group" : "a group, expected a dataset");
      return;
    }
    check_attributes(o);
    if (!o.group) check_dataset(o);
  }

  void check_attributes(const LayoutObject& o) {
    std::vector<std::string> names;
    try {
      names = file_.attribute_names(o.path);
    } catch (const std::exception& e) {
      problem(o.path, std::string("its attributes cannot be listed: ") + e.what());
      return;
    }
    for (const LayoutAttribute& a : o.attributes) {
      const std::string name = attribute_name(o.path, a.name);
      if (std::find(names.begin(), names.end(), a.name) == names.end()) {
        problem(o.path, name + " missing", a.name);
        continue;
      }
      StoredValue v;
      try {
        v = file_.attribute(o.path, a.name);
      } catch (const std::exception& e) {
        problem(o.path, name + " cannot be read: " + e.what(), a.name);
        continue;
      }
      const std::vector<std::uint64_t> shape =
          a.length ? std::vector<std::uint64_t>{*a.length} : std::vector<std::uint64_t>{};
      if (!type_matches(v.type, a.type)) {
        problem(o.path, name + ": type " + type_name(v.type) + ", expected " + std::string(to_string(a.type)), a.name);
      } else if (v.shape != shape) {
        problem(o.path, name + ": shape " + shape_text(v.shape) + ", expected " + shape_text(shape), a.name);
      } else if (a.value) {
        std::vector<std::string> stored = v.strings;
        if (a.type != StoredType::string) {
          stored.clear();
          for (std::size_t i = 0; i < elements(v.shape); ++i) stored.push_back(integer_text(v, i));
        }
        if (stored != *a.value)
          problem(o.path, name + ": not the value its layout gives it" + value_detail(stored, *a.value), a.name);
      }
    }
    for (const std::string& n : names)
      if (std::none_of(o.attributes.begin(), o.attributes.end(), [&](const LayoutAttribute& a) { return a.name == n; }))
        unexpected(o.path, "unexpected " + attribute_name(o.path, n) + " (not in the layout)", n);
  }

  // " (12, expected 20)" for short scalar values; nothing for long texts.
  static std::string value_detail(const std::vector<std::string>& stored, const std::vector<std::string>& expected) {
    if (stored.size() != 1 || expected.size() != 1 || stored[0].size() > 64 || expected[0].size() > 64) return "";
    return " ('" + stored[0] + "', expected '" + expected[0] + "')";
  }

  void check_dataset(const LayoutObject& o) {
    StoredValue v;
    try {
      v = file_.dataset(o.path, false);
    } catch (const std::exception& e) {
      problem(o.path, std::string("cannot be read: ") + e.what());
      return;
    }
    if (!type_matches(v.type, o.type)) {
      problem(o.path, "type " + type_name(v.type) + ", expected " + std::string(to_string(o.type)));
      return;
    }
    if (v.shape != o.shape) {
      problem(o.path,
              "shape " + shape_text(v.shape) + ", expected " + shape_text(o.shape) + " (" + o.shape_meaning + ")");
      return;
    }
    try {
      v = file_.dataset(o.path, true);  // the whole dataset: a damaged chunk fails here
    } catch (const std::exception& e) {
      problem(o.path, std::string("its values cannot be read: ") + e.what());
      return;
    }
    check_values(o, v);
  }

  void check_values(const LayoutObject& o, const StoredValue& v) {
    const std::size_t n = elements(v.shape);
    if (o.values == StoredValues::finite) {
      std::size_t bad = 0, first = n;
      for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(float64_at(v, i)) && bad++ == 0) first = i;
      if (bad > 0)
        problem(o.path, std::to_string(bad) + " non-finite values (the first at index " + std::to_string(first) +
                            "), expected finite values only");
    } else if (o.values == StoredValues::replication_ids) {
      const std::string group = o.path.substr(0, o.path.rfind('/'));
      const std::int64_t first = integer_attribute(group.empty() ? "/" : group, "first_replication").value_or(0);
      for (std::size_t i = 0; i < n; ++i)
        if (integer_text(v, i) != std::to_string(first + static_cast<std::int64_t>(i))) {
          problem(o.path, "row " + std::to_string(i) + " holds id " + integer_text(v, i) + ", expected " +
                              std::to_string(first + static_cast<std::int64_t>(i)) + " (first_replication + row)");
          return;
        }
    }
  }

  const Hdf5Contents& file_;
  std::map<std::string, bool> objects_;  // path: is a dataset
  std::set<std::string> expected_;
  std::vector<std::string> unknown_;  // trees whose layout is unknown
  const VerifySink& sink_;
};

// Why HDF5 cannot open a file that has its signature: a truncation, said as such, or its message.
std::string open_failure(const std::string& message) {
  // HDF5 says "truncated file: eof = 17082, sblock->base_addr = 0, stored_eof = 170824".
  const auto number_after = [&](const std::string& key) {
    const auto at = message.find(key);
    return at == std::string::npos
               ? std::string("?")
               : message.substr(at + key.size(),
                                message.find_first_not_of("0123456789", at + key.size()) - at - key.size());
  };
  if (message.find("truncated file") != std::string::npos)
    return "truncated: " + number_after(" eof = ") + " bytes, its superblock says " + number_after("stored_eof = ");
  return "damaged: HDF5 cannot open it (" + message + ")";
}

}  // namespace

void verify_here(const std::string& path, const VerifySink& sink) {
  try {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return sink.problem({"", "no such file", ""});
    if (!std::filesystem::is_regular_file(path, ec)) return sink.problem({"", "not a regular file", ""});
    {
      h5::SilenceErrors silence;
      if (H5Fis_hdf5(path.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return sink.problem({"", "not an HDF5 file", ""});
      }
    }
    std::optional<Hdf5Contents> file;
    try {
      file.emplace(path);
    } catch (const std::exception& e) {
      return sink.problem({"", open_failure(e.what()), ""});
    }
    Verifier(*file, sink).run();
  } catch (const std::exception& e) {
    sink.problem({"", std::string("cannot be verified: ") + e.what(), ""});
  }
}

}  // namespace pmsim
