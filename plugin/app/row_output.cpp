#include "app/row_output.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "model/json.h"

namespace dp::app {
namespace {

// v with two decimals (as printf's "%.2f"), trailing zeros trimmed so counts print as
// counts, appended to `out`.
void append_num(std::string& out, double v) {
  char buf[400];  // the widest double in fixed notation has 309 digits before the point
  char* end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2).ptr;
  if (std::find(buf, end, '.') != end) {
    while (end > buf && end[-1] == '0') --end;
    if (end > buf && end[-1] == '.') --end;
  }
  out.append(buf, end);
}

std::string num(double v) {
  std::string s;
  append_num(s, v);
  return s;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

}  // namespace

// OWASP's CSV-injection rule: a spreadsheet runs a cell that starts with = + - @, a tab
// or a CR as a formula. A number ("-3.5") is data, not a formula.
bool formula_like(std::string_view s) {
  if (s.empty() || std::string_view("=+-@\t\r").find(s.front()) == std::string_view::npos)
    return false;
  if (s.front() == '-') {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size()) return false;
  }
  return true;
}

// s as a CSV cell, appended to `out`: quoted when it holds a comma, quote, LF or CR; a
// formula-like text cell led by ' unless `raw`.
void append_csv(std::string& out, std::string_view cell, bool raw) {
  // Output is UTF-8 whatever a name from the config holds: a bad byte becomes U+FFFD.
  std::string repaired;
  if (!valid_utf8(cell)) repaired = repair_utf8(cell);
  std::string_view s = repaired.empty() ? cell : repaired;
  const bool neutralise = !raw && formula_like(s);
  // One pass over the cell (find_first_of calls memchr per character of the cell).
  const bool special = std::any_of(
      s.begin(), s.end(), [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; });
  if (!neutralise && !special) {
    out += s;
    return;
  }
  out += '"';
  if (neutralise) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    append_csv(line, cells[i], false);
  }
  return line;
}

namespace {

// The figure's value, or nullopt when it has none (unavailable, or not finite).
std::optional<double> value_of(const kpi::Row& r) {
  if (r.value && std::isfinite(*r.value)) return r.value;
  return std::nullopt;
}

// Why the value is absent; nullopt when there is a value (or no reason was given).
std::optional<std::string_view> reason_of(const kpi::Row& r) {
  if (value_of(r) || r.reason.empty()) return std::nullopt;
  return std::string_view(r.reason);
}

// Every row has every key, null where absent (docs/commands.md, "Output contract").
void write_json_row(json::Writer& w, const kpi::Row& r) {
  w.obj_begin();
  w.field("kpi", r.kpi);
  w.key("window");
  w.obj_begin();
  w.field("from", r.window.from);
  w.field("to", r.window.to);
  w.field("label", r.window.label);
  w.obj_end();
  w.key("group");
  w.obj_begin();
  w.field("by", std::string(kpi::to_string(r.by)));
  w.key("key");
  if (r.by == kpi::GroupBy::overall)
    w.null();
  else
    w.value(r.key);
  w.obj_end();
  w.key("item");
  if (r.item.empty())
    w.null();
  else
    w.value(r.item);
  w.key("value");
  if (auto v = value_of(r))
    w.value(*v);
  else
    w.null();
  w.field("stat", r.stat);
  w.field("unit", r.unit);
  w.field("basis", r.basis);
  w.field("n", int64_t(r.n));
  w.key("ci");
  if (r.ci) {
    w.arr_begin();
    w.value(r.ci->first);
    w.value(r.ci->second);
    w.arr_end();
  } else {
    w.null();
  }
  w.key("flags");
  w.arr_begin();
  for (const auto& f : r.flags) w.value(f);
  w.arr_end();
  w.field("definition", r.definition);
  w.field("variant", r.variant);
  w.key("reason");
  if (auto why = reason_of(r))
    w.value(std::string(*why));
  else
    w.null();
  w.obj_end();
}

std::string value_text(const kpi::Row& r) {
  if (auto v = value_of(r)) return num(*v);
  return "n/a";
}

std::string ci_text(const kpi::Row& r) {
  if (!r.ci) return "";
  return "[" + num(r.ci->first) + ", " + num(r.ci->second) + "]";
}

}  // namespace

std::string row_to_json(const kpi::Row& row) {
  json::Writer w;
  write_json_row(w, row);
  return w.str();
}

namespace {

// The table: for people, the window by its label, the interval in one cell, the reason
// in place of the definition when there is no value.
const std::vector<std::string>& table_header() {
  static const std::vector<std::string> h{"window", "kpi",  "variant", "group",     "key",
                                          "item",   "stat", "basis",   "value",     "unit",
                                          "n",      "ci95", "flags",   "definition"};
  return h;
}

std::vector<std::string> table_fields(const kpi::Row& r) {
  std::vector<std::string> out{r.window.label,
                               r.kpi,
                               r.variant.value_or(""),
                               std::string(kpi::to_string(r.by)),
                               r.key,
                               r.item,
                               r.stat,
                               r.basis.value_or(""),
                               value_text(r),
                               r.unit,
                               std::to_string(r.n),
                               ci_text(r),
                               join(r.flags, ";"),
                               value_of(r) ? r.definition : r.reason};
  for (auto& c : out)
    if (!valid_utf8(c)) c = repair_utf8(c);
  return out;
}

// The CSV row's cells in csv_columns() order, each handed to `cell` with whether it is
// text (the formula guard applies) or a number (written as it is; empty when absent).
template <class Cell>
void each_csv_field(const kpi::Row& r, Cell&& cell) {
  std::string from = format_rfc3339(r.window.from), to = format_rfc3339(r.window.to);
  cell(from, false);
  cell(to, false);
  cell(r.window.label, true);
  cell(r.kpi, true);
  cell(r.variant ? std::string_view(*r.variant) : std::string_view(), true);
  cell(kpi::to_string(r.by), true);
  cell(r.key, true);
  cell(r.item, true);
  cell(r.stat, true);
  cell(r.basis ? std::string_view(*r.basis) : std::string_view(), true);
  std::string number;
  if (auto v = value_of(r)) append_num(number, *v);
  cell(number, false);
  cell(r.unit, true);
  char n[24];
  cell(std::string_view(n, size_t(std::to_chars(n, n + sizeof n, r.n).ptr - n)), false);
  number.clear();
  if (r.ci) append_num(number, r.ci->first);
  cell(number, false);
  number.clear();
  if (r.ci) append_num(number, r.ci->second);
  cell(number, false);
  cell(join(r.flags, ";"), true);
  cell(reason_of(r).value_or(std::string_view()), true);
  cell(r.definition, true);
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> h{
      "from",  "to",    "label", "kpi", "variant", "group",   "key",   "item",   "stat",
      "basis", "value", "unit",  "n",   "ci_low",  "ci_high", "flags", "reason", "definition"};
  return h;
}

void RowWriter::write(const std::vector<kpi::Row>& rows) {
  for (const auto& r : rows) {
    const bool first = n_++ == 0;
    if (format_ == Format::json) {
      out_ << (first ? "[" : ",") << row_to_json(r);
    } else if (format_ == Format::csv) {
      if (first) out_ << join(csv_columns(), ",") << '\n';
      line_.clear();
      bool lead = true;
      each_csv_field(r, [&](std::string_view cell, bool text) {
        if (!lead) line_ += ',';
        lead = false;
        append_csv(line_, cell, csv_raw_ || !text);
      });
      line_ += '\n';
      out_ << line_;
    } else {
      table_.push_back(table_fields(r));
    }
  }
}

void RowWriter::finish() {
  if (format_ == Format::json) {
    out_ << (n_ == 0 ? "[]\n" : "]\n");
    return;
  }
  if (format_ == Format::csv) {
    if (n_ == 0) out_ << join(csv_columns(), ",") << '\n';
    return;
  }
  // Table: drop columns that are empty everywhere, align the rest.
  table_.insert(table_.begin(), table_header());
  write_aligned(out_, table_, true);
}

void write_aligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                   bool drop_empty) {
  std::vector<size_t> width;
  std::vector<bool> used;
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t i = 0; i < rows[r].size(); ++i) {
      if (width.size() <= i) {
        width.push_back(0);
        used.push_back(!drop_empty);
      }
      width[i] = std::max(width[i], rows[r][i].size());
      used[i] = used[i] || (r > 0 && !rows[r][i].empty());
    }
  for (const auto& c : rows) {
    std::string line;
    for (size_t i = 0; i < c.size(); ++i) {
      if (!used[i]) continue;
      std::string cell = c[i];
      if (i + 1 < c.size()) cell.resize(width[i], ' ');
      line += cell + "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

void write_rows(std::ostream& out, const std::vector<kpi::Row>& rows, Format format) {
  RowWriter w(out, format);
  w.write(rows);
  w.finish();
}

}  // namespace dp::app
