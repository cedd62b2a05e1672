#include "output/run_comparison.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "analysis/statistics.h"

namespace pmsim {

namespace {

Estimate horizon_estimate(const ResultFile& f, const std::string& contract, const std::string& metric) {
  const Summary s = f.summary(contract, metric).statistics;
  return {s.get("mean"), s.get("mc_se")};
}

}  // namespace

std::string to_string(Pairing p) {
  switch (p) {
    case Pairing::paired:
      return "paired";
    case Pairing::same_run:
      return "same run";
    case Pairing::independent:
      break;
  }
  return "independent";
}

FilePairing pairing_of(const ResultFile& a, const ResultFile& b) {
  const Provenance& pa = a.provenance();
  const Provenance& pb = b.provenance();
  if (pa.seed != pb.seed)
    return {Pairing::independent, "seeds differ (" + std::to_string(pa.seed) + ", " + std::to_string(pb.seed) + ")"};
  if (a.replication_ids() != b.replication_ids())
    return {Pairing::independent, "same seed but the replication ids differ (" +
                                      describe_replication_ids(a.replication_ids()) + ", " +
                                      describe_replication_ids(b.replication_ids()) + ")"};
  const std::string same = "same seed (" + std::to_string(pa.seed) + ") and replication ids (" +
                           describe_replication_ids(a.replication_ids()) + ")";
  if (!pa.scenario_sha256.empty() && pa.scenario_sha256 == pb.scenario_sha256)
    return {Pairing::same_run, same + " and scenario_sha256"};
  return {Pairing::paired, same + ", scenarios differ"};
}

Summary paired_differences(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return summarize({});  // all NaN
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  return summarize(d);
}

double paired_difference_se(const std::vector<double>& a, const std::vector<double>& b) {
  return paired_differences(a, b).get("mc_se");
}

Difference judged_difference(double difference, double se, Pairing pairing) {
  // A NaN compares false: a difference that cannot be measured is not flagged.
  return {difference, se, pairing, std::abs(difference) > kMonteCarloErrorMultiple * se};
}

RunComparison compare_runs(const std::vector<ResultFile>& files) {
  if (files.size() < 2) throw std::invalid_argument("compare_runs: at least two files");
  RunComparison out;
  for (const ResultFile& f : files) {
    out.files.push_back(f.path());
    out.pairings.push_back(pairing_of(files.front(), f));
  }

  std::vector<std::string> contracts;
  for (const ResultFile& f : files)
    for (const std::string& c : f.contracts())
      if (std::find(contracts.begin(), contracts.end(), c) == contracts.end()) contracts.push_back(c);

  for (const std::string& contract : contracts) {
    std::vector<std::size_t> holders;
    std::vector<std::string> metrics;
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (!files[i].has_contract(contract)) continue;
      holders.push_back(i);
      for (const std::string& m : files[i].metrics(contract)) metrics.push_back(m);
    }
    if (holders.size() < files.size()) out.partial_contracts.emplace_back(contract, holders);
    std::sort(metrics.begin(), metrics.end());
    metrics.erase(std::unique(metrics.begin(), metrics.end()), metrics.end());

    for (const std::string& metric : metrics) {
      MetricComparison row;
      row.contract = contract;
      row.metric = metric;
      row.estimates.resize(files.size());
      row.differences.resize(files.size());
      for (std::size_t i = 0; i < files.size(); ++i) {
        if (!files[i].has_metric(contract, metric)) continue;
        if (row.unit.empty()) row.unit = files[i].unit(contract, metric);
        row.estimates[i] = horizon_estimate(files[i], contract, metric);
      }
      const auto& first = row.estimates.front();
      std::optional<std::vector<double>> first_values;  // read once, for every paired file
      for (std::size_t i = 1; i < files.size(); ++i) {
        const auto& other = row.estimates[i];
        if (!first || !other) continue;
        const Pairing pairing = out.pairings[i].pairing;
        if (pairing == Pairing::independent) {
          row.differences[i] =
              judged_difference(other->mean - first->mean, std::hypot(first->mc_se, other->mc_se), pairing);
          continue;
        }
        if (!first_values) first_values = files.front().horizon_values(contract, metric);
        const Summary s = paired_differences(*first_values, files[i].horizon_values(contract, metric));
        row.differences[i] = judged_difference(s.get("mean"), s.get("mc_se"), pairing);
      }
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace pmsim
