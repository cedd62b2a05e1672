//! \file scenario_parser.cpp
//! The scenario file format, read: strict, every error collected, each with its key path.
//! Over 500 lines because the parser of every section is still one class; it is to be split
//! by section, and each contract type's keys moved into contracts/<type>.cpp behind a reader
//! that does not expose yaml-cpp (issue 11, the house: next steps).

#include "scenario/scenario_yaml.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>

#include "config/limits.h"
#include "random/parameter_distribution.h"
#include "scenario/scenario_text.h"
#include "scenario/yaml_reader.h"

namespace pmsim {

namespace {

using yaml::Diagnostics;
using yaml::MapReader;
using yaml::Need;
using yaml::Range;
using yaml::Value;

constexpr std::size_t kMaxAgeBands = 32;
constexpr std::size_t kMaxConditions = 32;
constexpr std::size_t kMaxContracts = 64;
constexpr std::size_t kMaxCorridorBands = 16;
constexpr std::size_t kMaxBaselineWeights = 20;  // the most baseline years
constexpr std::size_t kMaxQualityMeasures = 8;
constexpr double kShareTolerance = 1e-6;
// Why a share cannot be a distribution or a schedule.
constexpr std::string_view kSumsToOne = "(the shares of a group add up to a total, so one cannot vary on its own)";

// The contract keys that apply to only some contract types: errors, with an explanation
// naming the types, on contracts of the others.
constexpr unsigned type_bit(ContractType t) { return 1u << static_cast<unsigned>(t); }
constexpr unsigned kCapitationType = type_bit(ContractType::capitation);
constexpr unsigned kSharedTypes = type_bit(ContractType::shared_savings) | type_bit(ContractType::shared_risk);
constexpr unsigned kSharedRiskType = type_bit(ContractType::shared_risk);
constexpr unsigned kP4PType = type_bit(ContractType::pay_for_performance);
constexpr unsigned kOutcomeType = type_bit(ContractType::cost_per_outcome);
constexpr unsigned kBundleType = type_bit(ContractType::bundled_payment);
constexpr unsigned kBlendType = type_bit(ContractType::blend);
constexpr unsigned kTransitionType = type_bit(ContractType::transition);
//! A key that applies to several types may mean something different on each: its reader (one
//! per type) gives it its shape there, and names the other meaning in a shape error.
struct ContractKey {
  std::string_view key;
  unsigned types;  //!< bits of the contract types the key applies to
};
constexpr std::array<ContractKey, 34> kContractKeys = {{
    {"pmpm", kCapitationType},
    {"risk_adjusted", kCapitationType},
    {"covers", kCapitationType | kOutcomeType},
    {"quality_withhold", kCapitationType},
    // capitation: the individual stop-loss map; bundled_payment: a share of the target.
    {"stop_loss", kCapitationType | kBundleType},
    {"benchmark", kSharedTypes},
    {"truncation", kSharedTypes},
    {"truncation_percentile", kSharedTypes},
    {"minimum_savings_rate", kSharedTypes},
    {"sharing_rate", kSharedTypes},
    {"savings_cap", kSharedTypes},
    {"quality_score", kCapitationType | kSharedTypes | kP4PType},
    {"minimum_loss_rate", kSharedRiskType},
    {"loss_sharing_rate", kSharedRiskType},
    {"loss_sharing_bounds", kSharedRiskType},
    {"loss_cap_benchmark", kSharedRiskType},
    {"loss_cap_revenue", kSharedRiskType},
    {"corridors", kCapitationType | kSharedRiskType},
    {"quality_measures", kCapitationType | kSharedTypes | kP4PType},
    {"withhold", kP4PType},
    {"withhold_slope", kP4PType},
    {"readmission_penalty", kP4PType},
    {"scale", kP4PType},
    {"scale_threshold", kP4PType},
    {"success", kOutcomeType},
    {"price_per_success", kOutcomeType},
    {"base_per_attempt", kOutcomeType},
    {"episode", kBundleType},
    {"target", kBundleType},
    {"stop_gain", kBundleType},
    {"prepayment", kCapitationType},
    {"payer", ~kBlendType},
    {"components", kBlendType},
    {"stages", kTransitionType},
}};

//! The keys of the `episode` and `target` maps of a bundled_payment contract, to point a
//! misplaced one (given at the contract's level) to its map.
constexpr std::array<std::string_view, 6> kEpisodeKeys = {"trigger_probability", "trigger_condition", "trigger_type",
                                                          "window_days",         "includes",          "spending_cap"};
constexpr std::array<std::string_view, 6> kTargetKeys = {"method", "discount", "baseline_weights",
                                                         "price",  "trend",    "risk_adjusted"};

//! A map whose `method` is historical (from the simulated baseline years) or fixed (a stated
//! amount): a shared contract's `benchmark` or a bundled_payment contract's `target`.
struct MethodKeys {
  std::string_view map;                               //!< "benchmark", "target"
  std::span<const std::string_view> historical_only;  //!< keys of method historical only
  std::string_view fixed_amount;                      //!< the required key of method fixed
  std::string_view why;                               //!< appended to the message of a historical map without baseline
};
constexpr std::array<std::string_view, 4> kHistoricalBenchmarkKeys = {"baseline_weights", "regional_weight",
                                                                      "regional_pmpy", "agreement_years"};
constexpr MethodKeys kBenchmarkMethod{"benchmark", kHistoricalBenchmarkKeys, "pmpy", ""};
constexpr std::array<std::string_view, 2> kHistoricalTargetKeys = {"discount", "baseline_weights"};
constexpr MethodKeys kTargetMethod{"target", kHistoricalTargetKeys, "price",
                                   " (the historical target is taken from the episodes of the baseline years)"};

//! The contract types, in enum order (which is the order of their names in the `type` key).
constexpr std::array<ContractType, 9> kContractTypes = {
    ContractType::fee_for_service,     ContractType::capitation,
    ContractType::shared_savings,      ContractType::shared_risk,
    ContractType::pay_for_performance, ContractType::cost_per_outcome,
    ContractType::bundled_payment,     ContractType::blend,
    ContractType::transition};

const std::vector<std::string>& contract_type_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (auto t : kContractTypes) out.emplace_back(to_string(t));
    return out;
  }();
  return names;
}

//! "capitation", "shared_savings and shared_risk", "capitation, shared_savings and shared_risk".
std::string type_names(unsigned types) {
  std::vector<std::string> names;
  for (auto t : kContractTypes) {
    if ((types & type_bit(t)) != 0) names.emplace_back(to_string(t));
  }
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

//! The success definitions of a cost_per_outcome contract, in enum order.
constexpr std::array<SuccessDefinition, 3> kSuccessDefinitions = {SuccessDefinition::condition_controlled,
                                                                  SuccessDefinition::no_avoidable_admission,
                                                                  SuccessDefinition::no_readmission};

const std::vector<std::string>& success_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (auto d : kSuccessDefinitions) out.emplace_back(to_string(d));
    return out;
  }();
  return names;
}

const std::vector<std::string>& category_names() {
  static const std::vector<std::string> names(kCategoryNames.begin(), kCategoryNames.end());
  return names;
}

constexpr std::array<QualityMeasureKind, 5> kQualityMeasureKinds = {
    QualityMeasureKind::readmission_rate, QualityMeasureKind::ed_visits_per_1000, QualityMeasureKind::screening_rate,
    QualityMeasureKind::control_rate, QualityMeasureKind::avoidable_admissions_per_1000};

const std::vector<std::string>& quality_measure_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (auto k : kQualityMeasureKinds) out.emplace_back(to_string(k));
    return out;
  }();
  return names;
}

//! Checks a name: 1..max_length characters, letters, digits and `extra`.
yaml::StringCheck name_check(std::size_t max_length, std::string_view extra, std::string_view extra_text) {
  return [=](const std::string& s) -> std::string {
    if (s.empty()) return "must not be empty";
    if (s.size() > max_length) {
      return "must be at most " + std::to_string(max_length) + " characters long, got " + std::to_string(s.size());
    }
    for (char c : s) {
      if (!is_alnum(c) && extra.find(c) == std::string_view::npos) {
        return "may contain only letters, digits" + std::string(extra_text) + ", got '" + s + "'";
      }
    }
    return {};
  };
}

// ---- numbers written as maps -------------------------------------------------------------

//! A map whose keys are all integers: a schedule by year ({1: ..., 3: ...}).
bool has_year_keys(const YAML::Node& node) {
  if (!node.IsMap() || node.size() == 0) return false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
    if (k.empty() ||
        !std::all_of(k.begin(), k.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return false;
  }
  return true;
}

//! Reads a schedule by performance year, {year: value, ...}: years 1..`years`, each once, year
//! 1 required; values plain numbers in `range`. Returns false after reporting what is wrong.
bool read_year_schedule(Diagnostics& diag, const Value& v, const Range& range, int years, YearSchedule& schedule) {
  schedule = YearSchedule{v.path, {}};
  bool ok = true;
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const Value year_key{it->first, v.path, it->first.Mark()};
    std::int64_t year = 0;
    if (!yaml::read_integer(diag, year_key, 1, years, year)) {
      ok = false;
      continue;
    }
    const Value value{it->second, v.path + "[year " + std::to_string(year) + "]", it->second.Mark()};
    double x = 0;
    if (!yaml::read_plain_number(diag, value, range, x, "(a schedule's values are fixed)")) {
      ok = false;
      continue;
    }
    for (const auto& [y, _] : schedule.values)
      if (y == year) {
        diag.error(year_key.mark, v.path, "year " + std::to_string(year) + " given twice");
        ok = false;
      }
    schedule.values.emplace_back(static_cast<int>(year), x);
  }
  if (!ok) return false;
  std::sort(schedule.values.begin(), schedule.values.end());
  if (schedule.values.front().first != 1) {
    diag.error(v.mark, v.path, "a schedule must give performance year 1 (each value holds until the next year given)");
    return false;
  }
  return true;
}

//! The value of a schedule in performance year `year` (1-based): the last one given at or before it.
double scheduled_value(const YearSchedule& schedule, int year) {
  double value = schedule.values.front().second;
  for (const auto& [y, x] : schedule.values)
    if (y <= year) value = x;
  return value;
}

//! Reads numbers written as a distribution ({distribution: lognormal, mean: ..., sd: ...}) or,
//! for contract terms, a schedule by performance year ({1: ..., 3: ...}). It keeps what it found
//! and gives the value the parse is for: nominal (distributions their nominal value, schedules
//! their year-1 value) or a performance year's.
class ScenarioNumbers : public yaml::NumberResolver {
 public:
  explicit ScenarioNumbers(int year) : year_(year) {}

  void set_years(int years) { years_ = years; }
  std::vector<UncertainParameter> uncertain;
  std::vector<YearSchedule> schedules;

  //! The parameter just read, if the value at `path` was a distribution.
  UncertainParameter* uncertain_at(const std::string& path) {
    return !uncertain.empty() && uncertain.back().key == path ? &uncertain.back() : nullptr;
  }

  bool resolve(Diagnostics& diag, const Value& v, const Range& range, double& out) override {
    if (v.node["distribution"]) return read_distribution(diag, v, range, out);
    if (has_year_keys(v.node)) return read_schedule(diag, v, range, out);
    const std::string distribution = "a distribution ({distribution: normal, mean: ..., sd: ...})";
    diag.error(
        v.mark, v.path,
        "expected a number " + range.describe() +
            (is_contract_term(v.path) ? ", " + distribution + " or a schedule by performance year ({1: ..., 3: ...})"
                                      : " or " + distribution) +
            ", got a map");
    return false;
  }

 private:
  static bool is_contract_term(const std::string& path) { return path.rfind("contracts[", 0) == 0; }

  bool read_distribution(Diagnostics& diag, const Value& v, const Range& range, double& out) {
    MapReader m(diag, v);
    static const std::vector<std::string> kinds = {"normal", "lognormal", "gamma", "beta", "uniform", "triangular"};
    int kind = -1;
    if (!m.choice("distribution", kind, kinds, Need::required)) {
      for (const char* k : {"mean", "sd", "mode", "min", "max"}) m.accept(k);
      m.finish();
      return false;
    }
    DistributionSpec d;
    d.kind = static_cast<DistributionKind>(kind);
    const bool by_bounds = d.kind == DistributionKind::uniform || d.kind == DistributionKind::triangular;
    const Range any = Range::closed(-1e300, 1e300);
    constexpr std::string_view inside = "(a distribution's parameters are fixed)";
    bool ok = true;
    if (!by_bounds) {
      ok &= m.plain_number("mean", d.mean, any, inside, Need::required);
      ok &= m.plain_number("sd", d.sd, Range::closed(0, 1e300), inside, Need::required);
    }
    if (d.kind == DistributionKind::triangular) ok &= m.plain_number("mode", d.mode, any, inside, Need::required);
    const Need bounds = by_bounds ? Need::required : Need::optional;
    ok &= m.plain_number("min", d.min, any, inside, bounds);
    ok &= m.plain_number("max", d.max, any, inside, bounds);
    m.finish();
    if (!ok) return false;
    if (const std::string problem = distribution_problem(d); !problem.empty()) {
      diag.error(v.mark, v.path, problem);
      return false;
    }
    const double outside = mass_outside(d, range.lo, range.hi);
    if (outside > 1e-9) {
      diag.error(v.mark, v.path,
                 "the distribution puts " + yaml::format_number(outside) +
                     " of its probability outside the accepted values (must be " + range.describe() +
                     "); give min and max within them");
      return false;
    }
    // The accepted range truncates what is left (at most 1e-9 of the probability).
    d.min = std::max(d.min, range.lo);
    d.max = std::min(d.max, range.hi);
    const double nominal = nominal_value(d);
    if (!range.contains(nominal)) {
      diag.error(v.mark, v.path,
                 "the distribution's mean must be " + range.describe() + ", got " + yaml::format_number(nominal));
      return false;
    }
    uncertain.push_back({v.path, d, {v.path}});
    out = nominal;
    return true;
  }

  bool read_schedule(Diagnostics& diag, const Value& v, const Range& range, double& out) {
    if (!is_contract_term(v.path)) {
      diag.error(v.mark, v.path,
                 "a schedule by year ({1: ..., 3: ...}) is accepted for contract terms and payers' shares only; "
                 "a number " +
                     range.describe() + " or a distribution is expected here");
      return false;
    }
    YearSchedule schedule;
    if (!read_year_schedule(diag, v, range, years_, schedule)) return false;
    out = scheduled_value(schedule, std::max(year_, 1));
    schedules.push_back(std::move(schedule));
    return true;
  }

  int year_;  //!< 0: nominal; else the performance year (1-based) of the parse
  int years_ = SimulationConfig{}.years;
};

// ---- parser -------------------------------------------------------------------------------

class Parser {
 public:
  //! `year` 0 reads every schedule's year-1 value.
  explicit Parser(Diagnostics& diag, int year = 0) : d_(diag), numbers_(year) { d_.set_resolver(&numbers_); }
  ~Parser() { d_.set_resolver(nullptr); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  std::vector<UncertainParameter> take_uncertain() { return std::move(numbers_.uncertain); }
  std::vector<YearSchedule> take_schedules() { return std::move(numbers_.schedules); }

  Scenario parse(const Value& root_value) {
    Scenario s;
    MapReader root(d_, root_value);
    {
      MapReader m = root.map("simulation", Need::required);
      read_simulation(m, s.simulation);
    }
    {
      MapReader m = root.map("population", Need::required);
      read_population(m, s.population);
    }
    {
      MapReader m = root.map("services", Need::required);
      read_services(m, s.services);
    }
    read_admission_types(root, s.admission_types);
    {
      MapReader m = root.map("provider");
      read_provider(m, s.provider);
    }
    read_quality(root, s.quality);
    read_payers(root, s.payers);
    read_shocks(root, s.shocks);
    read_interventions(root, s.interventions);
    read_behaviour(root, s.behaviour);
    read_contracts(root, s.contracts);
    root.finish();
    return s;
  }

 private:
  void read_simulation(MapReader& m, SimulationConfig& sim) {
    m.string("name", sim.name, Need::required, name_check(100, "_.-", ", '_', '.' and '-'"));
    m.integer("replications", sim.replications, 1, 100'000'000);
    if (m.integer("years", sim.years, 1, 50)) {
      years_ = sim.years;
      numbers_.set_years(sim.years);
    }
    if (m.integer("baseline_years", sim.baseline_years, 0, 20)) {
      baseline_years_ = sim.baseline_years;
    }
    m.integer("warmup_years", sim.warmup_years, 0, 50);
    m.unsigned_integer("seed", sim.seed, 0, std::numeric_limits<std::uint64_t>::max());
    m.integer("block_size", sim.block_size, 1, 1'048'576);
    m.boolean("variance_decomposition", sim.variance_decomposition);
    m.finish();
  }

  void read_population(MapReader& m, PopulationConfig& pop) {
    m.integer("size", pop.size, 1, 4'000'000'000LL, Need::required);
    m.number("churn", pop.churn, Range::closed(0, 1));
    m.boolean("age_out", pop.age_out);
    {
      MapReader sex = m.map("sex");
      sex.number("female_share", pop.sex.female_share, Range::closed(0, 1));
      sex.number("female_mortality", pop.sex.female_mortality, Range::closed(0, 100));
      sex.number("female_risk_score", pop.sex.female_risk_score, Range::closed(0, 100));
      sex.number("female_utilization", pop.sex.female_utilization, Range::closed(0, 100));
      sex.finish();
    }
    {
      MapReader fr = m.map("frailty");
      fr.number("shape", pop.frailty.shape, Range::above(0, 1000));
      fr.number("persistence", pop.frailty.persistence, Range::closed(0, 1));
      fr.number("mortality_exponent", pop.frailty.mortality_exponent, Range::closed(0, 5));
      fr.finish();
    }
    std::optional<std::size_t> band_count;
    if (auto bands = m.sequence("age_bands", 1, kMaxAgeBands, Need::required)) {
      band_count = bands->node.size();
      read_age_bands(*bands, pop.age_bands);
    }
    const bool has_conditions = m.has("conditions");
    if (auto conds = m.sequence("conditions", 0, kMaxConditions)) {
      read_conditions(*conds, band_count, pop.conditions);
    } else if (m.valid() && !has_conditions) {
      condition_names_complete_ = true;  // no conditions
    }
    m.finish();
  }

  void read_age_bands(const Value& seq, std::vector<AgeBand>& out) {
    const std::size_t n = seq.node.size();
    out.assign(n, AgeBand{});
    bool shares_ok = true;
    std::optional<int> previous_max;  // max_age of the previous band, if valid
    for (std::size_t i = 0; i < n; ++i) {
      AgeBand& b = out[i];
      MapReader m(d_, yaml::item(seq, i));
      const bool min_ok = m.integer("min_age", b.min_age, 0, 120, Need::required);
      const bool max_ok = m.integer("max_age", b.max_age, 0, 120, Need::required);
      shares_ok &= m.plain_number("share", b.share, Range::closed(0, 1), kSumsToOne, Need::required);
      m.number("mortality", b.mortality, Range::below(0, 1), Need::required);
      m.number("risk_score", b.risk_score, Range::closed(0, 100));
      m.number("utilization", b.utilization, Range::above(0, 100));
      bool band_ok = min_ok && max_ok;
      if (band_ok && b.max_age < b.min_age) {
        d_.error(m.get("max_age")->mark, m.key_path("max_age"),
                 "must be >= min_age (" + std::to_string(b.min_age) + "), got " + std::to_string(b.max_age));
        band_ok = false;
      }
      if (min_ok && previous_max && b.min_age != *previous_max + 1) {
        d_.error(m.get("min_age")->mark, m.key_path("min_age"),
                 "age bands must be in ascending order and contiguous: expected " + std::to_string(*previous_max + 1) +
                     " (previous band's max_age + 1), got " + std::to_string(b.min_age));
      }
      previous_max = band_ok ? std::optional<int>(b.max_age) : std::nullopt;
      m.finish();
    }
    if (shares_ok) {
      double sum = 0.0;
      for (const auto& b : out) sum += b.share;
      if (std::abs(sum - 1.0) > kShareTolerance) {
        d_.error(seq.mark, seq.path,
                 "the shares of the age bands must sum to 1 (within 1e-6), got " + yaml::format_number(sum));
      }
    }
  }

  void read_conditions(const Value& seq, std::optional<std::size_t> band_count, std::vector<ConditionConfig>& out) {
    const std::size_t n = seq.node.size();
    out.assign(n, ConditionConfig{});
    std::map<std::string, int> first_line;
    condition_names_complete_ = true;
    for (std::size_t i = 0; i < n; ++i) {
      ConditionConfig& c = out[i];
      MapReader m(d_, yaml::item(seq, i));
      if (!m.string("name", c.name, Need::required,
                    name_check(std::numeric_limits<std::size_t>::max(), "_", " and '_'"))) {
        condition_names_complete_ = false;
      } else {
        if (std::find(condition_names_.begin(), condition_names_.end(), c.name) == condition_names_.end()) {
          condition_names_.push_back(c.name);
        }
        const auto v = m.get("name");
        if (auto [it, inserted] = first_line.emplace(c.name, v->mark.line + 1); !inserted) {
          d_.error(
              v->mark, v->path,
              "duplicate condition name '" + c.name + "' (first given at line " + std::to_string(it->second) + ")");
        }
      }
      if (auto v = m.get("prevalence", Need::required)) {
        read_prevalence(*v, band_count, c.prevalence);
      }
      m.number("incidence", c.incidence, Range::closed(0, 1));
      m.number("risk_score", c.risk_score, Range::closed(0, 100));
      m.number("mortality", c.mortality, Range::closed(0, 100));
      read_category_factors(m, "utilization", c.utilization, 100);
      m.finish();
    }
  }

  //! A map of multipliers by category under `key`: `all` sets every category, then category
  //! names override it; each in [0, max].
  void read_category_factors(MapReader& m, std::string_view key, CategoryFactors& out, double max) {
    MapReader u = m.map(key);
    double all = 1.0;
    if (u.number("all", all, Range::closed(0, max))) out.fill(all);
    if (UncertainParameter* p = numbers_.uncertain_at(u.key_path("all"))) {  // held by the categories not named
      p->stored_at.clear();
      for (std::string_view name : kCategoryNames)
        if (!u.has(name)) p->stored_at.push_back(u.key_path(name));
    }
    for (int k = 0; k < kCategoryCount; ++k)
      u.number(kCategoryNames[static_cast<std::size_t>(k)], out[static_cast<std::size_t>(k)], Range::closed(0, max));
    u.finish();
  }

  void read_prevalence(const Value& v, std::optional<std::size_t> band_count, std::vector<double>& out) {
    const Range unit = Range::closed(0, 1);
    if (v.node.IsSequence()) {
      const std::size_t n = v.node.size();
      if (band_count && n != *band_count) {
        d_.error(v.mark, v.path,
                 "expected " + std::to_string(*band_count) + " values (one per age band), got " + std::to_string(n));
        return;
      }
      out.assign(n, 0.0);
      for (std::size_t i = 0; i < n; ++i) yaml::read_number(d_, yaml::item(v, i), unit, out[i]);
      return;
    }
    if (v.node.IsScalar()) {
      double x = 0.0;
      if (yaml::read_number(d_, v, unit, x)) out.assign(band_count.value_or(1), x);
      return;
    }
    d_.error(v.mark, v.path,
             "expected a number or a sequence of numbers (one per age band), got " + yaml::describe_node(v.node));
  }

  void read_services(MapReader& m, std::array<ServiceConfig, kCategoryCount>& out) {
    for (int k = 0; k < kCategoryCount; ++k) {
      const auto category = static_cast<Category>(k);
      ServiceConfig& s = out[static_cast<std::size_t>(k)];
      s.category = category;
      MapReader sm = m.map(kCategoryNames[static_cast<std::size_t>(k)], Need::required);
      sm.number("rate", s.rate, is_admission_driven(category) ? Range::closed(0, 1) : Range::closed(0, 1000),
                Need::required);
      sm.number("fee", s.fee, Range::closed(0, 1e9), Need::required);
      int deliverer = 0;
      if (sm.choice("delivered_by", deliverer, {"provider", "others"}, Need::required)) {
        s.delivered_by = deliverer == 0 ? Deliverer::provider : Deliverer::others;
      }
      sm.number("unit_cost", s.unit_cost, Range::closed(0, 1e9));
      sm.number("frailty_exponent", s.frailty_exponent, Range::closed(0, 5));
      sm.number("end_of_life", s.end_of_life, Range::closed(0, 1000));
      double cv = 0.0;
      if (sm.number("severity_cv", cv, Range::closed(0, 20))) {
        s.severity.enabled = cv > 0.0;
        s.severity.cv = cv;
      }
      int distribution = 0;
      if (sm.choice("severity_distribution", distribution, {"lognormal", "gamma"})) {
        s.severity.distribution = distribution == 0 ? SeverityDistribution::lognormal : SeverityDistribution::gamma;
      }
      sm.finish();
    }
    m.finish();
  }

  void read_provider(MapReader& m, ProviderConfig& p) {
    m.number("fixed_costs", p.fixed_costs, Range::closed(0, 1e15));
    m.number("reserves", p.reserves, Range::closed(-1e15, 1e15));
    m.integer("claims_lag_months", p.claims_lag_months, 0, 24);
    m.integer("settlement_lag_months", p.settlement_lag_months, 0, 36);
    m.finish();
  }

  //! A name for an item of a list (`what`, e.g. "admission type"), unique within `names`.
  bool read_item_name(MapReader& m, std::string& out, std::vector<std::string>& names, std::string_view what,
                      std::map<std::string, int>& first_line) {
    if (!m.string("name", out, Need::required, name_check(64, "_-", ", '_' and '-'"))) return false;
    const auto v = m.get("name");
    if (auto [it, inserted] = first_line.emplace(out, v->mark.line + 1); !inserted) {
      d_.error(v->mark, v->path,
               "duplicate " + std::string(what) + " name '" + out + "' (first given at line " +
                   std::to_string(it->second) + ")");
      return false;
    }
    names.push_back(out);
    return true;
  }

  //! The optional `admission_types` list.
  void read_admission_types(MapReader& root, std::vector<AdmissionType>& out) {
    auto seq = root.sequence("admission_types", 0, kMaxAdmissionTypes);
    if (!seq) return;
    out.assign(seq->node.size(), AdmissionType{});
    std::map<std::string, int> first_line;
    double shares = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      AdmissionType& a = out[i];
      MapReader m(d_, yaml::item(*seq, i));
      read_item_name(m, a.name, admission_type_names_, "admission type", first_line);
      const bool has_share = m.has("share"), has_rate = m.has("rate");
      if (has_share == has_rate) {
        d_.error(m.value().mark, m.value().path,
                 "give exactly one of 'share' (a share of the index admissions) and 'rate' (admissions "
                 "of their own per member-year)");
      }
      if (m.plain_number("share", a.share, Range::closed(0, 1), kSumsToOne)) shares += a.share;
      m.number("rate", a.rate, Range::closed(0, 100));
      if (auto v = m.get("frailty_exponent"); v && !has_rate) {
        d_.error(v->mark, v->path, "applies only to an admission type with a 'rate'");
      }
      m.number("frailty_exponent", a.frailty_exponent, Range::closed(0, 5));
      m.number("cost_factor", a.cost_factor, Range::above(0, 100));
      m.number("readmission_factor", a.readmission_factor, Range::closed(0, 100));
      m.number("post_acute_factor", a.post_acute_factor, Range::closed(0, 100));
      m.finish();
    }
    if (shares > 1.0 + 1e-9) {
      d_.error(seq->mark, seq->path,
               "the shares of the admission types add up to " + yaml::format_number(shares) +
                   ", more than 1 (all index admissions)");
    }
  }

  //! The optional `payers` list: shares of the panel that add up to 1, in every performance
  //! year when some follow a schedule ({1: 0.6, 3: 0.5}).
  void read_payers(MapReader& root, std::vector<PayerConfig>& out) {
    auto seq = root.sequence("payers", 0, 255);
    if (!seq) return;
    out.assign(seq->node.size(), PayerConfig{});
    std::map<std::string, int> first_line;
    bool shares_ok = true, scheduled = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
      MapReader m(d_, yaml::item(*seq, i));
      read_item_name(m, out[i].name, payer_names_, "payer", first_line);
      if (const auto v = m.get("share", Need::required)) {
        shares_ok &= read_payer_share(*v, out[i]);
        scheduled = scheduled || !out[i].share_by_year.empty();
      } else {
        shares_ok = false;
      }
      m.finish();
    }
    if (!shares_ok || out.empty()) return;
    for (int year = 0; year < (scheduled ? years_ : 1); ++year) {
      double shares = 0;
      for (const PayerConfig& p : out) shares += p.share_in_year(year);
      if (std::abs(shares - 1.0) > kShareTolerance) {
        d_.error(seq->mark, seq->path,
                 "the payers' shares must add up to 1 (the whole panel)" +
                     (scheduled ? " in every performance year; in year " + std::to_string(year + 1) + " they add up to "
                                : std::string(", got ")) +
                     yaml::format_number(shares));
        return;
      }
    }
  }

  //! A payer's share: a plain number, or a schedule by performance year (kept for every year).
  bool read_payer_share(const Value& v, PayerConfig& payer) {
    if (!has_year_keys(v.node))
      return yaml::read_plain_number(
          d_, v, Range::above(0, 1), payer.share,
          "(the payers' shares add up to 1, so one cannot be a distribution; a schedule by performance year, "
          "{1: ..., 3: ...}, is accepted)");
    YearSchedule schedule;  // 0 allowed: a payer that joins or leaves the panel
    if (!read_year_schedule(d_, v, Range::closed(0, 1), years_, schedule)) return false;
    payer.share = scheduled_value(schedule, 1);
    for (int year = 1; year <= years_; ++year) payer.share_by_year.push_back(scheduled_value(schedule, year));
    return true;
  }

  //! The optional `shocks` list.
  //! The optional `behaviour` map: contract type -> the provider's response under it.
  void read_behaviour(MapReader& root, std::vector<BehaviourConfig>& out) {
    MapReader m = root.map("behaviour");
    if (!m.valid()) return;
    for (const ContractType type : kContractTypes) {
      if (type == ContractType::blend || type == ContractType::transition) {
        m.explain_unknown(to_string(type),
                          "a " + std::string(to_string(type)) + " takes the behaviour of the contracts it is made of");
        continue;
      }
      if (!m.has(to_string(type))) continue;
      MapReader b = m.map(to_string(type));
      BehaviourConfig behaviour;
      behaviour.type = type;
      read_category_factors(b, "utilization", behaviour.utilization, 10);
      b.number("screening", behaviour.screening, Range::closed(0, 10));
      b.number("control", behaviour.control, Range::closed(0, 10));
      b.finish();
      out.push_back(behaviour);
    }
    m.finish();
  }

  void read_shocks(MapReader& root, std::vector<ShockConfig>& out) {
    auto seq = root.sequence("shocks", 0, 16);
    if (!seq) return;
    out.assign(seq->node.size(), ShockConfig{});
    std::map<std::string, int> first_line;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < out.size(); ++i) {
      ShockConfig& k = out[i];
      MapReader m(d_, yaml::item(*seq, i));
      read_item_name(m, k.name, names, "shock", first_line);
      const bool has_year = m.has("year"), has_probability = m.has("probability");
      if (has_year == has_probability) {
        d_.error(m.value().mark, m.value().path,
                 "give exactly one of 'year' (a scheduled shock) and 'probability' (a random one)");
      }
      m.integer("year", k.year, 1, std::max(1, years_));
      m.number("probability", k.probability, Range::closed(0, 1));
      m.number("duration_months", k.duration_months, Range::closed(0, 12));
      read_category_factors(m, "utilization", k.utilization, 100);
      m.number("price", k.price, Range::closed(0, 100));
      m.number("cost", k.cost, Range::closed(0, 100));
      m.finish();
    }
  }

  //! The optional `interventions` list.
  void read_interventions(MapReader& root, std::vector<InterventionConfig>& out) {
    auto seq = root.sequence("interventions", 0, kMaxInterventions);
    if (!seq) return;
    out.assign(seq->node.size(), InterventionConfig{});
    std::map<std::string, int> first_line;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < out.size(); ++i) {
      InterventionConfig& iv = out[i];
      MapReader m(d_, yaml::item(*seq, i));
      read_item_name(m, iv.name, names, "intervention", first_line);
      m.integer("start_year", iv.start_year, 1, std::max(1, years_));
      m.number("target_top_risk_share", iv.target_top_risk_share, Range::above(0, 1));
      m.number("enrollment", iv.enrollment, Range::closed(0, 1));
      read_category_factors(m, "effects", iv.effects, 10);
      if (m.number("screening_gain", iv.screening_gain, Range::closed(0, 1)) && iv.screening_gain > 0 &&
          screening_.has_value() && !*screening_) {
        const auto v = m.get("screening_gain");
        d_.error(v->mark, v->path, "needs quality.screening_per_visit > 0 (screening is not simulated)");
      }
      if (m.number("control_gain", iv.control_gain, Range::closed(0, 1)) && iv.control_gain > 0 &&
          control_.has_value() && !*control_) {
        const auto v = m.get("control_gain");
        d_.error(v->mark, v->path, "needs quality.controlled_condition (control is not simulated)");
      }
      if (auto ramp = m.sequence("ramp", 0, 50)) {
        iv.ramp.clear();
        for (std::size_t j = 0; j < ramp->node.size(); ++j) {
          double x = 0;
          if (yaml::read_number(d_, yaml::item(*ramp, j), Range::closed(0, 1), x)) iv.ramp.push_back(x);
        }
      }
      m.number("cost_per_member_year", iv.cost_per_member_year, Range::closed(0, 1e7));
      m.number("caseload", iv.caseload, Range::closed(0, 1e6));
      m.number("fte_salary", iv.fte_salary, Range::closed(0, 1e8));
      if (iv.fte_salary > 0 && !(iv.caseload > 0)) {
        const auto v = m.get("fte_salary");
        d_.error(v->mark, v->path, "needs a caseload (enrolled members per FTE) to count the FTEs");
      }
      m.number("one_time_cost", iv.one_time_cost, Range::closed(0, 1e12));
      m.integer("amortisation_years", iv.amortisation_years, 1, 50);
      m.finish();
    }
  }

  //! The optional `quality` section; records which settings the quality measures may use.
  void read_quality(MapReader& root, QualityConfig& q) {
    if (!root.has("quality")) {
      root.accept("quality");
      screening_ = avoidable_ = control_ = false;  // all off
      return;
    }
    MapReader m = root.map("quality");
    if (!m.valid()) return;  // not a map: reported; the measures' needs stay unknown
    const Range unit = Range::closed(0, 1);
    if (m.number("screening_per_visit", q.screening_per_visit, unit)) {
      screening_ = q.screening_per_visit > 0.0;
    }
    const bool condition_ok = read_condition_name(m, "controlled_condition", q.controlled_condition);
    if (condition_ok) control_ = !q.controlled_condition.empty();
    const bool base_ok = m.number("control_base", q.control_base, unit);
    const bool per_visit_ok = m.number("control_per_visit", q.control_per_visit, unit);
    const bool max_ok = m.number("control_max", q.control_max, unit);
    if (condition_ok && q.controlled_condition.empty()) {
      // The control keys mean nothing without a condition; at their defaults (as to_yaml
      // writes them) they are accepted.
      const QualityConfig defaults;
      const std::array<std::tuple<std::string_view, bool, double, double>, 3> keys = {{
          {"control_base", base_ok, q.control_base, defaults.control_base},
          {"control_per_visit", per_visit_ok, q.control_per_visit, defaults.control_per_visit},
          {"control_max", max_ok, q.control_max, defaults.control_max},
      }};
      for (const auto& [key, ok, value, default_value] : keys) {
        const auto v = m.get(key);
        if (!v || !ok || value == default_value) continue;
        d_.error(v->mark, v->path,
                 "needs quality.controlled_condition (the condition whose control it "
                 "describes)");
      }
    }
    if (base_ok && max_ok && q.control_max < q.control_base) {
      const auto v = m.get("control_max");
      const Value& at = v ? *v : m.value();
      d_.error(at.mark, at.path,
               "must be >= control_base (" + yaml::format_number(q.control_base) + "), got " +
                   yaml::format_number(q.control_max));
    }
    if (m.number("avoidable_share", q.avoidable_share, unit)) {
      avoidable_ = q.avoidable_share > 0.0;
    }
    m.finish();
  }

  //! `key` of `m` (`quality.controlled_condition`, `episode.trigger_condition`): "" (none) or
  //! the name of a condition of population.conditions. False after an error.
  bool read_condition_name(MapReader& m, std::string_view key, std::string& out) {
    std::string name;
    if (!m.string(key, name)) return false;
    if (name.empty()) {
      out.clear();
      return true;
    }
    for (const auto& c : condition_names_) {
      if (c == name) {
        out = name;
        return true;
      }
    }
    // A condition whose name was invalid (reported) might have been meant.
    if (!condition_names_complete_) return false;
    const auto v = m.get(key);
    std::string msg = "unknown condition '" + name + "'";
    if (auto s = yaml::suggest(name, condition_names_)) msg += "; did you mean '" + *s + "'?";
    msg += condition_names_.empty()
               ? " (population.conditions is empty)"
               : " (the conditions of population.conditions: " + yaml::join(condition_names_) + ")";
    d_.error(v->mark, v->path, msg);
    return false;
  }

  //! `key` of `m`: "" (none) or one of `names` (the `section` of the scenario lists them).
  bool read_listed_name(MapReader& m, std::string_view key, std::string& out, const std::vector<std::string>& names,
                        std::string_view what, std::string_view section) {
    std::string name;
    if (!m.string(key, name)) return false;
    if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
      out = name;
      return true;
    }
    const auto v = m.get(key);
    std::string msg = "unknown " + std::string(what) + " '" + name + "'";
    if (auto s = yaml::suggest(name, names)) msg += "; did you mean '" + *s + "'?";
    msg += names.empty() ? " (the scenario has no " + std::string(section) + " section)"
                         : " (" + std::string(section) + ": " + yaml::join(names) + ")";
    d_.error(v->mark, v->path, msg);
    return false;
  }

  //! `quality_measures` of a capitation, shared or pay_for_performance contract; true when the contract gives at
  //! least one measure (a non-empty sequence, whether or not its items are valid).
  bool read_quality_measures(MapReader& m, std::vector<QualityMeasure>& out) {
    auto seq = m.sequence("quality_measures", 0, kMaxQualityMeasures);
    if (!seq) return false;
    const std::size_t n = seq->node.size();
    out.assign(n, QualityMeasure{});
    for (std::size_t i = 0; i < n; ++i) {
      QualityMeasure& q = out[i];
      MapReader r(d_, yaml::item(*seq, i));
      int kind = -1;
      if (r.choice("measure", kind, quality_measure_names(), Need::required)) {
        q.kind = kQualityMeasureKinds[static_cast<std::size_t>(kind)];
        check_measure_needs(q.kind, *r.get("measure"));
      }
      const Range range = Range::closed(0, 1e6);
      const bool threshold_ok = r.number("threshold", q.threshold, range, Need::required);
      const bool benchmark_ok = r.number("benchmark", q.benchmark, range, Need::required);
      if (threshold_ok && benchmark_ok && q.threshold == q.benchmark) {
        const auto v = r.get("benchmark");
        d_.error(v->mark, v->path,
                 "must differ from threshold (" + yaml::format_number(q.threshold) +
                     "; the measure scores 0 at the threshold and 1 at the benchmark), got " + v->node.Scalar());
      }
      r.number("weight", q.weight, Range::above(0, 1000));
      r.finish();
    }
    return n > 0;
  }

  //! Reports a measure that needs a quality setting that is off (`at`: the measure's value).
  void check_measure_needs(QualityMeasureKind kind, const Value& at) {
    const std::optional<bool>* on = nullptr;
    std::string_view need;
    switch (kind) {
      case QualityMeasureKind::screening_rate:
        on = &screening_;
        need = "quality.screening_per_visit > 0";
        break;
      case QualityMeasureKind::control_rate:
        on = &control_;
        need = "quality.controlled_condition";
        break;
      case QualityMeasureKind::avoidable_admissions_per_1000:
        on = &avoidable_;
        need = "quality.avoidable_share > 0";
        break;
      default:
        return;
    }
    require_quality_setting(*on, need, at, "measure '" + std::string(to_string(kind)) + "'");
  }

  //! Reports `what` at `at` when the quality setting it needs is known to be off (an
  //! unknown setting, after an error in `quality`, reports nothing more).
  void require_quality_setting(const std::optional<bool>& on, std::string_view need, const Value& at,
                               const std::string& what) {
    if (!on.has_value() || *on) return;
    d_.error(at.mark, at.path, what + " needs " + std::string(need));
  }

  void read_contracts(MapReader& root, std::vector<ContractConfig>& out) {
    auto seq = root.sequence("contracts", 1, kMaxContracts, Need::required);
    if (!seq) return;
    const std::size_t n = seq->node.size();
    out.assign(n, ContractConfig{});
    std::map<std::string, int> first_line;
    for (std::size_t i = 0; i < n; ++i) {
      ContractConfig& c = out[i];
      MapReader m(d_, yaml::item(*seq, i));
      if (m.string("name", c.name, Need::required, name_check(64, "_-", ", '_' and '-'"))) {
        const auto v = m.get("name");
        if (auto [it, inserted] = first_line.emplace(c.name, v->mark.line + 1); !inserted) {
          d_.error(v->mark, v->path,
                   "duplicate contract name '" + c.name + "' (first given at line " + std::to_string(it->second) + ")");
        }
      }
      int type = -1;
      m.choice("type", type, contract_type_names(), Need::required);
      if (type < 0) {
        // Type missing or invalid (already reported): do not pile unknown-key errors on top.
        for (const ContractKey& k : kContractKeys) m.accept(k.key);
        m.finish();
        continue;
      }
      c.terms = default_terms(kContractTypes[static_cast<std::size_t>(type)]);
      if (c.type() == ContractType::transition) read_stages(m, c.as<TransitionTerms>().stages);
      if (c.type() == ContractType::blend) {
        read_components(m, c.as<BlendTerms>().components);
      } else {
        read_listed_name(m, "payer", c.payer, payer_names_, "payer", "payers");
      }
      const bool capitation = c.type() == ContractType::capitation;
      const bool two_sided = c.type() == ContractType::shared_risk;
      const bool shared = two_sided || c.type() == ContractType::shared_savings;
      const bool p4p = c.type() == ContractType::pay_for_performance;
      if (capitation) read_capitation(m, c.as<CapitationTerms>());
      if (shared) read_shared(m, two_sided, shared_terms(c));
      if (p4p) read_pay_for_performance(m, c.as<PayForPerformanceTerms>());
      if (c.type() == ContractType::cost_per_outcome) read_outcome(m, c.as<OutcomeTerms>());
      if (c.type() == ContractType::bundled_payment) read_bundle(m, c.name, c.as<BundleTerms>());
      if ((capitation || shared || p4p) && read_quality_measures(m, c.quality_measures)) {
        if (auto v = m.get("quality_score")) {
          d_.error(v->mark, v->path, "the quality score is computed from quality_measures; remove one of them");
        }
      }
      for (const ContractKey& k : kContractKeys) {
        if ((k.types & type_bit(c.type())) != 0) continue;
        std::string note = "'" + std::string(k.key) + "' applies only to " + type_names(k.types) + " contracts";
        if (shared && k.key == "risk_adjusted") note += " (did you mean benchmark.risk_adjusted?)";
        if (c.type() == ContractType::blend && k.key == "payer")
          note = "a blend covers every payer through its components; 'payer' applies to the components";
        if (c.type() == ContractType::bundled_payment) {
          if (k.key == "risk_adjusted") note += " (did you mean target.risk_adjusted?)";
          if (k.key == "covers") note += " (did you mean episode.includes?)";
          if (k.key == "benchmark") note += " (did you mean target?)";
        }
        m.explain_unknown(k.key, std::move(note));
      }
      m.finish();
    }
    check_blends(*seq, out);
    check_transitions(*seq, out);
  }

  //! The `stages` of a transition: from_year ascending from 1, contract names checked later.
  void read_stages(MapReader& m, std::vector<TransitionStage>& out) {
    auto v = m.sequence("stages", 1, 50, Need::required);
    if (!v) return;
    out.assign(v->node.size(), TransitionStage{});
    int previous = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      MapReader r(d_, yaml::item(*v, i));
      if (r.integer("from_year", out[i].from_year, 1, std::max(1, years_), Need::required)) {
        const int expected_first = 1;
        if (i == 0 && out[i].from_year != expected_first) {
          const auto at = r.get("from_year");
          d_.error(at->mark, at->path, "the first stage starts in year 1, got " + std::to_string(out[i].from_year));
        } else if (i > 0 && out[i].from_year <= previous) {
          const auto at = r.get("from_year");
          d_.error(at->mark, at->path,
                   "stages must start in ascending years: after year " + std::to_string(previous) + ", got " +
                       std::to_string(out[i].from_year));
        }
        previous = out[i].from_year;
      }
      r.string("contract", out[i].contract, Need::required);
      r.finish();
    }
  }

  //! Each stage of a transition names another contract (not a transition or a blend) for the
  //! transition's members: the same payer.
  void check_transitions(const Value& seq, const std::vector<ContractConfig>& contracts) {
    std::vector<std::string> names;
    for (const auto& c : contracts) names.push_back(c.name);
    for (std::size_t i = 0; i < contracts.size(); ++i) {
      const ContractConfig& t = contracts[i];
      if (t.type() != ContractType::transition) continue;
      MapReader m(d_, yaml::item(seq, i));
      const auto at = m.get("stages");
      for (const char* key : {"name", "type", "stages", "payer"}) m.accept(key);
      if (!at || !at->node.IsSequence()) continue;
      for (std::size_t k = 0; k < t.as<TransitionTerms>().stages.size() && k < at->node.size(); ++k) {
        const std::string& name = t.as<TransitionTerms>().stages[k].contract;
        if (name.empty()) continue;
        MapReader stage(d_, yaml::item(*at, k));
        stage.accept("from_year");
        const auto where = stage.get("contract");
        if (!where) continue;
        const auto it = std::find_if(contracts.begin(), contracts.end(), [&](const auto& c) { return c.name == name; });
        if (it == contracts.end()) {
          std::string msg = "unknown contract '" + name + "'";
          if (auto sug = yaml::suggest(name, names)) msg += "; did you mean '" + *sug + "'?";
          d_.error(where->mark, where->path, msg);
        } else if (it->type() == ContractType::transition || it->type() == ContractType::blend) {
          d_.error(
              where->mark, where->path,
              "'" + name + "' is a " + std::string(to_string(it->type())) + ": a stage is a contract of another type");
        } else if (it->payer != t.payer) {
          d_.error(where->mark, where->path,
                   "'" + name + "' covers " + (it->payer.empty() ? "the whole panel" : "payer '" + it->payer + "'") +
                       ", the transition " + (t.payer.empty() ? "the whole panel" : "payer '" + t.payer + "'") +
                       ": every stage covers the transition's members");
        }
      }
    }
  }

  //! The `components` of a blend: names of contracts, checked once all are read.
  void read_components(MapReader& m, std::vector<std::string>& out) {
    auto v = m.sequence("components", 1, kMaxContracts, Need::required);
    if (!v) return;
    for (std::size_t i = 0; i < v->node.size(); ++i) {
      std::string name;
      if (yaml::read_string(d_, yaml::item(*v, i), name)) out.push_back(name);
    }
  }

  //! Each blend lists contracts with a payer, every payer of `payers` once.
  void check_blends(const Value& seq, const std::vector<ContractConfig>& contracts) {
    std::vector<std::string> names;
    for (const auto& c : contracts) names.push_back(c.name);
    for (std::size_t i = 0; i < contracts.size(); ++i) {
      const ContractConfig& blend = contracts[i];
      if (blend.type() != ContractType::blend) continue;
      MapReader m(d_, yaml::item(seq, i));
      m.accept("name");
      m.accept("type");
      m.accept("components");
      const auto at = m.get("components");
      if (!at) continue;
      if (payer_names_.empty()) {
        d_.error(at->mark, at->path, "a blend adds up contracts of several payers: the scenario has no payers section");
        continue;
      }
      std::map<std::string, std::string> covered;  // payer -> component
      for (std::size_t k = 0; k < blend.as<BlendTerms>().components.size(); ++k) {
        const std::string& name = blend.as<BlendTerms>().components[k];
        const Value item = yaml::item(*at, k);
        const auto it = std::find_if(contracts.begin(), contracts.end(), [&](const auto& c) { return c.name == name; });
        if (it == contracts.end()) {
          std::string msg = "unknown contract '" + name + "'";
          if (auto sug = yaml::suggest(name, names)) msg += "; did you mean '" + *sug + "'?";
          d_.error(item.mark, item.path, msg);
          continue;
        }
        if (it->type() == ContractType::blend || it->payer.empty()) {
          d_.error(item.mark, item.path,
                   "'" + name + "' " + (it->type() == ContractType::blend ? "is a blend" : "covers no single payer") +
                       ": a blend's components are contracts with a 'payer'");
          continue;
        }
        if (auto [p, inserted] = covered.emplace(it->payer, name); !inserted) {
          d_.error(item.mark, item.path,
                   "payer '" + it->payer + "' is covered twice (by '" + p->second + "' and '" + name + "')");
        }
      }
      std::vector<std::string> missing;
      for (const auto& p : payer_names_)
        if (!covered.count(p)) missing.push_back(p);
      if (!missing.empty() && covered.size() + missing.size() == payer_names_.size()) {
        d_.error(at->mark, at->path, "a blend covers every payer once; no component covers " + yaml::join(missing));
      }
    }
  }

  //! A per-member amount: a currency amount, or a truncation percentile resolved by the engine.
  struct MemberAmount {
    bool percentile = false;
    double value = 0.0;
    bool operator==(const MemberAmount&) const = default;
    //! "100000", or "percentile 0.99".
    std::string text() const { return (percentile ? "percentile " : "") + number_text(value); }
  };

  //! Records a per-member amount (a truncation or a stop-loss attachment, > 0) given at `at`;
  //! reports it if it is a distinct amount beyond the kMaxTruncations the engine tallies.
  void note_member_amount(double amount, const Value& at) { note_distinct(MemberAmount{false, amount}, at); }

  //! Records a truncation percentile (in (0, 1)) given at `at`: the engine resolves each
  //! distinct percentile into one per-member amount, so it counts like one.
  void note_member_percentile(double percentile, const Value& at) { note_distinct(MemberAmount{true, percentile}, at); }

  void note_distinct(MemberAmount amount, const Value& at) {
    for (const MemberAmount& a : member_amounts_) {
      if (a == amount) return;
    }
    member_amounts_.push_back(amount);
    if (member_amounts_.size() <= static_cast<std::size_t>(kMaxTruncations)) return;
    std::vector<std::string> first;
    for (int i = 0; i < kMaxTruncations; ++i) {
      first.push_back(member_amounts_[static_cast<std::size_t>(i)].text());
    }
    d_.error(at.mark, at.path,
             "at most " + std::to_string(kMaxTruncations) +
                 " distinct per-member truncation or stop-loss amounts per scenario; " + amount.text() +
                 " would be distinct amount number " + std::to_string(member_amounts_.size()) + " (the first " +
                 std::to_string(kMaxTruncations) + ": " + yaml::join(first) + ")");
  }

  void read_capitation(MapReader& m, CapitationTerms& cap) {
    m.number("pmpm", cap.pmpm, Range::closed(0, 1e7), Need::required);
    int timing = 0;
    if (m.choice("prepayment", timing, {"monthly", "quarterly", "annual"}))
      cap.prepayment = static_cast<Prepayment>(timing);
    m.boolean("risk_adjusted", cap.risk_adjusted);
    const bool covers_ok = read_categories(m, "covers", cap.covered, CoversDefault::all);
    m.number("quality_withhold", cap.quality_withhold, Range::closed(0, 1));
    m.number("quality_score", cap.quality_score, Range::closed(0, 1));
    read_stop_loss(m, covers_ok, cap);
    read_corridors(m, cap.corridors);
  }

  //! The keys of a pay_for_performance contract (but `quality_measures`).
  void read_pay_for_performance(MapReader& m, PayForPerformanceTerms& p) {
    m.number("withhold", p.withhold, Range::closed(0, 1));
    m.number("withhold_slope", p.withhold_slope, Range::closed(0, 10));
    read_readmission_penalty(m, p);
    m.number("scale", p.scale, Range::closed(0, 1));
    m.number("scale_threshold", p.scale_threshold, Range{0, 1, true, true});
    m.number("quality_score", p.quality_score, Range::closed(0, 1));
  }

  //! The optional `readmission_penalty` map of a pay_for_performance contract.
  void read_readmission_penalty(MapReader& m, PayForPerformanceTerms& p) {
    if (!m.has("readmission_penalty")) {
      m.accept("readmission_penalty");
      return;
    }
    MapReader r = m.map("readmission_penalty");
    if (!r.valid()) return;  // not a map: reported
    r.number("expected_rate", p.expected_readmission_rate, Range::above(0, 1), Need::required);
    r.number("multiplier", p.readmission_multiplier, Range::closed(0, 100));
    r.number("cap", p.readmission_penalty_cap, Range::closed(0, 1));
    r.finish();
  }

  //! The keys of a cost_per_outcome contract.
  void read_outcome(MapReader& m, OutcomeTerms& t) {
    int success = -1;
    if (m.choice("success", success, success_names(), Need::required)) {
      t.success = kSuccessDefinitions[static_cast<std::size_t>(success)];
      check_success_needs(t.success, *m.get("success"));
    }
    m.number("price_per_success", t.price_per_success, Range::closed(0, 1e9), Need::required);
    m.number("base_per_attempt", t.base_per_attempt, Range::closed(0, 1e9));
    read_categories(m, "covers", t.covered, CoversDefault::none);
  }

  //! Reports a success definition that needs a quality setting that is off (`at`: its value).
  void check_success_needs(SuccessDefinition success, const Value& at) {
    const std::optional<bool>* on = nullptr;
    std::string_view need;
    switch (success) {
      case SuccessDefinition::condition_controlled:
        on = &control_;
        need = "quality.controlled_condition";
        break;
      case SuccessDefinition::no_avoidable_admission:
        on = &avoidable_;
        need = "quality.avoidable_share > 0";
        break;
      default:
        return;
    }
    require_quality_setting(*on, need, at, "success " + std::string(to_string(success)));
  }

  //! What an absent `covers` means: all categories (capitation, and `includes` of an episode)
  //! or none (cost_per_outcome, which also accepts an empty list).
  enum class CoversDefault { all, none };

  //! A set of categories: `covers` of a capitation or cost_per_outcome contract, `includes` of
  //! an episode: `all` or a list of distinct categories (empty only with CoversDefault::none).
  //! False after an error.
  bool read_categories(MapReader& m, std::string_view key, std::array<bool, kCategoryCount>& covered,
                       CoversDefault default_covers) {
    const bool none_allowed = default_covers == CoversDefault::none;
    auto v = m.get(key);
    if (!v) {
      covered.fill(!none_allowed);
      return true;
    }
    if (v->node.IsScalar() && v->node.Scalar() == "all") {
      covered.fill(true);
      return true;
    }
    if (!v->node.IsSequence()) {
      d_.error(v->mark, v->path, "expected 'all' or a sequence of category names, got " + yaml::describe_node(v->node));
      return false;
    }
    if (!yaml::check_sequence(d_, *v, none_allowed ? 0 : 1, std::numeric_limits<std::size_t>::max())) {
      return false;
    }
    bool ok = true;
    covered.fill(false);
    for (std::size_t i = 0; i < v->node.size(); ++i) {
      const Value it = yaml::item(*v, i);
      int k = 0;
      if (!yaml::read_choice(d_, it, category_names(), k)) {
        ok = false;
        continue;
      }
      auto& flag = covered[static_cast<std::size_t>(k)];
      if (flag) {
        d_.error(it.mark, it.path, "duplicate category '" + category_names()[static_cast<std::size_t>(k)] + "'");
        ok = false;
      }
      flag = true;
    }
    return ok;
  }

  //! The optional `stop_loss` map of a capitation contract (`covers_ok`: its `covers` is valid).
  void read_stop_loss(MapReader& m, bool covers_ok, CapitationTerms& cap) {
    const auto v = m.get("stop_loss");
    if (!v) return;
    if (!v->node.IsMap()) {
      // A number is what stop_loss means on a bundled_payment contract: say which is which.
      d_.error(v->mark, v->path,
               "expected a map (the individual stop-loss of a capitation contract: attachment, "
               "coinsurance, premium_pmpm; a number is the stop-loss of a bundled_payment "
               "contract), got " +
                   yaml::describe_node(v->node));
      return;
    }
    MapReader sl(d_, *v);
    bool global = true;
    for (bool c : cap.covered) global = global && c;
    if (covers_ok && !global) {
      d_.error(sl.value().mark, sl.path(), "individual stop-loss needs a global capitation (covers: all)");
    }
    if (sl.number("attachment", cap.stop_loss_attachment, Range::above(0, 1e12), Need::required)) {
      note_member_amount(cap.stop_loss_attachment, *sl.get("attachment"));
    }
    sl.number("coinsurance", cap.stop_loss_coinsurance, Range::closed(0, 1), Need::required);
    sl.number("premium_pmpm", cap.stop_loss_premium_pmpm, Range::closed(0, 1e7));
    sl.finish();
  }

  //! The keys of a shared_savings contract (all of them) or a shared_risk one (`two_sided`).
  void read_shared(MapReader& m, bool two_sided, SharedSavingsTerms& t) {
    read_benchmark(m, t.benchmark);
    const bool amount = m.number("truncation", t.truncation, Range::closed(0, 1e12)) && t.truncation > 0.0;
    if (amount) note_member_amount(t.truncation, *m.get("truncation"));
    // A percentile (0 off) resolves into an amount per distinct percentile value.
    if (m.number("truncation_percentile", t.truncation_percentile, Range::below(0, 1)) &&
        t.truncation_percentile > 0.0) {
      const auto at = m.get("truncation_percentile");
      if (amount) {
        d_.error(at->mark, at->path, "give either truncation (an amount) or truncation_percentile, not both");
      } else {
        note_member_percentile(t.truncation_percentile, *at);
      }
    }
    read_rate_or_word(m, "minimum_savings_rate", "mssp", t.minimum_savings_rate, t.msr_size_based);
    m.number("sharing_rate", t.sharing_rate, Range::closed(0, 1));
    m.number("quality_score", t.quality_score, Range::closed(0, 1));
    m.number("savings_cap", t.savings_cap, Range::closed(0, 1));
    if (!two_sided) return;
    read_rate_or_word(m, "minimum_loss_rate", "mssp", t.minimum_loss_rate, t.mlr_size_based);
    read_rate_or_word(m, "loss_sharing_rate", "from_quality", t.loss_sharing_rate, t.loss_rate_from_quality);
    read_loss_bounds(m, t);
    m.number("loss_cap_benchmark", t.loss_cap_benchmark, Range::closed(0, 1));
    m.number("loss_cap_revenue", t.loss_cap_revenue, Range::closed(0, 1));
    read_corridors(m, t.corridors);
  }

  //! The optional `benchmark` map of a shared contract `m`.
  void read_benchmark(MapReader& m, BenchmarkTerms& bt) {
    if (!m.has("benchmark")) {
      m.accept("benchmark");
      check_default_method(m, kBenchmarkMethod);
      return;
    }
    MapReader b = m.map("benchmark");
    if (!b.valid()) return;  // not a map: reported
    const std::optional<bool> historical = read_method(b);
    if (historical) bt.method = *historical ? BenchmarkMethod::historical : BenchmarkMethod::fixed;
    if (historical == true) read_baseline_weights(b, bt.baseline_weights);
    b.number("trend", bt.trend, Range::closed(-0.5, 1));
    b.boolean("risk_adjusted", bt.risk_adjusted);
    b.number("risk_growth_cap", bt.risk_growth_cap, Range::closed(0, 10));
    if (historical == true) {
      const bool weight_ok = b.number("regional_weight", bt.regional_weight, Range::closed(0, 1));
      const bool pmpy_ok = b.number("regional_pmpy", bt.regional_pmpy, Range::closed(0, 1e9));
      if (weight_ok && pmpy_ok && bt.regional_weight > 0.0 && !(bt.regional_pmpy > 0.0)) {
        if (auto v = b.get("regional_pmpy")) {
          d_.error(v->mark, v->path,
                   "must be > 0 when regional_weight > 0 (regional_weight is " +
                       yaml::format_number(bt.regional_weight) + "), got " + v->node.Scalar());
        } else {
          d_.error(b.value().mark, b.path(),
                   "missing key 'regional_pmpy', required when regional_weight > 0 "
                   "(regional_weight is " +
                       yaml::format_number(bt.regional_weight) + ")");
        }
      }
      b.integer("agreement_years", bt.agreement_years, 0, 50);
    } else if (historical == false) {
      b.number("pmpy", bt.fixed_pmpy, Range::above(0, 1e9), Need::required);
    }
    finish_method_map(b, kBenchmarkMethod, historical);
  }

  //! `method` of a benchmark or target map `b`: true historical (the default), false fixed,
  //! nullopt after an error (reported).
  std::optional<bool> read_method(MapReader& b) {
    int method = 0;
    if (!b.choice("method", method, {"historical", "fixed"})) return std::nullopt;
    return method == 0;
  }

  //! Finishes a benchmark or target map `b` of method `historical` (nullopt: invalid, reported,
  //! when the keys of either method are accepted silently): the keys of the other method are
  //! errors that say which method they apply to, and the historical method needs a baseline.
  void finish_method_map(MapReader& b, const MethodKeys& keys, std::optional<bool> historical) {
    const std::string fixed(keys.fixed_amount);
    if (!historical) {
      for (auto key : keys.historical_only) b.accept(key);
      b.accept(fixed);
    } else if (*historical) {
      b.explain_unknown(fixed, "'" + fixed + "' applies only to " + std::string(keys.map) + " method fixed");
      if (baseline_years_ && *baseline_years_ < 1) {
        const auto v = b.get("method");
        const Value& at = v ? *v : b.value();
        d_.error(at.mark, at.path,
                 std::string(keys.map) + " method historical needs simulation.baseline_years >= 1, got " +
                     std::to_string(*baseline_years_) + std::string(keys.why));
      }
    } else {
      for (auto key : keys.historical_only) {
        b.explain_unknown(key,
                          "'" + std::string(key) + "' applies only to " + std::string(keys.map) + " method historical");
      }
    }
    b.finish();
  }

  //! A contract `m` without its benchmark or target map gets the default, method historical,
  //! which needs a baseline.
  void check_default_method(MapReader& m, const MethodKeys& keys) {
    if (!baseline_years_ || *baseline_years_ >= 1) return;
    const std::string map(keys.map);
    d_.error(m.value().mark, m.path(),
             "the default " + map + " (method historical) needs simulation.baseline_years >= 1, got " +
                 std::to_string(*baseline_years_) + std::string(keys.why) + "; give a " + map +
                 " with method fixed and " + std::string(keys.fixed_amount) + " instead");
  }

  //! The keys of a bundled_payment contract (`name`: the contract's, for messages).
  void read_bundle(MapReader& m, const std::string& name, BundleTerms& t) {
    if (read_episode(m, t.episode)) note_episode(t.episode, name, *m.get("episode"));
    read_target(m, t);
    m.number("stop_gain", t.stop_gain, Range::closed(0, 1));
    if (auto v = m.get("stop_loss"); v && v->node.IsMap()) {
      // The map is what stop_loss means on a capitation contract: say which is which.
      d_.error(v->mark, v->path,
               "expected a number (the stop-loss of a bundled_payment contract, a share of the "
               "year's total target; the stop_loss map is the individual stop-loss of capitation "
               "contracts), got a map");
    } else {
      m.number("stop_loss", t.stop_loss, Range::closed(0, 1));
    }
    // A key of `episode` or `target` given at the contract's level.
    auto misplaced = [&m](std::span<const std::string_view> keys, const std::string& map) {
      for (auto key : keys) {
        const std::string k(key);
        m.explain_unknown(key, "'" + k + "' belongs in " + map + " (did you mean " + map + "." + k + "?)");
      }
    };
    misplaced(kEpisodeKeys, "episode");
    misplaced(kTargetKeys, "target");
  }

  //! The required `episode` map of a bundled_payment contract; true when it is entirely valid.
  bool read_episode(MapReader& m, EpisodeDefinition& e) {
    MapReader r = m.map("episode", Need::required);
    if (!r.valid()) return false;  // missing or not a map: reported
    bool ok = r.number("trigger_probability", e.trigger_probability, Range::closed(0, 1));
    ok &= read_condition_name(r, "trigger_condition", e.trigger_condition);
    ok &=
        read_listed_name(r, "trigger_type", e.trigger_type, admission_type_names_, "admission type", "admission_types");
    ok &= r.integer("window_days", e.window_days, 1, 365);
    ok &= read_categories(r, "includes", e.included, CoversDefault::all);
    ok &= r.number("spending_cap", e.spending_cap, Range::closed(0, 1e9));
    const std::size_t errors = d_.count();
    r.finish();
    return ok && d_.count() == errors;
  }

  //! Records the episode of a bundled_payment contract `contract` given at `at`; reports it if
  //! it is a distinct episode beyond the kMaxEpisodeTypes the engine tallies.
  void note_episode(const EpisodeDefinition& e, const std::string& contract, const Value& at) {
    for (const auto& [episode, name] : episodes_) {
      if (episode == e) return;
    }
    episodes_.emplace_back(e, contract);
    if (episodes_.size() <= static_cast<std::size_t>(kMaxEpisodeTypes)) return;
    std::vector<std::string> first;
    for (int i = 0; i < kMaxEpisodeTypes; ++i) {
      first.push_back(episodes_[static_cast<std::size_t>(i)].second);
    }
    d_.error(at.mark, at.path,
             "at most " + std::to_string(kMaxEpisodeTypes) +
                 " distinct episodes per scenario (bundled_payment contracts whose episodes are "
                 "the same, defaults filled in, share one); this would be distinct episode "
                 "number " +
                 std::to_string(episodes_.size()) + " (the first " + std::to_string(kMaxEpisodeTypes) +
                 " are those of the contracts " + yaml::join(first) + ")");
  }

  //! The optional `target` map of a bundled_payment contract `m`.
  void read_target(MapReader& m, BundleTerms& t) {
    if (!m.has("target")) {
      m.accept("target");
      check_default_method(m, kTargetMethod);
      return;
    }
    MapReader r = m.map("target");
    if (!r.valid()) return;  // not a map: reported
    const std::optional<bool> historical = read_method(r);
    if (historical) t.target_method = *historical ? TargetMethod::historical : TargetMethod::fixed;
    if (historical == true) {
      r.number("discount", t.discount, Range::below(0, 1));
      read_baseline_weights(r, t.baseline_weights);
    } else if (historical == false) {
      r.number("price", t.target_price, Range::above(0, 1e9), Need::required);
    }
    r.number("trend", t.trend, Range::closed(-0.5, 1));
    r.boolean("risk_adjusted", t.risk_adjusted);
    finish_method_map(r, kTargetMethod, historical);
  }

  //! `baseline_weights`: [] (equal weights) or one weight per baseline year, summing to 1.
  void read_baseline_weights(MapReader& b, std::vector<double>& out) {
    auto v = b.sequence("baseline_weights", 0, kMaxBaselineWeights);
    if (!v) return;
    const std::size_t n = v->node.size();
    if (n == 0) {
      out.clear();
      return;
    }
    if (baseline_years_) {
      if (*baseline_years_ < 1) return;  // the benchmark method's error says it all
      if (n != static_cast<std::size_t>(*baseline_years_)) {
        d_.error(v->mark, v->path,
                 "expected " + std::to_string(*baseline_years_) +
                     " values (one per baseline year, simulation.baseline_years), got " + std::to_string(n));
        return;
      }
    }
    std::vector<double> weights(n, 0.0);
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i) {
      ok &= yaml::read_plain_number(d_, yaml::item(*v, i), Range::closed(0, 1), weights[i], kSumsToOne);
    }
    if (!ok) return;
    double sum = 0.0;
    for (double w : weights) sum += w;
    if (std::abs(sum - 1.0) > kShareTolerance) {
      d_.error(v->mark, v->path, "the baseline weights must sum to 1 (within 1e-6), got " + yaml::format_number(sum));
      return;
    }
    out = std::move(weights);
  }

  //! `key`: a number in [0, 1], or the word `word` (which sets `flag` and leaves `rate`).
  void read_rate_or_word(MapReader& m, std::string_view key, const std::string& word, double& rate, bool& flag) {
    auto v = m.get(key);
    if (!v) return;
    const Range unit = Range::closed(0, 1);
    const std::string accepted = word + ", or a number " + unit.describe();
    if (v->node.IsMap()) {  // a distribution or a schedule
      yaml::read_number(d_, *v, unit, rate);
      return;
    }
    if (!v->node.IsScalar()) {
      d_.error(v->mark, v->path,
               "expected '" + word + "' or a number " + unit.describe() + ", got " + yaml::describe_node(v->node));
      return;
    }
    const std::string& text = v->node.Scalar();
    if (text == word) {
      flag = true;
      return;
    }
    const char first = text.empty() ? ' ' : text[0];
    if (std::isdigit(static_cast<unsigned char>(first)) || first == '.' || first == '-' || first == '+') {
      yaml::read_number(d_, *v, unit, rate);
      return;
    }
    std::string msg = "unknown value '" + text + "'";
    if (auto s = yaml::suggest(text, {word})) msg += "; did you mean '" + *s + "'?";
    msg += " (accepted: " + accepted + ")";
    d_.error(v->mark, v->path, msg);
  }

  //! `loss_sharing_bounds: [min, max]`.
  void read_loss_bounds(MapReader& m, SharedSavingsTerms& t) {
    auto v = m.get("loss_sharing_bounds");
    if (!v) return;
    if (!v->node.IsSequence() || v->node.size() != 2) {
      d_.error(v->mark, v->path,
               "expected a sequence of two numbers [min, max], got " +
                   (v->node.IsSequence() ? "a sequence of " + std::to_string(v->node.size()) + " items"
                                         : yaml::describe_node(v->node)));
      return;
    }
    double lo = t.loss_rate_min;
    double hi = t.loss_rate_max;
    const bool lo_ok = yaml::read_number(d_, yaml::item(*v, 0), Range::closed(0, 1), lo);
    const bool hi_ok = yaml::read_number(d_, yaml::item(*v, 1), Range::closed(0, 1), hi);
    if (!lo_ok || !hi_ok) return;
    if (lo > hi) {
      d_.error(
          v->mark, v->path,
          "the minimum (" + yaml::format_number(lo) + ") must be <= the maximum (" + yaml::format_number(hi) + ")");
      return;
    }
    t.loss_rate_min = lo;
    t.loss_rate_max = hi;
  }

  //! `corridors`: bands with `from` strictly ascending from 0.
  void read_corridors(MapReader& m, std::vector<CorridorBand>& out) {
    auto seq = m.sequence("corridors", 0, kMaxCorridorBands);
    if (!seq) return;
    const std::size_t n = seq->node.size();
    out.assign(n, CorridorBand{});
    std::optional<double> previous;  // `from` of the previous band, if valid
    for (std::size_t i = 0; i < n; ++i) {
      CorridorBand& band = out[i];
      MapReader b(d_, yaml::item(*seq, i));
      const bool from_ok = b.number("from", band.from, Range::closed(0, 10), Need::required);
      b.number("rate", band.rate, Range::closed(0, 1), Need::required);
      if (from_ok) {
        const auto v = b.get("from");
        if (i == 0 && band.from != 0.0) {
          d_.error(v->mark, v->path, "the first corridor band must start at 0, got " + v->node.Scalar());
        } else if (previous && band.from <= *previous) {
          d_.error(v->mark, v->path,
                   "corridor bands must be in strictly ascending order of 'from': expected > " +
                       yaml::format_number(*previous) + " (the previous band's from), got " + v->node.Scalar());
        }
      }
      previous = from_ok ? std::optional<double>(band.from) : std::nullopt;
      b.finish();
    }
  }

  Diagnostics& d_;
  ScenarioNumbers numbers_;
  std::optional<int> baseline_years_;  //!< simulation.baseline_years, when valid
  //! The valid names of population.conditions; complete when no condition name was invalid.
  std::vector<std::string> condition_names_;
  bool condition_names_complete_ = false;
  //! Whether screening, control and avoidable admissions are simulated (nullopt: unknown
  //! after an error in the quality section).
  std::optional<bool> screening_;
  std::optional<bool> control_;
  std::optional<bool> avoidable_;
  //! Distinct per-member amounts (positive truncations, stop-loss attachments, positive
  //! truncation percentiles), in file order.
  std::vector<MemberAmount> member_amounts_;
  //! Distinct episodes of bundled_payment contracts, each with the first contract that has it.
  std::vector<std::pair<EpisodeDefinition, std::string>> episodes_;
  int years_ = SimulationConfig{}.years;  //!< simulation.years (its default until read)
  std::vector<std::string> admission_type_names_;
  std::vector<std::string> payer_names_;
};

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> messages)
    : std::runtime_error(join_lines(messages)), messages_(std::move(messages)) {}

namespace {

// Contracts with a term on a schedule get their terms for every performance year: the
// document is read once more for each year, with each schedule's value of that year.
void add_terms_by_year(const YAML::Node& root, Diagnostics& diag, Scenario& s) {
  std::vector<bool> scheduled(s.contracts.size(), false);
  for (const YearSchedule& schedule : s.schedules)
    for (std::size_t k = 0; k < s.contracts.size(); ++k)
      if (schedule.key.rfind("contracts[" + std::to_string(k) + "]", 0) == 0) scheduled[k] = true;
  for (int year = 1; year <= s.simulation.years; ++year) {
    Diagnostics year_diag(diag.file_name());
    Scenario in_year;
    {
      Parser parser(year_diag, year);
      in_year = parser.parse(yaml::root_value(root));
    }
    if (!year_diag.empty()) {
      diag.merge(year_diag, " (with the terms of performance year " + std::to_string(year) + ")");
      return;
    }
    for (std::size_t k = 0; k < s.contracts.size(); ++k)
      if (scheduled[k]) s.contracts[k].by_year.push_back(std::move(in_year.contracts[k]));
  }
}

}  // namespace

Scenario parse_scenario(const std::string& yaml_text, const std::string& file_name) {
  Diagnostics diag(file_name);
  Scenario scenario;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(yaml_text);
    if (docs.empty()) {
      diag.error(YAML::Mark::null_mark(), "",
                 "empty document; expected a map with the keys simulation, population, services, "
                 "provider, quality and contracts");
    } else {
      if (docs.size() > 1) {
        diag.error(docs[1].Mark(), "", "expected a single YAML document, got " + std::to_string(docs.size()));
      }
      {
        Parser parser(diag, 0);
        scenario = parser.parse(yaml::root_value(docs[0]));
        scenario.uncertain = parser.take_uncertain();
        scenario.schedules = parser.take_schedules();
      }
      if (diag.empty() && !scenario.schedules.empty()) add_terms_by_year(docs[0], diag, scenario);
    }
  } catch (const YAML::Exception& e) {
    diag.error(e.mark, "", "YAML syntax error: " + e.msg);
  }
  if (!diag.empty()) throw ScenarioError(diag.messages());
  return scenario;
}

Scenario load_scenario(const std::string& path) {
  std::string text;
  int error = 0;
  {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) {
      error = errno;
    } else {
      std::array<char, 65536> buf;
      std::size_t n = 0;
      while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) text.append(buf.data(), n);
      if (std::ferror(f.get())) error = errno != 0 ? errno : EIO;
    }
  }
  if (error != 0) {
    throw ScenarioError({path + ": cannot read file: " + std::strerror(error)});
  }
  return parse_scenario(text, path);
}

}  // namespace pmsim
