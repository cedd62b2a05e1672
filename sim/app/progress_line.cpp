#include "progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "output/text_format.h"

namespace pmsim::cli {

namespace {

std::string rate_text(double millions) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", millions);
  return buffer;
}

}  // namespace

ProgressLine::ProgressLine(std::int64_t total, double patient_years_per_replication, std::optional<double> every,
                           bool enabled, bool last_line)
    : total_(total),
      per_replication_(patient_years_per_replication),
      start_(std::chrono::steady_clock::now()),
      last_(start_),
      last_line_(last_line) {
  if (!enabled || total <= 0 || (every && *every <= 0)) return;
  style_ = isatty(STDERR_FILENO) ? Style::terminal : Style::log;
  every_ = style_ == Style::terminal ? std::chrono::steady_clock::duration(std::chrono::milliseconds(250))
                                     : std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                           std::chrono::duration<double>(every.value_or(30.0)));
}

void ProgressLine::update(std::int64_t done) {
  if (style_ == Style::none) return;
  const auto now = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;
  if (done < total_ && now - last_ < every_) return;
  finished_ = done >= total_;
  last_ = now;
  if (finished_ && style_ == Style::log && !last_line_) return;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  const std::string left = rate > 0 ? readable_duration(static_cast<double>(total_ - done) / rate) : "?";
  const std::string line = std::to_string(static_cast<int>(100.0 * static_cast<double>(done) / total_)) + "%  " +
                           std::to_string(done) + "/" + std::to_string(total_) + " replications  " +
                           rate_text(rate * per_replication_ / 1e6) + " M patient-years/s  " +
                           (finished_ ? "in " + readable_duration(elapsed) : "ETA " + left);
  if (style_ == Style::terminal)
    std::fprintf(stderr, "\r  %s   %s", line.c_str(), finished_ ? "\n" : "");
  else
    std::fprintf(stderr, "pmsim: %s\n", line.c_str());
}

}  // namespace pmsim::cli
