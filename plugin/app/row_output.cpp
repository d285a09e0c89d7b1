#include "app/row_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/json.h"

namespace dp::app {
namespace {

std::string num(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // Trim trailing zeros so counts print as counts.
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

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

std::vector<std::string> fields(const kpi::Row& r) {
  return {r.window.label,
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
          r.value ? r.definition : r.reason};
}

}  // namespace

void RowWriter::write(const std::vector<kpi::Row>& rows) {
  for (const auto& r : rows) {
    const bool first = n_++ == 0;
    if (format_ == Format::json) {
      out_ << (first ? "[" : ",") << row_to_json(r);
    } else if (format_ == Format::csv) {
      if (first) out_ << join(header(), ",") << '\n';
      std::string line;
      const auto c = fields(r);
      for (size_t i = 0; i < c.size(); ++i) (line += i ? "," : "") += csv_cell(c[i]);
      out_ << line << '\n';
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
