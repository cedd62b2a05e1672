#pragma once
//! \file episode_definition.h
//! An episode definition: what the generator tallies for an episode-based payment.

#include <string>

#include "config/categories.h"

namespace pmsim {

//! What starts an episode of a bundled payment and what spending it includes.
struct EpisodeDefinition {
  //! Probability that an index (inpatient) admission anchors an episode (the share of
  //! admissions that are, say, joint replacements), among eligible members.
  double trigger_probability = 1.0;
  //! Only members with this condition (a population.conditions name) trigger; "" any member.
  std::string trigger_condition;
  //! Only admissions of this type (an admission_types name) anchor; "" any index admission.
  std::string trigger_type;
  int window_days = 90;  //!< the episode covers [anchor admission, + window_days)
  //! Categories whose spending in the window counts (readmissions and post-acute stays
  //! through the stays they follow). All by default.
  CategoryFlags included{true, true, true, true, true, true, true};
  double spending_cap = 0.0;  //!< each episode's spending is capped here; 0 none

  bool operator==(const EpisodeDefinition&) const = default;
};

}  // namespace pmsim
