#pragma once
//! \file risk_corridor.h
//! Risk corridors: bands of a gain or loss (as a share of a base) shared at their own rates,
//! used by capitation and by shared savings and risk.

#include <string>
#include <vector>
#include "config/key_rules.h"
#include "config/key_visitor.h"

namespace pmsim {

//! A band of a risk corridor: gains or losses beyond `from` (a share of the benchmark), up to
//! the next band's `from`, are shared at `rate`.
struct CorridorBand {
  double from = 0.0;
  double rate = 0.0;

  bool operator==(const CorridorBand&) const = default;
};

//! The provider's share of a gain or loss of size x (a share of the base, x >= 0): the sum
//! over bands of rate x the part of x inside the band.
double corridor_share(const std::vector<CorridorBand>& corridors, double x);

// ---- reading its keys ----

class KeyReader;
//! `corridors` of a contract: bands with `from` strictly ascending from 0.
void read_corridors(KeyReader& contract, std::vector<CorridorBand>& out);

// ---- its keys, walked ----

//! The `corridors` of a contract: one inline item per band.
void walk_corridors(KeyVisitor& v, std::vector<CorridorBand>& corridors);
//! Bands must start at 0 and rise strictly (`path`: the contract's).
void check_corridors(const std::vector<CorridorBand>& corridors, const std::string& path, BrokenRules& broken);

}  // namespace pmsim
