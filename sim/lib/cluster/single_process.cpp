// The cluster of a pmsim built without MPI: this process alone.
#if !PMSIM_HAVE_MPI

#include <stdexcept>

#include "cluster/cluster.h"

namespace pmsim {

Cluster::Cluster() = default;
Cluster::~Cluster() = default;

Cluster& Cluster::world() {
  static Cluster cluster;
  return cluster;
}

std::vector<int> Cluster::statuses(int status) const { return {status}; }

RunResults Cluster::run(const Simulation& sim, const RunOptions& options, Distribution) const {
  return run_simulation(sim, options);
}

std::vector<unsigned char> Cluster::gather(std::vector<unsigned char> bytes) const { return bytes; }

void Cluster::fail(const std::string& message) const { throw std::runtime_error(message); }

std::string mpi_library() { return "none (this pmsim was built without MPI: it runs in one process)"; }

}  // namespace pmsim

#endif
