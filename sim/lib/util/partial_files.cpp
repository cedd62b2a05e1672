#include "util/partial_files.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace pmsim {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPartial = ".partial-";

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "localhost";
  std::string host(buffer);
  // The host is part of a file name, and '-' separates it from the pid only at the last '-'.
  for (char& c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) c = '_';
  return host;
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.size() < 10 && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// When the process `pid` started (seconds since the epoch), from /proc; nullopt if unknown.
std::optional<double> process_start_time(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return std::nullopt;
  const std::size_t comm_end = line.rfind(')');  // the command name may hold blanks and ')'
  if (comm_end == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(comm_end + 1));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i)  // field 22: starttime, in clock ticks after boot
    if (i == 22) {
      std::ifstream system_stat("/proc/stat");
      std::string key;
      double boot = 0;
      while (system_stat >> key)
        if (key == "btime" && system_stat >> boot) {
          const long ticks = sysconf(_SC_CLK_TCK);
          return ticks > 0 ? boot + std::strtod(field.c_str(), nullptr) / static_cast<double>(ticks)
                           : std::optional<double>();
        }
    }
  return std::nullopt;
}

// True if the process that wrote `partial` no longer runs on this host.
bool owner_is_gone(const PartialOwner& owner, const fs::path& partial) {
  if (owner.pid == ::getpid()) return true;  // this process has not created it yet: a namesake's
  if (::kill(static_cast<pid_t>(owner.pid), 0) != 0 && errno == ESRCH) return true;
  // A process with that id runs: the owner only if it started before the file was last written.
  struct stat info {};
  if (::stat(partial.c_str(), &info) != 0) return false;
  const std::optional<double> started = process_start_time(owner.pid);
  const double written = static_cast<double>(info.st_mtim.tv_sec) + 1e-9 * static_cast<double>(info.st_mtim.tv_nsec);
  return started && *started > written + 1.0;  // btime and ticks are whole seconds and 1/100 s
}

}  // namespace

PartialOwner this_process() {
  static const std::string host = host_name();
  return {host, static_cast<long>(::getpid())};
}

fs::path partial_path(const fs::path& target, const PartialOwner& owner) {
  return fs::path(target.string() + std::string(kPartial) + owner.host + "-" + std::to_string(owner.pid));
}

std::optional<PartialOwner> partial_owner(const std::string& name, const std::string& target_name) {
  const std::string prefix = target_name + std::string(kPartial);
  if (!name.starts_with(prefix)) return std::nullopt;
  const std::string_view rest = std::string_view(name).substr(prefix.size());
  const std::size_t dash = rest.rfind('-');
  const std::string_view pid = dash == std::string_view::npos ? rest : rest.substr(dash + 1);
  if (!all_digits(pid)) return std::nullopt;
  PartialOwner owner;
  owner.host = dash == std::string_view::npos ? "" : std::string(rest.substr(0, dash));
  owner.pid = std::strtol(std::string(pid).c_str(), nullptr, 10);
  if (owner.pid <= 0 || (dash != std::string_view::npos && owner.host.empty())) return std::nullopt;
  return owner;
}

StalePartials remove_stale_partials(const fs::path& target) {
  StalePartials found;
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string target_name = target.filename().string();
  const std::string here = this_process().host;
  std::error_code ec;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    const std::optional<PartialOwner> owner = partial_owner(it->path().filename().string(), target_name);
    if (!owner) continue;
    if (!owner->host.empty() && owner->host != here) {
      found.foreign.push_back(it->path());
      continue;
    }
    std::error_code removing;
    if (owner_is_gone(*owner, it->path()) && fs::remove(it->path(), removing)) found.removed.push_back(it->path());
  }
  return found;
}

}  // namespace pmsim
