// Staffing advice for a coming week (docs/staffing.md): per queue and interval the
// forecast calls, the AHT measured over the same history weeks, and the fewest agents
// meeting the service-level target by Erlang C — Erlang A, with patience estimated from
// abandonments, when the queue's calls were abandoned — with the expected service level,
// ASA and occupancy; per queue and day the agent-hours the forecast tickets need. Pure:
// records and options in, the plan out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kpi/row.h"
#include "model/records.h"
#include "staffing/forecast.h"

namespace dp::staffing {

struct PlanOptions {
  kpi::Window week;  // the week to plan, in `zone`
  std::string zone = "UTC";
  Seconds interval{1800};
  int history_weeks = 8;
  double sl_target = 0.8;
  Seconds sl_threshold{20};
  int min_sample = 10;              // fewer answered calls: the AHT of every queue is used
  std::vector<std::string> queues;  // empty: every queue with calls (or tickets)
};

// What was measured over the history weeks of one queue's calls.
struct CallMeasure {
  long long offered = 0, answered = 0, abandoned = 0;
  long long in_progress = 0;  // counted as offered, left out of the AHT (no handle time yet)
  std::optional<double> aht_s;
  bool aht_all_queues = false;       // the queue had < min_sample answered calls: every queue's AHT
  std::optional<double> patience_s;  // total wait of offered calls / abandons
  std::string method;                // "erlang_a" with abandons, else "erlang_c"
};

struct IntervalPlan {
  Slot slot;
  std::optional<double> forecast_calls;
  std::optional<int> agents;                              // by `method`
  std::optional<int> agents_erlang_c;                     // Erlang C's answer beside it
  std::optional<double> service_level, asa_s, occupancy;  // fractions, seconds
  std::string reason;  // why agents is absent, or 0 with no calls
};

struct QueuePlan {
  std::string queue;
  Forecast forecast;  // its slots are the intervals'
  CallMeasure measure;
  std::vector<IntervalPlan> intervals;
  std::string reason;  // why the queue has no plan ("" when it has one)
};

struct DayWork {
  Slot day;
  std::optional<double> forecast_tickets;
  std::optional<double> agent_hours;
  std::string reason;
};

struct TicketQueuePlan {
  std::string queue;
  Forecast forecast;
  long long tickets = 0;           // created in the history weeks
  long long worked_s = 0;          // time spent recorded on ticket events in them
  std::optional<double> handle_s;  // worked_s / tickets
  std::vector<DayWork> days;
  std::string reason;
};

struct Plan {
  PlanOptions options;
  std::vector<QueuePlan> calls;
  std::vector<TicketQueuePlan> tickets;
  std::string calls_reason, tickets_reason;  // no call / ticket records at all
};

// Every queue with calls or tickets, sorted.
std::vector<std::string> known_queues(const Records& data);

// The default week to plan: the ISO week after the one holding the last call (else the
// last ticket); nullopt without either.
std::optional<kpi::Window> week_after_data(const Records& data, const std::string& zone);

Plan plan(const Records& data, const PlanOptions& options);

// The busiest interval of a queue's plan (most forecast calls; the first on ties);
// nullptr when none has calls.
const IntervalPlan* peak_interval(const QueuePlan& q);

}  // namespace dp::staffing
