#pragma once
//! \file verify_here.h
//! Internal to output/: the verification of a results file in this process (verify_results_file.cpp),
//! which verify_results_file runs in a child process (verify_results_child.cpp).

#include <functional>
#include <string>

#include "output/verify_results_file.h"

namespace pmsim {

//! Where the verifier's findings go: each problem, and each object before it is read.
struct VerifySink {
  std::function<void(const FileProblem&)> problem;
  std::function<void(const std::string&)> reading;
};

//! Verifies the file at `path`; its problems and progress go to `sink`.
void verify_here(const std::string& path, const VerifySink& sink);

}  // namespace pmsim
