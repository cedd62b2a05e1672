#pragma once
//! \file table_units.h
//! The money unit of the terminal tables of run, sweep, summarize, compare and solve: USD
//! millions by default, USD with `--units usd`. Only tables: CSV, JSON, xlsx and the results
//! file always hold exact USD.

#include <string>
#include <string_view>

namespace pmsim {

enum class MoneyUnit { usd_millions, usd };

//! The names --units accepts, in the order its help lists them.
inline constexpr const char* kMoneyUnitNames[] = {"millions", "usd"};

//! "millions" or "usd" (kMoneyUnitNames); std::invalid_argument otherwise.
MoneyUnit money_unit_named(std::string_view name);

class TableUnits {
 public:
  explicit TableUnits(MoneyUnit money = MoneyUnit::usd_millions) : money_(money) {}

  //! What one USD amount is divided by in a table: 1e6 or 1.
  double divisor() const { return money_ == MoneyUnit::usd ? 1.0 : 1e6; }
  //! The money unit as a table's title says it: "USD millions" or "USD".
  std::string money_label() const { return money_ == MoneyUnit::usd ? "USD" : "USD millions"; }

  //! A value of a metric whose unit is `unit` as a table shows it: amounts in USD in the
  //! money unit, every other unit (members, shares, ...) as it is.
  double shown(double value, std::string_view unit) const { return is_money(unit) ? value / divisor() : value; }
  //! `unit` as a table's unit column shows it: "USD M" for USD millions, others as they are.
  std::string shown_unit(std::string_view unit) const;

  //! An amount in USD as a table cell: "5.400" (millions, three decimals) or "5400022" (whole USD).
  std::string money(double usd) const;
  //! A probability as a table cell: "0.0750".
  static std::string probability(double p);
  //! A value of a metric whose unit is `unit` as a table cell: money as money(), a
  //! "probability" as probability(), others as readable_number (output/text_format.h).
  std::string cell(double value, std::string_view unit) const;

  static bool is_money(std::string_view unit) { return unit == "USD"; }

 private:
  MoneyUnit money_;
};

}  // namespace pmsim
