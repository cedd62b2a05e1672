#include "util/atomic_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/temporary_files.h"

namespace pmsim {

namespace fs = std::filesystem;

namespace {

fs::path directory_of(const fs::path& target) { return target.has_parent_path() ? target.parent_path() : "."; }

bool is_full_disk(int error) { return error == ENOSPC || error == EDQUOT || error == EFBIG || error == EIO; }

// Why a file cannot be created in `directory`, from the errno of open(2).
std::string creation_problem(int error, const fs::path& directory) {
  switch (error) {
    case EACCES:
    case EPERM:
      return "no permission to create a file in directory " + directory.string();
    case EROFS:
      return "directory " + directory.string() + " is on a read-only file system";
    case ENOENT: {
      std::error_code ec;  // /proc says ENOENT for a name it does not make
      return "directory " + directory.string() +
             (fs::is_directory(directory, ec) ? " does not take new files" : " does not exist");
    }
    case ENOTDIR:
      return directory.string() + " is not a directory";
    default:
      return describe_write_error(error);
  }
}

// fsync(2) of `path`: 0, or the errno of its failure.
int sync_to_disk(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return errno;
  const int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

bool same_file(const fs::path& a, const fs::path& b) {
  struct stat x {
  }, y{};
  return ::stat(a.c_str(), &x) == 0 && ::stat(b.c_str(), &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

// Gives `from` the name `to` only if `to` does not exist: false if it does. A hard link where
// the file system has them, else renameat2(RENAME_NOREPLACE); `from` is gone afterwards.
bool place_exclusively(const fs::path& from, const fs::path& to, const std::string& what) {
  if (::link(from.c_str(), to.c_str()) == 0 || (errno == EEXIST && same_file(from, to))) {
    ::unlink(from.c_str());  // NFS may report EEXIST for a link its retried request made
    return true;
  }
  if (errno == EEXIST) return false;
  if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS && errno != EMLINK)
    throw FileWriteError(what + describe_write_error(errno));
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno == EINVAL || errno == ENOSYS)
    throw FileWriteError(what + "its file system has neither hard links nor an exclusive rename (use --force)");
  throw FileWriteError(what + describe_write_error(errno));
}

}  // namespace

std::string describe_write_error(int error) {
  const std::string text = std::strerror(error);
  switch (error) {
    case ENOSPC:
      return text + " (the disk is full)";
    case EDQUOT:
      return text + " (the disk quota is used up)";
    case EFBIG:
      return text + " (the file size limit is reached: see ulimit -f)";
    default:
      return text;
  }
}

AtomicFile::AtomicFile(fs::path target, IfExists if_exists) : target_(std::move(target)), if_exists_(if_exists) {
  const std::string cannot = "cannot write " + target_.string() + ": ";
  using Problem = OutputPathError::Problem;
  std::error_code ec;
  if (fs::is_directory(target_, ec)) throw OutputPathError(Problem::unusable, cannot + "it is a directory");
  if (if_exists_ == IfExists::refuse && fs::symlink_status(target_, ec).type() != fs::file_type::not_found)
    throw OutputPathError(Problem::exists, target_.string() + " exists");
  const fs::path directory = directory_of(target_);
  if (!fs::exists(directory, ec))
    throw OutputPathError(Problem::unusable, cannot + creation_problem(ENOENT, directory));
  if (!fs::is_directory(directory, ec))
    throw OutputPathError(Problem::unusable, cannot + creation_problem(ENOTDIR, directory));
  stale_ = remove_stale_partials(target_);
  temporary_ = partial_path(target_, this_process());
  TemporaryFiles::instance().add(temporary_, target_.string(), [&] {
    const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      const int error = errno;
      if (is_full_disk(error)) throw FileWriteError(cannot + describe_write_error(error));
      throw OutputPathError(Problem::unusable, cannot + creation_problem(error, directory));
    }
    ::close(fd);
  });
}

AtomicFile::~AtomicFile() {
  if (!settled_) TemporaryFiles::instance().remove(temporary_);
}

fs::path AtomicFile::conflict_path() const {
  const PartialOwner me = this_process();
  return directory_of(target_) / (target_.stem().string() + ".conflict-" + me.host + "-" + std::to_string(me.pid) +
                                  target_.extension().string());
}

void AtomicFile::commit() {
  const std::string cannot = "cannot write " + target_.string() + ": ";
  try {
    // A write the kernel had only buffered fails here (NFS, a full disk found late).
    if (const int error = sync_to_disk(temporary_, O_RDONLY))
      throw FileWriteError(cannot + describe_write_error(error));
    TemporaryFiles::instance().settle(temporary_, [&] {
      if (if_exists_ == IfExists::replace) {
        if (::rename(temporary_.c_str(), target_.c_str()) != 0) throw FileWriteError(cannot + std::strerror(errno));
      } else if (!place_exclusively(temporary_, target_, cannot)) {
        const fs::path kept = conflict_path();
        if (!place_exclusively(temporary_, kept, cannot))
          throw FileWriteError(target_.string() + " was created by another run while this one ran, and so was " +
                               kept.string() + "; this run's results are lost");
        throw FileWriteError(target_.string() + " was created by another run while this one ran; this run's " +
                             "results are in " + kept.string());
      }
    });
  } catch (...) {
    TemporaryFiles::instance().remove(temporary_);
    settled_ = true;
    throw;
  }
  settled_ = true;
  // The new name on disk too; a file system that cannot sync a directory still holds it.
  (void)sync_to_disk(directory_of(target_), O_RDONLY | O_DIRECTORY);
}

}  // namespace pmsim
