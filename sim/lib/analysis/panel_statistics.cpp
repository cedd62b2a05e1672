//! \file panel_statistics.cpp
//! The exposure-weighted statistics of a panel (panel_statistics.h).

#include "analysis/panel_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace pmsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::pair<int, int>> bands_of(const std::vector<AgeBand>& bands) {
  std::vector<std::pair<int, int>> out;
  for (const AgeBand& b : bands) out.emplace_back(b.min_age, b.max_age);
  return out;
}

std::string percent(double fraction) { return std::to_string(static_cast<int>(std::lround(fraction * 100))) + "%"; }

std::string band_label(const std::pair<int, int>& band) {
  return std::to_string(band.first) + "-" + std::to_string(band.second);
}

}  // namespace

PanelLayout panel_layout(const Scenario& s, bool payers_known) {
  PanelLayout layout;
  for (const ConditionConfig& c : s.population.conditions) layout.conditions.push_back(c.name);
  if (payers_known && s.payers.size() > 1)
    for (const PayerConfig& p : s.payers) layout.payers.push_back(p.name);
  const bool own =
      std::any_of(s.payers.begin(), s.payers.end(), [](const PayerConfig& p) { return p.population.given(); });
  if (!own) {
    layout.groups.push_back({"", -1, bands_of(s.population.age_bands)});
    return layout;
  }
  // Payers with populations of their own: each payer's members are a population (the member
  // file then has a payer column: the scenario requires it).
  for (std::size_t p = 0; p < s.payers.size(); ++p) {
    const PayerConfig& payer = s.payers[p];
    layout.groups.push_back({payer.name, static_cast<int>(p),
                             bands_of(payer.population.given() ? payer.population.age_bands : s.population.age_bands)});
  }
  return layout;
}

std::pair<int, int> PanelLayout::locate(int payer, int age) const {
  int group = 0;
  for (std::size_t g = 0; g < groups.size(); ++g)
    if (groups[g].payer >= 0 && groups[g].payer == payer) group = static_cast<int>(g);
  const auto& bands = groups[static_cast<std::size_t>(group)].bands;
  int band = 0;
  while (band + 1 < static_cast<int>(bands.size()) && age > bands[static_cast<std::size_t>(band)].second) ++band;
  return {group, band};
}

std::vector<double> weighted_top_shares(std::span<const std::pair<double, double>> members,
                                        std::span<const double> fractions) {
  std::vector<std::size_t> order(members.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto annual = [&](std::size_t i) { return members[i].second / members[i].first; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return annual(a) > annual(b); });
  double weight = 0, total = 0;
  for (const auto& [w, claims] : members) {
    weight += w;
    total += claims;
  }
  std::vector<double> shares;
  for (double fraction : fractions) {
    double room = fraction * weight, top = 0;
    for (std::size_t i : order) {
      if (room <= 0) break;
      const auto& [w, claims] = members[i];
      const double part = std::min(1.0, room / w);  // the boundary member: the part of it inside
      top += part * claims;
      room -= w;
    }
    shares.push_back(total > 0 ? top / total : 0);
  }
  return shares;
}

PanelStatistics panel_statistics(const PanelLayout& layout, std::span<const PanelMemberYear> members) {
  PanelStatistics st;
  const std::size_t conditions = layout.conditions.size();
  std::vector<std::pair<double, double>> spending;
  spending.reserve(members.size());
  double weight = 0, claims = 0, zero = 0;
  std::vector<double> payer_weight(layout.payers.size(), 0.0);
  struct GroupSums {
    double weight = 0, female = 0;
    std::vector<double> band;
    std::vector<std::vector<double>> with;  // [condition][band]
  };
  std::vector<GroupSums> groups(layout.groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::size_t bands = layout.groups[g].bands.size();
    groups[g].band.assign(bands, 0.0);
    groups[g].with.assign(conditions, std::vector<double>(bands, 0.0));
  }
  for (const PanelMemberYear& m : members) {
    if (m.weight <= 0) continue;
    spending.emplace_back(m.weight, m.claims);
    weight += m.weight;
    claims += m.claims;
    if (m.claims == 0) zero += m.weight;
    if (m.payer >= 0 && static_cast<std::size_t>(m.payer) < payer_weight.size())
      payer_weight[static_cast<std::size_t>(m.payer)] += m.weight;
    GroupSums& g = groups[static_cast<std::size_t>(m.group)];
    const auto band = static_cast<std::size_t>(m.band);
    g.weight += m.weight;
    if (m.female) g.female += m.weight;
    g.band[band] += m.weight;
    for (std::size_t c = 0; c < conditions; ++c)
      if (m.conditions >> c & 1u) g.with[c][band] += m.weight;
  }
  const auto ratio = [](double part, double whole) { return whole > 0 ? part / whole : kNaN; };
  st.spending_per_member_year = ratio(claims, weight);
  st.zero_claims_share = ratio(zero, weight);
  const std::vector<double> top = weighted_top_shares(spending, kPanelTopFractions);  // one sort
  std::copy(top.begin(), top.end(), st.top_share.begin());
  for (double w : payer_weight) st.payer_share.push_back(ratio(w, weight));
  for (const GroupSums& g : groups) {
    PanelStatistics::Group out;
    out.female_share = ratio(g.female, g.weight);
    for (double b : g.band) out.band_share.push_back(g.weight > 0 ? b / g.weight : kNaN);
    for (std::size_t c = 0; c < conditions; ++c) {
      std::vector<double> by_band;
      for (std::size_t b = 0; b < g.band.size(); ++b) by_band.push_back(ratio(g.with[c][b], g.band[b]));
      out.prevalence.push_back(std::move(by_band));
    }
    st.groups.push_back(std::move(out));
  }
  return st;
}

std::vector<double> PanelStatistics::values() const {
  std::vector<double> v = {spending_per_member_year, zero_claims_share};
  v.insert(v.end(), top_share.begin(), top_share.end());
  v.insert(v.end(), payer_share.begin(), payer_share.end());
  for (const Group& g : groups) {
    v.push_back(g.female_share);
    v.insert(v.end(), g.band_share.begin(), g.band_share.end());
    for (const auto& by_band : g.prevalence) v.insert(v.end(), by_band.begin(), by_band.end());
  }
  return v;
}

std::vector<std::string> panel_statistic_labels(const PanelLayout& layout) {
  std::vector<std::string> labels = {"allowed per member-year, USD", "share with no claims"};
  for (double f : kPanelTopFractions) labels.push_back("share of spending, top " + percent(f));
  for (const std::string& p : layout.payers) labels.push_back("payer share, " + p);
  for (const PanelGroup& g : layout.groups) {
    const std::string prefix = g.name.empty() ? "" : g.name + ": ";
    labels.push_back(prefix + "female share");
    for (const auto& band : g.bands) labels.push_back(prefix + "share aged " + band_label(band));
    for (const std::string& c : layout.conditions)
      for (const auto& band : g.bands) labels.push_back(prefix + c + " prevalence, " + band_label(band));
  }
  return labels;
}

std::vector<PanelMemberYear> panel_member_years(const PanelLayout& layout, const MemberPanel& panel) {
  std::vector<PanelMemberYear> out(panel.rows);
  for (std::size_t i = 0; i < panel.rows; ++i) {
    PanelMemberYear& m = out[i];
    const int payer = panel.payer.empty() ? -1 : panel.payer[i];
    const auto [group, band] = layout.locate(payer, panel.age[i]);
    m.weight = static_cast<double>(panel.months[i]) / 12.0;
    m.claims = panel.total_claims(i);
    m.conditions = panel.conditions[i];
    m.group = static_cast<std::int16_t>(group);
    m.band = static_cast<std::int16_t>(band);
    m.payer = static_cast<std::int16_t>(payer);
    m.female = panel.female[i] != 0;
  }
  return out;
}

PanelStatistics member_file_statistics(const PanelLayout& layout, const MemberPanel& panel) {
  PanelStatistics st = panel_statistics(layout, panel_member_years(layout, panel));
  if (!panel.has_conditions)
    for (PanelStatistics::Group& g : st.groups)
      for (std::vector<double>& by_band : g.prevalence) std::fill(by_band.begin(), by_band.end(), kNaN);
  return st;
}

std::vector<PanelMemberYear> panel_member_years(const PanelLayout& layout,
                                                const std::vector<CalibrationRecord>& records) {
  std::vector<PanelMemberYear> out;
  out.reserve(records.size());
  for (const CalibrationRecord& r : records) {
    // A member file lists the members who enter the next year, with their year's claims: its
    // simulated counterpart leaves out the year's deaths and leavers (and their end-of-life costs).
    if (!r.present[0] || r.months <= 0 || !r.continues) continue;
    const auto [group, band] = layout.locate(r.segment, r.age);
    PanelMemberYear m;
    m.weight = r.months / 12.0;
    m.claims = r.spending[0];
    m.conditions = r.conditions;
    m.group = static_cast<std::int16_t>(group);
    m.band = static_cast<std::int16_t>(band);
    m.payer = static_cast<std::int16_t>(layout.payers.empty() ? -1 : r.segment);
    m.female = r.female;
    out.push_back(m);
  }
  return out;
}

}  // namespace pmsim
