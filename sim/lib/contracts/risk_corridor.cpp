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

// ---- its keys, walked ----

void walk_corridors(KeyVisitor& v, std::vector<CorridorBand>& corridors) {
  walk_list(v, "corridors", corridors, ItemLayout::inline_map, [&v](CorridorBand& band) {
    v.number("from", band.from);
    v.number("rate", band.rate);
  });
}

void check_corridors(const std::vector<CorridorBand>& corridors, const std::string& path, BrokenRules& broken) {
  for (std::size_t i = 0; i < corridors.size(); ++i) {
    const std::string at = path + ".corridors[" + std::to_string(i) + "].from";
    const double from = corridors[i].from;
    if (i == 0 && from != 0.0) {
      broken.push_back({at, "the first corridor band must start at 0, got " + rule_number(from)});
    } else if (i > 0 && from <= corridors[i - 1].from) {
      broken.push_back({at, "corridor bands must be in strictly ascending order of 'from': expected > " +
                                rule_number(corridors[i - 1].from) + " (the previous band's from), got " +
                                rule_number(from)});
    }
  }
}

}  // namespace pmsim
