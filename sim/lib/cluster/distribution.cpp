#include "cluster/cluster.h"

namespace pmsim {

std::string to_string(Distribution how) { return how == Distribution::members ? "members" : "replications"; }

}  // namespace pmsim
