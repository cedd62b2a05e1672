#include "output/read_hdf5.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "output/hdf5_handle.h"

namespace pmsim {

namespace {

using h5::Handle;

Handle open_file(const std::string& path) {
  return h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open HDF5 file '" + path + "'");
}

Handle open_attribute(hid_t file, const std::string& object, const std::string& name, const std::string& what) {
  Handle obj = h5::object(H5Oopen(file, object.c_str(), H5P_DEFAULT), what + ": cannot open the object");
  return h5::attribute(H5Aopen(obj.get(), name.c_str(), H5P_DEFAULT), what + ": no such attribute");
}

std::string attribute_what(const std::string& path, const std::string& object, const std::string& name) {
  return "cannot read attribute '" + name + "' of '" + object + "' in '" + path + "'";
}

template <class T>
T read_scalar_attribute(const std::string& path, const std::string& object, const std::string& name, hid_t mem_type,
                        bool integer_only) {
  h5::SilenceErrors silence;
  const std::string what = attribute_what(path, object, name);
  Handle file = open_file(path);
  Handle attr = open_attribute(file.get(), object, name, what);
  Handle type = h5::datatype(H5Aget_type(attr.get()), what);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && (integer_only || cls != H5T_FLOAT))
    throw std::runtime_error(what + ": not " + (integer_only ? "an integer" : "a number"));
  Handle space = h5::dataspace(H5Aget_space(attr.get()), what);
  if (H5Sget_simple_extent_npoints(space.get()) != 1) throw std::runtime_error(what + ": not a scalar");
  T value{};
  h5::check(H5Aread(attr.get(), mem_type, &value), what);
  return value;
}

}  // namespace

std::string group_object(const std::string& group, const std::string& object) {
  return group.empty() || group == "/" ? object : group + object;
}

Matrix read_matrix(const std::string& path, const std::string& dataset) {
  h5::SilenceErrors silence;
  const std::string what = "cannot read dataset '" + dataset + "' from '" + path + "'";
  Handle file = open_file(path);
  Handle ds = h5::dataset(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT), what);
  Handle type = h5::datatype(H5Dget_type(ds.get()), what);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) throw std::runtime_error(what + ": not a numeric dataset");
  Handle space = h5::dataspace(H5Dget_space(ds.get()), what);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 2) throw std::runtime_error(what + ": rank " + std::to_string(rank) + " (expected 0, 1 or 2)");
  hsize_t dims[2] = {1, 1};
  if (rank > 0) h5::check(H5Sget_simple_extent_dims(space.get(), dims, nullptr), what);
  if (dims[1] > static_cast<hsize_t>(std::numeric_limits<int>::max()) ||
      dims[0] > static_cast<hsize_t>(std::numeric_limits<std::int64_t>::max()))
    throw std::runtime_error(what + ": too large");
  Matrix m(static_cast<std::int64_t>(dims[0]), static_cast<int>(dims[1]));
  if (!m.values.empty())
    h5::check(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.values.data()), what);
  return m;
}

std::vector<std::string> read_string_array_attribute(const std::string& path, const std::string& object,
                                                     const std::string& name) {
  h5::SilenceErrors silence;
  const std::string what = attribute_what(path, object, name);
  Handle file = open_file(path);
  Handle attr = open_attribute(file.get(), object, name, what);
  Handle type = h5::datatype(H5Aget_type(attr.get()), what);
  if (H5Tget_class(type.get()) != H5T_STRING) throw std::runtime_error(what + ": not a string");
  Handle space = h5::dataspace(H5Aget_space(attr.get()), what);
  const hssize_t npoints = H5Sget_simple_extent_npoints(space.get());
  if (npoints < 0) h5::fail(what);
  const auto n = static_cast<std::size_t>(npoints);
  std::vector<std::string> out;
  if (n == 0) return out;

  const htri_t variable = H5Tis_variable_str(type.get());
  if (variable < 0) h5::fail(what);
  Handle mem = h5::datatype(H5Tcopy(H5T_C_S1), what);
  h5::check(H5Tset_cset(mem.get(), H5Tget_cset(type.get())), what);
  if (variable > 0) {
    h5::check(H5Tset_size(mem.get(), H5T_VARIABLE), what);
    std::vector<char*> ptrs(n, nullptr);
    h5::check(H5Aread(attr.get(), mem.get(), ptrs.data()), what);
    for (char* p : ptrs) {
      out.emplace_back(p ? p : "");
      if (p) H5free_memory(p);
    }
  } else {
    const std::size_t size = H5Tget_size(type.get());
    if (size == 0) h5::fail(what);
    h5::check(H5Tset_size(mem.get(), size), what);
    h5::check(H5Tset_strpad(mem.get(), H5T_STR_NULLPAD), what);
    std::vector<char> buf(n * size, '\0');
    h5::check(H5Aread(attr.get(), mem.get(), buf.data()), what);
    const bool space_padded = H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD;
    for (std::size_t i = 0; i < n; ++i) {
      std::string s(buf.data() + i * size, size);
      s.resize(std::min(s.find('\0'), s.size()));
      if (space_padded) s.erase(s.find_last_not_of(' ') + 1);
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::string read_string_attribute(const std::string& path, const std::string& object, const std::string& name) {
  std::vector<std::string> values = read_string_array_attribute(path, object, name);
  if (values.size() != 1)
    throw std::runtime_error(attribute_what(path, object, name) + ": holds " + std::to_string(values.size()) +
                             " strings, expected one");
  return std::move(values.front());
}

double read_double_attribute(const std::string& path, const std::string& object, const std::string& name) {
  return read_scalar_attribute<double>(path, object, name, H5T_NATIVE_DOUBLE, false);
}

std::int64_t read_int64_attribute(const std::string& path, const std::string& object, const std::string& name) {
  return read_scalar_attribute<std::int64_t>(path, object, name, H5T_NATIVE_INT64, true);
}

std::uint64_t read_uint64_attribute(const std::string& path, const std::string& object, const std::string& name) {
  return read_scalar_attribute<std::uint64_t>(path, object, name, H5T_NATIVE_UINT64, true);
}

std::vector<std::string> list_datasets(const std::string& path) {
  h5::SilenceErrors silence;
  const std::string what = "cannot list datasets of '" + path + "'";
  Handle file = open_file(path);
  struct Context {
    hid_t file;
    std::vector<std::string> names;
  } ctx{file.get(), {}};
  auto visit = [](hid_t, const char* name, const H5L_info_t* info, void* data) -> herr_t {
    auto* c = static_cast<Context*>(data);
    if (info->type != H5L_TYPE_HARD) return 0;
    const hid_t obj = H5Oopen(c->file, name, H5P_DEFAULT);
    if (obj < 0) return -1;
    const bool is_dataset = H5Iget_type(obj) == H5I_DATASET;
    H5Oclose(obj);
    if (is_dataset) c->names.push_back("/" + std::string(name));
    return 0;
  };
  h5::check(H5Lvisit(file.get(), H5_INDEX_NAME, H5_ITER_INC, visit, &ctx), what);
  std::sort(ctx.names.begin(), ctx.names.end());
  return ctx.names;
}

}  // namespace pmsim
