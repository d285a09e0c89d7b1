// Write-back's part of a cycle (ARCHITECTURE.md, "State and write-back"): the field
// writes that new data made due, planned against the ledger and carried out through the
// runner (execute.h), and the reports whose period is due, posted through the same
// runner (its pacing and retries) and recorded in the report ledger, each once per team
// and period. app/cycle.cpp syncs, then hands the store, the sinks and what the sync
// changed to write_fields() and post_reports(). Errors and notes land in the Outcome;
// nothing here logs.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "connector/sink.h"
#include "kpi/engine.h"
#include "kpi/facts.h"
#include "kpi/row.h"
#include "model/progress.h"
#include "model/records.h"
#include "model/result.h"
#include "store/store.h"
#include "writeback/plan.h"

namespace dp::writeback {

// What write-back reads that lives above it, wired by app: the engine context of
// records loaded from the store (it links calls to tickets) and the stored per-day
// partials.
struct StateAccess {
  std::function<kpi::Context(Records&)> records_ctx;
  // Every stored ticket's facts, a chunk of requesters at a time; false when a ticket
  // names a call (then the facts come from all records at once).
  std::function<Result<bool>(const kpi::Context&,
                             const std::function<void(std::vector<kpi::TicketFacts>&)>&)>
      each_ticket_facts;
  // Rows of `req` from the stored partials; nullopt when its windows are not whole days.
  std::function<Result<std::optional<std::vector<kpi::Row>>>(const kpi::Context&,
                                                             const kpi::Request&)>
      compute;
  // Above this many stored tickets, events and calls, a plan of every ticket takes the
  // facts a chunk at a time instead of loading every record.
  int64_t whole_load_records = 1'000'000;
};

struct RunOptions {
  bool dry_run = false;  // plan and render, but touch no sink and record nothing
  const std::atomic<bool>* stop = nullptr;
  Progress* progress = nullptr;  // the field writes step it
};

// What write-back did in a cycle (app's CycleReport is one, with the sync's figures).
struct Outcome {
  size_t writes = 0;
  size_t writes_unchanged = 0;
  size_t writes_cleared = 0;  // figures that no longer apply, emptied
  size_t write_requests = 0;  // tickets and users written (one sink call each)
  size_t write_failures = 0;
  size_t reports_posted = 0;
  size_t reports_found = 0;              // already in the sink (posted before): recorded
  std::vector<std::string> report_refs;  // what each posted report became
  std::vector<std::string> notes;        // worth a log line, not an error
  std::vector<std::string> up, down;     // connectors that answered / failed this cycle
  std::vector<std::string> errors;
};

// The write-back plan of a cycle: the figures of the `changed` tickets (of every
// ticket when nullopt: a chunk of requesters at a time in a large state), and the
// agents' rolling scores over whole local days, from the stored partials, onto their
// user records and open tickets; against the ledger of what was written. `flush`, when
// given, is handed the plan between chunks once it holds kFlushWrites writes, to send
// and empty them: memory then holds a part of a plan of every ticket, not all of it.
using PlanFlush = std::function<Result<void>(Plan&)>;
inline constexpr size_t kFlushWrites = 100'000;
Result<void> plan_writes(const config::Config& cfg, Store& store, const StateAccess& state,
                         const kpi::Context& ctx,
                         const std::optional<std::vector<kpi::TicketFacts>>& changed, Time now,
                         Plan& plan, const PlanFlush& flush = {});

// The whole local days of the report zone that cover [now - window, now] (today
// included so far): the agents' rolling figures and run's KPI gauges come from the
// stored per-day partials.
Result<kpi::Window> rolling_days(Time now, Seconds window, const std::string& zone);

// Whether every change to the state so far was planned and written, without a failure,
// with `ctx` and the config's field map: then a cycle plans only the tickets its batches
// changed. Otherwise (first run, another writer, a failed write, a new context or field
// map) it plans every ticket once more, and the ledger skips what landed already.
Result<bool> planned_through(Store& store, const config::Config& cfg, const kpi::Context& ctx);

// Plans the cycle's writes (plan_writes(); `changed` as there) and sends them through
// `sink` part by part, as writeback.max_writes_per_second allows. Once every write
// landed, the state counts as planned through (planned_through()). A dry run plans and
// counts only. False when the state or the plan failed: the cycle goes no further.
bool write_fields(const config::Config& cfg, Store& store, const StateAccess& state, Sink& sink,
                  const kpi::Context& ctx,
                  const std::optional<std::vector<kpi::TicketFacts>>& changed, Time now,
                  const RunOptions& o, Outcome& out);

// Posts the reports that are due at `now` (report.*: period, weekday or day, time,
// zone, teams) and not posted yet, oldest period first, each through the runner once:
// a report posted is recorded in the store's report ledger at once, and a sink that
// finds one it posted before (a crash between post and record) says so instead of
// posting it again. Reports cover periods that end after deskpulse first ran against
// this state (on the first run, the most recent completed period).
void post_reports(const config::Config& cfg, Store& store, const StateAccess& state, Sink& sink,
                  Time now, const RunOptions& o, Outcome& out);

}  // namespace dp::writeback
