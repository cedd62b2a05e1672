#include "analysis/calibration_targets.h"

#include <cmath>
#include <cstdio>

#include "util/text_table.h"

namespace pmsim {

namespace {

using S = CalibrationStatistics;

CalibrationTarget banded(std::string label, CalibrationStatistic statistic, double published, double low, double high,
                         std::string source) {
  return {std::move(label), statistic, published, low, high, 0.0, std::move(source)};
}

CalibrationTarget surveyed(std::string label, CalibrationStatistic statistic, double published, double rounding,
                           std::string source) {
  return {std::move(label), statistic, published, std::nullopt, std::nullopt, rounding, std::move(source)};
}

// Every figure below is from docs/calibration.md, which names the sources; the
// bands of mortality, decedents' share, inpatient spending and persistence, which it gives
// as "about", are those of tests/analysis/calibration_test.cpp (judgment).
CalibrationTargetSet medicare_ffs() {
  CalibrationTargetSet set;
  set.name = "medicare_ffs";
  set.title =
      "Medicare fee-for-service beneficiaries 65+ (docs/calibration.md: EClinicalMedicine 2021 on 2007-2018 "
      "claims, MedPAC; persistence: MEPS 1996-97, Monheit 2003)";
  set.targets = {
      banded("share of spending, top 1%", &S::top1_share, 0.149, 0.13, 0.18, "14.9% (13-18%)"),
      banded("share of spending, top 5%", &S::top5_share, 0.415, 0.39, 0.46, "41.5% (39-46%)"),
      banded("share of spending, top 10%", &S::top10_share, 0.600, 0.57, 0.63, "60.0% (57-63%)"),
      banded("share of spending, top 20%", &S::top20_share, 0.791, 0.76, 0.82, "79.1% (76-82%)"),
      banded("share of spending, top 50%", &S::top50_share, 0.957, 0.94, 0.975, "95.7% (94-97.5%)"),
      banded("annual mortality", &S::mortality, 0.040, 0.035, 0.045, "about 4% (4.0% in 2014)"),
      banded("decedents' share of spending", &S::decedent_spending_share, 0.25, 0.20, 0.30, "about a quarter"),
      banded("30-day readmissions per admission", &S::readmission_rate, 0.17, 0.15, 0.19, "15-19%"),
      banded("admissions per 1,000 member-years", &S::admissions_per_1000, 275, 250, 300, "250-300"),
      banded("spending per member-year (USD)", &S::spending_per_member_year, 12000, 11000, 13000, "$11,000-13,000"),
      banded("inpatient per member-year (USD)", &S::inpatient_per_member_year, 3000, 2500, 3500,
             "about $3,000 (2015 dollars)"),
      banded("top 5% staying in top 5% next year", &S::top5_stay_top5, 0.30, 0.25, 0.35, "about 30%"),
      banded("top 5% in top 10% next year", &S::top5_stay_top10, 0.45, 0.40, 0.50, "about 45%"),
  };
  set.outcomes = {{"members with no spending", &S::zero_spending_share, ""},
                  {"mean risk score", &S::mean_risk, "1.00 at entry"}};
  return set;
}

// MEPS-HC 2019 (US civilian noninstitutionalized population, all ages and payers;
// docs/calibration.md, "US civilian population, MEPS 2019"; AHRQ Statistical Brief #540). Its
// figures are estimates from a survey of 28,512 persons (the 2019 full-year file, HC-216):
// their sampling SE is taken as that of a simple random sample of that size (MEPS's
// clustered design makes the true one larger, so the check is, if anything, strict).
// Persistence is from the 1996-97 MEPS panel (Monheit 2003), taken at the same size.
CalibrationTargetSet meps_2019() {
  CalibrationTargetSet set;
  set.name = "meps_2019";
  set.title =
      "US civilian population, MEPS 2019 (docs/calibration.md: MEPS-HC 2019; persistence: MEPS 1996-97, "
      "Monheit 2003)";
  set.survey_sample = 28512;
  set.targets = {
      surveyed("share of spending, top 1%", &S::top1_share, 0.208, 0.0005, "20.8%"),
      surveyed("share of spending, top 5%", &S::top5_share, 0.488, 0.0005, "48.8%"),
      surveyed("share of spending, top 10%", &S::top10_share, 0.650, 0.0005, "65.0%"),
      surveyed("share of spending, top 20%", &S::top20_share, 0.814, 0.0005, "81.4%"),
      surveyed("share of spending, bottom 50%", &S::bottom50_share, 0.030, 0.0005, "3.0%"),
      surveyed("members with no spending", &S::zero_spending_share, 0.14, 0.005, "about 14%"),
      surveyed("entry to the top 1% (USD)", &S::top1_entry, 78000, 500, "about $78,000"),
      surveyed("entry to the top 5% (USD)", &S::top5_entry, 27500, 250, "about $27,500"),
      surveyed("mean of the bottom 50% (USD)", &S::bottom50_mean, 370, 5, "about $370"),
      surveyed("top 5% staying in top 5% next year", &S::top5_stay_top5, 0.30, 0.025, "about 30%"),
      surveyed("top 5% in top 10% next year", &S::top5_stay_top10, 0.45, 0.025, "about 45%"),
  };
  set.outcomes = {
      {"spending per person (USD)", &S::spending_per_person, "implied: $370 x 0.5 / 3.0% = $6,170"},
      {"spending per member-year (USD)", &S::spending_per_member_year, ""},
      {"inpatient per member-year (USD)", &S::inpatient_per_member_year, ""},
      {"admissions per 1,000 member-years", &S::admissions_per_1000, ""},
      {"30-day readmissions per admission", &S::readmission_rate, ""},
      {"annual mortality", &S::mortality, ""},
      {"decedents' share of spending", &S::decedent_spending_share, ""},
      {"mean risk score", &S::mean_risk, ""},
  };
  return set;
}

// Money and counts without decimals, shares and rates with four; an SE or a bound as its
// statistic (`like`).
std::string number(double x, double like) {
  char text[64];
  std::snprintf(text, sizeof text, std::abs(like) >= 100 ? "%.0f" : "%.4f", x);
  return text;
}

}  // namespace

const std::vector<CalibrationTargetSet>& calibration_target_sets() {
  static const std::vector<CalibrationTargetSet> sets = {medicare_ffs(), meps_2019()};
  return sets;
}

const CalibrationTargetSet* find_calibration_target_set(const std::string& name) {
  for (const CalibrationTargetSet& set : calibration_target_sets())
    if (set.name == name) return &set;
  return nullptr;
}

const CalibrationTargetSet& default_calibration_target_set(const PopulationConfig& population) {
  double total = 0, elderly = 0;
  for (const AgeBand& band : population.age_bands) {
    total += band.share;
    if (band.min_age >= 65) elderly += band.share;
  }
  return *find_calibration_target_set(total > 0 && elderly >= 0.5 * total ? "medicare_ffs" : "meps_2019");
}

std::vector<TargetCheck> check_targets(const CalibrationReport& report, const CalibrationTargetSet& set) {
  std::vector<TargetCheck> checks;
  for (const CalibrationTarget& t : set.targets) {
    TargetCheck c;
    c.target = &t;
    c.simulated = report.estimate.*t.statistic;
    c.simulation_se = report.simulation_se(t.statistic);
    const double reach = kCalibrationSeMultiple;
    if (t.band_low && t.band_high) {
      c.low = *t.band_low - reach * c.simulation_se;
      c.high = *t.band_high + reach * c.simulation_se;
    } else {
      // A uniform rounding error of half-width h has SD h / sqrt(3).
      const double sampling = report.sample_se(t.statistic, set.survey_sample);
      c.published_se = std::sqrt(sampling * sampling + t.rounding * t.rounding / 3.0);
      const double se = std::hypot(c.published_se, c.simulation_se);
      c.low = t.published - reach * se;
      c.high = t.published + reach * se;
    }
    c.checked = std::isfinite(c.low) && std::isfinite(c.high);
    c.pass = c.checked && c.simulated >= c.low && c.simulated <= c.high;
    checks.push_back(c);
  }
  return checks;
}

std::string format_calibration(const CalibrationReport& r, const CalibrationTargetSet& set, const std::string& why) {
  char line[320];
  std::snprintf(line, sizeof line,
                "calibration: %lld members, year %d after the warm-up years; SEs from %lld batches of %lld members\n",
                static_cast<long long>(r.members), r.year + 1, static_cast<long long>(r.batches),
                static_cast<long long>(r.batch_size));
  std::string out = line;
  out += "targets: " + set.name + " (" + why + "): " + set.title + "\n";
  TextTable table({{"statistic", TextTable::Align::left},
                   {"simulated"},
                   {"MC SE"},
                   {"published", TextTable::Align::left},
                   {"its SE"},
                   {"accepted"},
                   {"verdict", TextTable::Align::left}});
  int passed = 0, checked = 0;
  std::string missed;
  for (const TargetCheck& c : check_targets(r, set)) {
    const CalibrationTarget& t = *c.target;
    passed += c.pass;
    checked += c.checked;
    if (c.checked && !c.pass) missed += (missed.empty() ? "" : ", ") + t.label;
    const auto as_statistic = [&](double x) { return number(x, t.published); };
    table.add_row({t.label, as_statistic(c.simulated), as_statistic(c.simulation_se), t.source,
                   t.band_low ? "band" : as_statistic(c.published_se),
                   as_statistic(c.low) + " to " + as_statistic(c.high),
                   !c.checked ? "no SE"
                   : c.pass   ? "pass"
                              : "MISSED"});
  }
  out += table.render("  ");
  std::snprintf(line, sizeof line, "%d of %zu targets met", passed, set.targets.size());
  out += line;
  if (checked < static_cast<int>(set.targets.size())) {
    std::snprintf(line, sizeof line, " (no SEs without two batches: -m %lld or more)",
                  static_cast<long long>(2 * r.batch_size));
    out += line;
  }
  out += (missed.empty() ? std::string() : "; missed: " + missed) + "\n";
  out += set.survey_sample > 0
             ? "accepted: published +- 4 x sqrt(its SE^2 + MC SE^2); its SE: the sampling SE of a survey of " +
                   std::to_string(set.survey_sample) +
                   " persons\n(SD over batches of that size) and the figure's rounding.\n"
             : std::string("accepted: the published band widened by 4 MC SE.\n");
  TextTable others({{"statistic without a target", TextTable::Align::left},
                    {"simulated"},
                    {"MC SE"},
                    {"note", TextTable::Align::left}});
  for (const CalibrationOutcome& o : set.outcomes) {
    const double value = r.estimate.*o.statistic;
    others.add_row({o.label, number(value, value), number(r.simulation_se(o.statistic), value), o.note});
  }
  return out + others.render("  ");
}

}  // namespace pmsim
