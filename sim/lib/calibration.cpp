#include "calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <tbb/parallel_for.h>

#include "population_generator.h"

namespace pmsim {

double top_share(const std::vector<double>& sorted, double fraction) {
  const double total = std::accumulate(sorted.begin(), sorted.end(), 0.0);
  const auto k = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(sorted.size())));
  const double top = std::accumulate(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
  return total > 0 ? top / total : 0.0;
}

namespace {

// What calibration needs of one slot in the two years it looks at.
struct SlotRecord {
  double spending[2] = {0, 0};
  bool present[2] = {false, false};
  bool died = false;        // in the first year
  bool continues = false;   // the same member is there the next year
  double admissions = 0, readmissions = 0, inpatient_claims = 0, months = 0, risk_months = 0;
};

// Ranks of the members in the top `fraction` by spending (ties broken by slot).
std::vector<char> in_top(const std::vector<double>& spending, const std::vector<std::size_t>& who,
                         double fraction) {
  std::vector<std::size_t> order = who;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return spending[a] != spending[b] ? spending[a] > spending[b] : a < b;
  });
  std::vector<char> flag(spending.size(), 0);
  const auto k = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(order.size())));
  for (std::size_t i = 0; i < k; ++i) flag[order[i]] = 1;
  return flag;
}

}  // namespace

CalibrationReport compute_calibration(const Scenario& scenario, std::int64_t members,
                                      std::uint32_t replication, int year) {
  Scenario s = scenario;
  s.population.size = members;
  s.simulation.baseline_years = 0;
  s.simulation.years = year + 2;
  const PopulationModel model(s);
  const int cross_section = model.warmup_years + year;  // simulated year of the cross-section

  std::vector<SlotRecord> slots(static_cast<std::size_t>(members));
  const std::int64_t block = model.block_size;
  const std::int64_t blocks = (members + block - 1) / block;
  tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {
    YearTallies scratch(static_cast<std::size_t>(model.segments * model.total_years));
    const std::int64_t first = b * block;
    const auto count = static_cast<std::size_t>(std::min(block, members - first));
    simulate_block(model, replication, first, count, scratch, [&](const MemberYear& r) {
      if (r.year != cross_section && r.year != cross_section + 1) return;
      SlotRecord& rec = slots[r.slot];
      const int k = r.year - cross_section;
      rec.spending[k] = r.total_claims();
      rec.present[k] = true;
      if (k == 0) {
        rec.died = r.died;
        rec.continues = !(r.died || r.churned);
        rec.admissions = r.counts[static_cast<int>(Category::inpatient)];
        rec.readmissions = r.counts[static_cast<int>(Category::readmission)];
        rec.inpatient_claims = r.claims[static_cast<int>(Category::inpatient)] +
                               r.claims[static_cast<int>(Category::readmission)];
        rec.months = r.months;
        rec.risk_months = r.risk * r.months;
      }
    });
  });

  CalibrationReport rep;
  rep.members = members;
  rep.year = year;
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
  rep.top1_share = top_share(spending, 0.01);
  rep.top5_share = top_share(spending, 0.05);
  rep.top10_share = top_share(spending, 0.10);
  rep.top20_share = top_share(spending, 0.20);
  rep.top50_share = top_share(spending, 0.50);
  rep.zero_spending_share = zero / n;
  rep.mortality = deaths / n;
  rep.decedent_spending_share = total > 0 ? decedents / total : 0;
  rep.readmission_rate = admissions > 0 ? readmissions / admissions : 0;
  rep.admissions_per_1000 = 1000.0 * (admissions + readmissions) / member_years;
  rep.spending_per_member_year = total / member_years;
  rep.inpatient_per_member_year = inpatient / member_years;
  rep.mean_risk = risk_months / months;

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
  rep.top5_stay_top5 = in5 > 0 ? stay5 / in5 : 0;
  rep.top5_stay_top10 = in5 > 0 ? stay10 / in5 : 0;
  return rep;
}

std::string format_calibration(const CalibrationReport& r) {
  std::string out;
  char line[200];
  auto row = [&](const char* name, double value, const char* target) {
    std::snprintf(line, sizeof line, "  %-38s %12.4f   %s\n", name, value, target);
    out += line;
  };
  std::snprintf(line, sizeof line, "calibration: %lld members, year %d after the warm-up years\n",
                static_cast<long long>(r.members), r.year + 1);
  out += line;
  std::snprintf(line, sizeof line, "  %-38s %12s   %s\n", "statistic", "simulated", "published (band)");
  out += line;
  row("share of spending, top 1%", r.top1_share, "0.149 (0.13-0.18)");
  row("share of spending, top 5%", r.top5_share, "0.415 (0.39-0.46)");
  row("share of spending, top 10%", r.top10_share, "0.600 (0.57-0.63)");
  row("share of spending, top 20%", r.top20_share, "0.791 (0.76-0.82)");
  row("share of spending, top 50%", r.top50_share, "0.957 (0.94-0.975)");
  row("members with no spending", r.zero_spending_share, "");
  row("annual mortality", r.mortality, "about 0.04");
  row("decedents' share of spending", r.decedent_spending_share, "about 0.25");
  row("30-day readmissions per admission", r.readmission_rate, "0.15-0.19");
  row("admissions per 1,000 member-years", r.admissions_per_1000, "250-300");
  row("spending per member-year (USD)", r.spending_per_member_year, "11,000-13,000");
  row("inpatient per member-year (USD)", r.inpatient_per_member_year, "about 3,000");
  row("mean risk score", r.mean_risk, "1.00 at entry");
  row("top 5% staying in top 5% next year", r.top5_stay_top5, "about 0.30");
  row("top 5% in top 10% next year", r.top5_stay_top10, "about 0.45");
  return out;
}

}  // namespace pmsim
