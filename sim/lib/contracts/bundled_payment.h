#pragma once
//! \file bundled_payment.h
//! Bundled (episode) payment, BPCI Advanced / CJR style: fee-for-service during the year,
//! then the year's episodes reconciled against their target prices.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "claims/year_tally.h"
#include "config/episode_definition.h"
#include "config/key_visitor.h"
#include "config/quality_measure.h"
#include "contracts/payment_model.h"

namespace pmsim {

//! How the target price of an episode is set.
enum class TargetMethod { historical, fixed };

//! Bundled (episode) payment, BPCI Advanced / CJR style: fee-for-service during the year,
//! then a reconciliation of the year's episodes against their target prices.
struct BundleTerms {
  static constexpr std::string_view kType = "bundled_payment";

  EpisodeDefinition episode;
  TargetMethod target_method = TargetMethod::historical;
  //! historical: target = baseline mean episode spending (weighted years, trended) x (1 - discount).
  double discount = 0.03;
  std::vector<double> baseline_weights;  //!< one per baseline year, oldest first; empty: equal
  double target_price = 0.0;             //!< fixed: the target in base-year money
  double trend = 0.0;                    //!< annual growth of the target from the base year
  bool risk_adjusted = false;            //!< target x member risk / mean baseline episode risk
  //! Caps of the year's reconciliation, as shares of the year's total target.
  double stop_gain = 0.20;
  double stop_loss = 0.20;

  bool operator==(const BundleTerms&) const = default;
};

//! "historical", "fixed".
std::string_view to_string(TargetMethod m);

//! Its values in a ledger (Ledger::values), in the order of its metrics.
enum class BundleValue {
  episodes,
  episode_spending,
  episode_target,
  reconciliation,
  reconciliation_paid,
  repayment_owed,
  cap_binding,
  episodes_with_post_acute,
  episodes_with_readmission
};
static_assert(static_cast<std::size_t>(BundleValue::episodes_with_readmission) < kMaxTypeValues,
              "Ledger::values holds them");

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

std::span<const MetricSpec> metric_catalogue(const BundleTerms& terms);
TallyNeeds tally_needs(const BundleTerms& terms);
std::optional<double> fixed_quality_score(const BundleTerms& terms);
int prepayment_period_months(const BundleTerms& terms);
CategoryFlags covered_categories(const BundleTerms& terms);
void settle(const BundleTerms& terms, const SettlementYear& year, Ledger& ledger);

// ---- reading its keys (contracts/contract_keys.h) ----

class KeyReader;
struct ForeignKeyNote;
std::span<const std::string_view> contract_keys(const BundleTerms& terms);
std::span<const ForeignKeyNote> foreign_key_notes(const BundleTerms& terms);
void read_terms(KeyReader& contract, BundleTerms& terms);

// ---- its keys, walked ----

//! Its keys, in the order of docs/scenarios.md (after the contract's name, type and payer); the target's keys of its
//! method only.
void walk_keys(BundleTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v);

//! A historical target built from baseline years of a panel that starts unsettled.
std::vector<std::string> term_warnings(const BundleTerms& terms, const PanelExpectations& expected);

}  // namespace pmsim
