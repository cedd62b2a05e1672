// pmsim fit (analysis/population_fit.h) on a member file drawn from a known scenario: the
// default scenario with a different frailty shape, fee level, age and sex mix and prevalence.
// Fitted from the default scenario, the simulated panel must agree with the file on every
// statistic within 4 SEs of their difference (the comparison's own verdicts), also on a
// replication the fit never saw; the unfitted base must not. And the inputs the fit refuses.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "analysis/calibration.h"
#include "analysis/panel_comparison.h"
#include "analysis/population_fit.h"
#include "config/member_panel.h"
#include "config/scenario.h"
#include "scenario/scenario_yaml.h"

namespace pmsim {
namespace {

constexpr std::int64_t kFileMembers = 20000;
constexpr std::int64_t kFitMembers = 40000;
constexpr int kYear = 1;

Scenario default_scenario() { return load_scenario(std::string(PMSIM_SOURCE_DIR) + "/scenarios/default.yaml"); }

// The population the file is drawn from: not the default's in any statistic the fit sets.
Scenario truth() {
  Scenario s = default_scenario();
  s.population.frailty.shape *= 1.8;
  for (ServiceConfig& service : s.services) {
    service.fee *= 1.3;
    service.unit_cost *= 1.3;
  }
  std::vector<AgeBand>& bands = s.population.age_bands;
  for (std::size_t b = 0; b < bands.size(); ++b) bands[b].share = 1.0 + static_cast<double>(b);  // older
  double sum = 0;
  for (const AgeBand& b : bands) sum += b.share;
  for (AgeBand& b : bands) b.share /= sum;
  s.population.sex.female_share = 0.45;
  for (double& p : s.population.conditions.front().prevalence) p = std::min(1.0, p * 1.5);
  return s;
}

// A member file of the members of `s`'s cross-section year who are still members at its end
// (what a provider's file of its current members holds): age, sex, months, conditions, claims.
MemberPanel member_file_of(const Scenario& s, std::uint32_t replication) {
  const Scenario run = member_file_comparison_scenario(s, kFileMembers, kYear);
  MemberPanel panel;
  for (const CalibrationRecord& r : calibration_records(run, replication, kYear, {0, calibration_blocks(run)})) {
    if (!r.present[0] || r.months <= 0 || !r.continues) continue;
    panel.age.push_back(static_cast<std::uint8_t>(r.age));
    panel.female.push_back(r.female ? 1 : 0);
    panel.months.push_back(static_cast<std::uint8_t>(std::lround(r.months)));
    panel.conditions.push_back(r.conditions);
    panel.claims.push_back(r.spending[0]);
  }
  panel.rows = panel.age.size();
  panel.has_conditions = true;
  panel.path = "drawn.csv";
  return panel;
}

TEST(PopulationFit, ReproducesAFileDrawnFromAKnownPopulation) {
  const Scenario base = default_scenario();
  const MemberPanel file = member_file_of(truth(), 11);
  ASSERT_GT(file.rows, static_cast<std::size_t>(kFileMembers) * 8 / 10);

  FitOptions options;
  options.members = kFitMembers;
  options.year = kYear;
  const FitResult fit = fit_population(base, file, options);
  EXPECT_EQ(fit.fitted.failures(), 0u) << format_panel_comparison(fit.fitted);
  EXPECT_GT(fit.parameters.frailty_shape, base.population.frailty.shape) << "the file's spending is less concentrated";

  // On streams the fit never saw: the statistics still agree, and the base's do not.
  const auto compare = [&](const Scenario& s) {
    const Scenario run = member_file_comparison_scenario(s, kFitMembers, kYear);
    return compare_panel(
        fit.layout, fit.file, static_cast<std::int64_t>(file.rows),
        panel_member_years(fit.layout, calibration_records(run, 5, kYear, {0, calibration_blocks(run)})));
  };
  const PanelComparison fresh = compare(fit.scenario);
  EXPECT_EQ(fresh.failures(), 0u) << format_panel_comparison(fresh);
  EXPECT_GT(compare(base).failures(), 5u);
}

TEST(PopulationFit, RefusesABaseThatMakesAFittedValueUncertain) {
  Scenario base = load_scenario(std::string(PMSIM_SOURCE_DIR) + "/scenarios/parameter_uncertainty.yaml");
  MemberPanel file = member_file_of(default_scenario(), 1);
  bool fitted_key_uncertain = false;
  for (const UncertainParameter& u : base.uncertain)
    for (const std::string& at : u.stored_at)
      fitted_key_uncertain =
          fitted_key_uncertain || at.find("frailty.shape") != std::string::npos || at.find(".fee") != std::string::npos;
  ASSERT_TRUE(fitted_key_uncertain) << "parameter_uncertainty.yaml no longer makes a fitted value uncertain";
  EXPECT_THROW(fit_population(base, file, {}), FitError);
}

TEST(PopulationFit, RefusesAFileWithoutClaims) {
  MemberPanel file = member_file_of(default_scenario(), 1);
  std::fill(file.claims.begin(), file.claims.end(), 0.0);
  EXPECT_THROW(fit_population(default_scenario(), file, {}), FitError);
}

}  // namespace
}  // namespace pmsim
