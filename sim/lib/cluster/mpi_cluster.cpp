// The cluster of a pmsim built with MPI: the ranks of MPI_COMM_WORLD when an MPI launcher
// started pmsim, else this process alone (MPI is then not initialised at all).
//
// Threads: MPI is initialised MPI_THREAD_FUNNELED and only the main thread calls it; the
// simulation runs on oneTBB's threads (a worker thread drives it while the main thread reports
// progress). Failures: the job is aborted (MPI_Abort), so that no rank waits for a message that
// will not come, by rank 0 once it has removed its files in progress: a launcher's kill does not
// leave them time to (Open MPI 4.1 sometimes sends SIGKILL at once). A failing rank tells rank 0,
// which looks for that message wherever it waits during a simulation. An MPI error aborts the
// job too (MPI_ERRORS_ARE_FATAL).
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
#include "util/temporary_files.h"

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
constexpr int kFailTag = 4;    // a failing rank's message to rank 0, which stops the job
// How long a failing rank waits for rank 0 to stop the job before it aborts it itself (rank 0
// looks every kWatchEvery, or every kProgressEvery, while it waits for the others; this is for
// a rank 0 that cannot look, busy with its own part of a very large panel, say).
constexpr auto kFailGrace = std::chrono::seconds(60);
constexpr auto kWatchEvery = std::chrono::milliseconds(5);

// Prints the failure of `rank` of `size`, removes this process's files in progress and aborts
// the job. Rank 0 runs it for any rank; another rank only when rank 0 did not.
[[noreturn]] void abort_job(int rank, int size, const std::string& message) {
  std::fprintf(stderr, "pmsim: rank %d of %d failed: %s; stopping every rank\n", rank, size, message.c_str());
  std::fflush(stderr);
  TemporaryFiles::instance().abandon_all();
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::_Exit(1);
}

// On rank 0: stops the job if another rank has said it failed.
void stop_if_a_rank_failed(int size) {
  int failed = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, kFailTag, MPI_COMM_WORLD, &failed, &status);
  if (!failed) return;
  int length = 0;
  MPI_Get_count(&status, MPI_CHAR, &length);
  std::string message(static_cast<std::size_t>(length), '\0');
  MPI_Recv(message.data(), length, MPI_CHAR, status.MPI_SOURCE, kFailTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  abort_job(status.MPI_SOURCE, size, message);
}

// Completes `request`; rank 0 meanwhile stops the job if another rank fails (which would
// otherwise leave it waiting for good, the failed rank's part never coming).
void wait_watching(MPI_Request& request, int rank, int size) {
  if (rank != 0) {
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    return;
  }
  // Pauses doubling from 10 us to kWatchEvery: a short wait (a panel's block sums, every
  // replication) is not stretched, a long one does not keep a core busy.
  for (auto pause = std::chrono::microseconds(10);;
       pause = std::min<std::chrono::microseconds>(2 * pause, kWatchEvery)) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    stop_if_a_rank_failed(size);
    std::this_thread::sleep_for(pause);
  }
}

// `data` to rank 0 (or from rank `from`) in messages of at most kChunk elements: MPI counts are ints.
template <class T>
void send_chunks(const std::vector<T>& data, MPI_Datatype type, int tag) {
  for (std::size_t at = 0; at < data.size(); at += kChunk)
    MPI_Send(data.data() + at, static_cast<int>(std::min(kChunk, data.size() - at)), type, 0, tag, MPI_COMM_WORLD);
}

template <class T>
void receive_chunks(int from, std::vector<T>& data, MPI_Datatype type, int tag, int size) {
  for (std::size_t at = 0; at < data.size(); at += kChunk) {
    MPI_Request request;
    MPI_Irecv(data.data() + at, static_cast<int>(std::min(kChunk, data.size() - at)), type, from, tag, MPI_COMM_WORLD,
              &request);
    wait_watching(request, 0, size);
  }
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
  MPI_Request request;
  MPI_Igather(&mine, 1, MPI_INT64_T, sizes.data(), 1, MPI_INT64_T, 0, MPI_COMM_WORLD, &request);
  wait_watching(request, rank_, size_);
  if (!is_root()) {
    send_chunks(bytes, MPI_BYTE, kGatherTag);
    return {};
  }
  for (int r = 1; r < size_; ++r) {
    std::vector<unsigned char> theirs(static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)]));
    receive_chunks(r, theirs, MPI_BYTE, kGatherTag, size_);
    bytes.insert(bytes.end(), theirs.begin(), theirs.end());
  }
  return bytes;
}

void Cluster::fail(const std::string& message) const {
  if (!initialised_) {
    std::fprintf(stderr, "pmsim: %s\n", message.c_str());
    std::_Exit(1);
  }
  if (is_root()) abort_job(rank_, size_, message);
  // Rank 0 stops the job once it has removed its files; this rank waits to be stopped.
  MPI_Request request;
  MPI_Isend(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kFailTag, MPI_COMM_WORLD, &request);
  for (const auto give_up = std::chrono::steady_clock::now() + kFailGrace;
       std::chrono::steady_clock::now() < give_up;) {
    int sent = 0;
    MPI_Test(&request, &sent, MPI_STATUS_IGNORE);  // keeps the message moving
    std::this_thread::sleep_for(kWatchEvery);
  }
  abort_job(rank_, size_, message);
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
      MPI_Request request;
      MPI_Iallgatherv(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, all.data(), counts.data(), offsets.data(),
                      MPI_BYTE, MPI_COMM_WORLD, &request);
      wait_watching(request, rank_, size_);
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
    stop_if_a_rank_failed(size_);
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
    receive_chunks(r, packed, MPI_DOUBLE, kResultsTag, size_);
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
