#pragma once
//! \file categories.h
//! The service categories every scenario prices, and tables indexed by them.

#include <array>
#include <string_view>

namespace pmsim {

//! The service categories every scenario prices. The set is fixed so the per-member loop
//! can keep counts in fixed-size arrays; readmissions and post-acute stays are driven by
//! admissions, the others by an annual rate.
enum class Category : int {
  primary_care = 0,
  specialist,
  emergency,
  inpatient,
  readmission,
  post_acute,
  outpatient,
};
inline constexpr int kCategoryCount = 7;
inline constexpr std::array<std::string_view, kCategoryCount> kCategoryNames = {
    "primary_care", "specialist", "emergency", "inpatient", "readmission", "post_acute", "outpatient"};

//! True for categories whose count is drawn per inpatient admission (a probability per
//! admission) rather than from an annual rate.
constexpr bool is_admission_driven(Category c) { return c == Category::readmission || c == Category::post_acute; }

//! A per-category multiplier table (1.0 where the scenario says nothing).
using CategoryFactors = std::array<double, kCategoryCount>;
inline CategoryFactors unit_factors() {
  CategoryFactors f;
  f.fill(1.0);
  return f;
}

//! One flag per category (which a contract covers, which an episode includes).
using CategoryFlags = std::array<bool, kCategoryCount>;

}  // namespace pmsim
