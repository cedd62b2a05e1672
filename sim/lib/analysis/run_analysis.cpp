#include "analysis/run_analysis.h"

#include <stdexcept>

#include "random/parameter_distribution.h"

namespace pmsim {

const std::vector<Summary>& ContractAnalysis::summary(const ContractResults& results, const std::string& name) const {
  for (std::size_t i = 0; i < results.metrics.size() && i < summaries.size(); ++i)
    if (results.metrics[i].name == name) return summaries[i];
  throw std::out_of_range("no metric named '" + name + "' in the analysis of contract '" + contract + "'");
}

RunAnalysis analyse_run(const RunResults& r) {
  RunAnalysis out;
  const auto rows = static_cast<std::size_t>(std::max<std::int64_t>(r.replications, 0));
  for (const auto& p : r.scenario.uncertain) out.parameter_nominals.push_back(nominal_value(p.distribution));
  for (const ContractResults& c : r.contracts) {
    ContractAnalysis a;
    a.contract = c.name;
    for (const Metric& m : c.metrics) a.summaries.push_back(summarize_metric(m));
    for (const Metric& twin : c.twins)
      a.decompositions.push_back(decompose_metric(c.metric(twin.name).values, twin.values));
    if (!r.scenario.uncertain.empty()) {
      for (const std::string& outcome : sensitivity_outcomes()) {
        const Metric& m = c.metric(outcome);
        std::vector<double> values(rows);
        for (std::size_t i = 0; i < rows; ++i) values[i] = horizon_value(m, static_cast<std::int64_t>(i));
        a.sensitivity.push_back({outcome, tornado(r.parameters, values)});
      }
    }
    out.contracts.push_back(std::move(a));
  }
  return out;
}

}  // namespace pmsim
