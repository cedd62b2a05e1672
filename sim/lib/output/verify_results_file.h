#pragma once
//! \file verify_results_file.h
//! A results file checked against its own layout (results_layout.h): the layout is derived
//! from what the file says of itself (each tree's `scenario_resolved`, parsed by this binary,
//! and its `replications`), and every group, dataset and attribute it names is looked for,
//! with its type, shape and, where the layout knows them, its values; every object and
//! attribute the layout does not name is reported too. Each dataset is read whole, so a
//! damaged compressed chunk is found here rather than by a reader.

#include <string>
#include <vector>

namespace pmsim {

struct FileProblem {
  //! The object: "/contracts/ffs/provider_margin", "/" for the root group, "" for the file
  //! as a whole (not HDF5, truncated).
  std::string object;
  //! What is wrong: "missing", "shape [20, 3], expected [20, 5] (replications x years)",
  //! "type string, expected float64", "root attribute seed missing", ...
  std::string problem;
  //! The attribute of `object` the problem is about; "": the object itself.
  std::string attribute;
  //! An object or attribute outside the layout (read whole by the verifier all the same).
  bool unexpected = false;
  //! HDF5 crashed or hung on it (in the verifier's own process): nothing may read the file on.
  bool unsafe = false;
};

//! Every problem of the results file (a run's or a sweep's) at `path`, in file order; empty
//! when it is intact. Never throws: what cannot be read is a problem. HDF5 reads the file in a
//! child process, so that a crash or a hang of HDF5 is a finding, not the caller's end; but
//! only while the caller runs one thread (a fork of a threaded process may deadlock): with
//! other threads running, the file is read in this process. Call it before threads start.
std::vector<FileProblem> verify_results_file(const std::string& path);

//! "/contracts/ffs/provider_margin: missing"; a problem of the whole file alone ("truncated ...").
std::string describe(const FileProblem& problem);

}  // namespace pmsim
