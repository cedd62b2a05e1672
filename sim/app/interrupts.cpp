#include "interrupts.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <string.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "util/temporary_files.h"

namespace pmsim::cli {

namespace {

// Set from worker threads, read by the waiting thread: atomics, nothing else shared.
std::atomic<std::int64_t> replications_done{0}, replications_total{0};
std::atomic<std::size_t> current_point{0}, point_count{0};
std::atomic<bool> quiet{false};

sigset_t interruption_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string interruption_message(int signal, const TemporaryFiles::Abandoned& abandoned) {
  std::string message =
      std::string(isatty(STDERR_FILENO) ? "\n" : "") + "pmsim: interrupted by SIG" + sigabbrev_np(signal);
  const std::int64_t total = replications_total.load();
  if (total > 0) {
    message += " after " + std::to_string(replications_done.load()) + " of " + std::to_string(total) + " replications";
    if (point_count.load() > 1)
      message += " of point " + std::to_string(current_point.load() + 1) + " of " + std::to_string(point_count.load());
  } else if (!abandoned.not_written.empty()) {
    message += " before the simulation started";
  }
  if (!abandoned.not_written.empty())
    message += "; " + joined(abandoned.not_written) + " not written";
  else if (!abandoned.written.empty())
    message += "; " + joined(abandoned.written) + " had been written";
  return message + "\n";
}

[[noreturn]] void wait_for_interruption(sigset_t signals) {
  int signal = 0;
  while (sigwait(&signals, &signal) != 0) {
  }
  // An ordinary thread, not a handler: it may lock, allocate and print. The lock abandon_all
  // keeps stops the main thread from creating or committing a file before the exit.
  const TemporaryFiles::Abandoned abandoned = TemporaryFiles::instance().abandon_all();
  const std::string message = quiet.load() ? "" : interruption_message(signal, abandoned);
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message.data(), message.size());
  ::_exit(128 + signal);  // no destructors, no atexit: the other threads are still running
}

}  // namespace

void handle_interruptions() {
  ::signal(SIGXFSZ, SIG_IGN);
  const sigset_t signals = interruption_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread(wait_for_interruption, signals).detach();
}

void quiet_interruptions() { quiet.store(true); }

std::function<void(std::int64_t)> replication_counter(std::int64_t total) {
  replications_done.store(0);
  replications_total.store(total);
  return [](std::int64_t done) { replications_done.store(done); };
}

void note_point(std::size_t point, std::size_t points) {
  point_count.store(points);
  current_point.store(point);
}

}  // namespace pmsim::cli
