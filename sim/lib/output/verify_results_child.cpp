// pmsim verify's driver: the file read by verify_here (verify_results_file.cpp) in a child
// process that reports to its parent through a pipe, so that HDF5 crashing or hanging on a
// damaged file takes only the child.
#include <hdf5.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "output/verify_here.h"
#include "output/verify_results_file.h"

namespace pmsim {

namespace {

// How long the verifier may take before its file is said to hang HDF5.
constexpr unsigned kTimeLimitSeconds = 300;

// The memory the verifier may take beyond what it holds when it starts: room for the
// largest dataset at a few times the file's size (deflate rarely shrinks Monte Carlo values
// by more), plus a fixed allowance for datasets of zeros, which shrink to almost nothing.
constexpr std::uintmax_t kMemoryPerFileByte = 4;
constexpr std::uintmax_t kMemoryAllowance = std::uintmax_t{1} << 30;

// A damaged length in a file (a variable-length string said to be 2 GiB long) makes HDF5
// allocate, zero and copy gigabytes before it fails, which takes many seconds. The child's
// address space is capped at what a file of this size can need, so such an allocation fails
// at once and the object is reported as unreadable.
void cap_memory(const std::string& path) {
  std::uintmax_t pages = 0;
  if (!(std::ifstream("/proc/self/statm") >> pages)) return;
  std::error_code error;
  const std::uintmax_t file_bytes = std::filesystem::file_size(path, error);
  if (error) return;
  const auto page = static_cast<std::uintmax_t>(::sysconf(_SC_PAGESIZE));
  const std::uintmax_t budget = pages * page + kMemoryAllowance + kMemoryPerFileByte * file_bytes;
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) != 0 || (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur <= budget)) return;
  limit.rlim_cur = static_cast<rlim_t>(budget);
  ::setrlimit(RLIMIT_AS, &limit);
}

// The records a verifying child process sends its parent: 'P' object NUL problem NUL
// attribute NUL '0'|'1' (unexpected), or 'R' object NUL (it is about to read the object).
void send(int fd, char kind, const std::string& object, const std::string& problem = "",
          const std::string& attribute = "", bool unexpected = false) {
  std::string record(1, kind);
  record += object + '\0';
  if (kind == 'P') record += problem + '\0' + attribute + '\0' + (unexpected ? '1' : '0');
  for (std::size_t done = 0; done < record.size();) {
    const ssize_t n = ::write(fd, record.data() + done, record.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// True while this process runs one thread: only then may a forked child call malloc or HDF5
// (a lock another thread held at the fork stays locked in the child for ever).
bool single_threaded() {
  std::error_code error;
  std::size_t threads = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/task", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error))
    ++threads;
  return !error && threads == 1;
}

}  // namespace

std::vector<FileProblem> verify_results_file(const std::string& path) {
  std::vector<FileProblem> problems;
  // HDF5 1.10 may crash or loop on damaged metadata: the file is read in a child process,
  // and a child that dies or hangs says the file is damaged where it was reading.
  int fds[2];
  if (!single_threaded() || ::pipe(fds) != 0) {
    verify_here(path, VerifySink{[&](const FileProblem& p) { problems.push_back(p); }, [](const std::string&) {}});
    return problems;
  }
  std::fflush(nullptr);  // nothing buffered is written twice
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[0]);
    // The child dies with its parent (an interrupted pmsim leaves no reader behind), and takes
    // signals whatever the parent had blocked.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(0);  // it died before the line above
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::alarm(kTimeLimitSeconds);
    cap_memory(path);
    verify_here(path, VerifySink{[&](const FileProblem& p) {
                                   send(fds[1], 'P', p.object, p.problem, p.attribute, p.unexpected);
                                 },
                                 [&](const std::string& object) { send(fds[1], 'R', object); }});
    ::_exit(0);
  }
  ::close(fds[1]);
  if (child < 0) {
    ::close(fds[0]);
    verify_here(path, VerifySink{[&](const FileProblem& p) { problems.push_back(p); }, [](const std::string&) {}});
    return problems;
  }
  std::string stream;
  char buffer[65536];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    stream.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  std::string reading;
  std::size_t at = 0;
  const auto field = [&](std::string& out) {
    const std::size_t end = stream.find('\0', at);
    if (end == std::string::npos) return false;
    out = stream.substr(at, end - at);
    at = end + 1;
    return true;
  };
  while (at < stream.size()) {
    const char kind = stream[at++];
    FileProblem p;
    if (!field(p.object)) break;
    if (kind == 'R') {
      reading = p.object;
      continue;
    }
    if (!field(p.problem) || !field(p.attribute) || at >= stream.size()) break;
    p.unexpected = stream[at++] == '1';
    problems.push_back(std::move(p));
  }
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    problems.push_back({reading,
                        signal == SIGALRM
                            ? "damaged: HDF5 did not finish reading it in " + std::to_string(kTimeLimitSeconds) + " s"
                            : "damaged: HDF5 crashes reading it (signal " + std::to_string(signal) + ")",
                        "", false, true});
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    problems.push_back({reading, "damaged: its verification failed", "", false, true});
  }
  return problems;
}

std::string describe(const FileProblem& p) { return p.object.empty() ? p.problem : p.object + ": " + p.problem; }

}  // namespace pmsim
