#pragma once
//! \file reference_population.h
//! The reference population that percentiles of members are taken from (a contract's
//! truncation percentile, an intervention's share of the highest risks): the scenario's
//! members in an ordinary year, on streams of their own (a fixed seed, not the run's, and a
//! replication id no run uses), at least 10^6 of them.

#include <memory>
#include <vector>

#include "config/scenario.h"

namespace pmsim {

//! Members' annual claims and risk scores in the last baseline year (the first performance
//! year without baseline years) of the reference population, each sorted.
struct ReferenceMembers {
  std::vector<double> claims;
  std::vector<double> risk;
  //! With risk_adjustment.normalization: auto, each simulated year's mean risk score per
  //! member-month of the reference population (at least kNormalizationMembers members,
  //! simulated through every year of the scenario); empty otherwise.
  std::vector<double> mean_risk_by_year;
};

//! The reference population, when a contract's claims percentile, an intervention's target
//! share or an automatic risk normalisation needs one; null otherwise.
std::shared_ptr<const ReferenceMembers> reference_for(const Scenario& s);

//! The scenario with every claims percentile of a contract turned into its amount, every
//! intervention's target share into its risk threshold, and an automatic risk normalisation
//! into its factors by year (unchanged when `reference` is null).
Scenario resolve_reference_quantiles(Scenario s, const ReferenceMembers* reference);

//! A reference population of one member (claims 1, risk 1, no normalisation factors): enough
//! for resolve_reference_quantiles to give a scenario whose contracts have the attributes of the
//! real one (which attributes a contract has does not depend on the amounts), without
//! simulating the reference population; for reading a results file's layout.
inline ReferenceMembers stand_in_reference() { return {{1.0}, {1.0}, {}}; }

}  // namespace pmsim
