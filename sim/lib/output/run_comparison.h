#pragma once
//! \file run_comparison.h
//! Results files side by side (pmsim compare): per contract and metric, the horizon mean of
//! each file with its Monte Carlo SE, and each file's difference from the first with the
//! SE of that difference, flagged when it exceeds Monte Carlo error.
//!
//! The SE of a difference depends on how the two runs relate:
//!  - independent runs (different seeds or replications): sqrt(SE_a^2 + SE_b^2);
//!  - paired runs (same seed and the same replication ids): replication r of both files used
//!    the same random numbers, so the SE is that of the mean of the per-replication
//!    differences of horizon values, sd(b_r - a_r) / sqrt(n), much smaller when the runs are
//!    positively correlated (common random numbers);
//!  - the same run (paired, and the same scenario_sha256): the files should be identical, so
//!    any difference is not Monte Carlo error.
//! A difference exceeds Monte Carlo error when |difference| > 4 SE (a 4-sigma rule: about
//! one in 16,000 differences of identical scenarios would be flagged by chance).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/statistics.h"
#include "output/result_file.h"

namespace pmsim {

inline constexpr double kMonteCarloErrorMultiple = 4.0;

enum class Pairing { independent, paired, same_run };

//! "independent", "paired", "same run".
std::string to_string(Pairing p);

//! How file `b` relates to file `a`, and why, in words ("seeds differ (5, 6)").
struct FilePairing {
  Pairing pairing = Pairing::independent;
  std::string reason;
};
FilePairing pairing_of(const ResultFile& a, const ResultFile& b);

//! Summary statistics of the per-replication differences b_r - a_r of paired runs: its mean
//! is the difference of the means, its mc_se the paired SE sd(b_r - a_r) / sqrt(n). All NaN
//! if the lengths differ or are zero.
Summary paired_differences(const std::vector<double>& a, const std::vector<double>& b);
double paired_difference_se(const std::vector<double>& a, const std::vector<double>& b);

struct Estimate {
  double mean = 0;
  double mc_se = 0;
};

struct Difference {
  double difference = 0;  //!< mean of this file - mean of the first
  double se = 0;          //!< its SE, by the pairing of the two files
  Pairing pairing = Pairing::independent;
  bool beyond_mc_error = false;  //!< |difference| > kMonteCarloErrorMultiple x se
};

//! `difference` and `se` with the flag set.
Difference judged_difference(double difference, double se, Pairing pairing);

struct MetricComparison {
  std::string contract;
  std::string metric;
  std::string unit;
  std::vector<std::optional<Estimate>> estimates;      //!< per file; nullopt where it lacks the metric
  std::vector<std::optional<Difference>> differences;  //!< per file (none for the first)
};

struct RunComparison {
  std::vector<std::string> files;
  std::vector<FilePairing> pairings;  //!< per file against the first (the first: same run)
  //! Contracts in the first file's order, then those of later files; metrics by name.
  std::vector<MetricComparison> rows;
  //! For each contract some file lacks: the indices of the files that have it.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> partial_contracts;
};

//! Compares every file with the first (at least two files).
RunComparison compare_runs(const std::vector<ResultFile>& files);

}  // namespace pmsim
