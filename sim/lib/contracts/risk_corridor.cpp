#include "contracts/risk_corridor.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "config/key_reader.h"

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

// ---- reading its keys ----

void read_corridors(KeyReader& contract, std::vector<CorridorBand>& out) {
  constexpr std::size_t kMaxCorridorBands = 16;
  auto seq = contract.list("corridors", 0, kMaxCorridorBands);
  if (!seq) return;
  const std::size_t n = seq->size();
  out.assign(n, CorridorBand{});
  std::optional<double> previous;  // `from` of the previous band, if valid
  for (std::size_t i = 0; i < n; ++i) {
    CorridorBand& band = out[i];
    auto b = seq->map_item(i);
    const bool from_ok = b->number("from", band.from, ValueRange::closed(0, 10), Need::required);
    b->number("rate", band.rate, ValueRange::closed(0, 1), Need::required);
    if (from_ok) {
      if (i == 0 && band.from != 0.0) {
        b->error_at("from", "the first corridor band must start at 0, got " + b->text("from"));
      } else if (previous && band.from <= *previous) {
        b->error_at("from", "corridor bands must be in strictly ascending order of 'from': expected > " +
                                format_number(*previous) + " (the previous band's from), got " + b->text("from"));
      }
    }
    previous = from_ok ? std::optional<double>(band.from) : std::nullopt;
    b->finish();
  }
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
      broken.push_back({at, "the first corridor band must start at 0, got " + format_number(from)});
    } else if (i > 0 && from <= corridors[i - 1].from) {
      broken.push_back({at, "corridor bands must be in strictly ascending order of 'from': expected > " +
                                format_number(corridors[i - 1].from) + " (the previous band's from), got " +
                                format_number(from)});
    }
  }
}

}  // namespace pmsim
