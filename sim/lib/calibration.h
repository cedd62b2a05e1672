#pragma once
//! \file calibration.h
//! The statistics a synthetic population must reproduce (../shared/domain/calibration.md):
//! spending concentration, mortality, decedents' share, readmissions, admissions,
//! persistence of high spending. Computed from every member-year of a large population.

#include <cstdint>
#include <string>
#include <vector>

#include "engine.h"

namespace pmsim {

struct CalibrationReport {
  std::int64_t members = 0;
  int year = 0;                     //!< simulated year the cross-section is taken from
  double top1_share = 0, top5_share = 0, top10_share = 0, top20_share = 0, top50_share = 0;
  double zero_spending_share = 0;   //!< members with no claims in the year
  double mortality = 0;             //!< deaths / members present in the year
  double decedent_spending_share = 0;
  double readmission_rate = 0;      //!< readmissions / index admissions
  double admissions_per_1000 = 0;   //!< (index admissions + readmissions) per 1,000 member-years
  double spending_per_member_year = 0;
  double inpatient_per_member_year = 0;  //!< inpatient + readmission claims per member-year
  double mean_risk = 0;             //!< member-month weighted mean risk score
  double top5_stay_top5 = 0;        //!< of year-t top 5% (members continuing), share in top 5% in t+1
  double top5_stay_top10 = 0;       //!< ... share in top 10% in t+1
};

//! Simulates `members` slots of replication `replication` and reports the statistics of
//! year `year` after the scenario's warm-up years (and year + 1 for persistence). Uses all
//! cores.
CalibrationReport compute_calibration(const Scenario& scenario, std::int64_t members,
                                      std::uint32_t replication, int year);

//! Share of the total held by the top `fraction` of values (sorted descending).
double top_share(const std::vector<double>& sorted_descending, double fraction);

//! One line per statistic with the published target band, for `pmsim calibrate`.
std::string format_calibration(const CalibrationReport& report);

}  // namespace pmsim
