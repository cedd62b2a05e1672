#pragma once
//! \file cluster.h
//! The processes one pmsim invocation runs on: this process alone, or the ranks of an MPI job
//! (mpirun, srun) when pmsim is built with MPI and was started by an MPI launcher. Every rank
//! runs the same command on the same input; the work of a run is split between them so that
//! the results are those of one process bit for bit, and rank 0 gathers, writes and prints.
//! The only code that sees MPI is in this folder (mpi_cluster.cpp); without MPI the cluster is
//! one process (single_process.cpp).

#include <string>
#include <vector>

#include "engine/run.h"
#include "engine/simulation.h"
#include "results/results.h"

namespace pmsim {

//! How a run is split between ranks.
enum class Distribution {
  //! Each rank runs a contiguous range of the replications (rank k of P those of shard k+1/P,
  //! results/shards.h) on its threads; rank 0 gathers the rows in replication order.
  replications,
  //! Every rank takes part in every replication: each panel's blocks are split between the
  //! ranks by the nodes of the blocks' summing tree (engine/panel.h), every rank gets every
  //! node's sum and joins them as one process would. For panels too large for one rank.
  members,
};

//! "replications" or "members".
std::string to_string(Distribution how);

class Cluster {
 public:
  //! This process's cluster, set up on first use (MPI initialised when an MPI launcher started
  //! pmsim) and finalised at exit. Call first from the main thread.
  static Cluster& world();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  bool distributed() const { return size_ > 1; }

  //! Every rank's `status` (an exit code), in rank order, on every rank. Collective: every rank
  //! calls it at the same point. One process: {status}.
  std::vector<int> statuses(int status) const;

  //! The results of `options`' replications of `sim`, split between the ranks as `how` says:
  //! on rank 0 every row, in replication order, the same bit for bit as run_simulation in one
  //! process; on the other ranks empty results (no replications). `options.progress` is called
  //! on rank 0 only, from its main thread, with the replications done over all ranks. A rank
  //! whose simulation fails stops every rank (fail). Collective. One process: run_simulation.
  RunResults run(const Simulation& sim, const RunOptions& options, Distribution how) const;

  //! Every rank's `bytes`, concatenated in rank order, on rank 0; empty elsewhere. Collective.
  //! One process: `bytes`.
  std::vector<unsigned char> gather(std::vector<unsigned char> bytes) const;

  //! Stops the whole job: rank 0 prints "pmsim: rank R of P failed: MESSAGE; stopping every
  //! rank", removes its files in progress (TemporaryFiles) and aborts every rank (MPI_Abort,
  //! exit 1). Another rank sends MESSAGE to rank 0 and waits to be stopped; rank 0 looks for it
  //! wherever it waits in run and gather. Not for one process (there the error is thrown and
  //! reported as usual).
  [[noreturn]] void fail(const std::string& message) const;

  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

 private:
  Cluster();
  int rank_ = 0;
  int size_ = 1;
  bool initialised_ = false;  //!< MPI_Init_thread was called (and MPI_Finalize is due)
};

//! The MPI library pmsim was built with ("Open MPI v4.1.4, ..."), or "none (this pmsim runs in
//! one process)".
std::string mpi_library();

}  // namespace pmsim
