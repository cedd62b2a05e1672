#pragma once
//! \file result_export.h
//! A results file for the tools finance teams use (pmsim export): CSV as one long table of
//! every per-replication value and every summary statistic, and an Excel workbook (xlsx) with a
//! summary sheet per period, the per-year means and quantiles, the scenario text and the
//! provenance. Both read the file through ResultFile (read_result_file.h), so a damaged file is
//! refused before (admit_results_file) and nothing here parses HDF5 itself beyond it.

#include <string>

#include "output/read_result_file.h"

namespace pmsim {

//! The long table, header first:
//! `table,contract,metric,unit,period,replication,statistic,value`, where `table` is `values`
//! (one row per contract metric, performance year and replication, and per population metric,
//! simulated reported year and replication: `contract` is `population`, `period` `baseline K`
//! or `year K`) or `summary` (one row per contract metric, period (`year K` or `horizon`) and
//! summary statistic, `replication` empty). Values in their unit (USD, not millions), each the
//! shortest text that reads back exactly.
void write_results_csv(const ResultFile& file, const std::string& path);

//! The workbook: sheets `Summary horizon`, `Summary year 1` .. `Summary year Y` (a row per
//! contract and metric: unit and the 16 summary statistics), `By year` (mean, q05, q50 and q95
//! of each contract metric by performance year), `Scenario` (the scenario file's text, a line a
//! row) and `Provenance` (the root attributes). Throws std::runtime_error naming the file when
//! libxlsxwriter cannot write it.
void write_results_xlsx(const ResultFile& file, const std::string& path);

}  // namespace pmsim
