#pragma once
// The steps of a command that every rank of an MPI job runs alike (cluster/cluster.h): a step
// whose outcome all ranks must agree on before any goes on, and --distribute.
#include <functional>
#include <string>

#include "cluster/cluster.h"

namespace pmsim::cli {

//! Runs `step` (an exit code, 0 to go on) on every rank and returns the largest of the ranks'
//! codes, so that every rank stops, or goes on, together. Exceptions become exit codes as main
//! reports them. Rank 0 prints its messages; another rank's are printed only when rank 0 had
//! none (an input that only that rank could not read), after "pmsim: rank R of P:". One
//! process: `step()` itself, its exceptions left to main.
int agreed_status(const Cluster& cluster, const std::function<int()>& step);

//! --distribute's value ("replications", "members") as a Distribution.
Distribution distribution_named(const std::string& name);

}  // namespace pmsim::cli
