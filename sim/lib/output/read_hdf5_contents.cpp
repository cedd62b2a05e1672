#include "output/read_hdf5_contents.h"

#include <algorithm>
#include <stdexcept>

#include "output/hdf5_handle.h"
#include "output/read_hdf5.h"

namespace pmsim {

namespace {

using h5::Handle;

std::string describe_type(hid_t type) {
  const std::size_t bits = 8 * H5Tget_size(type);
  const std::string order = H5Tget_order(type) == H5T_ORDER_BE ? "be" : "le";
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(bits) + order;
    case H5T_FLOAT:
      return "float" + std::to_string(bits) + order;
    case H5T_STRING:
      return H5Tis_variable_str(type) > 0 ? "string (variable length)"
                                          : "string (" + std::to_string(bits / 8) + " bytes)";
    default:
      return "HDF5 type class " + std::to_string(static_cast<int>(H5Tget_class(type))) + ", " +
             std::to_string(bits / 8) + " bytes";
  }
}

std::vector<std::uint64_t> shape_of(hid_t space, const std::string& what) {
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) h5::fail(what);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) h5::check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), what);
  return {dims.begin(), dims.end()};
}

std::size_t element_count(const std::vector<std::uint64_t>& shape) {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

// Type and shape of a value and, for numbers, its bytes as stored (read in the file's own
// type, so nothing is converted). `read` reads into a buffer in a given memory type.
template <class Read>
StoredValue stored_value(hid_t type, hid_t space, const std::string& what, Read read, bool values = true) {
  StoredValue v;
  v.type = describe_type(type);
  v.shape = shape_of(space, what);
  const H5T_class_t cls = H5Tget_class(type);
  if (!values) return v;
  if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
    v.bytes.resize(element_count(v.shape) * H5Tget_size(type));
    if (!v.bytes.empty()) h5::check(read(type, v.bytes.data()), what);
  } else if (cls != H5T_STRING) {
    v.unreadable = "not a number or a string";
  }
  return v;
}

}  // namespace

struct Hdf5Contents::Impl {
  std::string path;
  Handle file;

  Handle open(const std::string& object) const {
    return h5::object(H5Oopen(file.get(), object.c_str(), H5P_DEFAULT),
                      "cannot open '" + object + "' in '" + path + "'");
  }
};

Hdf5Contents::Hdf5Contents(const std::string& path) : impl_(std::make_unique<Impl>()) {
  h5::SilenceErrors silence;
  impl_->path = path;
  impl_->file = h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open HDF5 file '" + path + "'");
}

Hdf5Contents::~Hdf5Contents() = default;
Hdf5Contents::Hdf5Contents(Hdf5Contents&&) noexcept = default;
Hdf5Contents& Hdf5Contents::operator=(Hdf5Contents&&) noexcept = default;

const std::string& Hdf5Contents::path() const { return impl_->path; }

std::vector<std::string> Hdf5Contents::objects() const {
  h5::SilenceErrors silence;
  struct Context {
    hid_t file;
    std::vector<std::string> names;
  } ctx{impl_->file.get(), {"/"}};
  auto visit = [](hid_t, const char* name, const H5L_info_t* info, void* data) -> herr_t {
    auto* c = static_cast<Context*>(data);
    if (info->type != H5L_TYPE_HARD) return 0;
    const hid_t obj = H5Oopen(c->file, name, H5P_DEFAULT);
    if (obj < 0) return -1;
    const H5I_type_t type = H5Iget_type(obj);
    H5Oclose(obj);
    if (type == H5I_GROUP || type == H5I_DATASET) c->names.push_back("/" + std::string(name));
    return 0;
  };
  h5::check(H5Lvisit(impl_->file.get(), H5_INDEX_NAME, H5_ITER_INC, visit, &ctx),
            "cannot list the objects of '" + impl_->path + "'");
  std::sort(ctx.names.begin(), ctx.names.end());
  return ctx.names;
}

bool Hdf5Contents::exists(const std::string& object) const {
  h5::SilenceErrors silence;
  if (object.empty() || object.front() != '/') return false;
  // H5Lexists fails rather than answers when a parent is missing: test each prefix in turn.
  for (std::size_t end = object.find('/', 1);; end = object.find('/', end + 1)) {
    const std::string prefix = object.substr(0, end);
    if (prefix.size() > 1 && H5Lexists(impl_->file.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (end == std::string::npos) return true;
  }
}

bool Hdf5Contents::is_dataset(const std::string& object) const {
  if (!exists(object)) return false;
  h5::SilenceErrors silence;
  Handle obj = impl_->open(object);
  return H5Iget_type(obj.get()) == H5I_DATASET;
}

bool Hdf5Contents::has_attribute(const std::string& object, const std::string& name) const {
  if (!exists(object)) return false;
  h5::SilenceErrors silence;
  return H5Aexists_by_name(impl_->file.get(), object.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> Hdf5Contents::attribute_names(const std::string& object) const {
  h5::SilenceErrors silence;
  Handle obj = impl_->open(object);
  std::vector<std::string> names;
  auto visit = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  h5::check(H5Aiterate2(obj.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names),
            "cannot list the attributes of '" + object + "' in '" + impl_->path + "'");
  std::sort(names.begin(), names.end());
  return names;
}

StoredValue Hdf5Contents::attribute(const std::string& object, const std::string& name) const {
  const std::string what = "cannot read attribute '" + name + "' of '" + object + "' in '" + impl_->path + "'";
  StoredValue v;
  {
    h5::SilenceErrors silence;
    Handle attr =
        h5::attribute(H5Aopen_by_name(impl_->file.get(), object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), what);
    Handle type = h5::datatype(H5Aget_type(attr.get()), what);
    Handle space = h5::dataspace(H5Aget_space(attr.get()), what);
    v = stored_value(type.get(), space.get(), what,
                     [&](hid_t mem, void* buffer) { return H5Aread(attr.get(), mem, buffer); });
  }
  if (v.type.starts_with("string")) v.strings = read_string_array_attribute(impl_->path, object, name);
  return v;
}

StoredValue Hdf5Contents::dataset(const std::string& dataset, bool values) const {
  h5::SilenceErrors silence;
  const std::string what = "cannot read dataset '" + dataset + "' from '" + impl_->path + "'";
  Handle ds = h5::dataset(H5Dopen2(impl_->file.get(), dataset.c_str(), H5P_DEFAULT), what);
  Handle type = h5::datatype(H5Dget_type(ds.get()), what);
  Handle space = h5::dataspace(H5Dget_space(ds.get()), what);
  StoredValue v = stored_value(
      type.get(), space.get(), what,
      [&](hid_t mem, void* buffer) { return H5Dread(ds.get(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer); }, values);
  // String datasets are not part of the layout (docs/output.md); say so rather than guess.
  if (v.type.starts_with("string")) v.unreadable = "a string dataset";
  return v;
}

}  // namespace pmsim
