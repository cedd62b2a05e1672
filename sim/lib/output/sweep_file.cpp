#include "output/sweep_file.h"

#include <filesystem>
#include <set>

#include "output/hdf5_contents.h"
#include "output/hdf5_handle.h"
#include "output/result_file.h"

namespace pmsim {

namespace {

using h5::Handle;

const std::string kSweepGroup = "/sweep";

// Copies every attribute of `from` not in `skip` onto `to` (replacing one of the same name),
// as stored: same type, shape and bytes.
void copy_attributes(hid_t from, hid_t to, const std::set<std::string>& skip, const std::string& what) {
  struct Context {
    hid_t to;
    const std::set<std::string>* skip;
    std::string error;
  } context{to, &skip, {}};
  auto copy = [](hid_t object, const char* name, const H5A_info_t*, void* data) -> herr_t {
    auto* c = static_cast<Context*>(data);
    if (c->skip->count(name)) return 0;
    const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    const hid_t type = H5Aget_type(attribute);
    const hid_t space = H5Aget_space(attribute);
    const hssize_t points = H5Sget_simple_extent_npoints(space);
    std::vector<unsigned char> buffer(static_cast<std::size_t>(std::max<hssize_t>(points, 1)) * H5Tget_size(type));
    herr_t status = H5Aread(attribute, type, buffer.data());
    if (status >= 0 && H5Aexists(c->to, name) > 0) status = H5Adelete(c->to, name);
    hid_t copied = status >= 0 ? H5Acreate2(c->to, name, type, space, H5P_DEFAULT, H5P_DEFAULT) : -1;
    if (copied < 0 || H5Awrite(copied, type, buffer.data()) < 0) c->error = name;
    if (H5Tis_variable_str(type) > 0 || H5Tdetect_class(type, H5T_VLEN) > 0)
      H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer.data());
    if (copied >= 0) H5Aclose(copied);
    H5Sclose(space);
    H5Tclose(type);
    H5Aclose(attribute);
    return c->error.empty() ? 0 : -1;
  };
  if (H5Aiterate2(from, H5_INDEX_NAME, H5_ITER_INC, nullptr, copy, &context) < 0)
    h5::fail(what + (context.error.empty() ? "" : ": attribute '" + context.error + "'"));
}

}  // namespace

std::string sweep_point_group(std::size_t index) { return kSweepGroup + "/" + std::to_string(index); }

SweepFileWriter::SweepFileWriter(const std::string& path, std::vector<std::string> keys)
    : file_(path), keys_(std::move(keys)) {}

void SweepFileWriter::add_point(const std::vector<std::string>& values, const RunResults& results,
                                const std::string& scenario_resolved) {
  const std::string group = sweep_point_group(points_);
  file_.write_run(group, results, scenario_resolved);
  file_.write_strings_attribute(group, "sweep_values", values);
  ++points_;
}

void SweepFileWriter::finish(const RunMetadata& invocation) {
  file_.write_invocation(invocation);
  file_.write_strings_attribute("/", "sweep_keys", keys_);
  file_.commit();
}

bool is_sweep_file(const std::string& path) {
  try {
    return Hdf5Contents(path).has_attribute("/", "sweep_keys");
  } catch (const std::runtime_error&) {
    return false;
  }
}

SweepContents read_sweep(const std::string& path) {
  SweepContents sweep;
  try {
    const Hdf5Contents file(path);
    sweep.keys = read_string_array_attribute(path, "/", "sweep_keys");
    for (std::size_t index = 0; file.exists(sweep_point_group(index)); ++index) {
      SweepPointInfo point{sweep_point_group(index),
                           read_string_array_attribute(path, sweep_point_group(index), "sweep_values")};
      if (point.values.size() != sweep.keys.size())
        throw ResultFileError(path + ": " + point.group + " has " + std::to_string(point.values.size()) +
                              " sweep_values for " + std::to_string(sweep.keys.size()) + " sweep_keys");
      sweep.points.push_back(std::move(point));
    }
    std::size_t groups = 0;
    for (const std::string& object : file.objects())
      if (object.starts_with(kSweepGroup + "/") && object.find('/', kSweepGroup.size() + 1) == std::string::npos)
        ++groups;
    if (groups != sweep.points.size())
      throw ResultFileError(path + ": /sweep holds " + std::to_string(groups) +
                            " groups, but only /sweep/0 to /sweep/" + std::to_string(sweep.points.size()) +
                            " follow without a gap");
  } catch (const ResultFileError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw ResultFileError(path + ": not a complete pmsim sweep file: " + e.what());
  }
  if (sweep.points.empty()) throw ResultFileError(path + ": a sweep file without points (no /sweep/0)");
  return sweep;
}

std::string describe_point(const SweepContents& sweep, std::size_t index) {
  std::string out;
  for (std::size_t k = 0; k < sweep.keys.size(); ++k)
    out += (k ? ", " : "") + sweep.keys[k] + "=" + sweep.points.at(index).values[k];
  return out;
}

void extract_sweep_point(const std::string& path, const std::string& group, const std::string& out_path) {
  h5::SilenceErrors silence;
  const std::string what = "cannot copy " + group + " of '" + path + "' to '" + out_path + "'";
  Handle from = h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), what);
  Handle point = h5::group(H5Gopen2(from.get(), group.c_str(), H5P_DEFAULT), what);
  Handle to = h5::file(H5Fcreate(out_path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), what);
  struct Context {
    hid_t to;
  } context{to.get()};
  auto copy_child = [](hid_t parent, const char* name, const H5L_info_t*, void* data) -> herr_t {
    return H5Ocopy(parent, name, static_cast<Context*>(data)->to, name, H5P_DEFAULT, H5P_DEFAULT);
  };
  h5::check(H5Literate(point.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, copy_child, &context), what);
  Handle source_root = h5::group(H5Gopen2(from.get(), "/", H5P_DEFAULT), what);
  Handle target_root = h5::group(H5Gopen2(to.get(), "/", H5P_DEFAULT), what);
  copy_attributes(source_root.get(), target_root.get(), {"sweep_keys"}, what);
  copy_attributes(point.get(), target_root.get(), {"sweep_values"}, what);
  if (!to.close()) h5::fail(what);
}

}  // namespace pmsim
