#include "contracts/shared_savings.h"

#include "claims/year_tally.h"
#include "config/key_reader.h"
#include "contracts/contract_keys.h"
#include "contracts/method_map.h"
#include "contracts/pricing_context.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include "contracts/quality.h"

namespace pmsim {

namespace {

constexpr MetricSpec kMetrics[] = {
    {"benchmark", "USD", "benchmark: expected spending per member-year x member-years", Aggregation::flow},
    {"benchmark_spending", "USD", "claims compared with the benchmark (truncated per member if asked)",
     Aggregation::flow},
    {"shared_savings", "USD", "shared savings paid to the provider", Aggregation::flow},
    {"shared_losses", "USD", "shared losses paid by the provider", Aggregation::flow},
    {"savings_paid", "indicator", "1 if shared savings were paid (the mean is the probability)",
     Aggregation::indicator},
    {"loss_owed", "indicator", "1 if shared losses were owed", Aggregation::indicator},
    {"cap_binding", "indicator", "1 if the savings cap or a loss cap limited the amount", Aggregation::indicator},
};

// Savings or losses against the benchmark, on top of the FFS ledger: the provider keeps its
// FFS revenue and receives shared savings, or pays shared losses.
void settle_shared(const SharedSavingsTerms& contract_terms, bool two_sided, const SettlementYear& y, Ledger& l) {
  using V = SharedSavingsValue;
  SharedSavingsTerms terms = contract_terms;
  terms.quality_score = l.quality_score;
  const PricingContext& context = y.context;
  const YearTally& t = y.tally;
  const int truncation = truncation_index(context.truncation_points, terms.truncation);
  l[V::benchmark] = benchmark_per_member_year(terms.benchmark, y.tallies, context.baseline_years, y.year, truncation) *
                    t.member_years() * benchmark_reduction(terms);
  l[V::benchmark_spending] = benchmark_spending(t, truncation);
  const double size = context.population_size * context.share(y.year);
  const double msr = terms.msr_size_based ? mssp_minimum_rate(size) : terms.minimum_savings_rate;
  const double mlr = terms.mlr_size_based ? mssp_minimum_rate(size) : terms.minimum_loss_rate;
  const Settlement s =
      share_savings(terms, two_sided, l[V::benchmark], l[V::benchmark_spending], l.ffs_revenue, msr, mlr);
  l[V::shared_savings] = s.shared_savings;
  l[V::shared_losses] = s.shared_losses;
  l[V::savings_paid] = s.savings_paid ? 1.0 : 0.0;
  l[V::loss_owed] = s.loss_owed ? 1.0 : 0.0;
  l[V::cap_binding] = s.cap_binding ? 1.0 : 0.0;
  l.payer_adjustments = l[V::shared_savings] - l[V::shared_losses];
}

}  // namespace

std::span<const MetricSpec> metric_catalogue(const SharedSavingsTerms&) { return kMetrics; }
TallyNeeds tally_needs(const SharedSavingsTerms& terms) { return {{terms.truncation}, nullptr}; }
std::optional<double> fixed_quality_score(const SharedSavingsTerms& terms) { return terms.quality_score; }
int prepayment_period_months(const SharedSavingsTerms&) { return 1; }
CategoryFlags covered_categories(const SharedSavingsTerms&) { return kNoCategory; }
void settle(const SharedSavingsTerms& terms, const SettlementYear& y, Ledger& l) { settle_shared(terms, false, y, l); }

std::span<const MetricSpec> metric_catalogue(const SharedRiskTerms&) { return kMetrics; }
TallyNeeds tally_needs(const SharedRiskTerms& terms) { return {{terms.truncation}, nullptr}; }
std::optional<double> fixed_quality_score(const SharedRiskTerms& terms) { return terms.quality_score; }
int prepayment_period_months(const SharedRiskTerms&) { return 1; }
CategoryFlags covered_categories(const SharedRiskTerms&) { return kNoCategory; }
void settle(const SharedRiskTerms& terms, const SettlementYear& y, Ledger& l) { settle_shared(terms, true, y, l); }

double claims_percentile(const SharedSavingsTerms& terms) { return terms.truncation_percentile; }
void set_claims_percentile_amount(SharedSavingsTerms& terms, double amount) {
  if (terms.truncation_percentile > 0) terms.truncation = amount;
}
std::vector<std::pair<std::string, double>> result_attributes(const SharedSavingsTerms& terms) {
  if (!(terms.truncation > 0)) return {};
  return {{"truncation_amount", terms.truncation}};
}

double mssp_minimum_rate(double members) {
  struct Band {
    double low, high, rate_low, rate_high;
  };
  static constexpr Band kTable[] = {
      {5000, 5999, 0.039, 0.036},   {6000, 6999, 0.036, 0.034},   {7000, 7999, 0.034, 0.032},
      {8000, 8999, 0.032, 0.031},   {9000, 9999, 0.031, 0.030},   {10000, 14999, 0.030, 0.027},
      {15000, 19999, 0.027, 0.025}, {20000, 49999, 0.025, 0.022}, {50000, 59999, 0.022, 0.020},
  };
  if (members < kTable[0].low) return kTable[0].rate_low;
  for (const auto& b : kTable) {
    if (members <= b.high) {
      const double position = std::clamp((members - b.low) / (b.high - b.low), 0.0, 1.0);
      return b.rate_low + position * (b.rate_high - b.rate_low);
    }
  }
  return 0.020;
}

double benchmark_spending(const YearTally& tally, int truncation) {
  return truncation < 0 ? tally.total_claims() : tally.truncated_claims[truncation];
}

namespace {
double mean_risk(const YearTally& t) { return t.member_months > 0 ? t.risk_member_months / t.member_months : 1.0; }
double per_member_year(const YearTally& t, int truncation) {
  return t.member_months > 0 ? benchmark_spending(t, truncation) / t.member_years() : 0.0;
}
}  // namespace

double benchmark_per_member_year(const BenchmarkTerms& terms, const YearTallies& tallies, int baseline_years, int year,
                                 int truncation) {
  const YearTally& current = tallies[baseline_years + year];
  if (terms.method == BenchmarkMethod::fixed) {
    // A fixed benchmark is stated for a population of average risk 1.0 in the base year.
    double pmpy = terms.fixed_pmpy * std::pow(1.0 + terms.trend, year + 1);
    if (terms.risk_adjusted) pmpy *= mean_risk(current);
    return pmpy;
  }
  // The agreement period this year belongs to, and its base window: the baseline_years
  // simulated years just before the period starts (the baseline years for the first).
  const int period_start = terms.agreement_years > 0 ? (year / terms.agreement_years) * terms.agreement_years : 0;
  const int window_first = period_start;  // absolute index: performance year p is baseline_years + p
  const int base_year = window_first + baseline_years - 1;
  double historical = 0;
  for (int j = 0; j < baseline_years; ++j) {
    const double weight = terms.baseline_weights.empty() ? 1.0 / baseline_years : terms.baseline_weights[j];
    historical += weight * per_member_year(tallies[window_first + j], truncation) *
                  std::pow(1.0 + terms.trend, baseline_years - 1 - j);
  }
  const double regional = terms.regional_pmpy * std::pow(1.0 + terms.trend, period_start);
  const double base = (1.0 - terms.regional_weight) * historical + terms.regional_weight * regional;
  double pmpy = base * std::pow(1.0 + terms.trend, year - period_start + 1);
  if (terms.risk_adjusted) {
    const double ratio = mean_risk(current) / mean_risk(tallies[base_year]);
    pmpy *= std::min(ratio, 1.0 + terms.risk_growth_cap);
  }
  return pmpy;
}

double benchmark_reduction(const SharedSavingsTerms& terms) {
  return (1.0 - terms.benchmark.discount) * (1.0 - terms.quality_withhold * (1.0 - terms.quality_score));
}

Settlement share_savings(const SharedSavingsTerms& terms, bool two_sided, double benchmark, double spending,
                         double provider_ffs_revenue, double minimum_savings_rate, double minimum_loss_rate) {
  Settlement s;
  if (!(benchmark > 0)) return s;
  const double gain = benchmark - spending;
  const double rate = gain / benchmark;
  const bool linear = terms.corridors.empty();
  if (gain > 0 && rate >= minimum_savings_rate) {
    // Shared from the first dollar once the minimum savings rate is met.
    // Quality acts through the withhold when there is one (the benchmark is net of it).
    const double q = terms.quality_withhold > 0 ? 1.0 : terms.quality_score;
    const double raw = q * (linear ? terms.sharing_rate * gain : corridor_share(terms.corridors, rate) * benchmark);
    const double cap = terms.savings_cap * benchmark;
    s.shared_savings = std::min(raw, cap);
    s.cap_binding = raw > cap;
    s.savings_paid = s.shared_savings > 0;
  } else if (two_sided && gain < 0 && -rate >= minimum_loss_rate) {
    const double loss = -gain;
    const double loss_rate = terms.loss_rate_from_quality ? std::clamp(1.0 - terms.sharing_rate * terms.quality_score,
                                                                       terms.loss_rate_min, terms.loss_rate_max)
                                                          : terms.loss_sharing_rate;
    const double raw = linear ? loss_rate * loss : corridor_share(terms.corridors, -rate) * benchmark;
    double cap = std::numeric_limits<double>::infinity();
    if (terms.loss_cap_benchmark > 0) cap = std::min(cap, terms.loss_cap_benchmark * benchmark);
    if (terms.loss_cap_revenue > 0) cap = std::min(cap, terms.loss_cap_revenue * provider_ffs_revenue);
    s.shared_losses = std::min(raw, cap);
    s.cap_binding = raw > cap;
    s.loss_owed = s.shared_losses > 0;
  }
  return s;
}

// ---- reading its keys ----

namespace {

constexpr std::string_view kOneSidedKeys[] = {
    "payer",        "benchmark",     "truncation",  "truncation_percentile", "minimum_savings_rate",
    "sharing_rate", "quality_score", "savings_cap", "quality_withhold",      "quality_measures",
    "settlement"};
constexpr std::string_view kTwoSidedKeys[] = {"payer",
                                              "benchmark",
                                              "truncation",
                                              "truncation_percentile",
                                              "minimum_savings_rate",
                                              "sharing_rate",
                                              "quality_score",
                                              "savings_cap",
                                              "quality_withhold",
                                              "minimum_loss_rate",
                                              "loss_sharing_rate",
                                              "loss_sharing_bounds",
                                              "loss_cap_benchmark",
                                              "loss_cap_revenue",
                                              "corridors",
                                              "quality_measures",
                                              "settlement"};
constexpr ForeignKeyNote kNotes[] = {{"risk_adjusted", " (did you mean benchmark.risk_adjusted?)"}};

constexpr std::array<std::string_view, 4> kHistoricalBenchmarkKeys = {"baseline_weights", "regional_weight",
                                                                      "regional_pmpy", "agreement_years"};
constexpr MethodKeys kBenchmarkMethod{"benchmark", kHistoricalBenchmarkKeys, "pmpy", ""};

//! The optional `benchmark` map.
void read_benchmark(KeyReader& contract, BenchmarkTerms& bt) {
  std::optional<bool> historical;
  const auto b = open_method_map(contract, kBenchmarkMethod, historical);
  if (!b) return;
  if (historical) bt.method = *historical ? BenchmarkMethod::historical : BenchmarkMethod::fixed;
  if (historical == true) read_baseline_weights(*b, bt.baseline_weights);
  b->number("trend", bt.trend, ValueRange::closed(-0.5, 1));
  b->boolean("risk_adjusted", bt.risk_adjusted);
  b->number("risk_growth_cap", bt.risk_growth_cap, ValueRange::closed(0, 10));
  b->number("discount", bt.discount, ValueRange::below(0, 1));
  if (historical == true) {
    const bool weight_ok = b->number("regional_weight", bt.regional_weight, ValueRange::closed(0, 1));
    const bool pmpy_ok = b->number("regional_pmpy", bt.regional_pmpy, ValueRange::closed(0, 1e9));
    if (weight_ok && pmpy_ok && bt.regional_weight > 0.0 && !(bt.regional_pmpy > 0.0)) {
      if (b->has("regional_pmpy")) {
        b->error_at("regional_pmpy", "must be > 0 when regional_weight > 0 (regional_weight is " +
                                         format_number(bt.regional_weight) + "), got " + b->text("regional_pmpy"));
      } else {
        b->error(
            "missing key 'regional_pmpy', required when regional_weight > 0 "
            "(regional_weight is " +
            format_number(bt.regional_weight) + ")");
      }
    }
    b->integer("agreement_years", bt.agreement_years, 0, 50);
  } else if (historical == false) {
    b->number("pmpy", bt.fixed_pmpy, ValueRange::above(0, 1e9), Need::required);
  }
  finish_method_map(*b, kBenchmarkMethod, historical);
}

//! `loss_sharing_bounds: [min, max]`.
void read_loss_bounds(KeyReader& contract, SharedSavingsTerms& t) {
  constexpr std::string_view key = "loss_sharing_bounds";
  contract.accept(key);
  if (!contract.has(key)) return;
  auto bounds = contract.shape(key) == ValueShape::sequence
                    ? contract.list(key, 0, std::numeric_limits<std::size_t>::max())
                    : nullptr;
  if (!bounds || bounds->size() != 2) {
    contract.error_at(
        key, "expected a sequence of two numbers [min, max], got " +
                 (bounds ? "a sequence of " + std::to_string(bounds->size()) + " items" : contract.describe(key)));
    return;
  }
  double lo = t.loss_rate_min;
  double hi = t.loss_rate_max;
  const bool lo_ok = bounds->number_item(0, lo, ValueRange::closed(0, 1));
  const bool hi_ok = bounds->number_item(1, hi, ValueRange::closed(0, 1));
  if (!lo_ok || !hi_ok) return;
  if (lo > hi) {
    contract.error_at(key,
                      "the minimum (" + format_number(lo) + ") must be <= the maximum (" + format_number(hi) + ")");
    return;
  }
  t.loss_rate_min = lo;
  t.loss_rate_max = hi;
}

}  // namespace

std::span<const std::string_view> contract_keys(const SharedSavingsTerms&) { return kOneSidedKeys; }
std::span<const ForeignKeyNote> foreign_key_notes(const SharedSavingsTerms&) { return kNotes; }

void read_terms(KeyReader& contract, SharedSavingsTerms& t) {
  read_benchmark(contract, t.benchmark);
  const bool amount = contract.number("truncation", t.truncation, ValueRange::closed(0, 1e12)) && t.truncation > 0.0;
  if (amount) contract.count_member_amount("truncation", t.truncation, false);
  // A percentile (0 off) resolves into an amount per distinct percentile value.
  if (contract.number("truncation_percentile", t.truncation_percentile, ValueRange::below(0, 1)) &&
      t.truncation_percentile > 0.0) {
    if (amount) {
      contract.error_at("truncation_percentile",
                        "give either truncation (an amount) or truncation_percentile, not both");
    } else {
      contract.count_member_amount("truncation_percentile", t.truncation_percentile, true);
    }
  }
  contract.number_or_word("minimum_savings_rate", "mssp", t.minimum_savings_rate, t.msr_size_based);
  contract.number("sharing_rate", t.sharing_rate, ValueRange::closed(0, 1));
  contract.number("quality_score", t.quality_score, ValueRange::closed(0, 1));
  contract.number("savings_cap", t.savings_cap, ValueRange::closed(0, 1));
  contract.number("quality_withhold", t.quality_withhold, ValueRange::closed(0, 1));
}

std::span<const std::string_view> contract_keys(const SharedRiskTerms&) { return kTwoSidedKeys; }
std::span<const ForeignKeyNote> foreign_key_notes(const SharedRiskTerms&) { return kNotes; }

void read_terms(KeyReader& contract, SharedRiskTerms& t) {
  read_terms(contract, static_cast<SharedSavingsTerms&>(t));
  contract.number_or_word("minimum_loss_rate", "mssp", t.minimum_loss_rate, t.mlr_size_based);
  contract.number_or_word("loss_sharing_rate", "from_quality", t.loss_sharing_rate, t.loss_rate_from_quality);
  read_loss_bounds(contract, t);
  contract.number("loss_cap_benchmark", t.loss_cap_benchmark, ValueRange::closed(0, 1));
  contract.number("loss_cap_revenue", t.loss_cap_revenue, ValueRange::closed(0, 1));
  read_corridors(contract, t.corridors);
}

// ---- its keys, walked ----

namespace {

void walk_benchmark(BenchmarkTerms& b, KeyVisitor& v) {
  const bool historical = b.method == BenchmarkMethod::historical;
  v.begin_map("benchmark");
  v.choice("method", historical ? "historical" : "fixed");
  if (historical) {
    walk_numbers(v, "baseline_weights", b.baseline_weights);
  }
  v.number("trend", b.trend);
  v.boolean("risk_adjusted", b.risk_adjusted);
  v.number("risk_growth_cap", b.risk_growth_cap);
  v.number("discount", b.discount);
  if (historical) {
    v.number("regional_weight", b.regional_weight);
    v.number("regional_pmpy", b.regional_pmpy);
    v.integer("agreement_years", b.agreement_years);
  } else {
    v.number("pmpy", b.fixed_pmpy);
  }
  v.end_map();
}

void walk_shared(SharedSavingsTerms& t, bool two_sided, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v) {
  walk_benchmark(t.benchmark, v);
  v.number("truncation", t.truncation);
  v.number("truncation_percentile", t.truncation_percentile);
  v.number_or_word("minimum_savings_rate", t.minimum_savings_rate, "mssp", t.msr_size_based);
  v.number("sharing_rate", t.sharing_rate);
  if (quality_measures.empty()) v.number("quality_score", t.quality_score);
  v.number("savings_cap", t.savings_cap);
  v.number("quality_withhold", t.quality_withhold);
  if (two_sided) {
    v.number_or_word("minimum_loss_rate", t.minimum_loss_rate, "mssp", t.mlr_size_based);
    v.number_or_word("loss_sharing_rate", t.loss_sharing_rate, "from_quality", t.loss_rate_from_quality);
    const std::array<double*, 2> bounds = {&t.loss_rate_min, &t.loss_rate_max};
    v.numbers("loss_sharing_bounds", bounds);
    v.number("loss_cap_benchmark", t.loss_cap_benchmark);
    v.number("loss_cap_revenue", t.loss_cap_revenue);
    walk_corridors(v, t.corridors);
  }
  walk_quality_measures(v, quality_measures);
}

}  // namespace

void walk_keys(SharedSavingsTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v) {
  walk_shared(terms, false, quality_measures, v);
}
void walk_keys(SharedRiskTerms& terms, std::vector<QualityMeasure>& quality_measures, KeyVisitor& v) {
  walk_shared(terms, true, quality_measures, v);
}

void check_key_rules(const SharedSavingsTerms& t, const SimulatedQuality&, const std::string& path,
                     BrokenRules& broken) {
  const BenchmarkTerms& b = t.benchmark;
  if (b.method == BenchmarkMethod::historical && b.regional_weight > 0.0 && !(b.regional_pmpy > 0.0))
    broken.push_back({path + ".benchmark.regional_pmpy", "must be > 0 when regional_weight > 0 (regional_weight is " +
                                                             format_number(b.regional_weight) + "), got " +
                                                             format_number(b.regional_pmpy)});
  if (t.truncation > 0.0 && t.truncation_percentile > 0.0)
    broken.push_back(
        {path + ".truncation_percentile", "give either truncation (an amount) or truncation_percentile, not both"});
  if (t.loss_rate_min > t.loss_rate_max)
    broken.push_back({path + ".loss_sharing_bounds", "the minimum (" + format_number(t.loss_rate_min) +
                                                         ") must be <= the maximum (" + format_number(t.loss_rate_max) +
                                                         ")"});
  check_corridors(t.corridors, path, broken);
}

std::vector<std::string> term_warnings(const SharedSavingsTerms& terms, const PanelExpectations& expected) {
  std::vector<std::string> out;
  const BenchmarkTerms& b = terms.benchmark;
  if (b.method == BenchmarkMethod::historical && expected.warmup_years == 0)
    out.push_back(
        "a historical benchmark with simulation.warmup_years 0: the baseline years start from a panel not yet in "
        "its steady state (new frailties, no accrued conditions), so the benchmark is biased; give warmup_years "
        "(2 or more)");
  const double per_year = 12 * expected.claims_of(CategoryFlags{true, true, true, true, true, true, true});
  if (b.method == BenchmarkMethod::fixed && per_year > 0 && std::abs(b.fixed_pmpy / per_year - 1.0) > 0.15) {
    char text[512];
    std::snprintf(text, sizeof text,
                  "benchmark.fixed_pmpy %.6g is %.0f%% %s the panel's expected claims, %.6g per member-year (a pilot "
                  "of %d replications): savings or losses will mostly be that difference",
                  b.fixed_pmpy, 100 * std::abs(b.fixed_pmpy / per_year - 1.0),
                  b.fixed_pmpy > per_year ? "above" : "below", per_year, expected.replications);
    out.push_back(text);
  }
  return out;
}

}  // namespace pmsim
