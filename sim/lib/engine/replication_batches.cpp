#include "engine/replication_batches.h"

#include <stdexcept>

namespace pmsim {

namespace {

void append_rows(Matrix& into, const Matrix& batch, const std::string& what) {
  if (into.cols != batch.cols) throw std::logic_error("append_replications: " + what + " has other columns");
  into.values.insert(into.values.end(), batch.values.begin(), batch.values.end());
  into.rows += batch.rows;
}

void append_metrics(std::vector<Metric>& into, const std::vector<Metric>& batch, const std::string& where) {
  if (into.size() != batch.size()) throw std::logic_error("append_replications: " + where + " has other metrics");
  for (std::size_t m = 0; m < into.size(); ++m) {
    if (into[m].name != batch[m].name)
      throw std::logic_error("append_replications: " + where + "/" + into[m].name + " vs " + batch[m].name);
    append_rows(into[m].values, batch[m].values, where + "/" + into[m].name);
  }
}

}  // namespace

void append_replications(RunResults& into, RunResults&& batch) {
  if (into.replications == 0 && into.contracts.empty() && into.population.empty()) {
    into = std::move(batch);
    return;
  }
  if (batch.first_replication != into.first_replication + into.replications)
    throw std::logic_error("append_replications: the batch starts at replication " +
                           std::to_string(batch.first_replication) + ", expected " +
                           std::to_string(into.first_replication + into.replications));
  if (batch.contracts.size() != into.contracts.size())
    throw std::logic_error("append_replications: the batch has other contracts");
  for (std::size_t c = 0; c < into.contracts.size(); ++c) {
    const std::string where = "/contracts/" + into.contracts[c].name;
    append_metrics(into.contracts[c].metrics, batch.contracts[c].metrics, where);
    append_metrics(into.contracts[c].twins, batch.contracts[c].twins, where + " (twins)");
  }
  append_metrics(into.population, batch.population, "/population");
  append_rows(into.parameters, batch.parameters, "/parameters");
  into.replications += batch.replications;
}

}  // namespace pmsim
