#pragma once
// Progress of a simulation on stderr: replications done of the total, patient-years per second
// and the time left; a line redrawn on a terminal, else (a pipe, a job's log, rank 0 under
// mpirun) a plain line every `--progress` seconds (30 by default) and at the end.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace pmsim::cli {

class ProgressLine {
 public:
  //! `every`: --progress (seconds between lines without a terminal; 0: no progress; nullopt:
  //! the default, 30 s). `enabled` false: nothing, whatever the rest (-q, another rank).
  //! `last_line` false: no line at the end without a terminal (the caller prints its own).
  ProgressLine(std::int64_t total, double patient_years_per_replication, std::optional<double> every, bool enabled,
               bool last_line = true);

  //! `done` replications of the total are done (from any thread; cheap when nothing is due).
  void update(std::int64_t done);

 private:
  enum class Style { none, terminal, log };
  std::int64_t total_;
  double per_replication_;
  Style style_ = Style::none;
  std::chrono::steady_clock::duration every_{};
  std::chrono::steady_clock::time_point start_, last_;
  bool finished_ = false;
  bool last_line_ = true;
  std::mutex mutex_;
};

}  // namespace pmsim::cli
