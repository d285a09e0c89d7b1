// The deskpulse configuration: one YAML file, validated as a whole. Every problem is
// reported with file:line:column and key path; a Config exists only when there are none.
// docs/configuration.md documents every key.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/keys.h"
#include "kpi/options.h"
#include "model/figures.h"

namespace dp::config {

struct Diagnostic {
  std::string file;
  int line = 0;  // 1-based; 0 when the problem has no place in the file
  int column = 0;
  std::string key_path;  // "connectors.helpdesk.interval"
  std::string message;
  std::string str() const;  // "file:line:col: key.path: message"
};

struct Team {
  std::string calendar;  // "" = the default calendar
};

// Ticket figures that can be written to a ticket custom field, and agent figures
// (rolling over `agent_window`) that can be written to a user custom field.
inline const std::vector<std::string> kTicketFigures = {"frt_business",
                                                        "frt_calendar",
                                                        "resolution_business",
                                                        "resolution_calendar",
                                                        "frt_business_minutes",
                                                        "frt_calendar_minutes",
                                                        "resolution_business_minutes",
                                                        "resolution_calendar_minutes",
                                                        "sla_met",
                                                        "fcr",
                                                        "reopen_count"};
inline const std::vector<std::string> kAgentFigures =
    figures::agent_figure_ids();  // model/figures.h

struct Writeback {
  std::string sink;                                  // connector name; "" = no write-back
  std::map<std::string, std::string> ticket_fields;  // ticket figure -> custom field name
  std::map<std::string, std::string> agent_fields;   // agent figure -> user custom field name
  Seconds agent_window{30 * 86400};
  // Agent figure -> smallest change worth rewriting onto the agent's open tickets
  // (percentage points for csat/fcr, seconds for the durations). Absent = any change.
  std::map<std::string, double> agent_ticket_step;
  double max_writes_per_second = 5;
};

enum class ReportPeriod { week, month };

struct Report {
  std::string sink;  // connector name; "" = no report posts
  ReportPeriod period = ReportPeriod::week;
  std::chrono::weekday weekday = std::chrono::Monday;  // weekly reports
  int day = 1;                                         // monthly reports: day of month
  std::chrono::minutes time{8 * 60};                   // local time of day in `zone`
  std::string zone;                                    // defaults to kpi.report_zone
  std::string queue = "KPI Reports";
  std::vector<std::string> teams;  // empty = every team and the overall report
  std::vector<std::string> formats{"html"};
  bool post_empty = false;  // post a period without data (default: skip it, with a warning)
  bool staffing = true;     // the "Staffing for next week" section
};

struct Logging {
  std::string level = "info";   // trace|debug|info|warn|error|off
  std::string format = "text";  // text|json
};

// HOST:PORT (`[::1]:9464` for IPv6), port 0..65535 (0: any free port).
struct Listen {
  std::string host;
  int port = 0;
};
std::optional<Listen> split_listen(std::string_view s);

struct Metrics {
  std::string listen;  // HOST:PORT; "" = no HTTP server
  Seconds health_max_age{15 * 60};
};

struct Config {
  std::string file;  // where it was read from
  std::string state_path = "/var/lib/deskpulse/state.db";
  Logging logging;
  Metrics metrics;
  std::vector<Block> connectors;      // in file order, each validated against its spec
  std::map<std::string, Team> teams;  // team -> calendar
  kpi::Context kpi;                   // agent directory, calendars, options
  Writeback writeback;
  Report report;

  const Block* connector(const std::string& name) const;
};

struct LoadResult {
  std::optional<Config> config;  // set only when `problems` is empty
  std::vector<Diagnostic> problems;
};

// `specs`: every connector type the binary knows. `known_kpis`: KPI ids accepted in
// kpi.targets; empty = any id (the config module does not own the KPI catalog).
LoadResult load_config(const std::string& path, const std::vector<ConnectorSpec>& specs,
                       const std::vector<std::string>& known_kpis = {});
LoadResult load_config_text(std::string_view yaml, const std::string& file_name,
                            const std::vector<ConnectorSpec>& specs,
                            const std::vector<std::string>& known_kpis = {});

// Gives agents without a calendar their team's, then kpi.default_calendar; leaves
// nullopt (24x7) when neither exists. For agents that come from data (agents.ndjson).
void assign_calendars(const Config& config, std::map<std::string, Agent>& agents);

// `text` with every resolved secret value replaced by "***" (for printing a config
// or an error message that may quote one).
std::string redact(const Config& config, std::string text);

// docs/configuration.md reference section and an example file with every key.
std::string render_reference_markdown(const std::vector<ConnectorSpec>& specs);
std::string render_example_yaml(const std::vector<ConnectorSpec>& specs);

}  // namespace dp::config
