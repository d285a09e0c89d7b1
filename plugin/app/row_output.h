// Printing KPI rows: an aligned table for people, JSON and CSV for programs.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kpi/row.h"

namespace dp::app {

enum class Format { table, json, csv };

// Rows written as they come: JSON and CSV at once, the table (whose columns are as
// wide as their widest cell) at finish(). JSON rows all have the same keys, null where
// absent; CSV has one column per value, numbers as numbers.
class RowWriter {
 public:
  // `csv_raw`: CSV cells exactly as they are, without the formula guard below.
  RowWriter(std::ostream& out, Format format, bool csv_raw = false)
      : out_(out), format_(format), csv_raw_(csv_raw) {}
  void write(const std::vector<kpi::Row>& rows);
  void finish();
  size_t rows() const { return n_; }

 private:
  std::ostream& out_;
  Format format_;
  bool csv_raw_ = false;
  size_t n_ = 0;
  std::vector<std::vector<std::string>> table_;
  std::string line_;  // a CSV line, its capacity kept
};

void write_rows(std::ostream& out, const std::vector<kpi::Row>& rows, Format format);

// Rows of cells (the first is the header) as text columns aligned two spaces apart,
// trailing spaces trimmed; with `drop_empty`, a column empty below the header is left out.
void write_aligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                   bool drop_empty);
// The cells as one CSV line (append_csv each, formula guard on), without the newline.
std::string csv_line(const std::vector<std::string>& cells);

// The CSV header: from,to,label,kpi,variant,group,key,item,stat,basis,value,unit,n,
// ci_low,ci_high,flags,reason,definition. from/to are RFC 3339 UTC instants; value, n and
// the interval are plain numbers, empty when absent (docs/commands.md, "Output contract").
const std::vector<std::string>& csv_columns();

// A text cell a spreadsheet would run as a formula (OWASP CSV injection: starts with
// = + - @, tab or CR, and is not a number). In CSV it is written with a leading '.
bool formula_like(std::string_view cell);
// One CSV cell appended to `out` (quoted when needed; the formula guard unless `raw`).
void append_csv(std::string& out, std::string_view cell, bool raw);
std::string row_to_json(const kpi::Row& row);

}  // namespace dp::app
