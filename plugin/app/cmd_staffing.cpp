// staffing: agents advised per queue and interval of a coming week (docs/staffing.md).
// Parses and wires: the plan is plugin/staffing's.
#include <iostream>
#include <memory>
#include <sstream>

#include "app/commands.h"
#include "app/env.h"
#include "app/row_output.h"
#include "kpi/windows.h"
#include "model/json.h"
#include "staffing/rows.h"

namespace dp::app {
namespace {

struct StaffingArgs {
  Inputs in;
  std::string week, interval = "30m", format = "table", zone;
  std::vector<std::string> queues;
  int weeks = 8;
};

// The JSON and CSV fields of a row, in order (docs/staffing.md, "Output").
const std::vector<std::string>& columns() {
  static const std::vector<std::string> c{"kind",
                                          "queue",
                                          "interval_start",
                                          "interval_s",
                                          "forecast_calls",
                                          "aht",
                                          "agents",
                                          "agents_erlang_c",
                                          "service_level",
                                          "asa",
                                          "occupancy",
                                          "method",
                                          "patience",
                                          "forecast_tickets",
                                          "ticket_handle_time",
                                          "agent_hours",
                                          "forecast_wape",
                                          "history_weeks",
                                          "flags",
                                          "reason"};
  return c;
}

std::string num(std::optional<double> v, int decimals = 2) {
  if (!v) return "";
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(decimals);
  s << *v;
  return s.str();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ";") + s;
  return out;
}

// The cells of a row as text, parallel to columns() (CSV and table).
std::vector<std::string> cells(const staffing::PlanRow& r) {
  auto i = [](std::optional<int> v) { return v ? std::to_string(*v) : std::string(); };
  return {r.kind,
          r.queue,
          r.interval_start,
          std::to_string(r.interval_s),
          num(r.forecast_calls),
          num(r.aht_s, 1),
          i(r.agents),
          i(r.agents_erlang_c),
          num(r.service_level),
          num(r.asa_s, 1),
          num(r.occupancy),
          r.method,
          num(r.patience_s, 1),
          num(r.forecast_tickets),
          num(r.ticket_handle_s, 1),
          num(r.agent_hours),
          num(r.forecast_wape),
          std::to_string(r.history_weeks),
          joined(r.flags),
          r.reason};
}

void write_json(const std::vector<staffing::PlanRow>& rows) {
  json::Writer w;
  auto text_or_null = [&w](std::string_view key, const std::string& v) {
    w.key(key);
    v.empty() ? w.null() : w.value(v);
  };
  w.arr_begin();
  for (const auto& r : rows) {
    w.obj_begin();
    w.field("kind", r.kind);
    w.field("queue", r.queue);
    w.field("interval_start", r.interval_start);
    w.field("interval_s", int64_t(r.interval_s));
    w.field("forecast_calls", r.forecast_calls);
    w.field("aht", r.aht_s);
    w.field("agents", r.agents);
    w.field("agents_erlang_c", r.agents_erlang_c);
    w.field("service_level", r.service_level);
    w.field("asa", r.asa_s);
    w.field("occupancy", r.occupancy);
    text_or_null("method", r.method);
    w.field("patience", r.patience_s);
    w.field("forecast_tickets", r.forecast_tickets);
    w.field("ticket_handle_time", r.ticket_handle_s);
    w.field("agent_hours", r.agent_hours);
    w.field("forecast_wape", r.forecast_wape);
    w.field("history_weeks", r.history_weeks);
    w.key("flags");
    w.arr_begin();
    for (const auto& f : r.flags) w.value(f);
    w.arr_end();
    text_or_null("reason", r.reason);
    w.obj_end();
  }
  w.arr_end();
  std::cout << w.str() << '\n';
}

void write_csv(const std::vector<staffing::PlanRow>& rows) {
  std::cout << csv_line(columns()) << '\n';
  for (const auto& r : rows) std::cout << csv_line(cells(r)) << '\n';
}

// For people: the intervals and days with work, then what was left out and why.
void write_table(const std::vector<staffing::PlanRow>& rows) {
  std::vector<std::vector<std::string>> calls{
      {"queue", "interval", "calls", "aht_s", "agents", "sl_%", "asa_s", "occ_%", "method"}};
  std::vector<std::vector<std::string>> tickets{
      {"queue", "day", "tickets", "handle_s", "agent_hours", "reason"}};
  size_t quiet = 0;
  for (const auto& r : rows) {
    if (r.kind == "tickets") {
      tickets.push_back({r.queue, r.interval_start.substr(0, 10), num(r.forecast_tickets, 1),
                         num(r.ticket_handle_s, 0), num(r.agent_hours, 1), r.reason});
      continue;
    }
    if (r.forecast_calls && *r.forecast_calls < 0.05) {
      ++quiet;
      continue;
    }
    const std::string what =
        r.agents ? std::to_string(*r.agents) : (r.reason.empty() ? "" : "- (" + r.reason + ")");
    calls.push_back({r.queue, r.interval_start.substr(0, 16) + r.interval_start.substr(19),
                     num(r.forecast_calls, 1), num(r.aht_s, 0), what, num(r.service_level, 1),
                     num(r.asa_s, 1), num(r.occupancy, 1), r.method});
  }
  if (calls.size() > 1) write_aligned(std::cout, calls, false);
  if (quiet) std::cout << quiet << " interval(s) with no calls forecast not shown\n";
  if (tickets.size() > 1) {
    std::cout << '\n';
    write_aligned(std::cout, tickets, false);
  }
}

int run_staffing(const StaffingArgs& a) {
  auto env = open_env(a.in, false, Access::read);
  if (!env) {
    std::cerr << "staffing: " << env.error().str() << '\n';
    return a.in.config.empty() ? kExitFailed : kExitUsage;
  }
  auto data = env->store->load_all();
  if (!data) {
    std::cerr << "staffing: " << data.error().str() << '\n';
    return kExitFailed;
  }
  kpi::Context ctx = kpi_context(*env, *data);
  std::string zone = ctx.options.report_zone;
  if (env->config && !env->config->report.zone.empty()) zone = env->config->report.zone;
  if (!a.zone.empty()) zone = a.zone;
  if (!is_valid_zone(zone)) {
    std::cerr << "staffing: unknown time zone '" << zone << "'\n";
    return kExitUsage;
  }
  staffing::PlanOptions o;
  o.zone = zone;
  o.interval = Seconds{a.interval == "60m" ? 3600 : 1800};
  o.history_weeks = a.weeks;
  o.sl_target = ctx.options.sl_target;
  o.sl_threshold = ctx.options.sl_threshold;
  o.min_sample = ctx.options.min_sample;
  if (a.week.empty()) {
    auto next = staffing::week_after_data(*data, zone);
    if (!next) {
      std::cerr << "staffing: no calls or tickets to plan from; give --week\n";
      return kExitFailed;
    }
    o.week = *next;
  } else {
    auto week = kpi::parse_period(a.week, zone);
    if (!week || week->label.find("-W") == std::string::npos) {
      std::cerr << "staffing: --week: " << (week ? "not an ISO week" : week.error().str())
                << " (e.g. 2026-W50)\n";
      return kExitUsage;
    }
    o.week = *week;
  }
  const auto known = staffing::known_queues(*data);
  for (const auto& q : a.queues) {
    if (std::count(known.begin(), known.end(), q)) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    std::cerr << "staffing: unknown queue '" << q << "' ("
              << (known.empty() ? std::string("the data has no queues") : "known queues: " + list)
              << ")\n";
    return kExitUsage;
  }
  o.queues = a.queues;
  const staffing::Plan plan = staffing::plan(*data, o);
  const auto rows = staffing::plan_rows(plan);
  const auto notes = staffing::plan_notes(plan);
  if (a.format == "json") write_json(rows);
  if (a.format == "csv") write_csv(rows);
  if (a.format == "table") {
    std::cout << "Staffing for " << o.week.label << " (" << zone << ", " << int(o.sl_target * 100)
              << "% within " << o.sl_threshold.count() << " s)\n\n";
    write_table(rows);
    std::cout << '\n';
    for (const auto& n : notes) std::cout << n << '\n';
  } else {
    for (const auto& n : notes) std::cerr << "staffing: " << n << '\n';
  }
  if (env->rejected) {
    std::cerr << "staffing: " << env->rejected
              << " input record(s) rejected (see above); the plan uses the rest\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace

void add_staffing_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<StaffingArgs>();
  auto* cmd = app.add_subcommand(
      "staffing",
      "Advise agents per queue and interval of a coming week: forecast calls, AHT, Erlang C "
      "(Erlang A when callers abandon) agents for the service-level target, with expected "
      "service level, ASA and occupancy; and the agent-hours the forecast tickets need per day.");
  add_config_option(cmd, a->in);
  add_state_option(cmd, a->in);
  add_input_options(cmd, a->in);
  cmd->add_option("--week", a->week,
                  "ISO week to plan, e.g. 2026-W50 (default: the week after the data's last call)");
  cmd->add_option("--queue", a->queues, "Queues to plan, comma-separated (default: all)")
      ->delimiter(',');
  cmd->add_option("--interval", a->interval, "Staffing interval")
      ->check(CLI::IsMember({"30m", "60m"}))
      ->capture_default_str();
  cmd->add_option("--weeks", a->weeks,
                  "History weeks the forecast and AHT use (fewer if the "
                  "data has fewer)")
      ->check(CLI::Range(1, 520))
      ->capture_default_str();
  cmd->add_option("--format", a->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  cmd->add_option("--zone", a->zone, "Time zone of the intervals (IANA), overrides the config");
  cmd->callback([a, &exit_code] { exit_code = run_staffing(*a); });
}

}  // namespace dp::app
