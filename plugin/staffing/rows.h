// A plan as flat rows and notes, the shape `deskpulse staffing` prints (docs/staffing.md,
// "Output"): every row has every field, absent ones empty, and a reason when the advice
// is missing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "staffing/plan.h"

namespace dp::staffing {

struct PlanRow {
  std::string kind;  // "calls": one queue interval; "tickets": one queue day
  std::string queue;
  Time start{};
  std::string interval_start;  // RFC 3339 with the report zone's offset
  long long interval_s = 0;
  std::optional<double> forecast_calls, aht_s;
  std::optional<int> agents, agents_erlang_c;
  std::optional<double> service_level, asa_s, occupancy;  // % (0..100), s, % (0..100)
  std::string method;                                     // erlang_c | erlang_a ("" for tickets)
  std::optional<double> patience_s;
  std::optional<double> forecast_tickets, ticket_handle_s, agent_hours;
  std::optional<double> forecast_wape;  // % on held-back weeks, the queue's
  int history_weeks = 0;                // weeks that fed the forecast
  std::vector<std::string> flags;       // aht_all_queues
  std::string reason;
};

std::vector<PlanRow> plan_rows(const Plan& plan);

// What a reader needs beside the rows: per queue, the weeks and trend behind the
// forecast, its measured error, the AHT's sample, the patience, what was left out.
std::vector<std::string> plan_notes(const Plan& plan);

// "2026-12-07T09:00:00+01:00": `t` as local time in `zone` with its offset.
std::string local_rfc3339(Time t, const std::string& zone);

}  // namespace dp::staffing
