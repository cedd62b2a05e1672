// The libFuzzer target of the scenario loader (built with -DPMSIM_FUZZ=ON by clang, run by
// ./scripts/fuzz): any bytes, as a scenario file, must be refused with a ScenarioError or
// accepted and then keep the loader's promises (scenario_loader_oracle.h). A broken promise
// aborts, so libFuzzer keeps the input as a finding; ASan and UBSan find the rest.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <tbb/global_control.h>

#include "scenario_loader_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // One thread: a finding replays the same way, and the fuzzer's one core is not oversubscribed.
  static tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  const auto finding =
      pmsim::fuzz::scenario_loader_finding(std::string_view(reinterpret_cast<const char*>(data), size));
  if (finding) {
    std::fprintf(stderr, "pmsim fuzz finding: %s\n", finding->c_str());
    std::abort();
  }
  return 0;
}
