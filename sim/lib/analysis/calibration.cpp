#include "analysis/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numeric>
#include <span>
#include <tbb/parallel_for.h>

#include "population/population_generator.h"

namespace pmsim {

double top_share(const std::vector<double>& sorted, double fraction) {
  const double total = std::accumulate(sorted.begin(), sorted.end(), 0.0);
  const auto k = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(sorted.size())));
  const double top = std::accumulate(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
  return total > 0 ? top / total : 0.0;
}

namespace {

using SlotRecord = CalibrationRecord;

// Ranks of the members in the top `fraction` by spending (ties broken by slot).
std::vector<char> in_top(const std::vector<double>& spending, const std::vector<std::size_t>& who, double fraction) {
  std::vector<std::size_t> order = who;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return spending[a] != spending[b] ? spending[a] > spending[b] : a < b;
  });
  std::vector<char> flag(spending.size(), 0);
  const auto k = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(order.size())));
  for (std::size_t i = 0; i < k; ++i) flag[order[i]] = 1;
  return flag;
}

// The statistics of the members in `slots` (persistence among those who continue).
CalibrationStatistics statistics_of(std::span<const SlotRecord> slots) {
  CalibrationStatistics st;
  std::vector<double> spending;
  spending.reserve(slots.size());
  double total = 0, decedents = 0, deaths = 0, zero = 0, admissions = 0, readmissions = 0;
  double inpatient = 0, months = 0, risk_months = 0;
  for (const auto& r : slots) {
    spending.push_back(r.spending[0]);
    total += r.spending[0];
    zero += r.spending[0] == 0.0;
    if (r.died) {
      deaths += 1;
      decedents += r.spending[0];
    }
    admissions += r.admissions;
    readmissions += r.readmissions;
    inpatient += r.inpatient_claims;
    months += r.months;
    risk_months += r.risk_months;
  }
  const double n = static_cast<double>(slots.size());
  const double member_years = months / 12.0;
  std::sort(spending.begin(), spending.end(), std::greater<>());
  st.top1_share = top_share(spending, 0.01);
  st.top5_share = top_share(spending, 0.05);
  st.top10_share = top_share(spending, 0.10);
  st.top20_share = top_share(spending, 0.20);
  st.top50_share = top_share(spending, 0.50);
  st.bottom50_share = 1.0 - st.top50_share;
  // Entry to a top group: the lowest spending in it (the top k = round(fraction n) members).
  const auto entry = [&](double fraction) {
    const auto k = static_cast<std::size_t>(std::llround(fraction * n));
    return k > 0 ? spending[k - 1] : spending.front();
  };
  st.top1_entry = entry(0.01);
  st.top5_entry = entry(0.05);
  const auto top_half = static_cast<std::size_t>(std::llround(0.5 * n));
  st.bottom50_mean = std::accumulate(spending.begin() + static_cast<std::ptrdiff_t>(top_half), spending.end(), 0.0) /
                     static_cast<double>(spending.size() - top_half);
  st.spending_per_person = total / n;
  st.zero_spending_share = zero / n;
  st.mortality = deaths / n;
  st.decedent_spending_share = total > 0 ? decedents / total : 0;
  st.readmission_rate = admissions > 0 ? readmissions / admissions : 0;
  st.admissions_per_1000 = 1000.0 * (admissions + readmissions) / member_years;
  st.spending_per_member_year = total / member_years;
  st.inpatient_per_member_year = inpatient / member_years;
  st.mean_risk = risk_months / months;

  // Persistence among members present in both years.
  std::vector<std::size_t> stayers;
  std::vector<double> first(slots.size()), second(slots.size());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    first[i] = slots[i].spending[0];
    second[i] = slots[i].spending[1];
    if (slots[i].continues) stayers.push_back(i);
  }
  const auto top5_now = in_top(first, stayers, 0.05);
  const auto top5_next = in_top(second, stayers, 0.05);
  const auto top10_next = in_top(second, stayers, 0.10);
  double in5 = 0, stay5 = 0, stay10 = 0;
  for (std::size_t i : stayers) {
    if (!top5_now[i]) continue;
    in5 += 1;
    stay5 += top5_next[i];
    stay10 += top10_next[i];
  }
  st.top5_stay_top5 = in5 > 0 ? stay5 / in5 : 0;
  st.top5_stay_top10 = in5 > 0 ? stay10 / in5 : 0;
  return st;
}

// Every statistic, for the batch SDs.
constexpr CalibrationStatistic kAllStatistics[] = {
    &CalibrationStatistics::top1_share,
    &CalibrationStatistics::top5_share,
    &CalibrationStatistics::top10_share,
    &CalibrationStatistics::top20_share,
    &CalibrationStatistics::top50_share,
    &CalibrationStatistics::bottom50_share,
    &CalibrationStatistics::zero_spending_share,
    &CalibrationStatistics::top1_entry,
    &CalibrationStatistics::top5_entry,
    &CalibrationStatistics::bottom50_mean,
    &CalibrationStatistics::spending_per_person,
    &CalibrationStatistics::mortality,
    &CalibrationStatistics::decedent_spending_share,
    &CalibrationStatistics::readmission_rate,
    &CalibrationStatistics::admissions_per_1000,
    &CalibrationStatistics::spending_per_member_year,
    &CalibrationStatistics::inpatient_per_member_year,
    &CalibrationStatistics::mean_risk,
    &CalibrationStatistics::top5_stay_top5,
    &CalibrationStatistics::top5_stay_top10,
};
static_assert(sizeof(kAllStatistics) / sizeof(kAllStatistics[0]) * sizeof(double) == sizeof(CalibrationStatistics),
              "kAllStatistics lists every field of CalibrationStatistics");

// The SD of each statistic over the batches (NaN with fewer than two).
CalibrationStatistics batch_spread(const std::vector<CalibrationStatistics>& batches) {
  CalibrationStatistics sd;
  for (CalibrationStatistic s : kAllStatistics) {
    if (batches.size() < 2) {
      sd.*s = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    double mean = 0, squares = 0;
    for (const auto& b : batches) mean += b.*s;
    mean /= static_cast<double>(batches.size());
    for (const auto& b : batches) squares += (b.*s - mean) * (b.*s - mean);
    sd.*s = std::sqrt(squares / static_cast<double>(batches.size() - 1));
  }
  return sd;
}

}  // namespace

double CalibrationReport::simulation_se(CalibrationStatistic s) const {
  return batch_sd.*s * std::sqrt(static_cast<double>(batch_size) / static_cast<double>(members));
}

double CalibrationReport::sample_se(CalibrationStatistic s, std::int64_t n) const {
  return batch_sd.*s * std::sqrt(static_cast<double>(batch_size) / static_cast<double>(n));
}

Scenario calibration_scenario(const Scenario& scenario, std::int64_t members, int year) {
  Scenario s = scenario;
  s.population.size = members;
  s.simulation.baseline_years = 0;
  s.simulation.years = year + 2;
  return s;
}

std::int64_t calibration_blocks(const Scenario& calibration) { return panel_blocks(PopulationModel(calibration)); }

std::vector<CalibrationRecord> calibration_records(const Scenario& calibration, std::uint32_t replication, int year,
                                                   BlockRange blocks) {
  const PopulationModel model(calibration);
  const int cross_section = model.warmup_years + year;  // simulated year of the cross-section
  const std::int64_t block = model.block_size;
  const std::int64_t first_slot = blocks.first * block;
  const std::int64_t end_slot = std::min(blocks.end * block, model.size);
  std::vector<SlotRecord> slots(static_cast<std::size_t>(std::max<std::int64_t>(end_slot - first_slot, 0)));
  tbb::parallel_for(blocks.first, blocks.end, [&](std::int64_t b) {
    YearTallies scratch(static_cast<std::size_t>(model.segments * model.total_years));
    const std::int64_t first = b * block;
    const auto count = static_cast<std::size_t>(std::min(block, model.size - first));
    simulate_block(model, replication, first, count, scratch, [&](const MemberYear& r) {
      if (r.year != cross_section && r.year != cross_section + 1) return;
      SlotRecord& rec = slots[static_cast<std::size_t>(r.slot - first_slot)];
      const int k = r.year - cross_section;
      rec.spending[k] = r.total_claims();
      rec.present[k] = true;
      if (k == 0) {
        rec.died = r.died;
        rec.continues = !(r.died || r.churned);
        rec.admissions = r.counts[static_cast<int>(Category::inpatient)];
        rec.readmissions = r.counts[static_cast<int>(Category::readmission)];
        rec.inpatient_claims =
            r.claims[static_cast<int>(Category::inpatient)] + r.claims[static_cast<int>(Category::readmission)];
        rec.months = r.months;
        rec.risk_months = r.risk * r.months;
        rec.conditions = r.conditions;
        rec.age = static_cast<std::int16_t>(r.age);
        rec.segment = static_cast<std::int16_t>(r.segment);
        rec.female = r.female;
      }
    });
  });
  return slots;
}

CalibrationReport calibration_report(const std::vector<CalibrationRecord>& slots, int year, std::int64_t batch_size) {
  const auto members = static_cast<std::int64_t>(slots.size());
  CalibrationReport rep;
  rep.members = members;
  rep.year = year;
  rep.estimate = statistics_of(slots);
  // Slots are members drawn independently given the replication's draws: consecutive runs of
  // them are independent samples of the same population.
  rep.batch_size = batch_size > 0 ? std::min(batch_size, members) : std::max<std::int64_t>(1, members / 20);
  rep.batches = members / rep.batch_size;
  std::vector<CalibrationStatistics> batches(static_cast<std::size_t>(rep.batches));
  tbb::parallel_for(std::int64_t{0}, rep.batches, [&](std::int64_t b) {
    batches[static_cast<std::size_t>(b)] = statistics_of(std::span<const SlotRecord>(slots).subspan(
        static_cast<std::size_t>(b * rep.batch_size), static_cast<std::size_t>(rep.batch_size)));
  });
  rep.batch_sd = batch_spread(batches);
  return rep;
}

CalibrationReport compute_calibration(const Scenario& scenario, std::int64_t members, std::uint32_t replication,
                                      int year, std::int64_t batch_size) {
  const Scenario s = calibration_scenario(scenario, members, year);
  return calibration_report(calibration_records(s, replication, year, {0, calibration_blocks(s)}), year, batch_size);
}

}  // namespace pmsim
