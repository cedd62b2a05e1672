#pragma once
//! \file temporary_files.h
//! The files this process has on disk only until it finishes (the temporaries results are
//! written through, a scratch copy), so that an interruption (sim/app/interrupts.cpp) can
//! remove them all. Creating, renaming and removing one happen under the registry's lock,
//! so an interruption sees each either before it exists or after it is recorded.

#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace pmsim {

class TemporaryFiles {
 public:
  //! The one registry of the process (never destroyed: an interruption may come during exit).
  static TemporaryFiles& instance();

  //! Runs `create` (which makes `file`) and records `file`, whose loss an interruption
  //! reports as "`what` not written", both under the lock. Nothing is recorded if it throws.
  void add(const std::filesystem::path& file, const std::string& what, const std::function<void()>& create);
  //! Runs `step` (which renames or links `file` to its target) under the lock, then forgets
  //! `file` and records `what` as written if `step` did not throw.
  void settle(const std::filesystem::path& file, const std::function<void()>& step);
  //! Removes `file` (if it is there) and forgets it, under the lock.
  void remove(const std::filesystem::path& file);

  //! What an interruption found: the files not written (their `what`) and those written.
  struct Abandoned {
    std::vector<std::string> not_written;
    std::vector<std::string> written;
  };
  //! Removes every recorded file and keeps the lock for good: from then on add, settle and
  //! remove wait, so that nothing more is created or put in place before the process exits.
  //! A second call waits for good too (an interruption during an MPI rank's abort, say).
  Abandoned abandon_all();

 private:
  TemporaryFiles() = default;
  struct Entry {
    std::filesystem::path file;
    std::string what;
  };
  std::mutex mutex_;
  std::vector<Entry> entries_;
  std::vector<std::string> written_;
};

}  // namespace pmsim
