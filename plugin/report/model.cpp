#include "report/model.h"

#include <algorithm>
#include <map>

#include "kpi/engine.h"
#include "kpi/windows.h"
#include "model/figures.h"
#include "report/report.h"
#include "report/rows.h"
#include "report/scope.h"

namespace dp::report {
namespace {

using kpi::GroupBy;

// Everything a report shows, so one compute() call covers it.
const std::vector<std::string> kKpis{"request_volume",
                                     "volume_by_channel",
                                     "open_cases",
                                     "backlog",
                                     "frt",
                                     "resolution_time",
                                     "fcr",
                                     "reopen_rate",
                                     "sla_compliance",
                                     "top_topics",
                                     "calls_offered",
                                     "service_level",
                                     "asa",
                                     "abandonment_rate",
                                     "blocked_calls",
                                     "aht",
                                     "csat",
                                     "nps",
                                     "ces"};

// Always in the headline; any other KPI of the sections joins it when it has a target.
const std::vector<std::string> kHeadline{"request_volume", "frt",          "resolution_time", "fcr",
                                         "csat",           "service_level"};

const Pick kFrtMedian{"frt", "median", std::nullopt, "business"};
const Pick kResolutionMedian{"resolution_time", "median", std::nullopt, "business"};
const Pick kCsat{"csat", "rate"};
const Pick kServiceLevel{"service_level", "rate"};

Status status_of(const kpi::Row& r, double target, const std::string& direction) {
  const double lo = r.ci ? r.ci->first : *r.value, hi = r.ci ? r.ci->second : *r.value;
  if (direction == "higher")
    return lo >= target ? Status::met : hi < target ? Status::missed : Status::close;
  if (direction == "lower")
    return hi <= target ? Status::met : lo > target ? Status::missed : Status::close;
  return Status::none;
}

// A target is set per KPI; it is read against the figure a lead means by it: the
// catalog default, and for durations the median in business hours.
bool target_applies(const Pick& p) {
  return !p.variant && (!p.basis || (*p.basis == "business" && p.stat == "median"));
}

std::vector<kpi::Window> report_windows(const kpi::Window& period, int trend_periods,
                                        const std::string& zone) {
  std::vector<kpi::Window> w{period};
  for (int i = 0; i < std::max(0, trend_periods); ++i)
    w.insert(w.begin(), kpi::previous(w.front(), zone));
  return w;
}

// Figures of one group (overall, or one agent) across the report windows.
class Figures {
 public:
  Figures(const RowIndex& rows, const std::vector<kpi::Window>& windows, const kpi::Context& ctx,
          GroupBy by, std::string key)
      : rows_(rows), windows_(windows), ctx_(ctx), by_(by), key_(std::move(key)) {}

  kpi::Row row(const Pick& p) const { return at(windows_.size() - 1, p); }

  Figure make(std::string label, const Pick& p) const {
    Figure f;
    f.label = std::move(label);
    f.row = row(p);
    const auto* entry = kpi::find_kpi(p.kpi);
    f.direction = entry ? entry->direction : "none";
    std::vector<std::optional<double>> before;  // the trend periods, oldest first
    for (size_t i = 0; i + 1 < windows_.size(); ++i) before.push_back(at(i, p).value);
    if (windows_.size() >= 2) {
      kpi::Row prev = at(windows_.size() - 2, p);
      f.previous = prev.value;
      f.previous_low_sample = is_low(prev);
      f.change = test_change(f.row, prev);
      if (f.change.tested)
        f.change.beyond_spread = beyond_spread(*f.row.value, *prev.value, before);
    }
    double sum = 0;
    int n = 0;
    for (const auto& v : before)
      if (v) sum += *v, ++n;
    if (n > 0) f.trend = sum / n;
    auto t = ctx_.options.targets.kpi.find(p.kpi);
    if (t != ctx_.options.targets.kpi.end() && target_applies(p)) {
      f.target = t->second;
      if (f.row.value) f.status = status_of(f.row, t->second, f.direction);
    }
    return f;
  }

  Series series(std::string label, const Pick& p) const {
    Series s;
    s.label = std::move(label);
    for (size_t i = 0; i < windows_.size(); ++i) {
      kpi::Row r = at(i, p);
      s.unit = r.unit;
      s.values.push_back(r.value);
      s.ci.push_back(r.value ? r.ci : std::nullopt);
      s.n.push_back(r.n);
      s.low_sample.push_back(is_low(r));
    }
    auto t = ctx_.options.targets.kpi.find(p.kpi);
    if (t != ctx_.options.targets.kpi.end() && target_applies(p)) s.target = t->second;
    return s;
  }

 private:
  static bool is_low(const kpi::Row& r) {
    return std::find(r.flags.begin(), r.flags.end(), "low_sample") != r.flags.end();
  }
  kpi::Row at(size_t i, const Pick& p) const {
    return row_or_missing(rows_.find(windows_[i].label, by_, key_, p), p);
  }

  const RowIndex& rows_;
  const std::vector<kpi::Window>& windows_;
  const kpi::Context& ctx_;
  GroupBy by_;
  std::string key_;
};

bool has(const kpi::Row& r) {
  return r.value && *r.value != 0;
}

Section ticket_section(const Figures& f, const std::string& none) {
  Section s{"Tickets", "", {}};
  s.figures = {
      f.make("Requests (tickets created + calls offered)", {"request_volume", "count"}),
      f.make("First response, median (business hours)", kFrtMedian),
      f.make("First response, p90 (business hours)", {"frt", "p90", std::nullopt, "business"}),
      f.make("Resolution time, median (business hours)", kResolutionMedian),
      f.make("Resolution time, p90 (business hours)",
             {"resolution_time", "p90", std::nullopt, "business"}),
      f.make("First contact resolution", {"fcr", "rate"}),
      f.make("Reopen rate", {"reopen_rate", "rate"}),
      f.make("Backlog at period end", {"backlog", "count"}),
      f.make("Open cases at period end", {"open_cases", "count"}),
      f.make("SLA compliance", {"sla_compliance", "rate"}),
  };
  const bool any = has(s.figures[0].row) || s.figures[1].row.n > 0 || s.figures[3].row.n > 0 ||
                   has(s.figures[7].row) || has(s.figures[8].row);
  if (!any) s = Section{"Tickets", "No tickets " + none, {}};
  return s;
}

Section call_section(const Figures& f, const std::string& none) {
  Section s{"Calls", "", {}};
  s.figures = {
      f.make("Calls offered", {"calls_offered", "count"}),
      f.make("Service level (all offered calls)", kServiceLevel),
      f.make("Service level, answered calls only", {"service_level", "rate", "answered"}),
      f.make("Average speed of answer", {"asa", "mean"}),
      f.make("Abandonment rate", {"abandonment_rate", "rate"}),
      f.make("Blocked calls", {"blocked_calls", "count"}),
      f.make("Average handle time", {"aht", "mean"}),
  };
  if (!has(s.figures[0].row) && !has(s.figures[5].row))
    s = Section{"Calls", "No calls " + none, {}};
  return s;
}

Section customer_section(const Figures& f, const std::string& none) {
  Section s{"Customers", "", {}};
  s.figures = {
      f.make("CSAT (top-two-box)", kCsat),
      f.make("NPS", {"nps", "score"}),
      f.make("Customer effort (CES, mean)", {"ces", "mean"}),
  };
  if (std::all_of(s.figures.begin(), s.figures.end(), [](const Figure& x) { return !x.row.value; }))
    s = Section{"Customers", "No survey responses " + none, {}};
  return s;
}

std::vector<Figure> headline(const Model& m, const kpi::Context& ctx) {
  std::vector<Figure> out;
  std::vector<std::string> seen;
  for (const Section* s : {&m.tickets, &m.calls, &m.customers})
    for (const Figure& f : s->figures) {
      const std::string& id = f.row.kpi;
      if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
      seen.push_back(id);
      if (std::find(kHeadline.begin(), kHeadline.end(), id) != kHeadline.end() ||
          ctx.options.targets.kpi.count(id))
        out.push_back(f);
    }
  return out;
}

std::vector<ChannelVolume> channels(const RowIndex& rows, const std::vector<kpi::Window>& w) {
  std::vector<ChannelVolume> out;
  for (size_t i = 0; i < w.size(); ++i)
    for (const kpi::Row* r :
         rows.items(w[i].label, GroupBy::overall, "", "volume_by_channel", "count")) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const ChannelVolume& c) { return c.channel == r->item; });
      if (it == out.end()) it = out.insert(out.end(), {r->item, std::vector<double>(w.size())});
      it->counts[i] = r->value.value_or(0);
    }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.counts.back() > b.counts.back(); });
  return out;
}

std::vector<Topic> topics(const RowIndex& rows, const kpi::Window& w) {
  std::vector<Topic> out;
  for (const kpi::Row* r : rows.items(w.label, GroupBy::overall, "", "top_topics", "count")) {
    if (!r->value) continue;
    const kpi::Row* c = rows.find(w.label, GroupBy::overall, "", {"top_topics", "change"}, r->item);
    out.push_back({r->item, (long long)*r->value, c ? c->value : std::nullopt});
  }
  return out;
}

// The row of an agent figure of model/figures.h, or of its `variant`.
Pick agent_pick(std::string_view id, std::optional<std::string> variant = std::nullopt) {
  const figures::AgentFigure* f = figures::agent_figure(id);
  if (!f) return {std::string(id), ""};  // not a figure: a row the engine never gives
  return {f->kpi, f->stat, std::move(variant),
          *f->basis ? std::optional<std::string>(f->basis) : std::nullopt};
}

// Agents who share a name are shown as "Name (id)", every one of them, so that the
// table and the chart still tell them apart.
void tell_apart(std::vector<AgentLine>& lines) {
  std::map<std::string, int> uses;
  for (const AgentLine& l : lines) ++uses[l.name];
  for (AgentLine& l : lines)
    if (uses[l.name] > 1) l.name += " (" + l.id + ")";
}

std::vector<AgentLine> agents(const RowIndex& rows, const std::vector<kpi::Window>& w,
                              const kpi::Context& ctx, const std::string& team) {
  std::vector<AgentLine> out;
  for (const std::string& id : rows.keys(w.back().label, GroupBy::agent)) {
    auto a = ctx.agents.find(id);
    if (a == ctx.agents.end() || a->second.kind == AgentKind::bot) continue;
    if (!team.empty() && a->second.team != team) continue;
    const Figures f(rows, w, ctx, GroupBy::agent, id);
    AgentLine l;
    l.id = id;
    l.name = a->second.name.empty() ? id : a->second.name;
    l.team = a->second.team;
    // The agents' rolling figures' rows (model/figures.h), over the report's period.
    l.resolution = f.row(agent_pick("resolution_median"));
    l.resolved = l.resolution;
    l.frt = f.row(agent_pick("frt_median"));
    l.fcr = f.row(agent_pick("fcr"));
    l.csat = f.row(agent_pick("csat"));
    l.aht = f.row(agent_pick("aht"));
    l.frt_adjusted = f.row(agent_pick("frt_median", "mix_adjusted"));
    l.resolution_adjusted = f.row(agent_pick("resolution_median", "mix_adjusted"));
    l.aht_adjusted = f.row(agent_pick("aht", "mix_adjusted"));
    l.volume = l.resolution.n + l.aht.n;
    out.push_back(std::move(l));
  }
  tell_apart(out);
  std::sort(out.begin(), out.end(), [](const AgentLine& a, const AgentLine& b) {
    if (a.volume != b.volume) return a.volume > b.volume;
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  return out;
}

// One engine call per team for the current period only: the same filter as the team's
// own report, so the comparison shows the numbers each lead sees.
void comparison(const Records& data, const kpi::Context& ctx, const kpi::Window& period, Model& m) {
  const std::vector<std::pair<std::string, Pick>> cols{
      {"Requests", {"request_volume", "count"}},
      {"First response, median", kFrtMedian},
      {"Resolution, median", kResolutionMedian},
      {"FCR", {"fcr", "rate"}},
      {"CSAT", kCsat},
      {"Service level", kServiceLevel},
      {"Abandonment", {"abandonment_rate", "rate"}}};
  for (const auto& c : cols) m.comparison_labels.push_back(c.first);
  const std::vector<kpi::Window> one{period};
  for (const std::string& team : teams_with_reports(data, ctx)) {
    kpi::Request req{one, {GroupBy::overall}, {}};
    for (const auto& c : cols) req.kpis.push_back(c.second.kpi);
    const RowIndex rows(kpi::compute(team_records(data, ctx, team), ctx, req));
    const Figures f(rows, one, ctx, GroupBy::overall, "");
    TeamLine line{team, {}};
    for (const auto& c : cols) line.figures.push_back(f.make(c.first, c.second));
    m.comparison.push_back(std::move(line));
  }
}

}  // namespace

bool Figure::low_sample() const {
  return std::find(row.flags.begin(), row.flags.end(), "low_sample") != row.flags.end();
}

std::string display_team(const std::string& team) {
  return team.empty() ? "all teams" : team;
}

Model build_model(const Records& data, const kpi::Context& ctx, const std::string& team,
                  const kpi::Window& period, int trend_periods) {
  Model m;
  m.team = team;
  m.period = period;
  m.min_sample = ctx.options.min_sample;
  m.zone = ctx.options.report_zone;
  m.windows = report_windows(period, trend_periods, ctx.options.report_zone);
  m.period_kind = period.label.find("-W") != std::string::npos ? "week"
                  : period.label.size() == 7                   ? "month"
                                                               : "period";
  const Records scoped = team.empty() ? Records{} : team_records(data, ctx, team);
  const Records& in = team.empty() ? data : scoped;
  const RowIndex rows(
      kpi::compute(in, ctx, kpi::Request{m.windows, {GroupBy::overall, GroupBy::agent}, kKpis}));

  const Figures overall(rows, m.windows, ctx, GroupBy::overall, "");
  const std::string none = "for " + display_team(team) + " in " + period.label + ".";
  m.tickets = ticket_section(overall, none);
  m.calls = call_section(overall, none);
  m.customers = customer_section(overall, none);
  // One false-discovery control over every figure the report shows a change for; the
  // headline repeats some of them with their marks.
  std::vector<Change*> changes;
  for (Section* s : {&m.tickets, &m.calls, &m.customers})
    for (Figure& f : s->figures) changes.push_back(&f.change);
  control_false_discoveries(changes);
  m.headline = headline(m, ctx);
  m.channels = channels(rows, m.windows);
  m.topics = topics(rows, period);
  if (m.topics.empty()) m.topics_note = "No ticket topics " + none;
  m.agents = agents(rows, m.windows, ctx, team);
  if (m.agents.empty()) m.agents_note = "No agent activity " + none;
  m.frt_trend = overall.series("First response, median (business hours)", kFrtMedian);
  m.csat_trend = overall.series("CSAT (top-two-box)", kCsat);
  m.sl_trend = overall.series("Service level (all offered calls)", kServiceLevel);
  if (team.empty()) {
    comparison(data, ctx, period, m);
    m.catalog_rows = kpi::compute(data, ctx, kpi::Request{{period}, {GroupBy::overall}, {}});
  }
  return m;
}

}  // namespace dp::report
