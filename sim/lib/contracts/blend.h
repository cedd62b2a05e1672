#pragma once
//! \file blend.h
//! A blend: the provider's result across its payers, the sum of the ledgers of contracts
//! that each cover one payer's members (docs/model.md, "Payer mix and blends").

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/key_visitor.h"
#include "config/quality_measure.h"
#include "contracts/composite.h"
#include "contracts/payment_model.h"

namespace pmsim {

struct BlendTerms {
  static constexpr std::string_view kType = "blend";
  //! The contracts (one per payer, every payer once) whose ledgers add up.
  std::vector<std::string> components;

  bool operator==(const BlendTerms&) const = default;
};

std::span<const MetricSpec> metric_catalogue(const BlendTerms& terms);
TallyNeeds tally_needs(const BlendTerms& terms);
std::optional<double> fixed_quality_score(const BlendTerms& terms);
int prepayment_period_months(const BlendTerms& terms);

//! One year of the blend: the sum of its components' ledgers (fixed costs were split by
//! share, so they add up to the provider's once). `total` is the whole panel's year, for the
//! payer's FFS counterfactual.
Ledger combine_ledgers(const std::vector<Ledger>& parts, const YearTally& total);

// ---- made of its components (contracts/composite.h) ----

std::vector<std::string> part_names(const BlendTerms& terms);
//! Each component in every year, its cash on its own timing.
std::vector<PartYears> part_years(const BlendTerms& terms, int years);
//! None: a blend's years are reported on the whole panel.
std::optional<std::size_t> reported_part(const BlendTerms& terms, int year);
//! combine_ledgers of the components' ledgers.
Ledger combine_parts(const BlendTerms& terms, const PartsYear& year);

// ---- reading its keys (contracts/contract_keys.h) ----

class KeyReader;
struct ContractConfig;
struct ForeignKeyNote;
std::span<const std::string_view> contract_keys(const BlendTerms& terms);
std::span<const ForeignKeyNote> foreign_key_notes(const BlendTerms& terms);
//! `components`: names of contracts, checked by check_references once all are read.
void read_terms(KeyReader& contract, BlendTerms& terms);
//! Each component is a contract with a payer, every payer of `payers` once.
void check_references(KeyReader& contract, const BlendTerms& terms, const ContractConfig& blend,
                      std::span<const ContractConfig> contracts);

// ---- its keys, walked ----

//! Its keys (after the contract's name and type): the components.
void walk_keys(BlendTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v);

}  // namespace pmsim
