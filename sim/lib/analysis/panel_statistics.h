#pragma once
//! \file panel_statistics.h
//! The statistics a member file and a simulated panel are compared on (pmsim fit, pmsim
//! calibrate --targets FILE): who the members are (payer shares; in each population, the
//! age-band mix, the female share and each condition's prevalence by band) and what they cost
//! (mean allowed amount per member-year, the share with no claims, the shares of spending of
//! the top 1, 5, 20 and 50%). Every statistic weights a member by its exposure: enrolled m
//! months, it counts m / 12 member-years and is ranked by its annualised spending,
//! claims x 12 / m (docs/model.md, "Fitting a population to a member file").

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "analysis/calibration.h"
#include "config/member_panel.h"
#include "config/scenario.h"

namespace pmsim {

//! One member's year, as the statistics see it (from a member file or a simulation).
struct PanelMemberYear {
  double weight = 1;  //!< member-years: enrolled months / 12
  double claims = 0;  //!< allowed amount in those months, USD
  std::uint32_t conditions = 0;
  std::int16_t group = 0;   //!< PanelLayout::groups index
  std::int16_t band = 0;    //!< index in the group's bands
  std::int16_t payer = -1;  //!< index into Scenario::payers; -1: not known
  bool female = false;
};

//! A population whose mix is a statistic: the scenario's (payer -1), or a payer's own.
struct PanelGroup {
  std::string name;  //!< "" for the scenario's population, else the payer's name
  int payer = -1;
  std::vector<std::pair<int, int>> bands;  //!< min_age, max_age
};

//! Which statistics a scenario and a member file have in common.
struct PanelLayout {
  std::vector<std::string> payers;  //!< payer shares are statistics (2 or more payers, a payer column)
  std::vector<std::string> conditions;
  std::vector<PanelGroup> groups;  //!< one, or a payer each when payers have populations of their own

  //! The group and band of a member of `payer` (-1: not known) aged `age` (clamped to the bands).
  std::pair<int, int> locate(int payer, int age) const;
};

//! The layout of scenario `s`, for a member file with a payer column (`payers_known`) or without.
PanelLayout panel_layout(const Scenario& s, bool payers_known);

//! The top fractions whose spending shares are statistics.
inline constexpr std::array<double, 4> kPanelTopFractions = {0.01, 0.05, 0.20, 0.50};

struct PanelStatistics {
  double spending_per_member_year = 0;
  double zero_claims_share = 0;       //!< of member-years
  std::array<double, 4> top_share{};  //!< kPanelTopFractions
  std::vector<double> payer_share;    //!< PanelLayout::payers
  struct Group {
    double female_share = 0;                      //!< NaN: no members
    std::vector<double> band_share;               //!< of the group's member-years
    std::vector<std::vector<double>> prevalence;  //!< [condition][band]; NaN: no members in the band
  };
  std::vector<Group> groups;

  //! Every statistic in the order of panel_statistic_labels.
  std::vector<double> values() const;
};

//! The statistics' names, for tables: "share of spending, top 1%", "medicare_advantage: age 65-69".
std::vector<std::string> panel_statistic_labels(const PanelLayout& layout);
//! Indices in values() of the statistics of spending (kPanelSpendingStatistics of them, first).
inline constexpr std::size_t kPanelSpendingStatistics = 6;

PanelStatistics panel_statistics(const PanelLayout& layout, std::span<const PanelMemberYear> members);

//! For each of `fractions`, the share of the total spending held by the top `fraction` of the
//! weight, members ranked by annualised spending (claims / weight, ties in the given order;
//! one sort for all); the member at the boundary counts with the part of its weight inside
//! (`members`: weight, claims).
std::vector<double> weighted_top_shares(std::span<const std::pair<double, double>> members,
                                        std::span<const double> fractions);

//! The member-years of a member file (its last year).
std::vector<PanelMemberYear> panel_member_years(const PanelLayout& layout, const MemberPanel& panel);
//! A member file's statistics; without a conditions column its prevalences are not known (NaN).
PanelStatistics member_file_statistics(const PanelLayout& layout, const MemberPanel& panel);
//! The member-years of the cross-section year of a calibration's records, of the members who
//! are still members at its end (as a member file's are).
std::vector<PanelMemberYear> panel_member_years(const PanelLayout& layout,
                                                const std::vector<CalibrationRecord>& records);

}  // namespace pmsim
