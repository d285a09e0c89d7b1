// What a report says, before it is rendered: the figures of one team (or all teams)
// for a period, with the previous period, the trend and the targets. HTML, text,
// charts and highlights all read this; none of them computes a KPI.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kpi/options.h"
#include "kpi/row.h"
#include "model/records.h"
#include "report/change.h"

namespace dp::report {

// Which engine row a figure shows.
struct Pick {
  std::string kpi;
  std::string stat;
  std::optional<std::string> variant = std::nullopt;
  std::optional<std::string> basis = std::nullopt;
};

// Against a target: met or missed when the 95% interval lies wholly on one side of it
// (the value itself for a figure without an interval, such as a count), otherwise too
// close to call.
enum class Status { none, met, close, missed };

struct Figure {
  std::string label;               // "First response, median (business hours)"
  kpi::Row row;                    // this period; value nullopt = not available, `reason` says why
  std::optional<double> previous;  // the period before
  bool previous_low_sample = false;
  Change change;                // vs the period before: significant only beyond normal variation
  std::optional<double> trend;  // mean of the trend periods before this one
  std::optional<double> target;
  Status status = Status::none;
  std::string direction;  // from the catalog: higher | lower | none

  bool low_sample() const;
};

// One value per report window (oldest first), for trend charts.
struct Series {
  std::string label;
  std::string unit;
  std::vector<std::optional<double>> values;
  std::vector<std::optional<std::pair<double, double>>> ci;  // 95% interval per value
  std::vector<long long> n;
  std::vector<bool> low_sample;
  std::optional<double> target;
};

struct Section {
  std::string title;
  std::string note;  // one line instead of figures when there is nothing to show
  std::vector<Figure> figures;
};

struct ChannelVolume {
  std::string channel;
  std::vector<double> counts;  // per window, oldest first
};

struct Topic {
  std::string name;
  long long count = 0;
  std::optional<double> change;  // vs the previous period
};

struct AgentLine {
  std::string id;
  // What the report calls the agent: the directory's name, else the id; "Name (id)"
  // when another agent of the report has the same name.
  std::string name;
  std::string team;
  kpi::Row resolved;  // n = tickets resolved in the period as owner
  kpi::Row frt, resolution, fcr, csat, aht;
  // frt, resolution and aht on the team's mix of topics, channels and queues (variant
  // mix_adjusted, docs/kpis.md): shown beside the raw figures, never a sort key.
  kpi::Row frt_adjusted, resolution_adjusted, aht_adjusted;
  long long volume = 0;  // tickets resolved + calls handled: the sort key
};

struct TeamLine {
  std::string team;
  std::vector<Figure> figures;  // parallel to Model::comparison_labels
};

struct Model {
  std::string team;  // "" = overall
  kpi::Window period;
  std::vector<kpi::Window> windows;  // oldest first; the last one is `period`
  std::string period_kind;           // "week", "month" or "period"
  std::string zone = "UTC";          // the report time zone the windows are in
  int min_sample = 10;

  std::vector<Figure> headline;
  Section tickets, calls, customers;
  std::vector<ChannelVolume> channels;  // empty when no volume
  std::vector<Topic> topics;
  std::string topics_note;
  std::vector<AgentLine> agents;  // sorted by volume, then name; never by a score
  std::string agents_note;
  std::vector<std::string> comparison_labels;  // overall report only
  std::vector<TeamLine> comparison;
  // Overall report only: every catalog KPI's figures for the period, overall, so the
  // lead can look any of them up (customer base, business, bots, staffing...).
  std::vector<kpi::Row> catalog_rows;
  Series frt_trend, csat_trend, sl_trend;
};

// Computes every figure with one engine call over all windows (per team filtered by
// team_records()); the overall report adds one call per team for the comparison table.
Model build_model(const Records& data, const kpi::Context& ctx, const std::string& team,
                  const kpi::Window& period, int trend_periods);

std::string display_team(const std::string& team);  // "" -> "all teams"

}  // namespace dp::report
