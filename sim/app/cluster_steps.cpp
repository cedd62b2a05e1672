#include "cluster_steps.h"

#include <algorithm>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "random/parameter_distribution.h"
#include "util/atomic_file.h"

namespace pmsim::cli {

namespace {

// The exit code of the exception being handled, its message printed as main prints it.
int report_exception() {
  try {
    throw;
  } catch (const FileWriteError& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitFailure;
  } catch (const BadInputError& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const ParameterDrawError& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "pmsim: error: " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace

int agreed_status(const Cluster& cluster, const std::function<int()>& step) {
  if (!cluster.distributed()) return step();
  // Every rank reads the same input, so its messages are rank 0's: held until that is known.
  std::ostringstream held;
  std::streambuf* const cerr = cluster.is_root() ? nullptr : std::cerr.rdbuf(held.rdbuf());
  int status = 0;
  try {
    status = step();
  } catch (...) {
    status = report_exception();
  }
  if (cerr) std::cerr.rdbuf(cerr);
  const std::vector<int> all = cluster.statuses(status);
  if (!cluster.is_root() && status != 0 && all.front() == 0)
    std::cerr << "pmsim: rank " << cluster.rank() << " of " << cluster.size() << ":\n" << held.str() << std::flush;
  return *std::max_element(all.begin(), all.end());
}

Distribution distribution_named(const std::string& name) {
  return name == "members" ? Distribution::members : Distribution::replications;
}

}  // namespace pmsim::cli
