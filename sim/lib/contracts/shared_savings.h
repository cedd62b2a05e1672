#pragma once
//! \file shared_savings.h
//! Shared savings (one-sided) and shared risk (two-sided), MSSP / ACO REACH style: fee-for-
//! service, then savings or losses against a benchmark shared after the year.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <string>
#include "config/key_rules.h"
#include "config/key_visitor.h"
#include "config/quality_measure.h"
#include "contracts/payment_model.h"
#include "contracts/risk_corridor.h"

namespace pmsim {

//! How a shared-savings benchmark (expected spending per member-year) is set.
enum class BenchmarkMethod { historical, fixed };

struct BenchmarkTerms {
  BenchmarkMethod method = BenchmarkMethod::historical;
  //! historical: weight of each baseline year, oldest first (one per baseline year, sum 1);
  //! empty means equal weights.
  std::vector<double> baseline_weights;
  double trend = 0.0;             //!< annual growth applied to baseline (or fixed) spending
  bool risk_adjusted = true;      //!< scale by the year's mean risk / the base year's mean risk
  double risk_growth_cap = 0.03;  //!< upward risk adjustment capped at 1 + cap (decreases uncapped)
  double regional_weight = 0.0;   //!< historical: weight of the regional figure in the blend
  double regional_pmpy = 0.0;     //!< regional spending per member-year in the base year
  double fixed_pmpy = 0.0;        //!< fixed: spending per member-year in the base year
  double discount = 0.0;          //!< the benchmark is reduced by this share (ACO REACH Global)
  int agreement_years = 0;        //!< rebase every this many performance years; 0 never

  bool operator==(const BenchmarkTerms&) const = default;
};

//! Shared savings (one-sided) and shared risk (two-sided), MSSP / ACO REACH style.
struct SharedSavingsTerms {
  static constexpr std::string_view kType = "shared_savings";

  BenchmarkTerms benchmark;
  double truncation = 0.0;  //!< per-member annual claims truncated here; 0 none
  //! Truncate at this percentile of members' annual claims instead (MSSP: 0.99), taken from a
  //! reference population: the scenario's, in its last baseline year, on a replication of its
  //! own; 0 none. The engine resolves it into `truncation`.
  double truncation_percentile = 0.0;
  bool msr_size_based = false;        //!< MSSP table by assigned members (42 CFR 425.604)
  double minimum_savings_rate = 0.0;  //!< when not size based
  double sharing_rate = 0.5;          //!< share of savings paid to the provider (SSR)
  double quality_score = 1.0;         //!< q in [0, 1]; multiplies the shared savings
  double savings_cap = 0.10;          //!< share of the benchmark; shared savings never exceed it
  //! Share of the benchmark withheld and earned back by q (ACO REACH); when > 0, q acts through
  //! it and no longer multiplies the shared savings.
  double quality_withhold = 0.0;
  // Two-sided terms (shared_risk only).
  bool mlr_size_based = false;
  double minimum_loss_rate = 0.0;
  bool loss_rate_from_quality = false;  //!< LSR = 1 - SSR x q, within [loss_rate_min, loss_rate_max]
  double loss_sharing_rate = 0.3;
  double loss_rate_min = 0.0;
  double loss_rate_max = 1.0;
  double loss_cap_benchmark = 0.0;  //!< share of the benchmark; 0 none
  double loss_cap_revenue = 0.0;    //!< share of the provider's FFS revenue; 0 none
  //! Risk corridors (ascending `from`, the first 0): when given they replace the linear
  //! sharing of savings and losses.
  std::vector<CorridorBand> corridors;

  bool operator==(const SharedSavingsTerms&) const = default;
};

//! Shared risk: the same terms, two-sided (the provider also owes a share of losses).
struct SharedRiskTerms : SharedSavingsTerms {
  static constexpr std::string_view kType = "shared_risk";

  bool operator==(const SharedRiskTerms&) const = default;
};

//! Its values in a ledger (Ledger::values), in the order of its metrics.
enum class SharedSavingsValue {
  benchmark,
  benchmark_spending,
  shared_savings,
  shared_losses,
  savings_paid,
  loss_owed,
  cap_binding
};
static_assert(static_cast<std::size_t>(SharedSavingsValue::cap_binding) < kMaxTypeValues, "Ledger::values holds them");

//! MSSP minimum savings (or loss) rate by assigned members (42 CFR 425.604(b)): linear
//! inside each band; 3.9% below 5,000 members, 2.0% from 60,000.
double mssp_minimum_rate(double members);

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

//! The factor of the benchmark the year is settled against: (1 - discount) x (1 - quality
//! withhold x (1 - q)), q the terms' quality score.
double benchmark_reduction(const SharedSavingsTerms& terms);

//! Settles one year: benchmark B (net of benchmark_reduction), spending E, the provider's FFS revenue (for a loss cap
//! stated as a share of it), and the minimum savings and loss rates in force.
Settlement share_savings(const SharedSavingsTerms& terms, bool two_sided, double benchmark, double spending,
                         double provider_ffs_revenue, double minimum_savings_rate, double minimum_loss_rate);

std::span<const MetricSpec> metric_catalogue(const SharedSavingsTerms& terms);
TallyNeeds tally_needs(const SharedSavingsTerms& terms);
std::optional<double> fixed_quality_score(const SharedSavingsTerms& terms);
int prepayment_period_months(const SharedSavingsTerms& terms);
CategoryFlags covered_categories(const SharedSavingsTerms& terms);
void settle(const SharedSavingsTerms& terms, const SettlementYear& year, Ledger& ledger);

std::span<const MetricSpec> metric_catalogue(const SharedRiskTerms& terms);
TallyNeeds tally_needs(const SharedRiskTerms& terms);
std::optional<double> fixed_quality_score(const SharedRiskTerms& terms);
int prepayment_period_months(const SharedRiskTerms& terms);
CategoryFlags covered_categories(const SharedRiskTerms& terms);
void settle(const SharedRiskTerms& terms, const SettlementYear& year, Ledger& ledger);

// ---- truncation at a percentile of members' claims (both types, through the base) ----

//! The percentile of members' annual claims at which it truncates them; 0 none.
double claims_percentile(const SharedSavingsTerms& terms);
//! Truncates at `amount`, that percentile of the reference population's annual claims.
void set_claims_percentile_amount(SharedSavingsTerms& terms, double amount);
//! Attributes of its results group: `truncation_amount` when it truncates.
std::vector<std::pair<std::string, double>> result_attributes(const SharedSavingsTerms& terms);

// ---- reading its keys (contracts/contract_keys.h) ----

class KeyReader;
struct ForeignKeyNote;
std::span<const std::string_view> contract_keys(const SharedSavingsTerms& terms);
std::span<const ForeignKeyNote> foreign_key_notes(const SharedSavingsTerms& terms);
void read_terms(KeyReader& contract, SharedSavingsTerms& terms);
std::span<const std::string_view> contract_keys(const SharedRiskTerms& terms);
std::span<const ForeignKeyNote> foreign_key_notes(const SharedRiskTerms& terms);
void read_terms(KeyReader& contract, SharedRiskTerms& terms);

// ---- its keys, walked ----

//! Its keys, in the order of docs/scenarios.md (after the contract's name, type and payer);
//! `quality_score` only when it is not computed from quality measures.
void walk_keys(SharedSavingsTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v);
void walk_keys(SharedRiskTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v);
void check_key_rules(const SharedSavingsTerms& terms, const SimulatedQuality& quality, const std::string& path,
                     BrokenRules& broken);

//! A historical benchmark built from baseline years of a panel that starts unsettled (no
//! warm-up years); a fixed one more than 15% from the panel's expected claims per member-year.
//! (Shared risk too: its terms are these.)
std::vector<std::string> term_warnings(const SharedSavingsTerms& terms, const PanelExpectations& expected);

}  // namespace pmsim
