#pragma once
//! \file hdf5_handle.h
//! Internal helpers for the HDF5 C API: an owning wrapper for hid_t handles, a guard that
//! silences HDF5's automatic error printing, and a way to turn the HDF5 error stack into
//! text for exceptions. Only hdf5_writer.cpp should need this.

#include <hdf5.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace pmsim::h5 {

//! An HDF5 call failed: "<what>: <HDF5's innermost message>", and the operating system's
//! errno when HDF5 reported one (a failed write: ENOSPC, EFBIG, EIO), else 0.
class Error : public std::runtime_error {
 public:
  Error(const std::string& what, int os_error) : std::runtime_error(what), os_error_(os_error) {}
  int os_error() const { return os_error_; }

 private:
  int os_error_;
};

//! What HDF5's default error stack says: the innermost message ("" if none) and the errno a
//! file driver put in any entry's text ("..., errno = 28, ..."; 0 if none). Clears the stack.
struct ErrorStack {
  std::string detail;
  int os_error = 0;
};
inline ErrorStack error_stack() {
  ErrorStack stack;
  auto walk = [](unsigned n, const H5E_error2_t* e, void* data) -> herr_t {
    auto* out = static_cast<ErrorStack*>(data);
    if (e == nullptr) return 0;
    if (n == 0) {  // upward walk: entry 0 is where the error was detected
      if (e->desc != nullptr && *e->desc != '\0') out->detail = e->desc;
      if (e->func_name != nullptr)
        out->detail += std::string(out->detail.empty() ? "" : " ") + "[in " + e->func_name + "]";
    }
    const char* mark = e->desc != nullptr ? std::strstr(e->desc, "errno = ") : nullptr;
    if (mark != nullptr && out->os_error == 0) out->os_error = std::atoi(mark + 8);
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walk, &stack);
  H5Eclear2(H5E_DEFAULT);
  return stack;
}

//! Throws Error "<what>: <HDF5's innermost message>".
[[noreturn]] inline void fail(const std::string& what) {
  const ErrorStack stack = error_stack();
  throw Error(stack.detail.empty() ? what : what + ": " + stack.detail, stack.os_error);
}

//! Turns HDF5's automatic error printing off for its lifetime (restores it afterwards).
class SilenceErrors {
 public:
  SilenceErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~SilenceErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  SilenceErrors(const SilenceErrors&) = delete;
  SilenceErrors& operator=(const SilenceErrors&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

//! Owns one hid_t and closes it with the matching H5?close function.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  explicit operator bool() const { return valid(); }

  //! Closes now; returns false if HDF5 reported an error (the handle is released either way).
  bool close() {
    if (!valid()) return true;
    const herr_t status = closer_ ? closer_(id_) : 0;
    id_ = H5I_INVALID_HID;
    return status >= 0;
  }
  void reset() { (void)close(); }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

//! Wraps `id` (the result of an H5?create/open call) or throws "<what>" with HDF5's detail.
inline Handle check(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) fail(what);
  return Handle(id, closer);
}

//! Throws "<what>" with HDF5's detail if `status` is negative.
inline void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

inline Handle file(hid_t id, const std::string& what) { return check(id, H5Fclose, what); }
inline Handle group(hid_t id, const std::string& what) { return check(id, H5Gclose, what); }
inline Handle dataset(hid_t id, const std::string& what) { return check(id, H5Dclose, what); }
inline Handle dataspace(hid_t id, const std::string& what) { return check(id, H5Sclose, what); }
inline Handle datatype(hid_t id, const std::string& what) { return check(id, H5Tclose, what); }
inline Handle attribute(hid_t id, const std::string& what) { return check(id, H5Aclose, what); }
inline Handle plist(hid_t id, const std::string& what) { return check(id, H5Pclose, what); }
inline Handle object(hid_t id, const std::string& what) { return check(id, H5Oclose, what); }

}  // namespace pmsim::h5
