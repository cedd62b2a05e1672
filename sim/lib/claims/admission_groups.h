#pragma once
//! \file admission_groups.h
//! A member-year's index admissions by admission type, with what follows them: the
//! generator splits them when the scenario has admission types, and bundled-payment
//! episodes take their stays group by group.

#include <array>
#include <cstdint>

#include "config/limits.h"

namespace pmsim {

inline constexpr int kMaxAdmissionGroups = kMaxAdmissionTypes + 1;

//! Group 0: admissions of no particular type; group 1 + k: admission type k.
struct AdmissionGroups {
  int count = 1;
  std::array<std::uint32_t, kMaxAdmissionGroups> admissions{};
  std::array<std::uint32_t, kMaxAdmissionGroups> readmissions{};  //!< following the group's admissions
  std::array<std::uint32_t, kMaxAdmissionGroups> post_acute{};    //!< following its admissions and readmissions
  std::array<double, kMaxAdmissionGroups> claims{};               //!< inpatient claims of its admissions
};

}  // namespace pmsim
