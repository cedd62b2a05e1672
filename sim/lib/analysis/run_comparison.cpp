#include "analysis/run_comparison.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pmsim {

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

FilePairing pairing_of(const Provenance& pa, const Provenance& pb) {
  if (pa.seed != pb.seed)
    return {Pairing::independent, "seeds differ (" + std::to_string(pa.seed) + ", " + std::to_string(pb.seed) + ")"};
  if (pa.replication_ids != pb.replication_ids)
    return {Pairing::independent, "same seed but the replication ids differ (" +
                                      describe_replication_ids(pa.replication_ids) + ", " +
                                      describe_replication_ids(pb.replication_ids) + ")"};
  const std::string same = "same seed (" + std::to_string(pa.seed) + ") and replication ids (" +
                           describe_replication_ids(pa.replication_ids) + ")";
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

const ComparedMetric* ComparedContract::find(const std::string& metric) const {
  const auto it =
      std::find_if(metrics.begin(), metrics.end(), [&](const ComparedMetric& m) { return m.name == metric; });
  return it == metrics.end() ? nullptr : &*it;
}

const ComparedContract* ComparedRun::find(const std::string& contract) const {
  const auto it =
      std::find_if(contracts.begin(), contracts.end(), [&](const ComparedContract& c) { return c.name == contract; });
  return it == contracts.end() ? nullptr : &*it;
}

RunComparison compare_runs(const std::vector<ComparedRun>& runs) {
  if (runs.size() < 2) throw std::invalid_argument("compare_runs: at least two runs");
  RunComparison out;
  for (const ComparedRun& run : runs) {
    out.files.push_back(run.name);
    out.pairings.push_back(pairing_of(runs.front().provenance, run.provenance));
  }

  std::vector<std::string> contracts;
  for (const ComparedRun& run : runs)
    for (const ComparedContract& c : run.contracts)
      if (std::find(contracts.begin(), contracts.end(), c.name) == contracts.end()) contracts.push_back(c.name);

  for (const std::string& contract : contracts) {
    std::vector<std::size_t> holders;
    std::vector<std::string> metrics;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const ComparedContract* c = runs[i].find(contract);
      if (!c) continue;
      holders.push_back(i);
      for (const ComparedMetric& m : c->metrics) metrics.push_back(m.name);
    }
    if (holders.size() < runs.size()) out.partial_contracts.emplace_back(contract, holders);
    std::sort(metrics.begin(), metrics.end());
    metrics.erase(std::unique(metrics.begin(), metrics.end()), metrics.end());

    for (const std::string& metric : metrics) {
      MetricComparison row;
      row.contract = contract;
      row.metric = metric;
      row.estimates.resize(runs.size());
      row.differences.resize(runs.size());
      std::vector<const ComparedMetric*> found(runs.size(), nullptr);
      for (std::size_t i = 0; i < runs.size(); ++i) {
        const ComparedContract* c = runs[i].find(contract);
        found[i] = c ? c->find(metric) : nullptr;
        if (!found[i]) continue;
        if (row.unit.empty()) row.unit = found[i]->unit;
        row.estimates[i] = Estimate{found[i]->horizon.mean, found[i]->horizon.mc_se};
      }
      const auto& first = row.estimates.front();
      for (std::size_t i = 1; i < runs.size(); ++i) {
        const auto& other = row.estimates[i];
        if (!first || !other) continue;
        const Pairing pairing = out.pairings[i].pairing;
        if (pairing == Pairing::independent) {
          row.differences[i] =
              judged_difference(other->mean - first->mean, std::hypot(first->mc_se, other->mc_se), pairing);
          continue;
        }
        const Summary s = paired_differences(found.front()->horizon_values, found[i]->horizon_values);
        row.differences[i] = judged_difference(s.get("mean"), s.get("mc_se"), pairing);
      }
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace pmsim
