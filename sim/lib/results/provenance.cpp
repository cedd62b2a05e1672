#include "results/provenance.h"

#include <algorithm>

namespace pmsim {

std::string describe_replication_ids(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return "none";
  const bool contiguous =
      std::is_sorted(ids.begin(), ids.end()) && ids.back() - ids.front() + 1 == static_cast<std::int64_t>(ids.size());
  if (contiguous) return std::to_string(ids.front()) + ".." + std::to_string(ids.back());
  return std::to_string(ids.size()) + " ids";
}

std::string describe_run(const Provenance& p) {
  return "scenario '" + p.scenario_name + "': " + std::to_string(p.replications) + " replications (ids " +
         describe_replication_ids(p.replication_ids) + "), seed " + std::to_string(p.seed) + ", " +
         std::to_string(p.years) + " performance years; pmsim " + p.pmsim_version +
         (p.git_commit.empty() ? "" : " (git " + p.git_commit + ")") +
         (p.created.empty() ? "" : ", written " + p.created);
}

}  // namespace pmsim
