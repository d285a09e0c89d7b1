// Printing KPI rows: an aligned table for people, JSON and CSV for programs.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "kpi/row.h"

namespace dp::app {

enum class Format { table, json, csv };

// Rows written as they come: JSON and CSV at once, the table (whose columns are as
// wide as their widest cell) at finish().
class RowWriter {
 public:
  RowWriter(std::ostream& out, Format format) : out_(out), format_(format) {}
  void write(const std::vector<kpi::Row>& rows);
  void finish();
  size_t rows() const { return n_; }

 private:
  std::ostream& out_;
  Format format_;
  size_t n_ = 0;
  std::vector<std::vector<std::string>> table_;
  std::string line_;  // a CSV line, its capacity kept
};

void write_rows(std::ostream& out, const std::vector<kpi::Row>& rows, Format format);
std::string row_to_json(const kpi::Row& row);

}  // namespace dp::app
