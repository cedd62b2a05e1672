#pragma once
// SIGINT, SIGTERM and SIGHUP during a command that writes a file: the temporary files go,
// a line says what was interrupted, and the exit code is 128 + the signal's number.
#include <cstddef>
#include <cstdint>
#include <functional>

namespace pmsim::cli {

//! Blocks SIGINT, SIGTERM and SIGHUP in this thread, and so in every thread started after it
//! (call it before any, oneTBB's workers included), and starts the one thread that waits for
//! them (sigwait): no code runs in a signal handler. On one it removes every temporary file
//! (TemporaryFiles::abandon_all), prints "pmsim: interrupted by SIGINT after N of R
//! replications; FILE not written" and exits with 130, 143 or 129; a second signal meanwhile
//! waits, blocked, until that exit. Also ignores SIGXFSZ, so that a write past `ulimit -f`
//! fails with EFBIG, and is reported, instead of killing pmsim.
void handle_interruptions();

//! An interruption still removes the temporary files and exits, but prints nothing: for the
//! ranks of an MPI job other than rank 0, which reports for the job.
void quiet_interruptions();

//! What an interruption reports as done: none yet of `total` replications; each call of the
//! function returned (a RunOptions::progress, from any thread) sets how many are done.
std::function<void(std::int64_t)> replication_counter(std::int64_t total);
//! For a sweep: the point being run (0-based) of `points`.
void note_point(std::size_t point, std::size_t points);

}  // namespace pmsim::cli
