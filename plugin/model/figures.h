// The agents' rolling figures (issue 20), declared once: which engine row feeds each
// figure, how its value is written, and its key in the config. Config validation and
// docs/configuration.md (writeback.agent_fields, writeback.agent_ticket_step), the
// write-back plan (which rows become scores, their text), the KPIs the rolling window
// computes and the report's agent table all read this table; none keeps its own list.
// Header-only and below every module: it names KPI ids as text, it links nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dp::figures {

// How a score's value is written ("87.5% (n=24)", "37h 20m (n=30)", "4m 10s (n=12)").
enum class Format {
  percent,            // one decimal and "%"
  business_duration,  // business hours, never days (writeback::business_duration)
  duration,           // calendar time, as people read it (writeback::human_duration)
};

// What writeback.agent_ticket_step's value for the figure is.
enum class Step {
  points,    // percentage points
  duration,  // a duration ("15m")
};

struct AgentFigure {
  const char* id;     // the figure, and its key under writeback.agent_fields and agent_ticket_step
  const char* kpi;    // the engine KPI whose agent rows feed it
  const char* stat;   // the row's statistic
  const char* basis;  // the row's basis ("business"); "" = a row without one
  Format format;
  Step step;
  const char* doc;           // one line, for the key tables
  const char* step_example;  // the example config's agent_ticket_step value
};

// In the order the docs, the example config and the plan list them. Variants (a
// mix-adjusted or mean form) never feed a figure.
inline constexpr AgentFigure kAgentFigures[] = {
    {"csat", "csat", "rate", "", Format::percent, Step::points, "CSAT % over the window", "2"},
    {"frt_median", "frt", "median", "business", Format::business_duration, Step::duration,
     "median first response time (business)", "15m"},
    {"resolution_median", "resolution_time", "median", "business", Format::business_duration,
     Step::duration, "median resolution time (business)", "2h"},
    {"fcr", "fcr", "rate", "", Format::percent, Step::points, "first contact resolution %", "2"},
    {"aht", "aht", "mean", "", Format::duration, Step::duration, "average handle time of calls",
     "30s"},
};

// The figure with this id, or nullptr.
inline const AgentFigure* agent_figure(std::string_view id) {
  for (const auto& f : kAgentFigures)
    if (id == f.id) return &f;
  return nullptr;
}

// Every figure's id, in table order.
inline std::vector<std::string> agent_figure_ids() {
  std::vector<std::string> ids;
  for (const auto& f : kAgentFigures) ids.emplace_back(f.id);
  return ids;
}

// The KPIs the figures are computed from, each once, in table order.
inline std::vector<std::string> agent_figure_kpis() {
  std::vector<std::string> kpis;
  for (const auto& f : kAgentFigures) {
    bool seen = false;
    for (const auto& k : kpis) seen = seen || k == f.kpi;
    if (!seen) kpis.emplace_back(f.kpi);
  }
  return kpis;
}

}  // namespace dp::figures
