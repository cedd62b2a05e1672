#pragma once
//! \file year_tally.h
//! What one simulated year of one replication adds up to: the contract-independent sums
//! every payment model is priced from. Sums of blocks are merged in a fixed order.

#include <array>
#include <vector>

#include "config/categories.h"
#include "config/episode_definition.h"
#include "config/limits.h"

namespace pmsim {

using CategoryValues = std::array<double, kCategoryCount>;

//! Episodes of one definition that ended in the year (anchors: those in the year).
struct EpisodeTally {
  double episodes = 0;
  double spending = 0;         //!< included spending of the episodes
  double capped_spending = 0;  //!< the same, each episode capped at the definition's cap
  double risk = 0;             //!< sum of the members' risk scores at the first anchor
  double days = 0;             //!< window days the episodes covered (cut short by exits)
  double anchors = 0;          //!< anchor admissions in the year (joining ones included)
  double stays = 0;            //!< index admissions in the episodes
  double readmissions = 0;     //!< readmissions following the episodes' stays
  double post_acute_stays = 0;
  double with_readmission = 0;  //!< episodes with at least one readmission
  double with_post_acute = 0;   //!< episodes with at least one post-acute stay

  void add(const EpisodeTally& other);
};

struct YearTally {
  double member_months = 0;
  double risk_member_months = 0;  //!< sum of risk score x member-months
  double entrants = 0;            //!< members who entered this year (replacements)
  double deaths = 0;
  double churned = 0;
  double decedent_claims = 0;  //!< claims of members who died this year
  CategoryValues counts{};     //!< units of service
  CategoryValues claims{};     //!< what fee-for-service pays for them
  //! The part of `claims` above the scenario's fees, paid by payers with fee factors of their
  //! own (PayerConfig::fee_factors): the provider's delivery costs follow claims - fee_premium.
  CategoryValues fee_premium{};
  // Quality outcomes (see QualityConfig).
  double members = 0;                 //!< member records in the year (everyone enrolled at some point)
  double screened = 0;                //!< members screened
  double control_eligible = 0;        //!< members with the controlled condition
  double controlled = 0;              //!< ... whose condition was controlled
  double avoidable_admissions = 0;    //!< index admissions that were avoidable
  double members_with_avoidable = 0;  //!< members with at least one avoidable admission
  //! Sum over members of min(annual claims, truncation point t), for the scenario's points.
  std::array<double, kMaxTruncations> truncated_claims{};
  //! Sum over members of max(0, claims incurred by the end of month m - truncation point t),
  //! at [t][m - 1], a member's claims incurred evenly over its enrolled months (from the
  //! year's start): when stop-loss recoveries accrue through the year.
  std::array<std::array<double, 12>, kMaxTruncations> excess_by_month{};
  std::array<EpisodeTally, kMaxEpisodeTypes> episodes{};           //!< by PopulationModel::episode_types
  std::array<double, kMaxInterventions> enrolled_member_months{};  //!< by Scenario::interventions
  //! The year's replication-wide shock multipliers of fees and of the provider's costs (the
  //! same for every member: set by the engine, not summed by add()).
  double price_factor = 1;
  double cost_factor = 1;

  double total_claims() const;
  double member_years() const { return member_months / 12.0; }
  void add(const YearTally& other);
};

//! Index of a per-member truncation `amount` among `points`; -1 when amount <= 0 (none)
//! or absent.
int truncation_index(const std::vector<double>& points, double amount);

//! Index of `definition` among `definitions`; -1 when absent.
int episode_index(const std::vector<EpisodeDefinition>& definitions, const EpisodeDefinition& definition);

//! One tally per simulated year (baseline years first, then performance years).
using YearTallies = std::vector<YearTally>;

void add_tallies(YearTallies& into, const YearTallies& from);

}  // namespace pmsim
