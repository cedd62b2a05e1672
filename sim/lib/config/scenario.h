#pragma once
//! \file scenario.h
//! Plain, validated configuration structs: what a scenario file says, after defaults are
//! filled in and every value checked. Nothing here knows about YAML; the engine reads only
//! these structs (see scenario/scenario_yaml.h for the parser and docs/scenarios.md for every
//! key). Each contract type's terms live with the type, in contracts/<type>.h.

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/categories.h"
#include "config/member_panel.h"
#include "config/quality_measure.h"
#include "contracts/contract.h"

namespace pmsim {

struct SimulationConfig {
  std::string name = "scenario";
  std::int64_t replications = 1000;  //!< independent Monte Carlo replications
  int years = 5;                     //!< performance years priced by the contracts
  int baseline_years = 3;            //!< years simulated before the performance years
  //! Years simulated before the baseline years and not reported, so that the baseline
  //! starts from the population's steady state rather than the entry cohort.
  int warmup_years = 0;
  std::uint64_t seed = 1;          //!< key of every random stream
  std::int64_t block_size = 1024;  //!< members simulated together; changes only the rounding of sums
  //! Pair each replication with a twin panel (new members, same shocks and drawn parameters)
  //! to split the variance of outcomes into systematic and idiosyncratic parts. Doubles the work.
  bool variance_decomposition = false;

  bool operator==(const SimulationConfig&) const = default;
};

struct AgeBand {
  int min_age = 65;
  int max_age = 69;          //!< inclusive; new members get a uniform age in [min, max]
  double share = 1.0;        //!< share of new members in this band
  double mortality = 0.04;   //!< annual death probability of a member with no conditions, frailty 1
  double risk_score = 1.0;   //!< demographic coefficient of the (unnormalised) risk score
  double utilization = 1.0;  //!< multiplier of all service rates

  bool operator==(const AgeBand&) const = default;
};

struct SexEffects {
  double female_share = 0.5;
  double female_mortality = 1.0;    //!< female / male multiplier of the death hazard
  double female_risk_score = 1.0;   //!< female / male multiplier of the demographic coefficient
  double female_utilization = 1.0;  //!< female / male multiplier of service rates

  bool operator==(const SexEffects&) const = default;
};

struct ConditionConfig {
  std::string name;
  std::vector<double> prevalence;                //!< per age band, for new members
  double incidence = 0.0;                        //!< annual probability a continuing member acquires it
  double risk_score = 0.0;                       //!< additive coefficient of the risk score
  double mortality = 1.0;                        //!< multiplier of the death hazard
  CategoryFactors utilization = unit_factors();  //!< multipliers of service rates

  bool operator==(const ConditionConfig&) const = default;
};

struct FrailtyConfig {
  double shape = 1.0;             //!< gamma shape k: mean 1, variance 1/k
  double persistence = 0.5;       //!< year-to-year correlation (0 independent, 1 permanent)
  double mortality_exponent = 0;  //!< death hazard multiplied by F^e / E[F^e]

  bool operator==(const FrailtyConfig&) const = default;
};

struct PopulationConfig {
  std::int64_t size = 10000;  //!< attributed members (slots) at the start of every year
  std::vector<AgeBand> age_bands;
  SexEffects sex;
  FrailtyConfig frailty;
  std::vector<ConditionConfig> conditions;
  double churn = 0.0;  //!< annual probability a surviving member leaves; replaced next year
  //! Members who reach the oldest band's max_age leave at the end of that year, as commercial
  //! members do at 65 (for Medicare); a new member takes the slot. false: they stay, in the
  //! oldest band.
  bool age_out = false;
  //! population.members: a member file as written in the scenario (relative to the scenario
  //! file's directory); empty: none. Its members fill the first slots in the first simulated
  //! year (docs/model.md, "Members from a file").
  std::string members;
  MemberPanelRef member_panel;  //!< the file's members, read when the scenario is loaded

  bool operator==(const PopulationConfig&) const = default;
};

enum class Deliverer { provider, others };

//! The distribution of a unit's cost factor (mean 1). Lognormal has the heavier tail
//! (inpatient stays); gamma sums in closed form (n units cost Gamma(n / cv^2, cv^2) x fee),
//! so it costs one draw however many units a member uses (visits, tests).
enum class SeverityDistribution { lognormal, gamma };

struct SeverityConfig {
  bool enabled = false;  //!< false: every unit costs exactly the fee
  double cv = 0.0;       //!< coefficient of variation of the cost factor (mean 1)
  SeverityDistribution distribution = SeverityDistribution::lognormal;

  bool operator==(const SeverityConfig&) const = default;
};

struct ServiceConfig {
  Category category = Category::primary_care;
  //! Units per member-year (rate-driven categories) or probability per admission
  //! (admission-driven categories).
  double rate = 0.0;
  double fee = 0.0;  //!< what FFS pays per unit (mean, with severity)
  Deliverer delivered_by = Deliverer::others;
  double unit_cost = 0.0;  //!< provider's cost per unit when it delivers
  SeverityConfig severity;
  double frailty_exponent = 1.0;  //!< rate multiplied by F^e / E[F^e]
  double end_of_life = 1.0;       //!< rate multiplier in the year a member dies
  //! Medical cost trend (docs/model.md, "Trend"): the annual growth of the fee (`trend`) and
  //! of the rate (`utilization_trend`) into each performance year; the fee and the rate above
  //! are those of performance year 1, earlier years have them divided by the year-1 growth.
  //! A schedule gives each performance year its own growth (index 0 is year 1; empty: the
  //! plain value every year).
  double trend = 0.0;
  std::vector<double> trend_by_year;
  double utilization_trend = 0.0;
  std::vector<double> utilization_trend_by_year;

  //! The growth of the fee (fees true) or of the rate into performance year `year` (1-based).
  double growth_into(int year, bool fees) const {
    const std::vector<double>& by_year = fees ? trend_by_year : utilization_trend_by_year;
    if (by_year.empty()) return fees ? trend : utilization_trend;
    return by_year[std::min<std::size_t>(static_cast<std::size_t>(std::max(year, 1) - 1), by_year.size() - 1)];
  }

  bool operator==(const ServiceConfig&) const = default;
};

//! How risk scores are normalised before contracts use them (docs/model.md, "Risk score"):
//! the normalised score is risk x (1 - coding_intensity) / N(year), as CMS divides by a
//! normalisation factor and takes off a coding-intensity adjustment.
struct RiskAdjustmentConfig {
  //! N: `normalization` every year, a schedule by performance year (index 0 is year 1; the
  //! baseline and warm-up years take year 1's), or, `automatic`, each simulated year's mean
  //! score of a reference population of the scenario (engine/reference_population.h).
  double normalization = 1.0;
  std::vector<double> normalization_by_year;
  bool automatic = false;
  double coding_intensity = 0.0;
  //! What `automatic` resolved to, by simulated year (set by Simulation; not a key: a
  //! scenario read from a file has none, and unresolved means N = 1).
  std::vector<double> resolved;

  bool operator==(const RiskAdjustmentConfig&) const = default;
};

//! Simulated quality outcomes of each member-year (all optional; zero switches one off).
struct QualityConfig {
  //! Preventive screening: P(screened in the year) = 1 - (1 - p)^(primary care visits).
  double screening_per_visit = 0.0;
  //! Chronic-condition control for members with this condition (a name from
  //! population.conditions; empty: none): P(controlled) = min(control_max,
  //! control_base + control_per_visit x primary care visits).
  std::string controlled_condition;
  double control_base = 0.0;
  double control_per_visit = 0.0;
  double control_max = 1.0;
  //! Share of index admissions that are avoidable (ambulatory-care sensitive): binomial.
  double avoidable_share = 0.0;

  bool operator==(const QualityConfig&) const = default;
};

struct ProviderConfig {
  double fixed_costs = 0.0;  //!< per year
  double reserves = 0.0;     //!< at the start of the first performance year
  //! Cash timing (docs/model.md, "Cash flow"): fee-for-service claims are paid this many
  //! months after the services; year-end settlements this many months after the year.
  int claims_lag_months = 1;
  int settlement_lag_months = 6;

  bool operator==(const ProviderConfig&) const = default;
};

//! A kind of index admission with a clinical profile of its own (a joint replacement, a
//! heart-failure stay): its cost and the probabilities of a readmission and of post-acute
//! care relative to the inpatient services'.
struct AdmissionType {
  std::string name;
  //! Either a share of the index admissions (a label on them), or admissions of their own
  //! at `rate` per member-year (elective procedures: frailty affects them by
  //! `frailty_exponent`, conditions and the year of death do not).
  double share = 0.0;               //!< of index admissions
  double cost_factor = 1.0;         //!< mean cost of the stay / inpatient fee
  double readmission_factor = 1.0;  //!< multiplies the readmission probability
  double post_acute_factor = 1.0;   //!< multiplies the post-acute probability
  double rate = 0.0;                //!< per member-year, instead of a share
  double frailty_exponent = 1.0;    //!< with `rate`

  bool operator==(const AdmissionType&) const = default;
};

//! A shock shared by every member of a replication (systematic risk): in a given
//! performance year, or at random with a probability per simulated year. While it lasts
//! (`duration_months` of the year) service rates, fees and the provider's costs are
//! multiplied by its factors.
struct ShockConfig {
  std::string name;
  int year = 0;                                  //!< performance year (1-based) it hits; 0: random
  double probability = 0.0;                      //!< random: chance in each simulated year
  double duration_months = 12;                   //!< part of the year it lasts
  CategoryFactors utilization = unit_factors();  //!< rates (and admission-driven probabilities)
  double price = 1.0;                            //!< fees: what FFS pays per unit
  double cost = 1.0;                             //!< the provider's unit and fixed costs (inflation)

  bool operator==(const ShockConfig&) const = default;
};

//! A care-transformation programme the provider runs (care management, a medical home,
//! remote monitoring): whom it enrols, what it does to their use of services, and what it
//! costs the provider.
struct InterventionConfig {
  std::string name;
  int start_year = 1;  //!< performance year it starts (1-based)
  //! Members targeted each year: those whose risk score is in the top share of a reference
  //! population (1: everyone). The engine resolves it into `risk_threshold`.
  double target_top_risk_share = 1.0;
  double risk_threshold = 0.0;
  double enrollment = 1.0;                   //!< share of targeted members who take part (a trait of the member)
  CategoryFactors effects = unit_factors();  //!< multipliers of an enrolled member's rates at full effect
  //! Outcome effects at full effect: added to the per-visit screening probability, and to the
  //! probability that an enrolled member with quality.controlled_condition is controlled.
  double screening_gain = 0.0;
  double control_gain = 0.0;
  //! Share of the full effect in the programme's 1st, 2nd, ... year; the last holds. Empty: full.
  std::vector<double> ramp;
  double cost_per_member_year = 0;  //!< per enrolled member-year
  double caseload = 0;              //!< enrolled members per coordinator FTE; 0: no staff cost
  double fte_salary = 0;            //!< loaded cost of an FTE per year
  double one_time_cost = 0;         //!< investment (IT, training), spread evenly over
  int amortisation_years = 1;       //!< this many performance years from the start

  bool operator==(const InterventionConfig&) const = default;
};

//! How the provider changes the care it gives under one type of contract (more volume under
//! fee-for-service, less under capitation): multipliers of the service rates (of the
//! probabilities per admission for readmission and post-acute, capped at 1) and of the
//! per-visit quality probabilities. Members, their frailty and every random number stay the
//! same (counts by inversion of the same uniforms), so contracts remain paired.
struct BehaviourConfig {
  ContractType type = ContractType::fee_for_service;
  CategoryFactors utilization = unit_factors();
  double screening = 1.0;  //!< multiplies quality.screening_per_visit (capped at 1)
  double control = 1.0;    //!< multiplies quality.control_per_visit

  bool operator==(const BehaviourConfig&) const = default;
};

//! The members a payer brings (payers[].population): those who enter the panel with this payer
//! take their age band, age, sex and prevalent conditions from these tables instead of the
//! population's (docs/model.md, "Payer mix and blends"), and keep them if they later switch payer.
//! Everything else (the conditions' effects, frailty, churn, services) is the population's.
struct PayerPopulation {
  std::vector<AgeBand> age_bands;  //!< empty: the payer's members are the population's
  double female_share = 0.5;
  //! The prevalence of each of the population's conditions (by index) in each of these bands.
  std::vector<std::vector<double>> prevalence;
  bool age_out = false;  //!< as PopulationConfig::age_out, at these bands' oldest age

  bool given() const { return !age_bands.empty(); }
  bool operator==(const PayerPopulation&) const = default;
};

//! A payer of part of the provider's panel: each member belongs to one in each year, by a
//! uniform drawn at entry and kept (population_generator.h), against that year's shares.
struct PayerConfig {
  std::string name;
  double share = 0.0;  //!< share of the panel in performance year 1 (and in warm-up and baseline years)
  //! The share in each performance year (index 0 is year 1) when it follows a schedule;
  //! empty: `share` in every year.
  std::vector<double> share_by_year;
  //! The payer's prices: its fee of each category is the service's fee (trended) times this
  //! factor. What the provider's own delivery costs does not change (docs/model.md, "Payer mix and blends").
  CategoryFactors fee_factors = unit_factors();
  bool fee_factors_given = false;  //!< the key is written (so a resolved scenario keeps it, even at 1)
  PayerPopulation population;

  //! The share in performance year `year` (0-based; negative: a warm-up or baseline year).
  double share_in_year(int year) const {
    if (share_by_year.empty() || year < 0) return share;
    return share_by_year[std::min<std::size_t>(static_cast<std::size_t>(year), share_by_year.size() - 1)];
  }

  bool operator==(const PayerConfig&) const = default;
};

//! The distribution of an uncertain scenario value (probabilistic sensitivity analysis).
enum class DistributionKind { normal, lognormal, gamma, beta, uniform, triangular };

//! normal, lognormal, gamma and beta are given by their mean and standard deviation (of the
//! value itself, not of its log); uniform by [min, max]; triangular by min, mode and max.
//! `min` and `max` also truncate the others (the draw is conditioned on [min, max]).
struct DistributionSpec {
  DistributionKind kind = DistributionKind::normal;
  double mean = 0;
  double sd = 0;
  double mode = 0;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();

  bool operator==(const DistributionSpec&) const = default;
};

//! A scenario value written as a distribution: drawn once per replication from a stream of
//! its own; the scenario's structs hold its nominal value (the mean; the mid-point of a
//! uniform).
struct UncertainParameter {
  std::string key;  //!< the key path, as in messages: "services.inpatient.fee", "contracts[1].pmpm"
  DistributionSpec distribution;
  //! The key paths of the fields that hold its value: `key` itself, or those a key fills
  //! (`all` of a table of factors: the categories not given by name). Contract terms are also
  //! held by the contract's terms of each year.
  std::vector<std::string> stored_at;

  bool operator==(const UncertainParameter&) const = default;
};

//! A rank (Spearman) correlation between two uncertain values, drawn together through a
//! Gaussian copula (random/rank_correlation.h); pairs not given are uncorrelated.
struct CorrelationConfig {
  std::vector<std::string> keys;  //!< the key paths of two values written as distributions
  double rank = 0;

  bool operator==(const CorrelationConfig&) const = default;
};

//! A contract term that changes by performance year (payers' shares keep theirs in
//! PayerConfig::share_by_year): the value given for
//! a year holds until the next year given. The first entry is year 1.
struct YearSchedule {
  std::string key;
  std::vector<std::pair<int, double>> values;  //!< (performance year, value), ascending years

  bool operator==(const YearSchedule&) const = default;
};

struct Scenario {
  SimulationConfig simulation;
  PopulationConfig population;
  std::array<ServiceConfig, kCategoryCount> services;  //!< indexed by Category
  std::vector<AdmissionType> admission_types;          //!< empty: index admissions are all alike
  ProviderConfig provider;
  QualityConfig quality;
  RiskAdjustmentConfig risk_adjustment;
  std::vector<PayerConfig> payers;  //!< empty: one payer, the whole panel
  std::vector<ShockConfig> shocks;
  std::vector<InterventionConfig> interventions;
  std::vector<BehaviourConfig> behaviour;  //!< at most one per contract type
  std::vector<ContractConfig> contracts;
  //! Values written as distributions, in file order (their index keys their random stream).
  std::vector<UncertainParameter> uncertain;
  //! Rank correlations between some of them (empty: all independent).
  std::vector<CorrelationConfig> correlations;
  //! Values written as schedules by year, in file order.
  std::vector<YearSchedule> schedules;

  const ServiceConfig& service(Category c) const { return services[static_cast<int>(c)]; }

  bool operator==(const Scenario&) const = default;
};

//! Every set of contract terms the scenario prices: each contract's, or its terms of each
//! year when they follow a schedule.
inline std::vector<const ContractConfig*> contract_terms(const Scenario& s) {
  std::vector<const ContractConfig*> terms;
  for (const ContractConfig& c : s.contracts) {
    if (c.by_year.empty()) terms.push_back(&c);
    for (const ContractConfig& y : c.by_year) terms.push_back(&y);
  }
  return terms;
}

std::string_view to_string(Category c);
std::string_view to_string(Deliverer d);
std::string_view to_string(SeverityDistribution d);
std::string_view to_string(QualityMeasureKind k);
std::string_view to_string(DistributionKind k);

}  // namespace pmsim
