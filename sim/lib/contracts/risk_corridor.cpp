#include "contracts/risk_corridor.h"

#include <algorithm>
#include <limits>

namespace pmsim {

double corridor_share(const std::vector<CorridorBand>& corridors, double x) {
  double shared = 0;
  for (std::size_t k = 0; k < corridors.size(); ++k) {
    const double from = corridors[k].from;
    const double to = k + 1 < corridors.size() ? corridors[k + 1].from : std::numeric_limits<double>::infinity();
    if (x <= from) break;
    shared += corridors[k].rate * (std::min(x, to) - from);
  }
  return shared;
}

}  // namespace pmsim
