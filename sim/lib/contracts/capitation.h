#pragma once
//! \file capitation.h
//! Capitation: a prepayment per member per month (risk adjusted or not) for the covered
//! categories, global or partial, with a quality withhold, individual stop-loss and risk
//! corridors (docs/model.md, "Capitation").

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

//! When capitation is paid: at the start of each month, quarter or year.
enum class Prepayment { monthly, quarterly, annual };

//! Who provides a stop-loss layer: the payer (recoveries and premiums flow through it) or a
//! reinsurer the provider buys it from.
enum class StopLossCarrier { reinsurer, payer };
//! When a layer's recoveries are paid: with the year's settlement, or monthly as they accrue.
enum class RecoveryPayment { annual, monthly };

struct StopLossLayer {
  double attachment = 0.0;
  double coinsurance = 0.0;
  double premium_pmpm = 0.0;  //!< paid by the provider per member-month
  StopLossCarrier provided_by = StopLossCarrier::reinsurer;
  RecoveryPayment payment = RecoveryPayment::annual;
  int lag_months = 0;  //!< monthly payment: months after the month a recovery accrues in

  bool operator==(const StopLossLayer&) const = default;
};

struct CapitationTerms {
  static constexpr std::string_view kType = "capitation";

  double pmpm = 0.0;  //!< per member per month
  Prepayment prepayment = Prepayment::monthly;
  bool risk_adjusted = true;  //!< multiply by the member's risk score
  //! Categories the capitation covers; services outside are paid FFS. All = global.
  CategoryFlags covered{true, true, true, true, true, true, true};
  //! Share of the capitation withheld and earned back by the quality score:
  //! adjustment = -withhold x capitation x (1 - quality_score).
  double quality_withhold = 0.0;
  double quality_score = 1.0;
  //! Individual stop-loss (global capitation only), in layers: each pays its coinsurance of
  //! every member's annual claims above its attachment. Empty: none.
  std::vector<StopLossLayer> stop_loss;
  //! Risk corridors on the provider's gain or loss against the capitation (capitation minus
  //! claims of covered services, as a share of the capitation): the provider keeps each
  //! band's portion at the band's rate, the payer takes or covers the rest.
  std::vector<CorridorBand> corridors;

  bool operator==(const CapitationTerms&) const = default;
};

//! "monthly", "quarterly", "annual".
std::string_view to_string(Prepayment p);
//! "reinsurer", "payer".
std::string_view to_string(StopLossCarrier c);
//! "annual", "monthly".
std::string_view to_string(RecoveryPayment p);

//! Its values in a ledger (Ledger::values), in the order of its metrics.
enum class CapitationValue {
  quality_adjustment,
  stop_loss_recoveries,
  stop_loss_premiums,
  corridor_transfer,
  stop_loss_paid,
  corridor_active
};
static_assert(static_cast<std::size_t>(CapitationValue::corridor_active) < kMaxTypeValues, "Ledger::values holds them");

std::span<const MetricSpec> metric_catalogue(const CapitationTerms& terms);
TallyNeeds tally_needs(const CapitationTerms& terms);
std::optional<double> fixed_quality_score(const CapitationTerms& terms);
int prepayment_period_months(const CapitationTerms& terms);
CategoryFlags covered_categories(const CapitationTerms& terms);
void settle(const CapitationTerms& terms, const SettlementYear& year, Ledger& ledger);

// ---- reading its keys (contracts/contract_keys.h) ----

class KeyReader;
std::span<const std::string_view> contract_keys(const CapitationTerms& terms);
void read_terms(KeyReader& contract, CapitationTerms& terms);

// ---- its keys, walked ----

//! Its keys, in the order of docs/scenarios.md (after the contract's name, type and payer);
//! `quality_score` only when it is not computed from quality measures.
void walk_keys(CapitationTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v);
void check_key_rules(const CapitationTerms& terms, const SimulatedQuality& quality, const std::string& path,
                     BrokenRules& broken);

//! A PMPM more than 15% from the panel's expected claims of what it covers (per risk-adjusted
//! member-month when risk adjusted).
std::vector<std::string> term_warnings(const CapitationTerms& terms, const PanelExpectations& expected);

}  // namespace pmsim
