#pragma once
//! \file population_model.h
//! The scenario's population and services turned into the flat tables the per-member loop
//! reads: hazards instead of probabilities, cumulative shares, normalisers, and the
//! frailty moments that keep each rate's mean at its configured value.

#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <vector>

#include "claims/admission_groups.h"
#include "claims/year_tally.h"
#include "config/scenario.h"
#include "population/episodes.h"
#include "population/frailty.h"
#include "population/frailty_posterior.h"
#include "population/shocks.h"
#include "random/gamma_sampler.h"
#include "random/sampler_lanes.h"

namespace pmsim {

struct BandTable {
  int min_age = 0;
  int max_age = 0;
  double cumulative_share = 0;  //!< P(band <= this one) for an entering member
  double hazard = 0;            //!< -ln(1 - mortality)
  double risk_score = 0;        //!< demographic coefficient
  double utilization = 1;
  std::uint32_t prevalence_threshold[32] = {};  //!< P(condition c) as a 32-bit threshold
};

struct ConditionTable {
  double risk_score = 0;
  double mortality = 1;
  CategoryFactors utilization = unit_factors();
};

struct CategoryTable {
  double rate = 0;  //!< base units per member-year, or probability per admission
  double fee = 0;
  double cost_ratio = 0;  //!< provider cost per dollar of claims, when self-delivered
  bool self_delivered = false;
  bool severity = false;
  SeverityDistribution severity_distribution = SeverityDistribution::lognormal;
  double log_sigma = 0;  //!< lognormal parameters of the cost factor (mean 1)
  double log_mu = 0;
  double unit_gamma_shape = 0;  //!< gamma cost factor: shape 1/cv^2, scale cv^2 (mean 1)
  double gamma_scale = 0;
  std::vector<GammaSampler> gamma_sums;  //!< Gamma(n / cv^2, cv^2) for n < gamma_sums.size()
  int frailty_power = 0;                 //!< index into PopulationModel::frailty_exponents
  double end_of_life = 1;
};

struct AdmissionTypeTable {
  double share_of_rest = 0;  //!< share / (1 - shares of the types before it): sequential binomials
  double rate = 0;           //!< > 0: admissions of its own, Poisson(rate x person x F^e / E[F^e])
  double frailty_exponent = 1;
  double frailty_moment_inverse = 1;
  int frailty_power = 0;  //!< index into PopulationModel::power_exponents
  double cost_factor = 1;
  double readmission_factor = 1;
  double post_acute_factor = 1;
};

struct InterventionTable {
  double risk_threshold = 0;  //!< enrolled only with a risk score at least this
  double enrollment = 1;
  CategoryFactors effects = unit_factors();
  double screening_gain = 0;
  double control_gain = 0;
  std::vector<double> effect_share;  //!< per simulated year (warm-up included): 0 before the start
};

//! What a set of conditions does to a member, precomputed per set (the products and sums
//! over the conditions of the set, in the order of their index).
struct ConditionSet {
  double risk_score = 0;                         //!< sum of the conditions' risk coefficients
  double mortality = 1;                          //!< product of their mortality multipliers
  CategoryFactors utilization = unit_factors();  //!< products of their utilization factors
};

//! Who enters the panel: the population's tables (entry population 0) or a payer's own
//! (PayerPopulation), whose bands follow the population's in PopulationModel::bands.
struct EntryPopulation {
  int first_band = 0;  //!< its bands are [first_band, end_band) of PopulationModel::bands
  int end_band = 0;
  std::uint32_t female_threshold = 0;
  int age_out_age = -1;          //!< members of this age leave at the end of the year; -1 never
  std::vector<int> band_by_age;  //!< index into PopulationModel::bands by age, up to its oldest
};

class PopulationModel {
 public:
  explicit PopulationModel(const Scenario& scenario);

  //! The band of a member of `age` who entered with entry population `population` (inline: the
  //! generator asks it for every member of every year).
  int band_of_age(int age, int population = 0) const {
    const EntryPopulation& e = entry_populations[static_cast<std::size_t>(population)];
    if (age < 0) return e.first_band;
    if (age >= static_cast<int>(e.band_by_age.size())) return e.end_band - 1;
    return e.band_by_age[static_cast<std::size_t>(age)];
  }
  double normalised_risk(int band, bool female, std::uint32_t condition_mask) const {
    double raw = bands[band].risk_score * (female ? female_risk : 1.0);
    for (std::uint32_t m = condition_mask; m != 0; m &= m - 1) raw += conditions[std::countr_zero(m)].risk_score;
    return raw * inverse_risk_normaliser;
  }

  std::vector<BandTable> bands;                    //!< the population's, then each payer population's
  std::vector<EntryPopulation> entry_populations;  //!< [0]: the population's
  //! The entry population of a member who enters with each payer (by segment); empty: 0 for all.
  std::vector<std::uint8_t> payer_population;
  std::vector<ConditionTable> conditions;
  //! Condition j's P(acquire per year) for a member without it, and its reciprocals (0 for
  //! those of a probability 0 or 1), for the onset of conditions (member_steps.cpp).
  EventChain onset;
  std::array<CategoryTable, kCategoryCount> categories;
  //! Distinct frailty exponents used by the categories, and 1 / E[F^e] for each.
  std::vector<double> frailty_exponents;
  std::vector<double> frailty_moment_inverse;
  //! Every exponent e the generator raises frailty to (F^e): the categories' (the same
  //! indices as frailty_exponents), then the mortality exponent and the admission types'.
  std::vector<double> power_exponents;
  int mortality_power = -1;  //!< index into power_exponents; -1: mortality_exponent is 0
  //! The condition sets, indexed by mask, when there are at most kConditionSetTableLimit
  //! conditions; condition_set() computes the others.
  std::vector<ConditionSet> condition_sets;
  static constexpr std::size_t kConditionSetTableLimit = 10;
  //! The set of `mask`: a reference into condition_sets, or `scratch` filled in.
  const ConditionSet& condition_set(std::uint32_t mask, ConditionSet& scratch) const {
    if (mask < condition_sets.size()) return condition_sets[mask];
    return scratch = combine_conditions(mask);
  }
  ConditionSet combine_conditions(std::uint32_t mask) const;
  double mortality_exponent = 0;
  double mortality_moment_inverse = 1;
  FrailtyProcess frailty;
  double churn = 0;
  // Quality outcomes (QualityConfig); drawn only when `quality_outcomes`.
  bool quality_outcomes = false;
  double screening_miss_per_visit = 1;  //!< 1 - screening_per_visit
  int controlled_condition = -1;        //!< index into conditions, -1 none
  double control_base = 0, control_per_visit = 0, control_max = 1;
  double avoidable_share = 0;  //!< P(an index admission is avoidable): Bin(index admissions, p) a member-year
  double female_mortality = 1, female_risk = 1, female_utilization = 1;
  double risk_normaliser = 1;  //!< expected raw risk score of an entering member
  double inverse_risk_normaliser = 1;
  std::int64_t size = 0;
  int total_years = 0;   //!< warm-up, baseline and performance years
  int warmup_years = 0;  //!< simulated first, then dropped by the engine
  int baseline_years = 0;
  std::uint64_t seed = 0;
  std::int64_t block_size = 1024;
  //! Per-member truncation amounts asked for by contracts (shared-savings truncation and
  //! stop-loss attachment points; distinct, at most kMaxTruncations);
  //! YearTally::truncated_claims[t] sums min(claims, truncation_points[t]).
  std::vector<double> truncation_points;
  //! Distinct episode definitions of the scenario's bundled payments (at most
  //! kMaxEpisodeTypes); YearTally::episodes[e] sums the episodes of definition e.
  std::vector<EpisodeDefinition> episode_definitions;
  std::vector<EpisodeTable> episode_types;
  //! Admission types (Scenario::admission_types); empty: one group of admissions.
  std::vector<AdmissionTypeTable> admission_types;
  bool rate_admission_types = false;  //!< some type has admissions of its own
  std::vector<ShockTable> shocks;     //!< replication-wide shocks (shocks.h)
  //! The services' trends (ServiceConfig::trend): each category's fee and rate multiplier in
  //! simulated year y (warm-up included), 1 in performance year 1, from y = -1 (the year
  //! before the first: a member file's claims) on; the rates' [(y + 1) x kCategoryCount +
  //! category], the fees' by payer too, times the payer's fee factor: [((y + 1) x segments +
  //! segment) x kCategoryCount + category].
  std::vector<double> trended_fees;
  std::vector<double> utilization_trend;
  //! The year's fees, kCategoryCount for each segment in turn.
  const double* fees_of_year(int year) const {
    return trended_fees.data() +
           static_cast<std::size_t>(year + 1) * static_cast<std::size_t>(segments) * kCategoryCount;
  }
  const double* utilization_trend_of_year(int year) const {
    return utilization_trend.data() + static_cast<std::size_t>(year + 1) * kCategoryCount;
  }
  //! Each simulated year's factor of the risk scores contracts see (tallies, episodes):
  //! (1 - coding_intensity) / N(year) (RiskAdjustmentConfig); 1 when nothing normalises.
  std::vector<double> risk_scale;
  std::vector<InterventionTable> interventions;
  //! Payers of the panel: in simulated year y a member's payer is the first p with
  //! u < payer_cumulative[y x segments + p], u drawn at entry and kept, so members switch
  //! payer only when the shares change. Tallies are kept per payer (segment),
  //! [segment x total_years + year]. With one payer or none, segments = 1 and
  //! payer_cumulative is empty.
  int segments = 1;
  std::vector<double> payer_cumulative;
  //! Some payer has fee factors (PayerConfig::fee_factors): then fee_premium_share[segment x
  //! kCategoryCount + category] is the part of its claims above the scenario's fees (1 - 1 /
  //! factor), set on its tallies (engine/panel.cpp) so that the provider's delivery costs follow the scenario's fees.
  bool payer_fees = false;
  std::vector<double> fee_premium_share;
  //! The member file's members (null: none): member j fills slot j in the first simulated
  //! year, with last year's frailty drawn from member_frailty[j] (frailty_posterior.h).
  std::shared_ptr<const MemberPanel> panel;
  std::vector<FrailtyPosterior> member_frailty;
  std::size_t panel_rows() const { return panel ? panel->rows : 0; }
  //! The year's segments thresholds; nullptr when payer_cumulative is empty (read only when
  //! segments > 1), so no arithmetic is done on the null data() of an empty vector.
  const double* payer_thresholds(int year) const {
    if (payer_cumulative.empty()) return nullptr;
    return payer_cumulative.data() + static_cast<std::size_t>(year) * static_cast<std::size_t>(segments);
  }

 private:
  void set_trends(const Scenario& s);
  void set_risk_scale(const RiskAdjustmentConfig& r);
  void add_payer_populations(const Scenario& s);
};

//! A probability in [0, 1] as a threshold t on 32-bit words w: P(w < t) = p (rounded).
//! A comparison of integers is exact and cheaper than a conversion per draw.
std::uint32_t probability_threshold(double p);

//! A service's index of fees (`fees`) or of rates for each simulated year y at [y + 1] ([0]:
//! the year before the first), 1 in performance year 1 (simulated year `first`): times the
//! growth into each later year, divided by the growth into year 1 for each year before it.
//! max(total_years + 1, first + 2) values: through performance year 1 even when it is not
//! simulated (a reference population of the baseline years only).
std::vector<double> trend_index(const ServiceConfig& service, bool fees, int first, int total_years);

}  // namespace pmsim
