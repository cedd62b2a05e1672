#include "output/result_export.h"

#include <xlsxwriter.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "analysis/statistics.h"
#include "output/read_hdf5.h"
#include "output/text_format.h"

namespace pmsim {

namespace {

// Every population metric of the file's root tree ("/population/<name>" datasets), sorted.
std::vector<std::string> population_metrics(const ResultFile& file) {
  std::vector<std::string> out;
  for (const std::string& d : list_datasets(file.path()))
    if (d.starts_with("/population/")) out.push_back(d.substr(12));
  return out;
}

std::string year_label(int year) { return "year " + std::to_string(year); }

}  // namespace

void write_results_csv(const ResultFile& file, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << csv_row({"table", "contract", "metric", "unit", "period", "replication", "statistic", "value"});
  const std::vector<std::int64_t>& ids = file.replication_ids();
  const int years = file.provenance().years;
  for (const std::string& contract : file.contracts())
    for (const std::string& name : file.metrics(contract)) {
      const Metric m = file.metric(contract, name);
      for (std::int64_t r = 0; r < m.values.rows; ++r)
        for (int y = 0; y < m.values.cols; ++y)
          out << csv_row({"values", contract, name, m.unit, year_label(y + 1),
                          std::to_string(ids.at(static_cast<std::size_t>(r))), "", shortest_number(m.values(r, y))});
      for (int y = 0; y <= years; ++y) {
        const Summary s = file.summary(contract, name, y < years ? std::optional<int>(y + 1) : std::nullopt).statistics;
        for (std::size_t c = 0; c < kSummaryColumnCount; ++c)
          out << csv_row({"summary", contract, name, m.unit, y < years ? year_label(y + 1) : "horizon", "",
                          std::string(kSummaryColumns[c]), shortest_number(s.values[c])});
      }
    }
  const int baseline = file.provenance().baseline_years;
  for (const std::string& name : population_metrics(file)) {
    const Matrix m = read_matrix(file.path(), "/population/" + name);
    const std::string unit = read_string_attribute(file.path(), "/population/" + name, "unit");
    for (std::int64_t r = 0; r < m.rows; ++r)
      for (int c = 0; c < m.cols; ++c)
        out << csv_row({"values", "population", name, unit,
                        c < baseline ? "baseline " + std::to_string(c + 1) : year_label(c - baseline + 1),
                        std::to_string(ids.at(static_cast<std::size_t>(r))), "", shortest_number(m(r, c))});
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path + " (a full disk?)");
}

namespace {

// libxlsxwriter, its errors as exceptions naming the file.
class Workbook {
 public:
  explicit Workbook(const std::string& path) : path_(path), book_(workbook_new(path.c_str())) {
    if (!book_) throw std::runtime_error("cannot create workbook " + path);
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
  }
  ~Workbook() {
    if (book_) workbook_close(book_);  // an exception on the way: whatever was written is discarded below
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  lxw_worksheet* sheet(const std::string& name) {
    lxw_worksheet* s = workbook_add_worksheet(book_, name.c_str());
    if (!s) throw std::runtime_error("cannot add sheet '" + name + "' to " + path_);
    return s;
  }
  void header(lxw_worksheet* s, const std::vector<std::string>& names) {
    for (std::size_t c = 0; c < names.size(); ++c)
      worksheet_write_string(s, 0, static_cast<lxw_col_t>(c), names[c].c_str(), bold_);
    worksheet_freeze_panes(s, 1, 0);
  }
  static void text(lxw_worksheet* s, lxw_row_t r, std::size_t c, const std::string& v) {
    worksheet_write_string(s, r, static_cast<lxw_col_t>(c), v.c_str(), nullptr);
  }
  static void number(lxw_worksheet* s, lxw_row_t r, std::size_t c, double v) {
    if (std::isfinite(v))
      worksheet_write_number(s, r, static_cast<lxw_col_t>(c), v, nullptr);
    else
      worksheet_write_string(s, r, static_cast<lxw_col_t>(c), shortest_number(v).c_str(), nullptr);
  }
  void close() {
    const lxw_error e = workbook_close(book_);
    book_ = nullptr;
    if (e != LXW_NO_ERROR) throw std::runtime_error("cannot write " + path_ + ": " + lxw_strerror(e));
  }

 private:
  std::string path_;
  lxw_workbook* book_;
  lxw_format* bold_ = nullptr;
};

}  // namespace

void write_results_xlsx(const ResultFile& file, const std::string& path) {
  Workbook book(path);
  const int years = file.provenance().years;
  std::vector<std::string> columns = {"contract", "metric", "unit"};
  for (const std::string_view c : kSummaryColumns) columns.emplace_back(c);
  for (int y = years; y >= 0; --y) {  // the horizon first
    lxw_worksheet* s = book.sheet(y == years ? "Summary horizon" : "Summary year " + std::to_string(y + 1));
    book.header(s, columns);
    lxw_row_t row = 1;
    for (const std::string& contract : file.contracts())
      for (const std::string& name : file.metrics(contract)) {
        const std::optional<int> period = y == years ? std::nullopt : std::optional<int>(y + 1);
        const Summary sum = file.summary(contract, name, period).statistics;
        Workbook::text(s, row, 0, contract);
        Workbook::text(s, row, 1, name);
        Workbook::text(s, row, 2, file.unit(contract, name));
        for (std::size_t c = 0; c < kSummaryColumnCount; ++c) Workbook::number(s, row, 3 + c, sum.values[c]);
        ++row;
      }
  }
  {
    lxw_worksheet* s = book.sheet("By year");
    std::vector<std::string> head = {"contract", "metric", "unit", "statistic"};
    for (int y = 1; y <= years; ++y) head.push_back(year_label(y));
    book.header(s, head);
    lxw_row_t row = 1;
    for (const std::string& contract : file.contracts())
      for (const std::string& name : file.metrics(contract))
        for (const char* statistic : {"mean", "q05", "q50", "q95"}) {
          Workbook::text(s, row, 0, contract);
          Workbook::text(s, row, 1, name);
          Workbook::text(s, row, 2, file.unit(contract, name));
          Workbook::text(s, row, 3, statistic);
          for (int y = 1; y <= years; ++y)
            Workbook::number(s, row, 3 + static_cast<std::size_t>(y),
                             file.summary(contract, name, y).statistics.get(statistic));
          ++row;
        }
  }
  {
    lxw_worksheet* s = book.sheet("Scenario");
    std::istringstream text(read_string_attribute(file.path(), "/", "scenario_text"));
    lxw_row_t row = 0;
    for (std::string line; std::getline(text, line);) Workbook::text(s, row++, 0, line);
  }
  {
    lxw_worksheet* s = book.sheet("Provenance");
    book.header(s, {"attribute", "value"});
    const Provenance& p = file.provenance();
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"file", file.path()},
        {"scenario_name", p.scenario_name},
        {"scenario_sha256", p.scenario_sha256},
        {"seed", std::to_string(p.seed)},
        {"replications", std::to_string(p.replications)},
        {"first_replication", std::to_string(p.first_replication)},
        {"years", std::to_string(p.years)},
        {"baseline_years", std::to_string(p.baseline_years)},
        {"pmsim_version", p.pmsim_version},
        {"git_commit", p.git_commit},
        {"created", p.created},
        {"units", "as each row's unit says: USD, member-years, units of service, ..."}};
    lxw_row_t row = 1;
    for (const auto& [k, v] : rows) {
      Workbook::text(s, row, 0, k);
      Workbook::text(s, row++, 1, v);
    }
  }
  book.close();
}

}  // namespace pmsim
