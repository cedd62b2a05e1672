#include "output/sweep_summary.h"

#include "output/text_format.h"

namespace pmsim {

namespace {

std::vector<TextTable::Column> columns(const std::vector<std::string>& keys) {
  std::vector<TextTable::Column> out = {{"point", TextTable::Align::right}};
  for (const std::string& key : keys) out.push_back({key, TextTable::Align::right});
  out.push_back({"contract", TextTable::Align::left});
  for (const char* header :
       {"margin", "+- SE", "margin SD", "VaR95", "ES95", "P(loss)", "P(ruin)", "payer savings", "+- SE"})
    out.push_back({header, TextTable::Align::right});
  return out;
}

}  // namespace

SweepSummary::SweepSummary(const std::vector<std::string>& keys) : table_(columns(keys)) {}

void SweepSummary::add_point(const std::vector<std::string>& values, const RunResults& results,
                             const RunAnalysis& analysis) {
  for (std::size_t i = 0; i < results.contracts.size(); ++i) {
    const ContractResults& c = results.contracts[i];
    const ContractAnalysis& a = analysis.contracts.at(i);
    const Summary& margin = a.horizon(c, "provider_margin");
    const Summary& cash = a.horizon(c, "provider_cash_low");
    const Summary& savings = a.horizon(c, "payer_savings");
    std::vector<std::string> row = {std::to_string(points_)};
    row.insert(row.end(), values.begin(), values.end());
    row.push_back(c.name);
    for (double x : {margin.get("mean"), margin.get("mc_se"), margin.get("sd"), margin.get("var95"), margin.get("es95"),
                     margin.get("p_loss"), cash.get("p_loss"), savings.get("mean"), savings.get("mc_se")})
      row.push_back(readable_number(x));
    table_.add_row(std::move(row));
  }
  ++points_;
}

std::string SweepSummary::render() const {
  return "\nProvider and payer over the performance years, per point (sums; USD; mean +- Monte Carlo SE)\n" +
         table_.render() +
         "VaR95/ES95: loss of horizon margin at 95% (positive = loss); P(ruin): cash below zero at a month end;\n"
         "every point runs the same replications with the same seed (common random numbers), so differences\n"
         "between points are paired: pmsim compare on the file gives their SEs.\n";
}

}  // namespace pmsim
