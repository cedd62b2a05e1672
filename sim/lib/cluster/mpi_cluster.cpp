// The cluster of a pmsim built with MPI: the ranks of MPI_COMM_WORLD when an MPI launcher
// started pmsim, else this process alone (MPI is then not initialised at all).
//
// Threads: MPI is initialised MPI_THREAD_FUNNELED and only the main thread calls it; the
// simulation runs on oneTBB's threads (a worker thread drives it while the main thread reports
// progress). Failures: a rank that fails aborts the job (MPI_Abort), so that no rank waits for
// a message that will not come; an MPI error aborts it too (MPI_ERRORS_ARE_FATAL).
#if PMSIM_HAVE_MPI

#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <thread>

#include "cluster/cluster.h"
#include "cluster/work_split.h"
#include "engine/replication_batches.h"

namespace pmsim {

namespace {

constexpr int kProgressTag = 1;                       // {replications done, finished} from a rank to rank 0
constexpr int kResultsTag = 2;                        // a rank's rows (pack_rows), in chunks
constexpr std::size_t kChunk = std::size_t{1} << 26;  // elements a message, well under MPI's int counts
constexpr auto kProgressEvery = std::chrono::milliseconds(200);

// Open MPI's mpirun, PMIx (srun, prterun) and MPICH's hydra set one of these in every rank.
bool started_by_mpi_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

constexpr int kGatherTag = 3;  // a rank's bytes for gather(), in chunks

// `data` to rank 0 (or from rank `from`) in messages of at most kChunk elements: MPI counts are ints.
template <class T>
void send_chunks(const std::vector<T>& data, MPI_Datatype type, int tag) {
  for (std::size_t at = 0; at < data.size(); at += kChunk)
    MPI_Send(data.data() + at, static_cast<int>(std::min(kChunk, data.size() - at)), type, 0, tag, MPI_COMM_WORLD);
}

template <class T>
void receive_chunks(int from, std::vector<T>& data, MPI_Datatype type, int tag) {
  for (std::size_t at = 0; at < data.size(); at += kChunk)
    MPI_Recv(data.data() + at, static_cast<int>(std::min(kChunk, data.size() - at)), type, from, tag, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
}

}  // namespace

Cluster::Cluster() {
  if (!started_by_mpi_launcher()) return;
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::fprintf(stderr, "pmsim: cannot initialise MPI\n");
    std::exit(1);
  }
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_FUNNELED) fail("the MPI library does not support MPI_THREAD_FUNNELED");
}

Cluster::~Cluster() {
  if (!initialised_) return;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

Cluster& Cluster::world() {
  static Cluster cluster;
  return cluster;
}

std::vector<int> Cluster::statuses(int status) const {
  if (!distributed()) return {status};
  std::vector<int> all(static_cast<std::size_t>(size_));
  MPI_Allgather(&status, 1, MPI_INT, all.data(), 1, MPI_INT, MPI_COMM_WORLD);
  return all;
}

std::vector<unsigned char> Cluster::gather(std::vector<unsigned char> bytes) const {
  if (!distributed()) return bytes;
  const auto mine = static_cast<std::int64_t>(bytes.size());
  std::vector<std::int64_t> sizes(static_cast<std::size_t>(size_));
  MPI_Gather(&mine, 1, MPI_INT64_T, sizes.data(), 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
  if (!is_root()) {
    send_chunks(bytes, MPI_BYTE, kGatherTag);
    return {};
  }
  for (int r = 1; r < size_; ++r) {
    std::vector<unsigned char> theirs(static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)]));
    receive_chunks(r, theirs, MPI_BYTE, kGatherTag);
    bytes.insert(bytes.end(), theirs.begin(), theirs.end());
  }
  return bytes;
}

void Cluster::fail(const std::string& message) const {
  std::fprintf(stderr, "pmsim: rank %d of %d failed: %s; stopping every rank\n", rank_, size_, message.c_str());
  std::fflush(stderr);
  if (initialised_) MPI_Abort(MPI_COMM_WORLD, 1);
  std::_Exit(1);
}

RunResults Cluster::run(const Simulation& sim, const RunOptions& options, Distribution how) const {
  if (!distributed()) return run_simulation(sim, options);
  const std::int64_t rows = options.replications >= 0 ? options.replications : sim.scenario().simulation.replications;
  const auto no_rows = [&] { return allocate_results(sim.scenario(), options.first_replication, 0); };

  if (how == Distribution::members) {
    // Every rank runs every replication, in order; each panel's block sums are collective.
    const BlockSums sums = [this](const PopulationModel& model, StreamIds ids) {
      const std::int64_t blocks = panel_blocks(model);
      const int depth = split_depth(size_, blocks);
      const std::vector<BlockRange> nodes = block_frontier(blocks, depth);
      const ReplicationRange mine = rank_nodes(rank_, size_, nodes.size());
      std::vector<YearTallies> own;
      for (std::int64_t i = mine.first; i < mine.end(); ++i)
        own.push_back(sum_blocks(model, ids, nodes[static_cast<std::size_t>(i)]));
      const std::size_t years = static_cast<std::size_t>(model.total_years) * model.segments;
      const std::vector<unsigned char> bytes = pack_tallies(own);
      std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
      for (int r = 0; r < size_; ++r)
        counts[r] = static_cast<int>(rank_nodes(r, size_, nodes.size()).count * years * sizeof(YearTally));
      std::exclusive_scan(counts.begin(), counts.end(), offsets.begin(), 0);
      std::vector<unsigned char> all(static_cast<std::size_t>(offsets.back() + counts.back()));
      MPI_Allgatherv(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, all.data(), counts.data(), offsets.data(),
                     MPI_BYTE, MPI_COMM_WORLD);
      return join_frontier(blocks, depth, unpack_tallies(all, years));
    };
    RunOptions each = options;
    each.block_sums = &sums;
    if (!is_root()) each.progress = nullptr;
    RunResults results;
    try {
      results = run_simulation(sim, each);
    } catch (const std::exception& e) {
      fail(e.what());
    }
    return is_root() ? results : no_rows();
  }

  // Replications: this rank's range on its threads, driven by a worker thread, while the
  // main thread reports progress to rank 0 (which shows the total).
  const ReplicationRange mine = rank_replications(rank_, size_, options.first_replication, rows);
  RunOptions own = options;
  own.first_replication = mine.first;
  own.replications = mine.count;
  std::atomic<std::int64_t> done{0};
  own.progress = [&](std::int64_t n) { done.store(n); };
  std::mutex mutex;
  std::condition_variable woken;
  bool finished = false;
  std::string error;
  RunResults part;
  std::thread worker([&] {
    try {
      part = run_simulation(sim, own);
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "an unknown error";
    }
    const std::lock_guard lock(mutex);
    finished = true;
    woken.notify_all();
  });
  std::vector<std::int64_t> done_of(static_cast<std::size_t>(size_), 0);
  std::vector<char> final_of(static_cast<std::size_t>(size_), 0);
  for (;;) {
    bool now_finished = false;
    {
      std::unique_lock lock(mutex);
      woken.wait_for(lock, kProgressEvery, [&] { return finished; });
      now_finished = finished;
    }
    if (now_finished && !error.empty()) {
      worker.join();
      fail(error);
    }
    if (!is_root()) {
      const std::int64_t message[2] = {done.load(), now_finished ? 1 : 0};
      MPI_Send(message, 2, MPI_INT64_T, 0, kProgressTag, MPI_COMM_WORLD);
      if (now_finished) break;
      continue;
    }
    for (int waiting = 1; waiting;) {
      MPI_Status status;
      MPI_Iprobe(MPI_ANY_SOURCE, kProgressTag, MPI_COMM_WORLD, &waiting, &status);
      if (!waiting) break;
      std::int64_t message[2];
      MPI_Recv(message, 2, MPI_INT64_T, status.MPI_SOURCE, kProgressTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      done_of[static_cast<std::size_t>(status.MPI_SOURCE)] = message[0];
      final_of[static_cast<std::size_t>(status.MPI_SOURCE)] = static_cast<char>(message[1]);
    }
    done_of[0] = done.load();
    final_of[0] = now_finished;
    if (options.progress) options.progress(std::accumulate(done_of.begin(), done_of.end(), std::int64_t{0}));
    if (std::all_of(final_of.begin(), final_of.end(), [](char f) { return f != 0; })) break;
  }
  worker.join();
  if (!is_root()) {
    send_chunks(pack_rows(part), MPI_DOUBLE, kResultsTag);
    return no_rows();
  }
  // Rank 0: the other ranks' rows after its own, in rank (so replication) order.
  for (int r = 1; r < size_; ++r) {
    const ReplicationRange theirs = rank_replications(r, size_, options.first_replication, rows);
    RunResults piece = allocate_results(sim.scenario(), theirs.first, theirs.count);
    std::vector<double> packed(packed_size(piece));
    receive_chunks(r, packed, MPI_DOUBLE, kResultsTag);
    unpack_rows(packed, piece);
    append_replications(part, std::move(piece));
  }
  return part;
}

std::string mpi_library() {
  char version[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(version, &length);
  std::string text(version, static_cast<std::size_t>(length));
  if (const auto end = text.find_first_of(",\n"); end != std::string::npos) text.resize(end);
  return text + (started_by_mpi_launcher() ? "" : " (pmsim runs in one process unless started by mpirun or srun)");
}

}  // namespace pmsim

#endif
