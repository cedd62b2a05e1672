#pragma once
//! \file text_table.h
//! An aligned plain-text table for the terminal: a header row, then rows of cells; each
//! column as wide as its widest cell, text columns left-aligned and numbers right-aligned.

#include <string>
#include <vector>

namespace pmsim {

class TextTable {
 public:
  enum class Align { left, right };
  struct Column {
    std::string header;
    Align align = Align::right;
  };

  explicit TextTable(std::vector<Column> columns);
  //! A row with one cell per column (missing cells are blank, extra ones an error).
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }
  //! Every line prefixed with `indent`, trailing blanks trimmed, each ending with "\n".
  std::string render(const std::string& indent = "") const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace pmsim
