#pragma once
//! \file run_comparison.h
//! Runs side by side (pmsim compare): per contract and metric, the horizon mean of each run
//! with its Monte Carlo SE, and each run's difference from the first with the SE of that
//! difference, flagged when it exceeds Monte Carlo error. Plain data in, plain data out: the
//! runs are read from results files by output/read_comparison.h.
//!
//! The SE of a difference depends on how the two runs relate:
//!  - independent runs (different seeds or replications): sqrt(SE_a^2 + SE_b^2);
//!  - paired runs (same seed and the same replication ids): replication r of both runs used
//!    the same random numbers, so the SE is that of the mean of the per-replication
//!    differences of horizon values, sd(b_r - a_r) / sqrt(n), much smaller when the runs are
//!    positively correlated (common random numbers);
//!  - the same run (paired, and the same scenario_sha256): the runs should be identical, so
//!    any difference is not Monte Carlo error.
//! A difference exceeds Monte Carlo error when |difference| > 4 SE (a 4-sigma rule: about
//! one in 16,000 differences of identical scenarios would be flagged by chance).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/statistics.h"
#include "results/provenance.h"

namespace pmsim {

inline constexpr double kMonteCarloErrorMultiple = 4.0;

enum class Pairing { independent, paired, same_run };

//! "independent", "paired", "same run".
std::string to_string(Pairing p);

//! How run `b` relates to run `a`, and why, in words ("seeds differ (5, 6)").
struct FilePairing {
  Pairing pairing = Pairing::independent;
  std::string reason;
};
FilePairing pairing_of(const Provenance& a, const Provenance& b);

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
  double difference = 0;  //!< mean of this run - mean of the first
  double se = 0;          //!< its SE, by the pairing of the two runs
  Pairing pairing = Pairing::independent;
  bool beyond_mc_error = false;  //!< |difference| > kMonteCarloErrorMultiple x se
};

//! `difference` and `se` with the flag set.
Difference judged_difference(double difference, double se, Pairing pairing);

//! One metric of a compared run.
struct ComparedMetric {
  std::string name;
  std::string unit;
  Estimate horizon;  //!< the horizon mean and its Monte Carlo SE (as stored, or recomputed)
  //! One horizon value per replication. Needed only where the run and the first are paired
  //! (pairing_of is not independent), of both; may be left empty elsewhere.
  std::vector<double> horizon_values;
};

struct ComparedContract {
  std::string name;
  std::vector<ComparedMetric> metrics;  //!< sorted by name
  const ComparedMetric* find(const std::string& metric) const;
};

//! What the comparison needs of one run.
struct ComparedRun {
  std::string name;  //!< how messages name it: "FILE", or "FILE:/sweep/3" for a sweep's point
  Provenance provenance;
  std::vector<ComparedContract> contracts;  //!< in the run's order
  const ComparedContract* find(const std::string& contract) const;
};

struct MetricComparison {
  std::string contract;
  std::string metric;
  std::string unit;
  std::vector<std::optional<Estimate>> estimates;      //!< per run; nullopt where it lacks the metric
  std::vector<std::optional<Difference>> differences;  //!< per run (none for the first)
};

struct RunComparison {
  std::vector<std::string> files;     //!< the runs' names
  std::vector<FilePairing> pairings;  //!< per run against the first (the first: same run)
  //! Contracts in the first run's order, then those of later runs; metrics by name.
  std::vector<MetricComparison> rows;
  //! For each contract some run lacks: the indices of the runs that have it.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> partial_contracts;
};

//! Compares every run with the first (at least two runs).
RunComparison compare_runs(const std::vector<ComparedRun>& runs);

}  // namespace pmsim
