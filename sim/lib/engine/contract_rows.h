#pragma once
//! \file contract_rows.h
//! A contract's results (internal to the engine): the metrics it writes, in output order, and
//! one replication's row of them, read off its ledgers, the tallies each year was priced on,
//! and its cash through the years.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/replication.h"
#include "engine/simulation.h"
#include "results/results.h"

namespace pmsim {

//! The contract's results group with every metric allocated, [rows, years] each.
ContractResults make_contract_results(const ContractConfig& contract, std::int64_t rows, int years);

//! Contract `k`'s row `row` of every metric of `results` (as laid out by make_contract_results).
void fill_contract_row(const Simulation& sim, const ReplicationOutcome& out, std::size_t k, std::int64_t row,
                       ContractResults& results);

//! Contract `k`'s net cash flow in each month of the horizon (12 x years), each year's on the
//! timing of the contract in force (engine/cash_flow.h).
std::vector<double> contract_cash_flows(const Simulation& sim, const ReplicationOutcome& out, std::size_t k);

}  // namespace pmsim
