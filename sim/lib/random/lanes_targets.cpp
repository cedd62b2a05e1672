// The target table of HWY_EXPORT, shared by philox_lanes.cpp and math_lanes.cpp.
#include "random/lanes_targets.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <stdexcept>
#include <string>

// As in philox_lanes.cpp and math_lanes.cpp, so that HWY_TARGETS is the same set here.
#ifndef HWY_COMPILE_ALL_ATTAINABLE
#define HWY_COMPILE_ALL_ATTAINABLE
#endif
#include <hwy/highway.h>

namespace pmsim::lanes_targets {
namespace {
// The targets of HWY_TARGETS, best first (lowest bit first), the fallback last.
std::vector<std::int64_t> compiled_ids() {
  std::vector<std::int64_t> ids;
  for (std::int64_t t = HWY_TARGETS; t != 0; t &= t - 1) ids.push_back(t & -t);
  return ids;
}

bool is_fallback(std::int64_t target) { return target == HWY_EMU128 || target == HWY_SCALAR; }
}  // namespace

// Detected once: hwy::SupportedTargets() runs CPUID, which costs microseconds in a virtual
// machine (it made run_on three times slower than the dispatched call on 4,096 blocks).
std::vector<Target> compiled() {
  static const std::vector<Target> targets = [] {
    std::vector<Target> all;
    const std::int64_t supported = hwy::SupportedTargets();
    for (std::int64_t id : compiled_ids()) {
      all.push_back({id, hwy::TargetName(id), is_fallback(id) || (supported & id) != 0});
    }
    return all;
  }();
  return targets;
}

namespace {
// The target use_target chose; 0: none, the best the CPU supports.
std::atomic<std::int64_t> chosen_target{0};
}  // namespace

// Not from hwy::SupportedTargets(): in Highway 1.0.3 it re-detects the CPU and resets the
// dispatch to the best target (use_target below).
const char* dispatched_name() {
  if (const std::int64_t chosen = chosen_target.load(); chosen != 0) return hwy::TargetName(chosen);
  for (const Target& t : compiled())
    if (t.supported) return t.name;  // best first
  return "none";
}

// targets.h: entry 0 chooses, entries 1..HWY_MAX_DYNAMIC_TARGETS are the dynamic targets,
// the last is the fallback.
std::size_t table_index(std::int64_t target) {
  if (is_fallback(target)) return HWY_MAX_DYNAMIC_TARGETS + 1;
  return hwy::Num0BitsBelowLS1Bit_Nonzero64(static_cast<std::uint64_t>(HWY_CHOSEN_TARGET_SHIFT(target)));
}

void require_supported(std::int64_t target, const char* what) {
  static const std::vector<Target> targets = compiled();
  bool known = false;
  for (const Target& t : targets) known = known || (t.id == target && t.supported);
  if (!known) {
    throw std::invalid_argument(std::string(what) + ": target " + std::to_string(target) +
                                " is not compiled in or not supported by this CPU");
  }
}

std::string command_line_name(const Target& target) { return is_fallback(target.id) ? "scalar" : target.name; }

std::int64_t target_named(const std::string& name) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
  std::string names;
  for (const Target& t : compiled()) {
    if (!t.supported) continue;
    if (upper == t.name || (is_fallback(t.id) && upper == "SCALAR")) return t.id;
    names += (names.empty() ? "" : ", ") + command_line_name(t);
  }
  throw std::invalid_argument("unknown SIMD target '" + name + "': this CPU runs " + names);
}

// DisableTargets masks the better targets out of SupportedTargets (the fallback is never
// masked). In Highway 1.0.3, SupportedTargets() itself re-detects the CPU and sets the
// dispatch to the best target it finds before it applies the mask, so the dispatch is set
// again after it; nothing of pmsim calls SupportedTargets() afterwards (compiled() is
// detected once, before), and the tests check the dispatched lane count.
void use_target(std::int64_t target) {
  if (target != 0) require_supported(target, "use_target");
  hwy::DisableTargets(target == 0 ? 0 : target - 1);  // every better target: the lower bits
  const std::int64_t usable = hwy::SupportedTargets();
  hwy::GetChosenTarget().Update(usable);
  chosen_target.store(target);
}

}  // namespace pmsim::lanes_targets
