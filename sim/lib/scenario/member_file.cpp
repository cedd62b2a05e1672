//! \file member_file.cpp
//! The member file reader: libcsv parses the CSV (quotes, embedded separators), fed one line
//! at a time so that every record is known by the line it ends on; each field is checked as
//! it comes and stored column by column.

#include "scenario/member_file.h"

#include <csv.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "util/sha256.h"
#include "util/words.h"

namespace pmsim {

namespace {

// More members than any provider panel; keeps the columns' memory within a few GB.
constexpr std::size_t kMaxMembers = 50'000'000;
constexpr double kMaxClaims = 1e9;  // USD a member-year
constexpr double kMaxRiskScore = 100;

enum class Column { member_id, age, sex, payer, months, conditions, risk_score, claims, category_claims };

struct ColumnRole {
  Column column;
  int category = -1;  // category_claims: the category's index
};

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<long long> whole_number(std::string_view s) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<double> real_number(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || !std::isfinite(v)) return std::nullopt;
  return v;
}

class Reader {
 public:
  Reader(const std::string& shown, const MemberFileSchema& schema) : shown_(shown), schema_(schema) {
    result_.panel.observed.assign(kCategoryCount, 0);
  }

  void field(std::string_view text) { fields_.emplace_back(text); }

  void record() {
    if (header_.empty() && !header_failed_) {
      read_header();
    } else if (!header_failed_) {
      read_member();
    }
    fields_.clear();
  }

  void set_line(std::size_t line) { line_ = line; }
  //! FILE:LINE: message, LINE the line the current record ends on.
  void error_at_line(const std::string& message) { error(std::to_string(line_) + ": " + message); }
  //! FILE: message.
  void error_of_file(const std::string& message) { error(" " + message); }

  MemberFileResult finish() {
    if (result_.errors.empty() && !header_failed_ && header_.empty())
      error_of_file("no header row: the first row names the columns (member_id, age, sex, claims, ...)");
    else if (result_.errors.empty() && result_.panel.rows == 0)
      error_of_file("no members: the header row must be followed by one row a member");
    if (dropped_ > 0) result_.errors.push_back(shown_ + ": " + std::to_string(dropped_) + " more problems not shown");
    if (!result_.errors.empty()) result_.panel = MemberPanel{};
    return std::move(result_);
  }

  bool failed() const { return header_failed_; }
  MemberPanel& panel() { return result_.panel; }

 private:
  void error(const std::string& located) {
    if (result_.errors.size() >= kMaxMemberFileErrors) {
      ++dropped_;
      return;
    }
    result_.errors.push_back(shown_ + ":" + located);
  }
  void row_error(std::string_view column, const std::string& message) {
    error_at_line(std::string(column) + ": " + message);
  }

  std::vector<std::string> accepted_columns() const {
    std::vector<std::string> names = {"member_id", "age", "sex", "months", "conditions", "risk_score", "claims"};
    if (!schema_.payers.empty()) names.insert(names.begin() + 3, "payer");
    for (auto c : kCategoryNames) names.push_back("claims_" + std::string(c));
    return names;
  }

  std::optional<ColumnRole> role_of(std::string_view name) const {
    static constexpr std::array<std::pair<std::string_view, Column>, 8> kNamed = {{{"member_id", Column::member_id},
                                                                                   {"age", Column::age},
                                                                                   {"sex", Column::sex},
                                                                                   {"payer", Column::payer},
                                                                                   {"months", Column::months},
                                                                                   {"conditions", Column::conditions},
                                                                                   {"risk_score", Column::risk_score},
                                                                                   {"claims", Column::claims}}};
    for (const auto& [n, c] : kNamed)
      if (name == n) return ColumnRole{c};
    if (name.starts_with("claims_"))
      for (int k = 0; k < kCategoryCount; ++k)
        if (name.substr(7) == kCategoryNames[k]) return ColumnRole{Column::category_claims, k};
    return std::nullopt;
  }

  void read_header() {
    std::vector<std::string> seen;
    bool has[9] = {};
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      std::string_view text = trimmed(fields_[f]);
      if (f == 0 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark (Excel)
      const std::string name(text);
      const auto role = role_of(name);
      if (!role) {
        error_at_line(quoted(name) + ": unknown column (accepted: " + join(accepted_columns()) + ")");
        header_failed_ = true;
        continue;
      }
      for (const auto& s : seen)
        if (s == name) {
          error_at_line(name + ": the column appears twice");
          header_failed_ = true;
        }
      seen.push_back(name);
      if (role->column == Column::payer && schema_.payers.empty()) {
        error_at_line(
            "payer: the scenario has no payers section, so members have no payer to name (add payers, or "
            "drop the column)");
        header_failed_ = true;
      }
      has[static_cast<int>(role->column)] = true;
      header_.push_back(*role);
    }
    if (!schema_.payer_required.empty() && !has[static_cast<int>(Column::payer)]) {
      error_at_line("payer: a required column here: " + schema_.payer_required + " (the header has: " + join(seen) +
                    ")");
      header_failed_ = true;
    }
    for (const char* required : {"member_id", "age", "sex"})
      if (!has[static_cast<int>(role_of(required)->column)]) {
        error_at_line(std::string(required) + ": a required column is missing (the header has: " + join(seen) + ")");
        header_failed_ = true;
      }
    const bool total = has[static_cast<int>(Column::claims)];
    const bool by_category = has[static_cast<int>(Column::category_claims)];
    if (total == by_category) {
      error_at_line(total ? "claims: give either a claims column or claims_<category> columns, not both"
                          : "claims: a required column is missing: claims (last year's allowed amount, USD), or "
                            "claims_<category> columns");
      header_failed_ = true;
    }
    if (header_failed_) {
      header_.clear();
      return;
    }
    MemberPanel& p = result_.panel;
    p.by_category = by_category;
    for (const auto& r : header_)
      if (r.column == Column::category_claims) p.observed[static_cast<std::size_t>(r.category)] = 1;
    has_risk_ = has[static_cast<int>(Column::risk_score)];
    p.has_conditions = has[static_cast<int>(Column::conditions)];
  }

  void read_member() {
    if (fields_.size() != header_.size()) {
      error_at_line("the row has " + std::to_string(fields_.size()) + " fields, the header " +
                    std::to_string(header_.size()));
      return;
    }
    MemberPanel& p = result_.panel;
    if (p.rows >= kMaxMembers) {
      error_at_line("more than " + std::to_string(kMaxMembers) + " members, the most a member file may have");
      header_failed_ = true;  // stop reading
      return;
    }
    std::uint8_t age = 0, female = 0, months = 12;
    std::int8_t payer = -1;
    std::uint32_t conditions = 0;
    double risk = 0;
    std::array<double, kCategoryCount> claims{};
    double total = 0;
    bool ok = true;
    for (std::size_t f = 0; f < header_.size(); ++f) {
      const std::string_view text = trimmed(fields_[f]);
      const ColumnRole role = header_[f];
      switch (role.column) {
        case Column::member_id:
          if (text.empty()) {
            row_error("member_id", "is empty; every member needs an id");
            ok = false;
          } else if (!ids_.emplace(text).second) {
            row_error("member_id", quoted(text) + " appears twice");
            ok = false;
          }
          break;
        case Column::age: {
          const auto v = whole_number(text);
          if (!v || *v < schema_.min_age || *v > schema_.max_age) {
            row_error("age", "must be a whole number of years in [" + std::to_string(schema_.min_age) + ", " +
                                 std::to_string(schema_.max_age) + "] (the scenario's age bands), got " + quoted(text));
            ok = false;
          } else {
            age = static_cast<std::uint8_t>(*v);
          }
          break;
        }
        case Column::sex:
          if (text == "F" || text == "M") {
            female = text == "F";
          } else {
            row_error("sex", "must be F or M, got " + quoted(text));
            ok = false;
          }
          break;
        case Column::payer: {
          std::size_t j = 0;
          while (j < schema_.payers.size() && schema_.payers[j] != text) ++j;
          if (j == schema_.payers.size()) {
            row_error("payer",
                      "unknown payer " + quoted(text) + " (the scenario's payers: " + join(schema_.payers) + ")");
            ok = false;
          } else {
            payer = static_cast<std::int8_t>(j);
          }
          break;
        }
        case Column::months: {
          const auto v = whole_number(text);
          if (!v || *v < 1 || *v > 12) {
            row_error("months", "must be a whole number of enrolled months in [1, 12], got " + quoted(text));
            ok = false;
          } else {
            months = static_cast<std::uint8_t>(*v);
          }
          break;
        }
        case Column::conditions:
          ok = read_conditions(text, conditions) && ok;
          break;
        case Column::risk_score: {
          const auto v = real_number(text);
          if (!v || *v < 0 || *v > kMaxRiskScore) {
            row_error("risk_score", "must be a number in [0, 100], got " + quoted(text));
            ok = false;
          } else {
            risk = *v;
          }
          break;
        }
        case Column::claims:
        case Column::category_claims: {
          const std::string column =
              role.column == Column::claims ? "claims" : "claims_" + std::string(kCategoryNames[role.category]);
          const auto v = real_number(text);
          if (!v || *v < 0 || *v > kMaxClaims) {
            row_error(column, "must be an amount in USD in [0, 1e9], got " + quoted(text));
            ok = false;
          } else if (role.column == Column::claims) {
            total = *v;
          } else {
            claims[static_cast<std::size_t>(role.category)] = *v;
          }
          break;
        }
      }
    }
    if (ok && payer >= 0 && static_cast<std::size_t>(payer) < schema_.payer_ages.size()) {
      const auto [lo, hi] = schema_.payer_ages[static_cast<std::size_t>(payer)];
      if (age < lo || age > hi) {
        row_error("age", "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                             "] (the age bands of payer " + quoted(schema_.payers[static_cast<std::size_t>(payer)]) +
                             "'s members), got " + std::to_string(age));
        return;
      }
    }
    if (!ok) return;
    p.rows += 1;
    p.age.push_back(age);
    p.female.push_back(female);
    p.payer.push_back(payer);
    p.months.push_back(months);
    p.conditions.push_back(conditions);
    if (has_risk_) p.risk_score.push_back(risk);
    if (p.by_category)
      p.claims.insert(p.claims.end(), claims.begin(), claims.end());
    else
      p.claims.push_back(total);
  }

  // `;`-separated names of the scenario's conditions; empty: none.
  bool read_conditions(std::string_view text, std::uint32_t& mask) {
    bool ok = true;
    while (!text.empty()) {
      const std::size_t end = std::min(text.find(';'), text.size());
      const std::string_view name = trimmed(text.substr(0, end));
      text.remove_prefix(std::min(end + 1, text.size()));
      if (name.empty()) continue;
      std::size_t j = 0;
      while (j < schema_.conditions.size() && schema_.conditions[j] != name) ++j;
      if (j == schema_.conditions.size()) {
        row_error("conditions", "unknown condition " + quoted(name) + " (the scenario's conditions: " +
                                    (schema_.conditions.empty() ? "none" : join(schema_.conditions)) + ")");
        ok = false;
      } else {
        mask |= 1u << j;
      }
    }
    return ok;
  }

  const std::string& shown_;
  const MemberFileSchema& schema_;
  MemberFileResult result_;
  std::vector<std::string> fields_;
  std::vector<ColumnRole> header_;
  bool header_failed_ = false;
  bool has_risk_ = false;
  std::unordered_set<std::string> ids_;
  std::size_t line_ = 0;
  std::size_t dropped_ = 0;
};

void on_field(void* text, std::size_t length, void* reader) {
  static_cast<Reader*>(reader)->field(std::string_view(static_cast<const char*>(text), length));
}
void on_record(int, void* reader) { static_cast<Reader*>(reader)->record(); }

// The libcsv parser, freed on every path out.
struct CsvParser {
  CsvParser() {
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
  }
  ~CsvParser() { csv_free(&p); }
  CsvParser(const CsvParser&) = delete;
  CsvParser& operator=(const CsvParser&) = delete;
  csv_parser p{};
};

}  // namespace

MemberFileResult read_member_file(const std::string& path, const std::string& shown, const MemberFileSchema& schema) {
  Reader reader(shown, schema);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reader.error_of_file("cannot open the member file: " + std::string(std::strerror(errno)));
    return reader.finish();
  }
  CsvParser csv;
  Sha256 hash;
  std::string block(1 << 20, '\0');
  std::string carry;  // the part of the last line that the block ended in
  std::size_t line = 0;
  const auto feed = [&](std::string_view text) {
    reader.set_line(line);
    if (csv_parse(&csv.p, text.data(), text.size(), on_field, on_record, &reader) != text.size()) {
      reader.error_at_line(std::string("malformed CSV: ") + csv_strerror(csv_error(&csv.p)) +
                           " (a quote opened in a field must be closed; a quote inside a quoted field is written "
                           "twice)");
      return false;
    }
    return !reader.failed();
  };
  bool going = true;
  while (going && in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const std::string_view got(block.data(), static_cast<std::size_t>(in.gcount()));
    hash.update(got);
    std::size_t start = 0;
    for (std::size_t nl = got.find('\n'); going && nl != std::string_view::npos; nl = got.find('\n', start)) {
      ++line;
      if (carry.empty()) {
        going = feed(got.substr(start, nl + 1 - start));
      } else {
        carry.append(got.substr(start, nl + 1 - start));
        going = feed(carry);
        carry.clear();
      }
      start = nl + 1;
    }
    if (going) carry.append(got.substr(start));
  }
  if (going) {
    if (!carry.empty()) {
      ++line;
      going = feed(carry);
    }
    reader.set_line(line);
    if (going && csv_fini(&csv.p, on_field, on_record, &reader) != 0)
      reader.error_at_line("malformed CSV: the file ends inside a quoted field");
  }
  if (!in.eof()) reader.error_of_file("cannot read the member file: " + std::string(std::strerror(errno)));
  MemberPanel& panel = reader.panel();
  panel.path = shown;
  panel.sha256 = hex_digits(hash.digest());
  return reader.finish();
}

}  // namespace pmsim
