#include "analysis/until_se.h"

#include <algorithm>
#include <cmath>

#include "analysis/contract_statistic.h"
#include "analysis/statistics.h"
#include "engine/replication_batches.h"

namespace pmsim {

SeTarget parse_se_target(const std::string& argument) {
  const std::string where = "--until-se " + argument;
  const std::optional<StatisticArgument> parts = split_statistic_argument(argument);
  if (!parts)
    throw UntilSeError(where +
                       ": expected CONTRACT.METRIC=SE (e.g. --until-se global_capitation.provider_margin=50000)");
  const std::optional<double> se = finite_number(parts->value);
  if (!se || *se <= 0)
    throw UntilSeError(where + ": the SE must be a number > 0 in the metric's unit (USD for provider_margin), got '" +
                       parts->value + "'");
  return SeTarget{parts->contract, parts->statistic, *se};
}

void check_se_target(const SeTarget& target, const RunResults& layout) {
  if (const auto problem = contract_statistic_problem(layout, target.contract, target.metric))
    throw UntilSeError("--until-se " + target.name() + ": " + *problem);
}

double horizon_se(const RunResults& results, const SeTarget& target) {
  if (results.replications < 2) return std::nan("");
  const ContractStatistic s = contract_statistic(target.metric);
  return statistic_se(contract_horizon_values(results, target.contract, s.metric), s.column);
}

UntilSeOutcome run_until_se(const Simulation& simulation, const UntilSeOptions& options, const BatchReport& report,
                            const std::function<void(std::int64_t)>& progress) {
  if (options.batch < 2) throw UntilSeError("--batch: must be at least 2 (an SE needs two replications)");
  if (options.max_replications < options.batch)
    throw UntilSeError("--max-replications: must be at least --batch (" + std::to_string(options.batch) + ")");
  UntilSeOutcome outcome;
  while (true) {
    const std::int64_t done = outcome.results.replications;
    RunOptions batch;
    batch.first_replication = done;
    batch.replications = std::min(options.batch, options.max_replications - done);
    if (progress) batch.progress = [&](std::int64_t finished) { progress(done + finished); };
    append_replications(outcome.results, run_simulation(simulation, batch));
    outcome.se.clear();
    for (const SeTarget& target : options.targets) outcome.se.push_back(horizon_se(outcome.results, target));
    outcome.reached = true;
    for (std::size_t t = 0; t < options.targets.size(); ++t)
      outcome.reached &= outcome.se[t] <= options.targets[t].se;  // NaN (a NaN outcome) never reaches it
    if (report) report(outcome.results.replications, outcome.se);
    if (outcome.reached || outcome.results.replications >= options.max_replications) return outcome;
  }
}

}  // namespace pmsim
