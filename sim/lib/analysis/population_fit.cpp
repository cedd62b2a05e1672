//! \file population_fit.cpp
//! Fitting a scenario's population to a member file (population_fit.h).

#include "analysis/population_fit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <regex>
#include <boost/math/tools/minima.hpp>

#include "analysis/calibration.h"
#include "population/population_model.h"

namespace pmsim {

namespace {

// The keys the fit sets: a base scenario may not make them uncertain (the fit would replace
// a distribution's nominal value and leave its spread).
bool fitted_key(const std::string& path) {
  static const std::regex fitted(
      R"((population|payers\[\d+\]\.population)\.(age_bands\[\d+\]\.(share|utilization)|sex\.female_share|female_share|frailty\.shape|conditions\[\d+\]\.prevalence.*|prevalence.*)|payers\[\d+\]\.share|services\.\w+\.(fee|unit_cost|severity_cv))");
  return std::regex_match(path, fitted);
}

double logit(double p) {
  p = std::clamp(p, 1e-9, 1 - 1e-9);
  return std::log(p / (1 - p));
}
double logistic(double x) { return 1 / (1 + std::exp(-x)); }

// A probability moved by what the simulation missed: on the logit scale, so that it stays in
// [0, 1]; the file's 0 and 1 are kept exactly (no member has it, or every one).
double corrected_probability(double now, double file, double simulated, bool first) {
  if (!std::isfinite(file)) return now;
  if (first || file <= 0 || file >= 1 || now <= 0 || now >= 1 || !std::isfinite(simulated)) return file;
  return logistic(logit(now) + logit(file) - logit(simulated));
}

// Shares moved by what the simulation missed, multiplicatively, and summed to 1.
template <class Get>
void correct_shares(std::size_t n, const std::vector<double>& file, const std::vector<double>& simulated, bool first,
                    Get share) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double& s = share(i);
    if (!std::isfinite(file[i])) continue;
    if (first || s <= 0 || !(simulated[i] > 0))
      s = file[i];
    else
      s *= file[i] / simulated[i];
    sum += s;
  }
  if (sum > 0)
    for (std::size_t i = 0; i < n; ++i) share(i) /= sum;
}

// The population a group of the layout stands for, as pointers into a scenario.
struct MixTarget {
  std::vector<AgeBand>* bands = nullptr;
  double* female_share = nullptr;
  std::function<double&(std::size_t condition, std::size_t band)> prevalence;
};

// Whether the group's members are a payer's own population (else the scenario's).
bool own_population(const Scenario& s, const PanelGroup& group) {
  return group.payer >= 0 && s.payers[static_cast<std::size_t>(group.payer)].population.given();
}

MixTarget mix_target(Scenario& s, const PanelGroup& group) {
  if (own_population(s, group)) {
    PayerPopulation& p = s.payers[static_cast<std::size_t>(group.payer)].population;
    return {&p.age_bands, &p.female_share,
            [&p](std::size_t c, std::size_t b) -> double& { return p.prevalence[c][b]; }};
  }
  PopulationConfig& p = s.population;
  return {&p.age_bands, &p.sex.female_share,
          [&p](std::size_t c, std::size_t b) -> double& { return p.conditions[c].prevalence[b]; }};
}

// Rounds of the mix and fee correction after the search, at most.
constexpr int kFinalRounds = 8;

class PopulationFit {
 public:
  PopulationFit(const Scenario& base, const MemberPanel& panel, const FitOptions& options)
      : base_(base), options_(options), layout_(panel_layout(base, !panel.payer.empty())), rows_(panel.rows) {
    file_ = member_file_statistics(layout_, panel);
    if (!(file_.spending_per_member_year > 0))
      throw FitError("the member file's claims are all 0: there is no spending to fit");
    for (const UncertainParameter& u : base.uncertain)
      for (const std::string& at : u.stored_at)
        if (fitted_key(at))
          throw FitError(u.key + ": the fit sets this value, so the base scenario may not make it uncertain");
    // A population that two groups share (payers without populations of their own beside
    // payers with them) is left as it is: one file group cannot speak for it.
    for (const PanelGroup& group : layout_.groups) shared_population_groups_ += own_population(base, group) ? 0 : 1;
    current_ = base;
    for (const ServiceConfig& s : base.services) any_severity_ = any_severity_ || s.severity.enabled;
    parameters_.frailty_shape = base.population.frailty.shape;
    correct_mix(file_, true);
  }

  FitResult run() {
    // The mix and the fee level, corrected three times for what the years before the
    // cross-section do to the entry mix.
    PanelComparison last;
    for (int round = 0; round < 3; ++round) last = evaluate_and_correct();
    // The spending's shape: least squares in units of the file's sampling SEs.
    for (std::size_t i = 1; i < kPanelSpendingStatistics; ++i) weights_[i] = 1 / std::max(1e-3, last.checks[i].file_se);
    for (int cycle = 0; cycle < options_.cycles; ++cycle) {
      search(&FitParameters::frailty_shape, 0.02, 50);
      search(&FitParameters::utilization, 0.2, 5);
      if (any_severity_) search(&FitParameters::severity, 0.25, 4);
    }
    // Then the mix and fees again at the shape found, until they agree with the file (ageing
    // moves share from band to band, so a fixed point can take a few rounds).
    for (int round = 0; round < kFinalRounds; ++round) {
      last = evaluate_and_correct();
      if (round >= 1 && mix_agrees(last)) break;
    }
    FitResult result;
    result.scenario = candidate(parameters_);
    result.layout = layout_;
    result.file = file_;
    result.fitted = compare_panel(layout_, file_, static_cast<std::int64_t>(rows_), simulate(result.scenario));
    result.parameters = parameters_;
    result.evaluations = evaluations_;
    return result;
  }

 private:
  // The scenario of the current mix with the given spending parameters.
  Scenario candidate(const FitParameters& p) const {
    Scenario s = current_;
    s.population.members.clear();
    s.population.member_panel = {};
    s.population.frailty.shape = std::clamp(p.frailty_shape, 0.01, 1000.0);
    const auto scale_bands = [&](std::vector<AgeBand>& bands, const std::vector<AgeBand>& base) {
      for (std::size_t b = 0; b < bands.size(); ++b) bands[b].utilization = base[b].utilization * p.utilization;
    };
    scale_bands(s.population.age_bands, base_.population.age_bands);
    for (std::size_t i = 0; i < s.payers.size(); ++i)
      scale_bands(s.payers[i].population.age_bands, base_.payers[i].population.age_bands);
    for (std::size_t k = 0; k < s.services.size(); ++k) {
      ServiceConfig& service = s.services[k];
      const ServiceConfig& original = base_.services[k];
      service.fee = original.fee * p.fees;
      service.unit_cost = original.unit_cost * p.fees;
      if (original.severity.enabled) service.severity.cv = std::clamp(original.severity.cv * p.severity, 1e-3, 20.0);
    }
    return s;
  }

  std::vector<PanelMemberYear> simulate(const Scenario& s) {
    ++evaluations_;
    const Scenario run = member_file_comparison_scenario(s, options_.members, options_.year);
    return panel_member_years(
        layout_, calibration_records(run, options_.replication, options_.year, {0, calibration_blocks(run)}));
  }

  PanelComparison evaluate_and_correct() {
    PanelComparison c =
        compare_panel(layout_, file_, static_cast<std::int64_t>(rows_), simulate(candidate(parameters_)));
    correct_mix(c.simulated, false);
    // Spending is linear in the fees (the counts and severities do not depend on them).
    if (c.simulated.spending_per_member_year > 0)
      parameters_.fees *= file_.spending_per_member_year / c.simulated.spending_per_member_year;
    return c;
  }

  // The entry mix moved toward the file's by what the simulated cross-section missed (`first`:
  // set to the file's).
  void correct_mix(const PanelStatistics& simulated, bool first) {
    if (!layout_.payers.empty()) {
      const bool scheduled = std::any_of(current_.payers.begin(), current_.payers.end(),
                                         [](const PayerConfig& p) { return !p.share_by_year.empty(); });
      if (!scheduled)
        correct_shares(current_.payers.size(), file_.payer_share, simulated.payer_share, first,
                       [&](std::size_t i) -> double& { return current_.payers[i].share; });
    }
    for (std::size_t g = 0; g < layout_.groups.size(); ++g) {
      const PanelGroup& group = layout_.groups[g];
      if (!own_population(current_, group) && shared_population_groups_ > 1) continue;
      MixTarget target = mix_target(current_, group);
      const PanelStatistics::Group &want = file_.groups[g], &got = simulated.groups[g];
      correct_shares(target.bands->size(), want.band_share, got.band_share, first,
                     [&](std::size_t b) -> double& { return (*target.bands)[b].share; });
      *target.female_share = corrected_probability(*target.female_share, want.female_share, got.female_share, first);
      for (std::size_t c = 0; c < layout_.conditions.size(); ++c)
        for (std::size_t b = 0; b < target.bands->size(); ++b) {
          double& p = target.prevalence(c, b);
          p = corrected_probability(p, want.prevalence[c][b], got.prevalence[c][b], first);
        }
    }
  }

  // Whether the mean and every mix statistic agree (the spending's shape is the search's).
  static bool mix_agrees(const PanelComparison& c) {
    for (std::size_t i = 0; i < c.checks.size(); ++i)
      if ((i == 0 || i >= kPanelSpendingStatistics) && c.checks[i].checked && !c.checks[i].pass) return false;
    return true;
  }

  // Sum of squared misses of the spending's shape, in SE units.
  double objective(const PanelStatistics& s) const {
    const std::vector<double> want = file_.values(), got = s.values();
    double sum = 0;
    for (std::size_t i = 1; i < kPanelSpendingStatistics; ++i) {
      const double z = (got[i] - want[i]) * weights_[i];
      sum += z * z;
    }
    return sum;
  }

  // One parameter by Brent's method on its log, within [low, high] (boost::math::tools).
  void search(double FitParameters::*parameter, double low, double high) {
    const auto at = [&](double log_value) {
      FitParameters p = parameters_;
      p.*parameter = std::exp(log_value);
      return objective(panel_statistics(layout_, simulate(candidate(p))));
    };
    std::uintmax_t iterations = 16;
    const auto [best, value] = boost::math::tools::brent_find_minima(at, std::log(low), std::log(high), 12, iterations);
    // Keep the old value unless the search found better (Brent samples the interval, not it).
    if (value < at(std::log(parameters_.*parameter))) parameters_.*parameter = std::exp(best);
  }

  const Scenario& base_;
  FitOptions options_;
  PanelLayout layout_;
  std::size_t rows_;
  PanelStatistics file_;
  Scenario current_;
  FitParameters parameters_;
  std::array<double, kPanelSpendingStatistics> weights_{};
  bool any_severity_ = false;
  int shared_population_groups_ = 0;
  int evaluations_ = 0;
};

}  // namespace

Scenario member_file_comparison_scenario(const Scenario& scenario, std::int64_t members, int year) {
  Scenario s = scenario;
  s.population.members.clear();
  s.population.member_panel = {};
  // The file's year is the one before the first simulated year: the engine's index of fees and
  // rates there (trend_index's [0]).
  const int first = s.simulation.warmup_years + s.simulation.baseline_years;
  for (ServiceConfig& service : s.services) {
    const double fees = trend_index(service, true, first, first)[0];
    service.fee *= fees;
    service.unit_cost *= fees;
    service.rate *= trend_index(service, false, first, first)[0];
    service.trend = service.utilization_trend = 0;
    service.trend_by_year.clear();
    service.utilization_trend_by_year.clear();
  }
  return calibration_scenario(s, members, year);
}

FitResult fit_population(const Scenario& base, const MemberPanel& panel, const FitOptions& options) {
  return PopulationFit(base, panel, options).run();
}

}  // namespace pmsim
