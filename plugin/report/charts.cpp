#include "report/charts.h"

#include <algorithm>

#include "report/format.h"
#include "report/plots.h"

namespace dp::report {
namespace {

std::string x_title(const Model& m) {
  return m.period_kind == "week" ? "ISO week" : m.period_kind == "month" ? "Month" : "Period";
}

std::vector<std::string> x_labels(const Model& m) {
  std::vector<std::string> out;
  for (const auto& w : m.windows) out.push_back(short_label(w));
  return out;
}

// "First response, median (business hours) fell from 3h 10m (W39) to 2h 05m (W47)".
std::string trend_alt(const Model& m, const Series& s) {
  size_t first = 0, last = s.values.size();
  while (first < s.values.size() && !s.values[first]) ++first;
  while (last > first && !s.values[last - 1]) --last;
  if (first >= last) return s.label + ": no data";
  const double a = *s.values[first], b = *s.values[last - 1];
  const std::string verb = b > a ? "rose" : b < a ? "fell" : "stayed";
  std::string alt = s.label + " " + verb + (b == a ? " at " : " from ") + value_text(a, s.unit);
  if (b != a) alt += " to " + value_text(b, s.unit);
  alt += " between " + m.windows[first].label + " and " + m.windows[last - 1].label;
  if (s.target) alt += " (target " + value_text(*s.target, s.unit) + ")";
  return alt;
}

bool any_value(const Series& s) {
  for (const auto& v : s.values)
    if (v) return true;
  return false;
}

Chart png(std::string filename, Picture pic, std::string alt) {
  Chart c{{std::move(filename), "image/png", std::move(pic.png), std::move(alt)},
          {},
          pic.width,
          pic.height};
  c.texts = std::move(pic.texts);
  return c;
}

std::vector<std::optional<Interval>> intervals(const Series& s) {
  std::vector<std::optional<Interval>> out;
  for (const auto& ci : s.ci)
    out.push_back(ci ? std::optional<Interval>(Interval{ci->first, ci->second}) : std::nullopt);
  return out;
}

Chart trend_chart(const Model& m, const Series& s, const std::string& filename) {
  LinePlot p{s.label + ", per " + m.period_kind,
             "Whiskers: 95% interval. Hollow: fewer than " + std::to_string(m.min_sample) +
                 ", too few to compare.",
             x_title(m),
             x_labels(m),
             s.values,
             intervals(s),
             s.n,
             s.low_sample,
             s.target,
             s.unit};
  return png(filename, render(p, kChartWidth, kChartHeight), trend_alt(m, s));
}

Chart channel_chart(const Model& m) {
  StackedPlot p{
      "Requests by channel, per " + m.period_kind, x_title(m), "requests", x_labels(m), {}, {}};
  std::string biggest;
  for (const auto& c : m.channels) {
    p.names.push_back(c.channel);
    p.values.push_back(c.counts);
  }
  double total = 0;
  for (const auto& c : m.channels) total += c.counts.back();
  std::string alt = "Requests by channel over " + std::to_string(m.windows.size()) + " " +
                    m.period_kind + "s; in " + m.period.label + " " + value_text(total, "count") +
                    " requests";
  if (!m.channels.empty() && total > 0)
    alt += ", most on " + m.channels.front().channel + " (" +
           value_text(m.channels.front().counts.back(), "count") + ")";
  return png("channels.png", render(p, kChartWidth, kChartHeight), alt);
}

Chart agent_chart(const Model& m) {
  const size_t shown = std::min(m.agents.size(), kChartAgents);
  std::string title = "First response median per agent (business hours), " + m.period.label;
  if (shown < m.agents.size())
    title += ", " + std::to_string(shown) + " busiest of " + std::to_string(m.agents.size());
  BarPlot p{title,
            "first response, median",
            "Whiskers: 95% interval. Grey and striped: fewer than " + std::to_string(m.min_sample) +
                " tickets, too few to compare.",
            {},
            "s"};
  int compared = 0;
  for (size_t i = 0; i < shown; ++i) {
    const AgentLine& a = m.agents[i];
    const bool low =
        std::find(a.frt.flags.begin(), a.frt.flags.end(), "low_sample") != a.frt.flags.end();
    if (a.frt.value && !low) ++compared;
    std::optional<Interval> iv;
    if (a.frt.ci) iv = Interval{a.frt.ci->first, a.frt.ci->second};
    p.bars.push_back({a.name, a.frt.value, iv, low,
                      a.frt.value ? value_text(*a.frt.value, "s") + "  n=" + std::to_string(a.frt.n)
                                  : "no first responses"});
  }
  std::string alt =
      "First response median per agent in " + m.period.label + ": " + std::to_string(shown) +
      " agents" +
      (shown < m.agents.size() ? " (the busiest of " + std::to_string(m.agents.size()) + ")"
                               : std::string()) +
      ", " + std::to_string(compared) + " with enough tickets to compare";
  return png("agents.png", render(p, kChartWidth), alt);
}

}  // namespace

std::vector<Chart> drawn_charts(const Model& m) {
  std::vector<Chart> out;
  if (any_value(m.frt_trend)) out.push_back(trend_chart(m, m.frt_trend, "trend-frt.png"));
  if (any_value(m.csat_trend)) out.push_back(trend_chart(m, m.csat_trend, "trend-csat.png"));
  if (any_value(m.sl_trend)) out.push_back(trend_chart(m, m.sl_trend, "trend-service-level.png"));
  if (!m.channels.empty()) out.push_back(channel_chart(m));
  if (!m.agents.empty()) out.push_back(agent_chart(m));
  return out;
}

std::vector<Attachment> charts(const Model& m) {
  std::vector<Attachment> out;
  for (Chart& c : drawn_charts(m)) out.push_back(std::move(c.file));
  return out;
}

}  // namespace dp::report
