#pragma once
//! \file member_panel.h
//! A provider's own members, read from a member file (population.members): who each member
//! is at the start of the first simulated year and what it cost last year. Column by column,
//! one entry a member, in the order of the file. It is patient data: only its fingerprint
//! (path, SHA-256, row count) goes into a results file, never a member.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/categories.h"

namespace pmsim {

//! What a results file keeps of a member file (root attributes member_file,
//! member_file_sha256, member_file_rows): enough to know which file a run was made from.
struct MemberFileFingerprint {
  std::string path;    //!< as written in the scenario
  std::string sha256;  //!< of the file's bytes
  std::size_t rows = 0;
  bool operator==(const MemberFileFingerprint&) const = default;
};

struct MemberPanel {
  std::string path;    //!< as written in the scenario (relative to the scenario file)
  std::string sha256;  //!< of the file's bytes, 64 lowercase hexadecimal digits
  std::size_t rows = 0;

  std::vector<std::uint8_t> age;
  std::vector<std::uint8_t> female;
  std::vector<std::int8_t> payer;         //!< index into Scenario::payers; -1: the column is absent
  std::vector<std::uint8_t> months;       //!< enrolled months last year, 1-12 (12 without the column)
  std::vector<std::uint32_t> conditions;  //!< bit j: the scenario's condition j
  bool has_conditions = false;            //!< the file has a conditions column (else every member has none)
  std::vector<double> risk_score;         //!< empty without the column
  //! Last year's allowed claims: one a member (the `claims` column, by_category false), or
  //! kCategoryCount a member, [member x kCategoryCount + category] (claims_<category>
  //! columns; a category without a column has 0 and is not observed).
  bool by_category = false;
  std::vector<double> claims;
  std::vector<std::uint8_t> observed;  //!< by_category: the categories with a column, [category]

  MemberFileFingerprint fingerprint() const { return {path, sha256, rows}; }

  //! Last year's total claims of member i.
  double total_claims(std::size_t i) const {
    if (!by_category) return claims[i];
    double total = 0;
    for (int k = 0; k < kCategoryCount; ++k) total += claims[i * kCategoryCount + static_cast<std::size_t>(k)];
    return total;
  }
};

//! The panel a scenario was loaded with, shared by every copy of the scenario. Two are equal
//! when they hold the same file's content (or both none), so that a scenario written and read
//! again compares equal.
struct MemberPanelRef {
  std::shared_ptr<const MemberPanel> panel;
  explicit operator bool() const { return panel != nullptr; }
  const MemberPanel* operator->() const { return panel.get(); }
  bool operator==(const MemberPanelRef& other) const {
    if (!panel || !other.panel) return panel == other.panel;
    return panel->sha256 == other.panel->sha256 && panel->rows == other.panel->rows;
  }
};

}  // namespace pmsim
