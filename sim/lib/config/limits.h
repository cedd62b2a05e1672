#pragma once
//! \file limits.h
//! How many of each thing a scenario may have where the engine keeps them in fixed-size
//! arrays (per member-year tallies): the parser refuses more, the engine relies on it.

namespace pmsim {

//! Admission types (Scenario::admission_types).
inline constexpr int kMaxAdmissionTypes = 4;
//! Distinct per-member truncation amounts the contracts of a scenario can ask for.
inline constexpr int kMaxTruncations = 4;
//! Individual stop-loss layers a capitation contract can have (a payer's and a reinsurer's).
inline constexpr int kMaxStopLossLayers = 2;
//! Distinct episode definitions (bundled payments) a scenario can have.
inline constexpr int kMaxEpisodeTypes = 4;
//! Care-transformation interventions a scenario can have.
inline constexpr int kMaxInterventions = 4;
//! Contracts a scenario can have (and so components a blend can name); not a tally's limit.
inline constexpr int kMaxContracts = 64;

}  // namespace pmsim
