#include "report/tables.h"

#include <algorithm>

#include "report/format.h"

namespace dp::report {
namespace {

const std::string kNone = "-";

bool low(const kpi::Row& r) {
  return std::find(r.flags.begin(), r.flags.end(), "low_sample") != r.flags.end();
}

std::string previous_label(const Model& m) {
  return m.windows.size() >= 2 ? short_label(m.windows[m.windows.size() - 2]) : "previous";
}

std::string trend_label(const Model& m) {
  return std::to_string(m.windows.size() - 1) + "-" + m.period_kind + " mean";
}

Cell label_cell(const std::string& label, const kpi::Row& r, Footnotes& fn) {
  const std::string d = describe(r);
  return {label, Tone::normal, "", d, d.empty() ? 0 : fn.number(d), false};
}

// The value; a small sample is greyed and says so, an unavailable one says why.
Cell value_cell(const kpi::Row& r, const std::string& small_note) {
  if (!r.value) return {unavailable_text(r), Tone::muted, "", "", 0, false};
  Cell c{value_text(r), Tone::normal, "", describe(r), 0, true};
  if (low(r)) {
    c.tone = Tone::muted;
    c.note = "n=" + std::to_string(r.n) + ", " + small_note;
  }
  return c;
}

// A difference; coloured better/worse only when it is a change beyond normal variation
// (report/change.h), else grey and, when tested, marked as within normal variation.
Cell change_cell(const std::optional<double>& now, const std::optional<double>& before,
                 const std::string& unit, const std::string& direction,
                 const std::string& before_is = "was ", const Change* change = nullptr) {
  if (!now || !before) return {kNone, Tone::muted};
  const double d = *now - *before;
  Tone t = Tone::muted;
  std::string note = before_is + value_text(*before, unit);
  if (change && change->significant && d != 0 && direction != "none")
    t = change_verb(d, direction) == "improved" ? Tone::good : Tone::bad;
  else if (change && change->tested && d != 0)
    note += ", within normal variation";
  return {change_text(d, unit), t, note};
}

Cell n_cell(const kpi::Row& r) {
  return {r.value ? std::to_string(r.n) : kNone, Tone::muted};
}

Cell interval_cell(const kpi::Row& r) {
  const std::string ci = interval_text(r);
  return {ci.empty() ? kNone : ci, Tone::muted};
}

Cell status_cell(const Figure& f) {
  if (!f.target) return {kNone, Tone::muted};
  Cell c{status_text(f.status), Tone::muted, "target " + value_text(*f.target, f.row.unit)};
  if (f.status == Status::met) c.tone = Tone::met;
  if (f.status == Status::close) {
    c.tone = Tone::close;
    if (f.row.ci) c.note += ", interval " + interval_text(f.row);
  }
  if (f.status == Status::missed) c.tone = Tone::missed;
  if (f.status == Status::none) c.text = kNone;
  return c;
}

// An agent's figure: value with its n; too small a sample is greyed, not ranked.
Cell agent_cell(const kpi::Row& r) {
  if (!r.value) return {kNone, Tone::muted, "", r.reason};
  // A count is its own n.
  Cell c{value_text(r), Tone::normal, r.unit == "count" ? "" : "n=" + std::to_string(r.n),
         describe(r)};
  if (low(r)) {
    c.tone = Tone::muted;
    c.note = "n=" + std::to_string(r.n) + ", too few to rank";
  }
  return c;
}

// A mix-adjusted figure beside its raw one (same n): flagged when some of the agent's
// topics were pooled with others, greyed like the raw one when the sample is small.
Cell adjusted_cell(const kpi::Row& r) {
  if (!r.value) return {kNone, Tone::muted, "", r.reason};
  Cell c{value_text(r), Tone::normal, "", describe(r)};
  const bool pooled = std::find(r.flags.begin(), r.flags.end(), "pooled") != r.flags.end();
  if (pooled) c.note = "pooled";
  if (low(r)) {
    c.tone = Tone::muted;
    c.note = "too few to rank" + std::string(pooled ? ", pooled" : "");
  }
  return c;
}

// A column header with the footnote of the column's definition (one per column: the
// cells share it, and a superscript in every cell would drown the numbers).
std::string with_footnote(const std::string& header, const std::vector<const kpi::Row*>& column,
                          Footnotes& fn) {
  for (const kpi::Row* r : column)
    if (r->value) return header + " [" + std::to_string(fn.number(describe(*r))) + "]";
  return header;
}

}  // namespace

int Footnotes::number(const std::string& definition) {
  auto it = std::find(list_.begin(), list_.end(), definition);
  if (it == list_.end()) it = list_.insert(list_.end(), definition);
  return int(it - list_.begin()) + 1;
}

Table headline_table(const Model& m, Footnotes& fn) {
  Table t{{"Figure", m.period.label, "Target", "vs " + previous_label(m), "vs " + trend_label(m),
           "n", "95% interval"},
          {}};
  for (const Figure& f : m.headline)
    t.rows.push_back(
        {label_cell(f.label, f.row, fn), value_cell(f.row, "small sample"), status_cell(f),
         change_cell(f.row.value, f.previous, f.row.unit, f.direction, "was ", &f.change),
         change_cell(f.row.value, f.trend, f.row.unit, f.direction, "mean "), n_cell(f.row),
         interval_cell(f.row)});
  return t;
}

Table figure_table(const Model& m, const std::vector<Figure>& figures, Footnotes& fn) {
  Table t{{"Figure", m.period.label, "vs " + previous_label(m), "n", "95% interval"}, {}};
  for (const Figure& f : figures)
    t.rows.push_back(
        {label_cell(f.label, f.row, fn), value_cell(f.row, "small sample"),
         change_cell(f.row.value, f.previous, f.row.unit, f.direction, "was ", &f.change),
         n_cell(f.row), interval_cell(f.row)});
  return t;
}

Table channel_table(const Model& m) {
  Table t{{"Channel", m.period.label, "vs " + previous_label(m), "Share"}, {}};
  double total = 0;
  for (const auto& c : m.channels) total += c.counts.back();
  for (const auto& c : m.channels) {
    const double now = c.counts.back();
    std::optional<double> before;
    if (c.counts.size() >= 2) before = c.counts[c.counts.size() - 2];
    t.rows.push_back({{c.channel, Tone::normal, "", "", 0, false},
                      {value_text(now, "count")},
                      change_cell(now, before, "count", "none"),
                      {total > 0 ? value_text(100 * now / total, "%") : kNone, Tone::muted}});
  }
  return t;
}

Table topic_table(const Model& m) {
  Table t{{"Topic", "Tickets", "vs " + previous_label(m)}, {}};
  for (const Topic& x : m.topics)
    t.rows.push_back(
        {{x.name, Tone::normal, "", "", 0, false},
         {std::to_string(x.count)},
         x.change ? Cell{change_text(*x.change, "count"), Tone::muted} : Cell{kNone, Tone::muted}});
  return t;
}

Table agent_table(const Model& m, Footnotes& fn) {
  Table t{{"Agent"}, {}};
  if (m.team.empty()) t.header.push_back("Team");
  t.header.push_back("Tickets resolved");
  // Each time beside its mix-adjusted figure (docs/reports.md, "Agents").
  const std::vector<std::pair<std::string, kpi::Row AgentLine::*>> cols{
      {"First response, median", &AgentLine::frt},
      {"mix-adj.", &AgentLine::frt_adjusted},
      {"Resolution, median", &AgentLine::resolution},
      {"mix-adj.", &AgentLine::resolution_adjusted},
      {"FCR", &AgentLine::fcr},
      {"CSAT", &AgentLine::csat},
      {"AHT (calls)", &AgentLine::aht},
      {"mix-adj.", &AgentLine::aht_adjusted}};
  for (const auto& [name, member] : cols) {
    std::vector<const kpi::Row*> column;
    for (const AgentLine& a : m.agents) column.push_back(&(a.*member));
    t.header.push_back(with_footnote(name, column, fn));
  }
  for (const AgentLine& a : m.agents) {
    std::vector<Cell> row{{a.name, Tone::normal, "", "", 0, false}};
    if (m.team.empty()) row.push_back({a.team, Tone::muted, "", "", 0, false});
    row.push_back({std::to_string(a.resolved.n)});
    for (const auto& col : cols) {
      const kpi::Row& r = a.*col.second;
      row.push_back(r.variant == "mix_adjusted" ? adjusted_cell(r) : agent_cell(r));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table comparison_table(const Model& m, Footnotes& fn) {
  Table t{{"Team"}, {}};
  for (size_t i = 0; i < m.comparison_labels.size(); ++i) {
    std::vector<const kpi::Row*> column;
    for (const TeamLine& line : m.comparison) column.push_back(&line.figures[i].row);
    t.header.push_back(with_footnote(m.comparison_labels[i], column, fn));
  }
  for (const TeamLine& line : m.comparison) {
    std::vector<Cell> row{{line.team, Tone::normal, "", "", 0, false}};
    for (const Figure& f : line.figures) row.push_back(agent_cell(f.row));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table catalog_table(const Model& m) {
  Table t{{"KPI", "Figure", "Value", "n", "95% interval", "Definition"}, {}};
  for (const kpi::Row& r : m.catalog_rows) {
    std::string figure = r.stat + (r.basis ? ", " + *r.basis : "") +
                         (r.variant ? ", variant " + *r.variant : "") +
                         (r.item.empty() ? "" : ": " + r.item);
    t.rows.push_back({{r.kpi, Tone::normal, "", "", 0, false},
                      {figure, Tone::muted, "", "", 0, false},
                      value_cell(r, "small sample"),
                      {std::to_string(r.n)},
                      {interval_text(r), Tone::muted},
                      {r.value ? r.definition : r.reason, Tone::muted, "", "", 0, false}});
  }
  return t;
}

}  // namespace dp::report
