#pragma once
//! \file bundled_payment.h
//! Bundled (episode) payments as pure functions: the target price of an episode and the
//! reconciliation of a year's episodes against it. Formulas in docs/model.md ("Bundled
//! payments"); the episodes themselves are built by the generator (episodes.h).

#include <span>

#include "claims/year_tally.h"
#include "config/scenario.h"

namespace pmsim {

//! The target price of one episode of mean risk in a performance year.
struct EpisodeTarget {
  double price = 0;           //!< before risk adjustment
  double reference_risk = 1;  //!< risk adjustment: target x episode risk / reference_risk
  bool defined = false;       //!< false when a historical baseline had no episode
};

//! Target for performance year `year` (0-based) from the episodes of the baseline years
//! (`baseline`, oldest first).
EpisodeTarget episode_target(const BundleTerms& terms, std::span<const EpisodeTally> baseline, int year);

struct BundleSettlement {
  double target = 0;          //!< sum of the year's episodes' targets
  double reconciliation = 0;  //!< paid by the payer to the provider (negative: repaid)
  bool cap_binding = false;   //!< the stop-gain or stop-loss limited it
};

//! Reconciles the episodes that ended in a year against the target.
BundleSettlement reconcile_episodes(const BundleTerms& terms, const EpisodeTarget& target, const EpisodeTally& year);

}  // namespace pmsim
