#pragma once
//! \file method_map.h
//! Reading a map whose `method` is historical (from the simulated baseline years) or fixed (a
//! stated amount): a shared contract's `benchmark`, a bundled_payment contract's `target`.

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace pmsim {

class KeyReader;

//! The keys that tell the two methods of a method map apart.
struct MethodKeys {
  std::string_view map;                               //!< "benchmark", "target"
  std::span<const std::string_view> historical_only;  //!< keys of method historical only
  std::string_view fixed_amount;                      //!< the required key of method fixed
  std::string_view why;                               //!< appended to the message of a historical map without baseline
};

//! The method map `keys.map` of `contract`, opened: null when it is absent (the default,
//! method historical, which needs a baseline: checked) or not a map (reported). `historical`
//! is its method: true historical (the default), false fixed, nullopt after an error (reported).
std::unique_ptr<KeyReader> open_method_map(KeyReader& contract, const MethodKeys& keys,
                                           std::optional<bool>& historical);

//! Finishes a method map of method `historical` (nullopt: invalid, reported, when the keys of
//! either method are accepted silently): the keys of the other method are errors that say
//! which method they apply to, and the historical method needs a baseline.
void finish_method_map(KeyReader& map, const MethodKeys& keys, std::optional<bool> historical);

//! `baseline_weights` of a historical method map: [] (equal weights) or one weight per
//! baseline year, summing to 1.
void read_baseline_weights(KeyReader& map, std::vector<double>& out);

}  // namespace pmsim
