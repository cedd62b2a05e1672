#include "contracts/cost_per_outcome.h"

#include <array>
#include <string>

#include "claims/year_tally.h"
#include "config/key_reader.h"

namespace pmsim {

namespace {

constexpr MetricSpec kMetrics[] = {
    {"outcome_payment", "USD", "price x successes + base x attempts", Aggregation::flow},
    {"successes", "outcomes", "successful outcomes of the year", Aggregation::flow},
    {"attempts", "outcomes", "attempts (members or episodes at stake)", Aggregation::flow},
};

}  // namespace

std::string_view to_string(SuccessDefinition d) {
  switch (d) {
    case SuccessDefinition::condition_controlled:
      return "condition_controlled";
    case SuccessDefinition::no_avoidable_admission:
      return "no_avoidable_admission";
    case SuccessDefinition::no_readmission:
      return "no_readmission";
  }
  return "unknown";
}

std::span<const MetricSpec> metric_catalogue(const OutcomeTerms&) { return kMetrics; }
TallyNeeds tally_needs(const OutcomeTerms&) { return {}; }
std::optional<double> fixed_quality_score(const OutcomeTerms&) { return std::nullopt; }
int prepayment_period_months(const OutcomeTerms&) { return 1; }
CategoryFlags covered_categories(const OutcomeTerms& terms) { return terms.covered; }

// Successes and attempts of the year, and the payment.
void settle(const OutcomeTerms& o, const SettlementYear& y, Ledger& l) {
  using V = OutcomeValue;
  const YearTally& t = y.tally;
  switch (o.success) {
    case SuccessDefinition::condition_controlled:
      l[V::attempts] = t.control_eligible;
      l[V::successes] = t.controlled;
      break;
    case SuccessDefinition::no_avoidable_admission:
      l[V::attempts] = t.members;
      l[V::successes] = t.members - t.members_with_avoidable;
      break;
    case SuccessDefinition::no_readmission:
      // Readmissions are binomial in the index admissions: at most one per admission.
      l[V::attempts] = t.counts[static_cast<int>(Category::inpatient)];
      l[V::successes] = l[V::attempts] - t.counts[static_cast<int>(Category::readmission)];
      break;
  }
  l[V::outcome_payment] = o.price_per_success * l[V::successes] + o.base_per_attempt * l[V::attempts];
  l.payer_adjustments = l[V::outcome_payment];
}

// ---- reading its keys ----

namespace {

constexpr std::string_view kKeys[] = {"payer",  "success",   "price_per_success", "base_per_attempt",
                                      "covers", "settlement"};

//! The success definitions, in enum order.
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

//! Reports a success definition that needs a quality setting that is off (at its key).
void check_success_needs(KeyReader& contract, SuccessDefinition success) {
  const std::string what = "success " + std::string(to_string(success));
  switch (success) {
    case SuccessDefinition::condition_controlled:
      return contract.require_simulated(QualityOutcome::control, "success", what);
    case SuccessDefinition::no_avoidable_admission:
      return contract.require_simulated(QualityOutcome::avoidable_admissions, "success", what);
    default:
      return;
  }
}

}  // namespace

std::span<const std::string_view> contract_keys(const OutcomeTerms&) { return kKeys; }

void read_terms(KeyReader& contract, OutcomeTerms& t) {
  int success = -1;
  if (contract.choice("success", success, success_names(), Need::required)) {
    t.success = kSuccessDefinitions[static_cast<std::size_t>(success)];
    check_success_needs(contract, t.success);
  }
  contract.number("price_per_success", t.price_per_success, ValueRange::closed(0, 1e9), Need::required);
  contract.number("base_per_attempt", t.base_per_attempt, ValueRange::closed(0, 1e9));
  contract.categories("covers", t.covered, CategoriesDefault::none);
}

// ---- its keys, walked ----

void walk_keys(OutcomeTerms& t, std::vector<QualityMeasure>&, KeyVisitor& v) {
  v.choice("success", to_string(t.success));
  v.number("price_per_success", t.price_per_success);
  v.number("base_per_attempt", t.base_per_attempt);
  v.categories("covers", t.covered);
}

void check_key_rules(const OutcomeTerms& t, const SimulatedQuality& quality, const std::string& path,
                     BrokenRules& broken) {
  const std::string success(to_string(t.success));
  if (t.success == SuccessDefinition::condition_controlled && !quality.control)
    broken.push_back({path + ".success", "success " + success + " needs quality.controlled_condition"});
  if (t.success == SuccessDefinition::no_avoidable_admission && !quality.avoidable)
    broken.push_back({path + ".success", "success " + success + " needs quality.avoidable_share > 0"});
}

}  // namespace pmsim
