#pragma once
//! \file scenario_sections.h
//! The readers of a scenario file's sections (internal to sim/lib/scenario), called in the
//! order of the file format by the parser (scenario_parser.cpp). Each reads into its part of
//! the Scenario and records in the context what later sections are checked against.

#include <array>
#include <optional>
#include <vector>

#include "config/scenario.h"
#include "scenario/parse_context.h"

namespace pmsim::scenario_parser {

constexpr std::size_t kMaxAgeBands = 32;  //!< of the population, and of each payer's population

// read_population.cpp
void read_simulation(ParseContext& ctx, MapReader& m, SimulationConfig& sim);
void read_population(ParseContext& ctx, MapReader& m, PopulationConfig& pop);
//! A list of age bands (population.age_bands, payers[].population.age_bands).
void read_age_bands(ParseContext& ctx, const Value& seq, std::vector<AgeBand>& out);
//! A condition's prevalence: a number for every band or one per band (`band_count` of them).
void read_prevalence(ParseContext& ctx, const Value& v, std::optional<std::size_t> band_count,
                     std::vector<double>& out);

// read_members.cpp
//! Reads population.members (a path relative to `scenario_file`'s directory) into
//! s.population.member_panel, once every section is read; size defaults to its rows.
void read_members(const ParseContext& ctx, const std::string& scenario_file, Scenario& s);

// read_services.cpp
void read_services(ParseContext& ctx, MapReader& m, std::array<ServiceConfig, kCategoryCount>& out);
//! The optional `admission_types` list.
void read_admission_types(ParseContext& ctx, MapReader& root, std::vector<AdmissionType>& out);

// read_provider_payers.cpp
void read_provider(MapReader& m, ProviderConfig& p);
//! The optional `payers` list: shares of the panel that add up to 1, in every performance
//! year when some follow a schedule ({1: 0.6, 3: 0.5}).
void read_payers(ParseContext& ctx, MapReader& root, const std::vector<ConditionConfig>& conditions,
                 std::vector<PayerConfig>& out);

// read_quality.cpp
//! The optional `quality` section; records which settings the quality measures may use.
void read_quality(ParseContext& ctx, MapReader& root, QualityConfig& q);
// read_correlations.cpp
//! The optional `correlations` list, against the values written as distributions.
void read_correlations(ParseContext& ctx, MapReader& root, const std::vector<UncertainParameter>& uncertain,
                       std::vector<CorrelationConfig>& out);
// read_risk_adjustment.cpp
//! The optional `risk_adjustment` section: how risk scores are normalised.
void read_risk_adjustment(ParseContext& ctx, MapReader& root, RiskAdjustmentConfig& r);

// read_behaviour.cpp
//! The optional `shocks` list.
void read_shocks(ParseContext& ctx, MapReader& root, std::vector<ShockConfig>& out);
//! The optional `interventions` list.
void read_interventions(ParseContext& ctx, MapReader& root, std::vector<InterventionConfig>& out);
//! The optional `behaviour` map: contract type -> the provider's response under it.
void read_behaviour(ParseContext& ctx, MapReader& root, std::vector<BehaviourConfig>& out);

// read_contracts.cpp
//! The required `contracts` list: each contract's common keys here, its terms read by its type.
void read_contracts(ParseContext& ctx, MapReader& root, std::vector<ContractConfig>& out);

}  // namespace pmsim::scenario_parser
