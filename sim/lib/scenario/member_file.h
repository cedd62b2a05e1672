#pragma once
//! \file member_file.h
//! Reads a member file (population.members, docs/scenarios.md "Member file"): a CSV file with
//! a header row, one member a row, checked against the scenario's names and ranges. Every
//! problem is reported as FILE:LINE: COLUMN: message, with the accepted values.

#include <string>
#include <vector>

#include "config/member_panel.h"

namespace pmsim {

//! What the scenario accepts in a member file.
struct MemberFileSchema {
  std::vector<std::string> conditions;  //!< the scenario's condition names, by index
  std::vector<std::string> payers;      //!< the scenario's payer names, by index; empty: no payer column
  //! Why the payer column is required (payers with fees of their own); empty: optional.
  std::string payer_required;
  //! The ages of each payer's members (its own population's bands, or the population's), by
  //! payer index; empty: every member's ages are [min_age, max_age].
  std::vector<std::pair<int, int>> payer_ages;
  int min_age = 0;  //!< the scenario's age bands
  int max_age = 120;
};

struct MemberFileResult {
  MemberPanel panel;
  std::vector<std::string> errors;  //!< empty: the panel is complete
};

//! The members of the file at `path`; `shown` is the name messages use for it. The file is
//! read in blocks, so memory grows with the members kept, not with the file's text.
MemberFileResult read_member_file(const std::string& path, const std::string& shown, const MemberFileSchema& schema);

//! The most problems one file reports; the rest are counted.
inline constexpr std::size_t kMaxMemberFileErrors = 20;

}  // namespace pmsim
