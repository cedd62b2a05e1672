#include "util/temporary_files.h"

#include <unistd.h>

#include <algorithm>

namespace pmsim {

TemporaryFiles& TemporaryFiles::instance() {
  static TemporaryFiles* const registry = new TemporaryFiles();  // leaked on purpose: see the header
  return *registry;
}

void TemporaryFiles::add(const std::filesystem::path& file, const std::string& what,
                         const std::function<void()>& create) {
  const std::lock_guard lock(mutex_);
  create();
  entries_.push_back({file, what});
}

void TemporaryFiles::settle(const std::filesystem::path& file, const std::function<void()>& step) {
  const std::lock_guard lock(mutex_);
  step();
  const auto entry = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.file == file; });
  if (entry == entries_.end()) return;
  written_.push_back(entry->what);
  entries_.erase(entry);
}

void TemporaryFiles::remove(const std::filesystem::path& file) {
  const std::lock_guard lock(mutex_);
  ::unlink(file.c_str());
  std::erase_if(entries_, [&](const Entry& e) { return e.file == file; });
}

TemporaryFiles::Abandoned TemporaryFiles::abandon_all() {
  mutex_.lock();  // never unlocked: the process is about to exit
  Abandoned abandoned;
  for (const Entry& e : entries_) {
    ::unlink(e.file.c_str());
    if (std::find(abandoned.not_written.begin(), abandoned.not_written.end(), e.what) == abandoned.not_written.end())
      abandoned.not_written.push_back(e.what);
  }
  entries_.clear();
  abandoned.written = written_;
  return abandoned;
}

}  // namespace pmsim
