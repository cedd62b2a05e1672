#pragma once
//! \file payment_model.h
//! What every payment model is made of: the ledger a contract's year ends in, and the pieces
//! each type in contracts/<type>.{h,cpp} provides (checked by the PaymentModel concept in
//! contract_types.h, so a type that forgets one does not compile):
//!  - `kType`, its name in scenario files and results;
//!  - `metric_catalogue(terms)`, the metrics it writes besides the common ones, in the order
//!    of its values in Ledger::values;
//!  - `tally_needs(terms)`, what the generator must tally for it (a per-member truncation,
//!    an episode definition);
//!  - `fixed_quality_score(terms)`, its quality score when none is measured (nullopt: quality
//!    does not enter the contract, and quality_measures are refused);
//!  - `prepayment_period_months(terms)`, when its prepayments are paid;
//!  and, for types priced on the year's tallies (PricedOnTallies):
//!  - `covered_categories(terms)`, the categories it pays other than fee-for-service;
//!  - `settle(terms, year, ledger)`, its revenue beyond fee-for-service for the year;
//!  or, for types made of other contracts (MadeOfParts, contracts/composite.h):
//!  - `part_names(terms)`, the contracts it is made of;
//!  - `part_years(terms, years)`, which part is in force in which years (its cash follows them);
//!  - `reported_part(terms, year)`, the part whose tallies a year is reported on, if any;
//!  - `combine_parts(terms, parts_year)`, the year's ledger from its parts' ledgers.
//!  Optional: `claims_percentile` and `set_claims_percentile_amount` (NeedsClaimsPercentile:
//!  a truncation at a percentile of a reference population), `result_attributes`
//!  (HasResultAttributes: attributes of its results group), `term_warnings` (HasTermWarnings:
//!  what a careful actuary would question in its terms, given the panel's expected figures).

#include <array>
#include <cassert>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "config/categories.h"
#include "config/episode_definition.h"
#include "config/limits.h"
#include "results/metric_spec.h"

namespace pmsim {

struct PricingContext;
struct YearTally;

//! What the warnings of a contract's terms compare them with: the panel's expected figures over
//! the performance years, from a pilot simulation of a few replications (analysis/).
struct PanelExpectations {
  std::array<double, kCategoryCount> claims_per_member_month{};  //!< FFS claims by category, per member-month
  double mean_risk = 1;                                          //!< risk member-months / member-months
  int warmup_years = 0;                                          //!< simulation.warmup_years
  int replications = 0;                                          //!< of the pilot
  //! Expected claims of the categories `covered` per member-month.
  double claims_of(const CategoryFlags& covered) const {
    double sum = 0;
    for (int c = 0; c < kCategoryCount; ++c)
      if (covered[c]) sum += claims_per_member_month[c];
    return sum;
  }
};
using YearTallies = std::vector<YearTally>;

//! Values a contract type keeps of its own in a ledger (the most any type has).
inline constexpr std::size_t kMaxTypeValues = 12;

//! A part of the year's revenue paid month by month as it accrues, `lag_months` after each
//! month (stop-loss recoveries paid monthly), rather than with the year's settlement.
struct MonthlyPaidRevenue {
  std::array<double, 12> accrued{};  //!< accrued by the end of each month; [11] is the year's amount
  int lag_months = 0;
};

//! One contract, one year: the provider's and the payer's ledgers.
struct Ledger {
  double ffs_revenue = 0;        //!< fee-for-service payments to the provider
  double prepaid_revenue = 0;    //!< prepayments (PMPM x risk x member-months)
  double payer_adjustments = 0;  //!< paid by the payer beyond FFS and prepayments (negative: paid back)
  double other_revenue = 0;      //!< paid by others than the payer (a reinsurer's stop-loss recoveries)
  double other_cost = 0;         //!< paid for stop-loss cover (premiums), to a reinsurer or the payer
  double paid_to_payer = 0;      //!< the part of other_cost paid to the payer (its stop-loss premiums)
  double revenue = 0;            //!< everything the provider is paid
  double delivery_cost = 0;      //!< cost of the services the provider delivers itself
  double intervention_cost = 0;  //!< care-transformation programmes (staff, per member, amortised investment)
  double claims_paid = 0;        //!< claims of others the provider pays (covered services)
  double cost = 0;               //!< fixed costs + delivery cost + claims paid + other costs
  double margin = 0;             //!< revenue - cost
  double payer_spend = 0;        //!< everything the payer pays out
  double payer_savings = 0;      //!< payer spend under FFS (all claims) - payer_spend
  double quality_score = 1;      //!< the score in force (computed from quality_measures, or fixed)
  //! The contract type's own values, indexed by the enum of its header (the order of its
  //! metric_catalogue).
  std::array<double, kMaxTypeValues> values{};
  //! Revenue paid monthly as it accrues (one per stop-loss layer paid monthly), part of
  //! `revenue`; the rest beyond FFS and prepayments is settled after the year (cash_flow.h).
  std::array<MonthlyPaidRevenue, kMaxStopLossLayers> paid_monthly{};

  template <class TypeValue>
  double& operator[](TypeValue v) {
    assert(static_cast<std::size_t>(v) < kMaxTypeValues);
    return values[static_cast<std::size_t>(v)];
  }
  template <class TypeValue>
  double operator[](TypeValue v) const {
    assert(static_cast<std::size_t>(v) < kMaxTypeValues);
    return values[static_cast<std::size_t>(v)];
  }
};

//! What the generator must tally for a contract's terms.
struct TallyNeeds {
  //! Sums of min(annual claims, amount) per member, for each amount (> 0).
  std::vector<double> member_truncations;
  const EpisodeDefinition* episode = nullptr;  //!< episodes of this definition; null none
};

//! The year a contract type settles: its context, the simulated years (baseline first), the
//! performance year (0-based), that year's tally and the claims of the categories it covers.
struct SettlementYear {
  const PricingContext& context;
  const YearTallies& tallies;
  int year;
  const YearTally& tally;
  double covered_claims;
};

//! No category: the type pays every service fee-for-service.
inline constexpr CategoryFlags kNoCategory{};

}  // namespace pmsim
