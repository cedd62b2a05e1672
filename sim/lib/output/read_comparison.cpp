#include "output/read_comparison.h"

namespace pmsim {

std::vector<ComparedRun> read_compared_runs(const std::vector<ResultFile>& files, std::vector<std::string>* left_out) {
  // Horizon values are read only where a paired SE needs them.
  std::vector<bool> paired(files.size(), false);
  for (std::size_t i = 1; i < files.size(); ++i)
    if (pairing_of(files.front().provenance(), files[i].provenance()).pairing != Pairing::independent)
      paired[i] = paired.front() = true;
  std::vector<ComparedRun> runs;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const ResultFile& f = files[i];
    ComparedRun run{f.name(), f.provenance(), {}};
    for (const std::string& contract : f.contracts()) {
      ComparedContract c{contract, {}};
      for (const std::string& metric : f.metrics(contract)) {
        try {
          const Summary s = f.summary(contract, metric).statistics;
          ComparedMetric m{metric, f.unit(contract, metric), {s.get("mean"), s.get("mc_se")}, {}};
          if (paired[i]) m.horizon_values = f.horizon_values(contract, metric);
          c.metrics.push_back(std::move(m));
        } catch (const std::runtime_error& e) {
          if (!left_out) throw;
          left_out->push_back(f.name() + ": " + contract + "/" + metric + ": left out (" + e.what() + ")");
        }
      }
      run.contracts.push_back(std::move(c));
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace pmsim
