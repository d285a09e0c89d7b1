#include "app/row_output.h"

#include <algorithm>
#include <charconv>
#include <cmath>

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
  if (!neutralise && s.find_first_of(",\"\n\r") == std::string_view::npos) {
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

namespace {

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
  if (!r.item.empty()) w.field("item", r.item);
  w.key("value");
  if (r.value && std::isfinite(*r.value))
    w.value(*r.value);
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
  if (!r.value) w.field("reason", r.reason);
  w.obj_end();
}

std::string value_text(const kpi::Row& r) {
  if (!r.value) return "n/a";
  return num(*r.value);
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

const std::vector<std::string>& header() {
  static const std::vector<std::string> h{"window", "kpi",  "variant", "group",     "key",
                                          "item",   "stat", "basis",   "value",     "unit",
                                          "n",      "ci95", "flags",   "definition"};
  return h;
}

// A row's cells in header() order, each handed to `cell` (no strings built for the
// columns the row holds already).
template <class Cell>
void each_field(const kpi::Row& r, Cell&& cell) {
  cell(r.window.label);
  cell(r.kpi);
  cell(r.variant ? std::string_view(*r.variant) : std::string_view());
  cell(kpi::to_string(r.by));
  cell(r.key);
  cell(r.item);
  cell(r.stat);
  cell(r.basis ? std::string_view(*r.basis) : std::string_view());
  cell(value_text(r));
  cell(r.unit);
  char n[24];
  cell(std::string_view(n, size_t(std::to_chars(n, n + sizeof n, r.n).ptr - n)));
  cell(ci_text(r));
  cell(join(r.flags, ";"));
  cell(r.value ? r.definition : r.reason);
}

std::vector<std::string> fields(const kpi::Row& r) {
  std::vector<std::string> out;
  out.reserve(header().size());
  each_field(r, [&](std::string_view cell) {
    out.emplace_back(valid_utf8(cell) ? std::string(cell) : repair_utf8(cell));
  });
  return out;
}

}  // namespace

void RowWriter::write(const std::vector<kpi::Row>& rows) {
  for (const auto& r : rows) {
    const bool first = n_++ == 0;
    if (format_ == Format::json) {
      out_ << (first ? "[" : ",") << row_to_json(r);
    } else if (format_ == Format::csv) {
      if (first) out_ << join(header(), ",") << '\n';
      line_.clear();
      each_field(r, [&](std::string_view cell) {
        if (!line_.empty()) line_ += ',';
        append_csv(line_, cell, csv_raw_);
      });
      line_ += '\n';
      out_ << line_;
    } else {
      table_.push_back(fields(r));
    }
  }
}

void RowWriter::finish() {
  if (format_ == Format::json) {
    out_ << (n_ == 0 ? "[]\n" : "]\n");
    return;
  }
  if (format_ == Format::csv) {
    if (n_ == 0) out_ << join(header(), ",") << '\n';
    return;
  }
  // Table: drop columns that are empty everywhere, align the rest.
  const auto& head = header();
  std::vector<size_t> width(head.size(), 0);
  std::vector<bool> used(head.size(), false);
  for (size_t i = 0; i < head.size(); ++i) width[i] = head[i].size();
  for (const auto& c : table_)
    for (size_t i = 0; i < c.size(); ++i) {
      width[i] = std::max(width[i], c[i].size());
      used[i] = used[i] || !c[i].empty();
    }
  auto print = [&](const std::vector<std::string>& c) {
    std::string line;
    for (size_t i = 0; i < c.size(); ++i) {
      if (!used[i]) continue;
      std::string cell = c[i];
      if (i + 1 < c.size()) cell.resize(width[i], ' ');
      line += cell + "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out_ << line << '\n';
  };
  print(head);
  for (const auto& c : table_) print(c);
}

void write_rows(std::ostream& out, const std::vector<kpi::Row>& rows, Format format) {
  RowWriter w(out, format);
  w.write(rows);
  w.finish();
}

}  // namespace dp::app
