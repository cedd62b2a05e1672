#pragma once
//! \file rank_correlation.h
//! Correlated uncertain values (Scenario::correlations, docs/model.md "Parameter
//! uncertainty"): a Gaussian copula whose normal correlations give the requested Spearman
//! rank correlations, applied to the uniforms the values are drawn from by inversion.

#include <cstddef>
#include <string>
#include <vector>

#include "config/scenario.h"

namespace pmsim {

//! The correlation of a bivariate normal whose Spearman rank correlation is `rank`:
//! 2 sin(pi rank / 6) (Pearson 1907).
double normal_correlation_of_rank(double rank);

//! The lower Cholesky factor L (row-major n x n, A = L L^T) of the symmetric matrix `a`, or
//! an empty vector when `a` is not positive definite.
std::vector<double> cholesky_factor(const std::vector<double>& a, std::size_t n);

//! The copula of a scenario's correlations: which uncertain values it ties together (indices
//! into Scenario::uncertain, in that order) and the Cholesky factor of their normal
//! correlation matrix.
struct RankCopula {
  std::vector<std::size_t> members;
  std::vector<double> factor;  //!< members.size() squared, row-major
};

//! The copula of `correlations` over `uncertain`, or why there is none: every key must be an
//! uncertain value's, and the matrix the pairs make (the rest 0, the diagonal 1) positive
//! definite once turned into normal correlations. `problem` is "" when the copula is valid.
RankCopula rank_copula(const std::vector<CorrelationConfig>& correlations,
                       const std::vector<UncertainParameter>& uncertain, std::string& problem);

//! The members' uniforms `u` (of their own streams) made correlated: z = L Phi^-1(u), then
//! Phi(z), kept within the uniforms a stream gives ([2^-33, 1 - 2^-33]).
void correlate_uniforms(const RankCopula& copula, std::vector<double>& u);

}  // namespace pmsim
