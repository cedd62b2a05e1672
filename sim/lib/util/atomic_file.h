#pragma once
//! \file atomic_file.h
//! A file that appears whole or not at all, and only once: it is written through a temporary
//! beside it (partial_files.h), created when the command starts (the real test that the
//! directory takes a file), and put in place by an atomic step: `link(2)`, which fails if the
//! name exists, or `rename(2)`, which replaces it, when replacing is asked for. The layout:
//! docs/reliability/files.md.

#include <filesystem>
#include <stdexcept>
#include <string>

#include "util/partial_files.h"

namespace pmsim {

//! The target cannot be written at all, found before anything is written: bad input.
class OutputPathError : public std::runtime_error {
 public:
  enum class Problem {
    exists,   //!< the target exists and is not to be replaced
    unusable  //!< a directory, a missing or read-only directory, no permission
  };
  OutputPathError(Problem problem, const std::string& what) : std::runtime_error(what), problem_(problem) {}
  Problem problem() const { return problem_; }

 private:
  Problem problem_;
};

//! Writing the file failed (a full disk, an I/O error), or another process put a file at the
//! target first; "cannot write FILE: ..." or "FILE was created by another run ...".
class FileWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! errno `error` of a write as a sentence, with what it means ("No space left on device (the
//! disk is full)").
std::string describe_write_error(int error);

enum class IfExists { refuse, replace };

class AtomicFile {
 public:
  //! Checks the target (not a directory; absent unless `if_exists` is replace; its directory
  //! there), removes the stale temporaries beside it and creates this process's temporary.
  //! Throws OutputPathError when the target cannot be written, FileWriteError on a full disk.
  AtomicFile(std::filesystem::path target, IfExists if_exists);
  //! Removes the temporary unless commit() put it in place.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::filesystem::path& target() const { return target_; }
  //! Where to write (the writer truncates and fills it), then close it before commit().
  const std::filesystem::path& temporary() const { return temporary_; }
  //! The stale temporaries the constructor found beside the target (to report them).
  const StalePartials& stale_partials() const { return stale_; }

  //! Flushes the temporary to disk and puts it in place. If the target appeared meanwhile
  //! (and is not to be replaced), the results are kept under conflict_path() instead and
  //! FileWriteError says so. Throws FileWriteError on any failure; the temporary is gone then.
  void commit();
  //! Where commit() keeps the results when another process created the target first:
  //! DIR/STEM.conflict-HOST-PID.EXT.
  std::filesystem::path conflict_path() const;

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  IfExists if_exists_;
  StalePartials stale_;
  bool settled_ = false;  //!< commit() ran: the temporary is in place or gone
};

}  // namespace pmsim
