#pragma once
//! \file read_tornado.h
//! The sensitivity section of a results tree, read back: /sensitivity/<contract>/<outcome>/
//! groups (written by a run with uncertain parameters), each with the string-array
//! attribute `parameters` in tornado order and float64 [P] datasets rank_correlation, low,
//! high and swing. Read defensively: a file without the section has none, and a group that
//! does not have that layout is skipped with the reason, not an error.

#include <set>
#include <string>
#include <vector>

namespace pmsim {

struct TornadoBar {
  std::string parameter;
  double rank_correlation = 0;
  double low = 0;    //!< mean outcome over the replications with the parameter's lowest draws
  double high = 0;   //!< ... with its highest draws
  double swing = 0;  //!< high - low
};

struct StoredTornado {
  std::string contract;
  std::string outcome;           //!< e.g. provider_margin, payer_savings
  std::string description;       //!< the group's `outcome` attribute when present ("horizon provider_margin (USD)")
  std::vector<TornadoBar> bars;  //!< in the file's (tornado) order
};

struct TornadoSection {
  bool present = false;                 //!< the file has a /sensitivity group
  std::vector<StoredTornado> tornados;  //!< by contract, then outcome, in name order
  std::vector<std::string> skipped;     //!< "<group>: <why>" for groups without the layout
};

//! The section of the results tree at `group` ("/", or a sweep's point "/sweep/3") of the
//! file `path`; skipped groups are named by their path in the file; so are the groups in
//! `damaged`, or with a dataset in it (objects verify_results_file named, in a file read all
//! the same), which are not read. Throws std::runtime_error only if the file cannot be opened.
TornadoSection read_tornado_section(const std::string& path, const std::string& group = "/",
                                    const std::set<std::string>& damaged = {});

}  // namespace pmsim
