#pragma once
//! \file scenario.h
//! Plain, validated configuration structs: what a scenario file says, after defaults are
//! filled in and every value checked. Nothing here knows about YAML; the engine reads only
//! these structs (see scenario_yaml.h for the parser and docs/scenarios.md for every key).

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pmsim {

//! The service categories every scenario prices. The set is fixed so the per-member loop
//! can keep counts in fixed-size arrays; readmissions and post-acute stays are driven by
//! admissions, the others by an annual rate.
enum class Category : int {
  primary_care = 0,
  specialist,
  emergency,
  inpatient,
  readmission,
  post_acute,
  outpatient,
};
inline constexpr int kCategoryCount = 7;
inline constexpr std::array<std::string_view, kCategoryCount> kCategoryNames = {
    "primary_care", "specialist", "emergency", "inpatient", "readmission", "post_acute", "outpatient"};

//! True for categories whose count is drawn per inpatient admission (a probability per
//! admission) rather than from an annual rate.
constexpr bool is_admission_driven(Category c) { return c == Category::readmission || c == Category::post_acute; }

//! A per-category multiplier table (1.0 where the scenario says nothing).
using CategoryFactors = std::array<double, kCategoryCount>;
inline CategoryFactors unit_factors() {
  CategoryFactors f;
  f.fill(1.0);
  return f;
}

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

  bool operator==(const ServiceConfig&) const = default;
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

//! A quality measure computed from the simulated year.
enum class QualityMeasureKind {
  readmission_rate,               //!< readmissions / index admissions (lower is better)
  ed_visits_per_1000,             //!< emergency visits per 1,000 member-years (lower is better)
  screening_rate,                 //!< members screened / members
  control_rate,                   //!< members with the condition controlled / members with it
  avoidable_admissions_per_1000,  //!< avoidable admissions per 1,000 member-years (lower is better)
};

//! One measure of a contract's quality score: 0 at the threshold, 1 at the benchmark,
//! linear between (a benchmark below the threshold means lower is better).
struct QualityMeasure {
  QualityMeasureKind kind = QualityMeasureKind::readmission_rate;
  double threshold = 0.0;
  double benchmark = 0.0;
  double weight = 1.0;

  bool operator==(const QualityMeasure&) const = default;
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

enum class ContractType {
  fee_for_service,
  capitation,
  shared_savings,
  shared_risk,
  pay_for_performance,
  cost_per_outcome,
  bundled_payment,
  blend,
  transition,
};

//! What counts as a success for a cost-per-successful-outcome contract, and its attempts.
enum class SuccessDefinition {
  condition_controlled,    //!< per member with quality.controlled_condition: controlled this year
  no_avoidable_admission,  //!< per member: no avoidable admission this year
  no_readmission,          //!< per index admission (an episode): no 30-day readmission
};

//! Cost per successful outcome (CPSO): price x successes + base x attempts, in place of FFS
//! for the covered categories (the provider still bears their cost) and on top of FFS for
//! the rest. No covered category: a pure add-on to FFS.
struct OutcomeTerms {
  SuccessDefinition success = SuccessDefinition::condition_controlled;
  double price_per_success = 0.0;
  double base_per_attempt = 0.0;
  std::array<bool, kCategoryCount> covered{};  //!< all false by default

  bool operator==(const OutcomeTerms&) const = default;
};

//! Pay-for-performance: fee-for-service plus quality adjustments on the provider's FFS
//! revenue R (Hospital VBP, HRRP and MIPS styles).
struct PayForPerformanceTerms {
  //! Withhold earned back by the score: adjustment = R x withhold x (q x slope - 1), so a
  //! slope above 1 lets a top score earn more than the withhold.
  double withhold = 0.0;
  double withhold_slope = 1.0;
  //! Readmission penalty: R x min(cap, max(0, observed / expected - 1) x multiplier), with
  //! observed = readmissions / index admissions; 0 expected switches it off.
  double expected_readmission_rate = 0.0;
  double readmission_multiplier = 1.0;
  double readmission_penalty_cap = 0.03;
  //! Symmetric scale: R x scale x (q - t) / (1 - t) above the threshold t, R x scale x
  //! (q - t) / t below it (+scale at q = 1, -scale at q = 0).
  double scale = 0.0;
  double scale_threshold = 0.75;
  double quality_score = 1.0;  //!< the fixed score when the contract has no quality_measures

  bool operator==(const PayForPerformanceTerms&) const = default;
};

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
  int agreement_years = 0;        //!< rebase every this many performance years; 0 never

  bool operator==(const BenchmarkTerms&) const = default;
};

//! A band of a risk corridor: gains or losses beyond `from` (a share of the benchmark), up to
//! the next band's `from`, are shared at `rate`.
struct CorridorBand {
  double from = 0.0;
  double rate = 0.0;

  bool operator==(const CorridorBand&) const = default;
};

//! When capitation is paid: at the start of each month, quarter or year.
enum class Prepayment { monthly, quarterly, annual };

struct CapitationTerms {
  double pmpm = 0.0;  //!< per member per month
  Prepayment prepayment = Prepayment::monthly;
  bool risk_adjusted = true;  //!< multiply by the member's risk score
  //! Categories the capitation covers; services outside are paid FFS. All = global.
  std::array<bool, kCategoryCount> covered{true, true, true, true, true, true, true};
  //! Share of the capitation withheld and earned back by the quality score:
  //! adjustment = -withhold x capitation x (1 - quality_score).
  double quality_withhold = 0.0;
  double quality_score = 1.0;
  //! Individual stop-loss (global capitation only): the reinsurer pays `coinsurance` of each
  //! member's annual claims above `attachment`; the provider pays a premium per member-month.
  double stop_loss_attachment = 0.0;  //!< 0: no stop-loss
  double stop_loss_coinsurance = 0.0;
  double stop_loss_premium_pmpm = 0.0;
  //! Risk corridors on the provider's gain or loss against the capitation (capitation minus
  //! claims of covered services, as a share of the capitation): the provider keeps each
  //! band's portion at the band's rate, the payer takes or covers the rest.
  std::vector<CorridorBand> corridors;

  bool operator==(const CapitationTerms&) const = default;
};

//! Shared savings (one-sided) and shared risk (two-sided), MSSP / ACO REACH style.
struct SharedSavingsTerms {
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
  std::array<bool, kCategoryCount> included{true, true, true, true, true, true, true};
  double spending_cap = 0.0;  //!< each episode's spending is capped here; 0 none

  bool operator==(const EpisodeDefinition&) const = default;
};

//! How the target price of an episode is set.
enum class TargetMethod { historical, fixed };

//! Bundled (episode) payment, BPCI Advanced / CJR style: fee-for-service during the year,
//! then a reconciliation of the year's episodes against their target prices.
struct BundleTerms {
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

//! A stage of a transition: from performance year `from_year` (1-based) on, the contract named
//! `contract` is in force.
struct TransitionStage {
  int from_year = 1;
  std::string contract;

  bool operator==(const TransitionStage&) const = default;
};

struct ContractConfig {
  std::string name;
  //! The contract's terms in each performance year (index 0 = year 1) when some of them follow
  //! a schedule by year (Scenario::schedules); empty when every term holds for all years.
  std::vector<ContractConfig> by_year;
  //! The terms in force in performance year `year` (0-based).
  const ContractConfig& in_year(int year) const {
    return by_year.empty() ? *this : by_year[static_cast<std::size_t>(year)];
  }
  ContractType type = ContractType::fee_for_service;
  CapitationTerms capitation;  //!< used when type == capitation
  SharedSavingsTerms shared;   //!< used when type == shared_savings or shared_risk
  PayForPerformanceTerms p4p;  //!< used when type == pay_for_performance
  OutcomeTerms outcome;        //!< used when type == cost_per_outcome
  BundleTerms bundle;          //!< used when type == bundled_payment
  //! The payer (a `payers` name) whose members the contract covers; "" the whole panel.
  std::string payer;
  //! blend: the contracts (one per payer, every payer once) whose ledgers add up to the
  //! provider's result across its payers.
  std::vector<std::string> components;
  //! transition: the contract in force from each stage's first performance year on.
  std::vector<TransitionStage> stages;
  //! When not empty (capitation and shared contracts), the quality score is computed each
  //! year from these measures of the simulated population, replacing the fixed
  //! `quality_score` of the terms.
  std::vector<QualityMeasure> quality_measures;

  bool operator==(const ContractConfig&) const = default;
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

//! A payer of part of the provider's panel: each member belongs to one in each year, by a
//! uniform drawn at entry and kept (population_generator.h), against that year's shares.
struct PayerConfig {
  std::string name;
  double share = 0.0;  //!< share of the panel in performance year 1 (and in warm-up and baseline years)
  //! The share in each performance year (index 0 is year 1) when it follows a schedule;
  //! empty: `share` in every year.
  std::vector<double> share_by_year;

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

  bool operator==(const UncertainParameter&) const = default;
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
  std::vector<PayerConfig> payers;  //!< empty: one payer, the whole panel
  std::vector<ShockConfig> shocks;
  std::vector<InterventionConfig> interventions;
  std::vector<BehaviourConfig> behaviour;  //!< at most one per contract type
  std::vector<ContractConfig> contracts;
  //! Values written as distributions, in file order (their index keys their random stream).
  std::vector<UncertainParameter> uncertain;
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
std::string_view to_string(ContractType t);
std::string_view to_string(Deliverer d);
std::string_view to_string(SeverityDistribution d);
std::string_view to_string(QualityMeasureKind k);
std::string_view to_string(SuccessDefinition d);
std::string_view to_string(TargetMethod m);
std::string_view to_string(Prepayment p);
std::string_view to_string(DistributionKind k);

}  // namespace pmsim
