#include "cluster/work_split.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace pmsim {

static_assert(std::is_trivially_copyable_v<YearTally>, "block sums are sent between ranks as bytes");

ReplicationRange rank_replications(int rank, int ranks, std::int64_t first, std::int64_t replications) {
  ReplicationRange r = shard_range({rank + 1, ranks}, replications);
  r.first += first;
  return r;
}

int split_depth(int ranks, std::int64_t blocks) {
  const auto wanted = std::min(static_cast<std::size_t>(4 * ranks), static_cast<std::size_t>(blocks));
  int depth = 0;
  while (block_frontier(blocks, depth).size() < wanted) ++depth;
  return depth;
}

ReplicationRange rank_nodes(int rank, int ranks, std::size_t nodes) {
  return shard_range({rank + 1, ranks}, static_cast<std::int64_t>(nodes));
}

namespace {

// Calls f(matrix) for every matrix of the results in pack_rows's order.
template <class Results, class F>
void each_matrix(Results& r, F&& f) {
  for (auto& c : r.contracts) {
    for (auto& m : c.metrics) f(m.values);
    for (auto& m : c.twins) f(m.values);
  }
  for (auto& m : r.population) f(m.values);
  f(r.parameters);
}

}  // namespace

std::size_t packed_size(const RunResults& results) {
  std::size_t n = 0;
  each_matrix(results, [&](const Matrix& m) { n += m.values.size(); });
  return n;
}

std::vector<double> pack_rows(const RunResults& results) {
  std::vector<double> out;
  out.reserve(packed_size(results));
  each_matrix(results, [&](const Matrix& m) { out.insert(out.end(), m.values.begin(), m.values.end()); });
  return out;
}

void unpack_rows(std::span<const double> packed, RunResults& results) {
  if (packed.size() != packed_size(results))
    throw std::invalid_argument("unpack_rows: " + std::to_string(packed.size()) + " values for results of " +
                                std::to_string(packed_size(results)));
  std::size_t at = 0;
  each_matrix(results, [&](Matrix& m) {
    std::copy(packed.begin() + static_cast<std::ptrdiff_t>(at),
              packed.begin() + static_cast<std::ptrdiff_t>(at + m.values.size()), m.values.begin());
    at += m.values.size();
  });
}

std::vector<unsigned char> pack_tallies(const std::vector<YearTallies>& sums) {
  std::vector<unsigned char> out;
  for (const YearTallies& s : sums) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
    out.insert(out.end(), bytes, bytes + s.size() * sizeof(YearTally));
  }
  return out;
}

std::vector<YearTallies> unpack_tallies(std::span<const unsigned char> bytes, std::size_t years) {
  const std::size_t each = years * sizeof(YearTally);
  if (each == 0 || bytes.size() % each != 0)
    throw std::invalid_argument("unpack_tallies: " + std::to_string(bytes.size()) + " bytes are not whole tallies");
  std::vector<YearTallies> out(bytes.size() / each, YearTallies(years));
  for (std::size_t i = 0; i < out.size(); ++i) std::memcpy(out[i].data(), bytes.data() + i * each, each);
  return out;
}

}  // namespace pmsim
