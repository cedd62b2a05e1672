#pragma once
// The tests' limits on time and memory in a sanitizer build (./scripts/test --sanitize): ASan
// and UBSan make pmsim several times slower, so a time limit is scaled, not skipped; and
// ASan's shadow memory (terabytes of address space) cannot live under `ulimit -v`, so the
// memory limit becomes ASan's own limit on resident memory.
#include <string>

namespace pmsim::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

//! How many times longer than in an ordinary build a limit on time allows.
inline constexpr double kTimeScale = kSanitized ? 8.0 : 1.0;

//! `seconds` scaled for this build.
inline double time_limit(double seconds) { return seconds * kTimeScale; }

//! A shell prefix that runs the next command for at most `seconds` (scaled; exit 124 after)
//! and with at most `megabytes` of memory.
inline std::string limited(double seconds, long megabytes) {
  const std::string time = "timeout " + std::to_string(static_cast<long>(time_limit(seconds))) + " ";
  if (kSanitized)
    return "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=" + std::to_string(megabytes) + "\" " +
           time;
  return "ulimit -v " + std::to_string(megabytes * 1000) + "; " + time;
}

}  // namespace pmsim::testing
