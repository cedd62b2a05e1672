#include "output/table_units.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "output/text_format.h"

namespace pmsim {

MoneyUnit money_unit_named(std::string_view name) {
  if (name == "millions") return MoneyUnit::usd_millions;
  if (name == "usd") return MoneyUnit::usd;
  throw std::invalid_argument("--units " + std::string(name) + ": expected millions or usd");
}

std::string TableUnits::shown_unit(std::string_view unit) const {
  if (is_money(unit) && money_ == MoneyUnit::usd_millions) return "USD M";
  return std::string(unit);
}

std::string TableUnits::money(double usd) const {
  if (!std::isfinite(usd)) return readable_number(usd);
  char text[64];
  std::snprintf(text, sizeof text, money_ == MoneyUnit::usd ? "%.0f" : "%.3f", usd / divisor());
  return text;
}

std::string TableUnits::probability(double p) {
  if (!std::isfinite(p)) return readable_number(p);
  char text[64];
  std::snprintf(text, sizeof text, "%.4f", p);
  return text;
}

std::string TableUnits::cell(double value, std::string_view unit) const {
  if (unit == "probability") return probability(value);
  return is_money(unit) ? money(value) : readable_number(value);
}

}  // namespace pmsim
