#pragma once
//! \file calibration.h
//! The statistics a synthetic population must reproduce (docs/calibration.md):
//! spending concentration, mortality, decedents' share, readmissions, admissions,
//! persistence of high spending. Computed from every member-year of a large population, and
//! from disjoint batches of it for their sampling error (calibration_targets.h compares them
//! with the published figures).

#include <cstdint>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace pmsim {

//! The statistics of one cross-section year (and the next, for persistence) of a set of members.
struct CalibrationStatistics {
  double top1_share = 0, top5_share = 0, top10_share = 0, top20_share = 0, top50_share = 0;
  double bottom50_share = 0;       //!< 1 - top50_share
  double zero_spending_share = 0;  //!< members with no claims in the year
  double top1_entry = 0;           //!< USD: the lowest spending in the top 1%
  double top5_entry = 0;           //!< USD: the lowest spending in the top 5%
  double bottom50_mean = 0;        //!< USD: mean spending of the bottom 50%
  double spending_per_person = 0;  //!< USD: total / members (slots), as a survey's mean per person
  double mortality = 0;            //!< deaths / members present in the year
  double decedent_spending_share = 0;
  double readmission_rate = 0;     //!< readmissions / index admissions
  double admissions_per_1000 = 0;  //!< (index admissions + readmissions) per 1,000 member-years
  double spending_per_member_year = 0;
  double inpatient_per_member_year = 0;  //!< inpatient + readmission claims per member-year
  double mean_risk = 0;                  //!< member-month weighted mean risk score
  double top5_stay_top5 = 0;             //!< of year-t top 5% (members continuing), share in top 5% in t+1
  double top5_stay_top10 = 0;            //!< ... share in top 10% in t+1
};

//! A statistic, for tables of them.
using CalibrationStatistic = double CalibrationStatistics::*;

struct CalibrationReport {
  std::int64_t members = 0;
  int year = 0;                    //!< simulated year the cross-section is taken from (0-based, after the warm-up)
  CalibrationStatistics estimate;  //!< of every member
  //! The SD of each statistic over `batches` disjoint batches of `batch_size` members (NaN with
  //! fewer than 2): the sampling error of a sample of that size, such as a survey's.
  CalibrationStatistics batch_sd;
  std::int64_t batch_size = 0;
  std::int64_t batches = 0;

  //! Monte Carlo SE of the estimate from every member: batch SD x sqrt(batch size / members).
  double simulation_se(CalibrationStatistic s) const;
  //! The sampling SE of the statistic in a simple random sample of `n` members, scaled from
  //! the batches as SD x sqrt(batch size / n) (exact when n is the batch size).
  double sample_se(CalibrationStatistic s, std::int64_t n) const;
};

//! What calibration needs of one member slot in the two years it looks at (plain data: ranks
//! of an MPI job send them to rank 0 as bytes).
struct CalibrationRecord {
  double spending[2] = {0, 0};
  bool present[2] = {false, false};
  bool died = false;       //!< in the first year
  bool continues = false;  //!< the same member is there the next year
  double admissions = 0, readmissions = 0, inpatient_claims = 0, months = 0, risk_months = 0;
  std::uint32_t conditions = 0;  //!< in the first year, as are the three below
  std::int16_t age = 0;
  std::int16_t segment = 0;  //!< the member's payer
  bool female = false;
};

//! The scenario a calibration simulates: `members` slots, `year` + 2 years after the warm-up.
Scenario calibration_scenario(const Scenario& scenario, std::int64_t members, int year);
//! The blocks of members of that scenario (engine/panel.h's panel_blocks).
std::int64_t calibration_blocks(const Scenario& calibration);
//! The records of the slots of blocks `blocks` of replication `replication` of
//! calibration_scenario(...) (`year` as given to it), in slot order. Uses all cores.
std::vector<CalibrationRecord> calibration_records(const Scenario& calibration, std::uint32_t replication, int year,
                                                   BlockRange blocks);
//! The report of every slot's record (`records`: all of them, in slot order); `batch_size` as
//! for compute_calibration.
CalibrationReport calibration_report(const std::vector<CalibrationRecord>& records, int year,
                                     std::int64_t batch_size = 0);

//! Simulates `members` slots of replication `replication` and reports the statistics of
//! year `year` after the scenario's warm-up years (and year + 1 for persistence), of all of
//! them and of disjoint batches of `batch_size` consecutive slots (0: members / 20). The
//! batch SDs are of one replication: they leave out replication-wide draws (shocks, uncertain
//! values). Uses all cores.
CalibrationReport compute_calibration(const Scenario& scenario, std::int64_t members, std::uint32_t replication,
                                      int year, std::int64_t batch_size = 0);

//! Share of the total held by the top `fraction` of values (sorted descending).
double top_share(const std::vector<double>& sorted_descending, double fraction);

}  // namespace pmsim
