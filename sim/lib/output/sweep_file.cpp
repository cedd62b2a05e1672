#include "output/sweep_file.h"

#include <filesystem>
#include <set>

#include "output/hdf5_handle.h"
#include "output/read_hdf5.h"
#include "util/atomic_file.h"

namespace pmsim {

namespace {

using h5::Handle;

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

SweepFileWriter::SweepFileWriter(const std::string& path, std::vector<std::string> keys,
                                 std::vector<std::string> zip_keys, IfExists if_exists)
    : file_(path, if_exists), keys_(std::move(keys)), zip_keys_(std::move(zip_keys)) {}

void SweepFileWriter::add_point(const std::vector<std::string>& values, const RunResults& results,
                                const RunAnalysis& analysis, const std::string& scenario_resolved) {
  const std::string group = sweep_point_group(points_);
  file_.write_run(group, results, analysis, scenario_resolved);
  file_.write_strings_attribute(group, "sweep_values", values);
  ++points_;
}

void SweepFileWriter::finish(const RunMetadata& invocation) {
  file_.write_invocation(invocation);
  file_.write_strings_attribute("/", "sweep_keys", keys_);
  if (!zip_keys_.empty()) file_.write_strings_attribute("/", "sweep_zip_keys", zip_keys_);
  file_.commit();
}

void extract_sweep_point(const std::string& path, const std::string& group, const std::string& out_path) {
  h5::SilenceErrors silence;
  const std::string what = "cannot copy " + group + " of '" + path + "' to '" + out_path + "'";
  Handle from = h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), what);
  Handle point = h5::group(H5Gopen2(from.get(), group.c_str(), H5P_DEFAULT), what);
  AtomicFile out(out_path, IfExists::replace);
  Handle to = h5::file(H5Fcreate(out.temporary().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), what);
  struct Context {
    hid_t to;
  } context{to.get()};
  auto copy_child = [](hid_t parent, const char* name, const H5L_info_t*, void* data) -> herr_t {
    return H5Ocopy(parent, name, static_cast<Context*>(data)->to, name, H5P_DEFAULT, H5P_DEFAULT);
  };
  h5::check(H5Literate(point.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, copy_child, &context), what);
  Handle source_root = h5::group(H5Gopen2(from.get(), "/", H5P_DEFAULT), what);
  Handle target_root = h5::group(H5Gopen2(to.get(), "/", H5P_DEFAULT), what);
  copy_attributes(source_root.get(), target_root.get(), {"sweep_keys", "sweep_zip_keys"}, what);
  copy_attributes(point.get(), target_root.get(), {"sweep_values"}, what);
  if (!to.close()) h5::fail(what);
  out.commit();
}

}  // namespace pmsim
