#include "engine/reference_population.h"

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <variant>
#include <tbb/parallel_for.h>

#include "contracts/contract.h"
#include "population/population_generator.h"
#include "population/population_model.h"
#include "util/quantile.h"

namespace pmsim {

namespace {

// The reference population's streams: a fixed seed, so that a percentile resolves to the
// same amount whatever the run's --seed (two seeds must price one contract), and a
// replication id no run uses.
constexpr std::uint64_t kReferenceSeed = 20260101;
constexpr std::uint32_t kReferenceReplication = 0xFFFFFFFFu;
// Members in the reference year: enough that a 99th percentile has a relative Monte Carlo
// error of a fraction of a percent (10^6 member-years).
constexpr std::int64_t kReferenceMembers = 1000000;
// Members of the reference population of an automatic risk normalisation: a mean score, not
// a tail, so fewer do (a relative Monte Carlo error of about 0.2% a year), every year simulated.
constexpr std::int64_t kNormalizationMembers = 200000;

// The percentile of members' annual claims a contract's terms need; 0 none.
double claims_percentile_of(const ContractConfig& c) {
  return std::visit(
      [](const auto& terms) {
        if constexpr (NeedsClaimsPercentile<std::decay_t<decltype(terms)>>)
          return claims_percentile(terms);
        else
          return 0.0;
      },
      c.terms);
}

// The scenario as its reference population: the synthetic members alone, in ordinary years,
// on the reference streams.
Scenario reference_scenario(const Scenario& scenario, std::int64_t members) {
  Scenario reference = scenario;
  reference.contracts.clear();
  reference.payers.clear();              // one tally segment; payers do not change members
  reference.shocks.clear();              // an ordinary year
  reference.interventions.clear();       // before any programme
  reference.population.members.clear();  // the synthetic population: a national reference, not the panel
  reference.population.member_panel = {};
  reference.risk_adjustment = {};  // raw scores: what an automatic normalisation divides by
  reference.population.size = std::max<std::int64_t>(scenario.population.size, members);
  reference.simulation.seed = kReferenceSeed;
  return reference;
}

ReferenceMembers reference_members(const Scenario& scenario) {
  Scenario reference = reference_scenario(scenario, kReferenceMembers);
  // Simulate up to the reference year only: the last baseline year, or the first
  // performance year when there are no baseline years.
  reference.simulation.years = scenario.simulation.baseline_years > 0 ? 0 : 1;
  const PopulationModel model(reference);
  const int year = model.warmup_years + std::max(model.baseline_years, 1) - 1;
  ReferenceMembers r;
  r.claims.assign(static_cast<std::size_t>(model.size), 0.0);
  r.risk.assign(static_cast<std::size_t>(model.size), 0.0);
  const std::int64_t blocks = (model.size + model.block_size - 1) / model.block_size;
  tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {
    YearTallies scratch(static_cast<std::size_t>(model.total_years));
    const std::int64_t first = b * model.block_size;
    const auto count = static_cast<std::size_t>(std::min(model.block_size, model.size - first));
    simulate_block(model, kReferenceReplication, first, count, scratch, [&](const MemberYear& m) {
      if (m.year != year) return;
      r.claims[m.slot] = m.total_claims();
      r.risk[m.slot] = m.risk;
    });
  });
  std::sort(r.claims.begin(), r.claims.end());
  std::sort(r.risk.begin(), r.risk.end());
  return r;
}

// Each simulated year's mean risk score per member-month of the reference population, its
// blocks' tallies added in block order (the same sums whatever the threads).
std::vector<double> mean_risk_by_year(const Scenario& scenario) {
  const PopulationModel model(reference_scenario(scenario, kNormalizationMembers));
  const std::int64_t blocks = (model.size + model.block_size - 1) / model.block_size;
  std::vector<YearTallies> by_block(static_cast<std::size_t>(blocks));
  tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {
    YearTallies& tallies = by_block[static_cast<std::size_t>(b)];
    tallies.assign(static_cast<std::size_t>(model.total_years), YearTally{});
    const std::int64_t first = b * model.block_size;
    const auto count = static_cast<std::size_t>(std::min(model.block_size, model.size - first));
    simulate_block(model, kReferenceReplication, first, count, tallies, {});
  });
  std::vector<double> mean(static_cast<std::size_t>(model.total_years), 1.0);
  for (std::size_t y = 0; y < mean.size(); ++y) {
    double risk = 0, months = 0;
    for (const YearTallies& tallies : by_block) {
      risk += tallies[y].risk_member_months;
      months += tallies[y].member_months;
    }
    if (months > 0) mean[y] = risk / months;
  }
  return mean;
}

}  // namespace

std::shared_ptr<const ReferenceMembers> reference_for(const Scenario& s) {
  bool quantiles = false;
  for (const ContractConfig* c : contract_terms(s)) quantiles = quantiles || claims_percentile_of(*c) > 0;
  for (const auto& iv : s.interventions) quantiles = quantiles || iv.target_top_risk_share < 1;
  if (!quantiles && !s.risk_adjustment.automatic) return nullptr;
  auto r = std::make_shared<ReferenceMembers>(quantiles ? reference_members(s) : ReferenceMembers{});
  if (s.risk_adjustment.automatic) r->mean_risk_by_year = mean_risk_by_year(s);
  return r;
}

Scenario resolve_reference_quantiles(Scenario s, const ReferenceMembers* reference) {
  if (reference == nullptr) return s;
  const auto resolve = [&](ContractConfig& c) {
    std::visit(
        [&](auto& terms) {
          if constexpr (NeedsClaimsPercentile<std::decay_t<decltype(terms)>>)
            if (claims_percentile(terms) > 0)
              set_claims_percentile_amount(terms, sorted_quantile(reference->claims, claims_percentile(terms)));
        },
        c.terms);
  };
  for (auto& c : s.contracts) {
    resolve(c);
    for (auto& y : c.by_year) resolve(y);
  }
  for (auto& iv : s.interventions)
    iv.risk_threshold =
        iv.target_top_risk_share < 1 ? sorted_quantile(reference->risk, 1.0 - iv.target_top_risk_share) : 0.0;
  if (s.risk_adjustment.automatic) s.risk_adjustment.resolved = reference->mean_risk_by_year;
  return s;
}

}  // namespace pmsim
