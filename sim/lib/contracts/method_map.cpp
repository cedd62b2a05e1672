//! \file method_map.cpp
//! Method maps (historical or fixed) of the contract types that compare with a baseline.

#include "contracts/method_map.h"

#include <cmath>
#include <string>

#include "config/key_reader.h"

namespace pmsim {

namespace {

//! `method` of a method map: true historical (the default), false fixed, nullopt after an error.
std::optional<bool> read_method(KeyReader& map) {
  int method = 0;
  if (!map.choice("method", method, {"historical", "fixed"})) return std::nullopt;
  return method == 0;
}

//! A contract without its method map gets the default, method historical, which needs a
//! baseline: reported at the contract.
void check_default_method(KeyReader& contract, const MethodKeys& keys) {
  const std::optional<int> baseline_years = contract.baseline_years();
  if (!baseline_years || *baseline_years >= 1) return;
  const std::string map(keys.map);
  contract.error("the default " + map + " (method historical) needs simulation.baseline_years >= 1, got " +
                 std::to_string(*baseline_years) + std::string(keys.why) + "; give a " + map +
                 " with method fixed and " + std::string(keys.fixed_amount) + " instead");
}

}  // namespace

std::unique_ptr<KeyReader> open_method_map(KeyReader& contract, const MethodKeys& keys,
                                           std::optional<bool>& historical) {
  if (!contract.has(keys.map)) {
    contract.accept(keys.map);
    check_default_method(contract, keys);
    return nullptr;
  }
  auto map = contract.map(keys.map);
  if (!map->valid()) return nullptr;  // not a map: reported
  historical = read_method(*map);
  return map;
}

void finish_method_map(KeyReader& map, const MethodKeys& keys, std::optional<bool> historical) {
  const std::string fixed(keys.fixed_amount);
  if (!historical) {
    for (auto key : keys.historical_only) map.accept(key);
    map.accept(fixed);
  } else if (*historical) {
    map.explain_unknown(fixed, "'" + fixed + "' applies only to " + std::string(keys.map) + " method fixed");
    const std::optional<int> baseline_years = map.baseline_years();
    if (baseline_years && *baseline_years < 1) {
      map.error_at("method", std::string(keys.map) + " method historical needs simulation.baseline_years >= 1, got " +
                                 std::to_string(*baseline_years) + std::string(keys.why));
    }
  } else {
    for (auto key : keys.historical_only) {
      map.explain_unknown(key,
                          "'" + std::string(key) + "' applies only to " + std::string(keys.map) + " method historical");
    }
  }
  map.finish();
}

void read_baseline_weights(KeyReader& map, std::vector<double>& out) {
  constexpr std::size_t kMaxBaselineWeights = 20;  // the most baseline years
  auto v = map.list("baseline_weights", 0, kMaxBaselineWeights);
  if (!v) return;
  const std::size_t n = v->size();
  if (n == 0) {
    out.clear();
    return;
  }
  if (const std::optional<int> baseline_years = map.baseline_years()) {
    if (*baseline_years < 1) return;  // the method's error says it all
    if (n != static_cast<std::size_t>(*baseline_years)) {
      v->error("expected " + std::to_string(*baseline_years) +
               " values (one per baseline year, simulation.baseline_years), got " + std::to_string(n));
      return;
    }
  }
  std::vector<double> weights(n, 0.0);
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) {
    ok &= v->plain_number_item(i, weights[i], ValueRange::closed(0, 1), kSumsToOne);
  }
  if (!ok) return;
  double sum = 0.0;
  for (double w : weights) sum += w;
  if (std::abs(sum - 1.0) > kShareTolerance) {
    v->error("the baseline weights must sum to 1 (within 1e-6), got " + format_number(sum));
    return;
  }
  out = std::move(weights);
}

}  // namespace pmsim
