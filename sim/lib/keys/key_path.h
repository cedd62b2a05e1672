#pragma once
//! \file key_path.h
//! The key path of each event of a walk (config/key_visitor.h), in the syntax of messages and
//! of UncertainParameter::key: "services.inpatient.fee", "contracts[1].corridors[0].rate".

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pmsim {

//! "parent.key" ("key" at the root).
std::string child_path(std::string_view parent, std::string_view key);
//! "parent[index]".
std::string index_path(std::string_view parent, std::size_t index);

//! Follows a walk's maps, lists and items; a visitor calls it from its structure events.
class KeyPath {
 public:
  //! `root`: the path the walk starts at ("" the scenario; "contracts[2]" one contract).
  explicit KeyPath(std::string root = "") { frames_.push_back({std::move(root), 0}); }

  //! The path of `key` in the current map or item.
  std::string of(std::string_view key) const { return child_path(frames_.back().path, key); }
  const std::string& current() const { return frames_.back().path; }

  void enter(std::string_view key) { frames_.push_back({of(key), 0}); }
  //! The next item of the current list.
  void enter_item() {
    Frame& list = frames_.back();
    frames_.push_back({index_path(list.path, list.items++), 0});
  }
  void leave() { frames_.pop_back(); }

 private:
  struct Frame {
    std::string path;
    std::size_t items;  //!< items entered so far (a list's)
  };
  std::vector<Frame> frames_;
};

}  // namespace pmsim
