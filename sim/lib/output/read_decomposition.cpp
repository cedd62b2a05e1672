#include "output/read_decomposition.h"

#include <limits>

#include "output/read_hdf5.h"
#include "output/read_hdf5_contents.h"
#include "output/read_period_table.h"

namespace pmsim {

namespace {

const std::string kGroup = "/variance_decomposition/";

}  // namespace

const VarianceSplit* DecompositionSection::find(const std::string& contract, const std::string& outcome) const {
  for (const StoredSplit& s : splits)
    if (s.contract == contract && s.outcome == outcome) return &s.split;
  return nullptr;
}

double systematic_share_se(const VarianceSplit& v) {
  return v.total > 0 ? v.systematic_se / v.total : std::numeric_limits<double>::quiet_NaN();
}

DecompositionSection read_decomposition_section(const std::string& path, const std::vector<std::string>& contracts,
                                                int years, std::optional<int> year, const std::string& group,
                                                const std::set<std::string>& damaged) {
  DecompositionSection section;
  const Hdf5Contents file(path);
  const std::vector<std::string> objects = file.objects();  // sorted: outcomes come by name
  const std::string contracts_group = group_object(group, "/contracts/");
  for (const std::string& object : objects)
    if (object.starts_with(contracts_group) && object.ends_with("/variance_decomposition")) section.present = true;
  for (const std::string& contract : contracts) {
    const std::string prefix = contracts_group + contract + kGroup;
    for (const std::string& table : objects) {
      if (!table.starts_with(prefix) || !file.is_dataset(table)) continue;
      if (damaged.count(table)) {
        section.skipped.push_back(table + ": damaged");
        continue;
      }
      const PeriodRow row = read_period_row(path, table, variance_split_columns(), years, year);
      if (!row.why_not.empty()) {
        section.skipped.push_back(table + ": " + row.why_not);
        continue;
      }
      const auto& x = row.values;  // in VarianceSplit order (variance_split_columns)
      section.splits.push_back({contract, table.substr(prefix.size()), {x[0], x[1], x[2], x[3], x[4]}});
    }
  }
  return section;
}

}  // namespace pmsim
