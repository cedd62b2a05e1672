#pragma once
//! \file until_se.h
//! Running a scenario until its Monte Carlo error is small enough (`pmsim run --until-se`):
//! replications are added in batches, 0..n-1 whatever the batching, until the standard error
//! of each target is at most its value: of the mean horizon value of a metric (the sum over
//! performance years of a flow, the minimum of a stock, the maximum of a peak), sd / sqrt(n), or
//! of a tail statistic of the horizon (p_loss, p_ruin, var95, es95, var99, es99), by the
//! estimators of contract_statistic.h.

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "results/results.h"

namespace pmsim {

//! An --until-se argument or a batch setting that cannot be used: bad input, the message
//! names the option and what is accepted.
class UntilSeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SeTarget {
  std::string contract;  //!< a contract of the scenario
  std::string metric;    //!< one of its metrics (provider_margin, payer_savings, ...) or a tail statistic
  double se = 0;         //!< the largest acceptable SE, in the metric's unit (> 0)

  std::string name() const { return contract + "." + metric; }
};

//! "CONTRACT.METRIC=VALUE" (e.g. global_capitation.provider_margin=50000). Throws UntilSeError
//! when it is not of that form or VALUE is not a finite number > 0.
SeTarget parse_se_target(const std::string& argument);

//! Checks that the target's contract and metric exist in `layout` (results of any number of
//! replications, even none, of the scenario); throws UntilSeError naming the accepted ones.
void check_se_target(const SeTarget& target, const RunResults& layout);

//! The Monte Carlo SE of the target: of the mean horizon value of its metric (sd / sqrt(n),
//! n - 1 divisor), or of its tail statistic (contract_statistic.h); NaN with fewer than 2
//! replications.
double horizon_se(const RunResults& results, const SeTarget& target);

struct UntilSeOptions {
  std::vector<SeTarget> targets;
  std::int64_t batch = 100;                //!< replications added per batch (the first batch too)
  std::int64_t max_replications = 100000;  //!< never more than this many
};

struct UntilSeOutcome {
  RunResults results;      //!< replications 0..n-1
  std::vector<double> se;  //!< the achieved SE of each target
  bool reached = false;    //!< every SE is at most its target (else max_replications stopped it)
};

//! Called after each batch with the replications so far and each target's SE.
using BatchReport = std::function<void(std::int64_t replications, const std::vector<double>& se)>;

//! Runs batches of replications from 0 until every target's SE is at most its value, or
//! max_replications are done (the last batch cut to fit). `options.progress` of each batch
//! gets the replications done in all batches.
UntilSeOutcome run_until_se(const Simulation& simulation, const UntilSeOptions& options, const BatchReport& report,
                            const std::function<void(std::int64_t)>& progress = {});

}  // namespace pmsim
