#include "output/read_period_table.h"

#include <algorithm>
#include <stdexcept>

#include "output/read_hdf5.h"

namespace pmsim {

PeriodRow read_period_row(const std::string& path, const std::string& table, const std::vector<std::string>& columns,
                          int years, std::optional<int> year) {
  PeriodRow out;
  Matrix stored;
  std::vector<std::string> names;
  try {
    stored = read_matrix(path, table);
  } catch (const std::runtime_error&) {
    out.why_not = "no numeric dataset";
    return out;
  }
  try {
    names = read_string_array_attribute(path, table, "columns");
  } catch (const std::runtime_error&) {
    out.why_not = "no string attribute 'columns'";
    return out;
  }
  if (stored.rows != years + 1 || static_cast<std::size_t>(stored.cols) != names.size()) {
    out.why_not = "shape [" + std::to_string(stored.rows) + ", " + std::to_string(stored.cols) + "], expected [" +
                  std::to_string(years + 1) + ", " + std::to_string(names.size()) + "]";
    return out;
  }
  const auto row = static_cast<std::int64_t>(year ? *year - 1 : years);
  std::vector<std::string> labels;
  try {
    labels = read_string_array_attribute(path, table, "rows");
  } catch (const std::runtime_error&) {
    // no row labels: rows by position, as documented
  }
  const std::string expected_label = year ? "year " + std::to_string(*year) : "horizon";
  if (!labels.empty() && (labels.size() != static_cast<std::size_t>(stored.rows) ||
                          labels[static_cast<std::size_t>(row)] != expected_label)) {
    out.why_not = "row " + std::to_string(row) + " is not labelled '" + expected_label + "'";
    return out;
  }
  for (const std::string& column : columns) {
    const auto at = std::find(names.begin(), names.end(), column);
    if (at == names.end()) {
      out.why_not = "no column '" + column + "'";
      out.values.clear();
      return out;
    }
    out.values.push_back(stored(row, static_cast<int>(at - names.begin())));
  }
  return out;
}

}  // namespace pmsim
