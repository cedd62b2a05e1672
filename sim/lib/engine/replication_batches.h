#pragma once
//! \file replication_batches.h
//! Results of consecutive replication ranges of one scenario joined into one run: rows are
//! replications and each depends only on its own id, so replications 0..n-1 run in batches and
//! joined are the same, bit for bit, as the same replications run at once.

#include "results/results.h"

namespace pmsim {

//! Appends `batch`'s rows to `into`. The batch must continue `into` (its first replication is
//! `into`'s first + its count) and hold the same contracts and metrics with the same columns;
//! throws std::logic_error otherwise. An empty `into` (no replications, no contracts) becomes
//! the batch.
void append_replications(RunResults& into, RunResults&& batch);

}  // namespace pmsim
