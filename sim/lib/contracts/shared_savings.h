#pragma once
//! \file shared_savings.h
//! Shared savings (one-sided) and shared risk (two-sided) as pure functions: the MSSP
//! minimum savings rate table, the benchmark, and the settlement of a year against it.
//! Formulas in docs/model.md ("Shared savings and shared risk").

#include <cstdint>

#include "claims/year_tally.h"
#include "config/scenario.h"

namespace pmsim {

//! MSSP minimum savings (or loss) rate by assigned members (42 CFR 425.604(b)): linear
//! inside each band; 3.9% below 5,000 members, 2.0% from 60,000.
double mssp_minimum_rate(double members);

//! Share of a gain or loss of `x` (a share of the benchmark) kept under risk corridors:
//! the part of x inside each band is shared at the band's rate.
double corridor_share(const std::vector<CorridorBand>& corridors, double x);

//! The benchmark spending per member-year for performance year `year` (0-based) given every
//! simulated year's tally (`baseline_years` baseline years first). `truncation` picks
//! YearTally::truncated_claims (-1: untruncated claims).
double benchmark_per_member_year(const BenchmarkTerms& terms, const YearTallies& tallies, int baseline_years, int year,
                                 int truncation);

//! The spending a benchmark is compared with: claims, truncated per member when asked.
double benchmark_spending(const YearTally& tally, int truncation);

struct Settlement {
  double shared_savings = 0;  //!< paid by the payer to the provider
  double shared_losses = 0;   //!< paid by the provider to the payer
  bool savings_paid = false;
  bool loss_owed = false;
  bool cap_binding = false;  //!< the savings cap or a loss cap limited the amount
};

//! Settles one year: benchmark B, spending E, the provider's FFS revenue (for a loss cap
//! stated as a share of it), and the minimum savings and loss rates in force.
Settlement settle(const SharedSavingsTerms& terms, bool two_sided, double benchmark, double spending,
                  double provider_ffs_revenue, double minimum_savings_rate, double minimum_loss_rate);

}  // namespace pmsim
