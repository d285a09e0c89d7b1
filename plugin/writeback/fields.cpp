// The field write-back of a cycle (writeback/cycle.h): ticket and agent plans against
// the ledger, sent through the runner part by part.
#include <date/date.h>

#include <cstdio>
#include <map>

#include "kpi/partials.h"
#include "kpi/windows.h"
#include "model/figures.h"
#include "writeback/all_records.h"
#include "writeback/cycle.h"
#include "writeback/execute.h"
#include "writeback/ledger.h"

namespace dp::writeback {
namespace {

// The data version and engine context up to which every ticket's figures were
// planned and written without a failure (planned_through()).
constexpr const char* kWritebackPlanned = "deskpulse:writeback-planned";

std::string planned_mark(int64_t version, const config::Config& cfg, const kpi::Context& ctx) {
  std::string s = std::to_string(version) + ':' + kpi::context_fingerprint(ctx);
  for (const auto& [figure, field] : cfg.writeback.ticket_fields) s += ',' + figure + '=' + field;
  return s;
}

// Ticket figures of the tickets the cycle changed (`changed`), or of every ticket: a
// chunk of requesters at a time above `whole_load_records` stored records.
Result<void> plan_ticket_writes(const config::Config& cfg, Store& store, const StateAccess& state,
                                const kpi::Context& ctx,
                                const std::optional<std::vector<kpi::TicketFacts>>& changed,
                                Plan& plan, const PlanFlush& flush) {
  // Each set of facts with its tickets' ledger entries read ahead.
  auto plan_facts = [&](const std::vector<kpi::TicketFacts>& facts) -> Result<void> {
    Ledger ledger(store);
    if (auto r = ledger.read_tickets(facts); !r) return r;
    plan_ticket_fields(facts, cfg.writeback.ticket_fields, ledger.lookup(), plan);
    return {};
  };
  if (changed) return plan_facts(*changed);
  auto counts = store.counts();
  if (!counts) return counts.error();
  if (counts->tickets + counts->events + counts->calls > state.whole_load_records) {
    Result<void> chunk{};
    auto done = state.each_ticket_facts(ctx, [&](std::vector<kpi::TicketFacts>& facts) {
      if (chunk) chunk = plan_facts(facts);
      if (chunk && flush && plan.size() >= kFlushWrites) chunk = flush(plan);
    });
    if (!done) return done.error();
    if (!chunk) return chunk;
    if (*done) return {};
    plan = {};  // a ticket names a call: from all records
  }
  AllRecords all(store, state);
  auto data = all.get();
  if (!data) return data.error();
  return plan_facts(kpi::ticket_facts(**data, all.ctx()));
}

// Agents' rolling scores (model/figures.h) onto their user records and open tickets.
Result<void> plan_agent_writes(const config::Config& cfg, Store& store, const StateAccess& state,
                               const kpi::Context& ctx, Time now, Plan& plan) {
  const auto& wb = cfg.writeback;
  auto window = rolling_days(now, wb.agent_window, ctx.options.report_zone);
  if (!window) return window.error();
  kpi::Request req;
  req.windows = {*window};
  req.groupings = {kpi::GroupBy::agent};
  req.kpis = figures::agent_figure_kpis();
  auto rows = state.compute(ctx, req);
  if (!rows) return rows.error();
  if (!*rows) return make_error("rolling window " + window->label + " is not whole days");
  auto open = store.open_tickets();
  if (!open) return open.error();
  std::map<std::string, std::vector<std::string>> by_owner;
  for (const auto& [owner, id] : *open) by_owner[owner].push_back(id);
  auto scores = agent_scores(**rows);
  Ledger ledger(store);
  std::vector<std::string> agents, tickets;
  for (const auto& s : scores) agents.push_back(s.agent);
  for (const auto& [_, id] : *open) tickets.push_back(id);
  if (auto r = ledger.read(TargetKind::user, agents); !r) return r;
  if (auto r = ledger.read(TargetKind::ticket, tickets); !r) return r;
  plan_agent_fields(scores, wb.agent_fields, ledger.lookup(), plan);
  plan_agent_ticket_fields(scores, by_owner, wb.agent_fields, wb.agent_ticket_step, ledger.lookup(),
                           plan);
  return {};
}

}  // namespace

Result<kpi::Window> rolling_days(Time now, Seconds window, const std::string& zone) {
  const std::string first = kpi::period_label(now - window, kpi::Bucket::day, zone);
  const std::string today = kpi::period_label(now, kpi::Bucket::day, zone);
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::sscanf(today.c_str(), "%d-%u-%u", &y, &m, &d) != 3)
    return make_error("rolling window: cannot read the day " + today);
  const date::year_month_day after{date::sys_days(date::year{y} / date::month{m} / date::day{d}) +
                                   date::days(1)};
  char next[16];
  std::snprintf(next, sizeof next, "%04d-%02u-%02u", int(after.year()), unsigned(after.month()),
                unsigned(after.day()));
  auto w = kpi::make_windows(first, next, kpi::Bucket::none, zone);
  if (!w) return w.error();
  kpi::Window out = w->front();
  out.label = "rolling";
  return out;
}

Result<void> plan_writes(const config::Config& cfg, Store& store, const StateAccess& state,
                         const kpi::Context& ctx,
                         const std::optional<std::vector<kpi::TicketFacts>>& changed, Time now,
                         Plan& plan, const PlanFlush& flush) {
  if (!cfg.writeback.ticket_fields.empty())
    if (auto r = plan_ticket_writes(cfg, store, state, ctx, changed, plan, flush); !r) return r;
  if (!cfg.writeback.agent_fields.empty())
    return plan_agent_writes(cfg, store, state, ctx, now, plan);
  return {};
}

Result<bool> planned_through(Store& store, const config::Config& cfg, const kpi::Context& ctx) {
  auto version = store.data_version();
  if (!version) return version.error();
  auto mark = store.cursor(kWritebackPlanned);
  if (!mark) return mark.error();
  return *mark == planned_mark(*version, cfg, ctx);
}

bool write_fields(const config::Config& cfg, Store& store, const StateAccess& state, Sink& sink,
                  const kpi::Context& ctx,
                  const std::optional<std::vector<kpi::TicketFacts>>& changed, Time now,
                  const RunOptions& o, Outcome& out) {
  auto synced = store.data_version();
  if (!synced) {
    out.errors.push_back("state: " + synced.error().str());
    return false;
  }
  // Writes go out part by part as a plan of every ticket grows; after a part that
  // stopped early (the sink gave up, or a signal) the rest is planned, not sent.
  bool landed = true, stopped_early = false;
  auto write = [&](Plan& part) -> Result<void> {
    out.writes_unchanged += part.unchanged;
    if (o.dry_run) {
      out.writes += part.size();
    } else if (!stopped_early) {
      ExecOptions eo;
      eo.max_writes_per_second = cfg.writeback.max_writes_per_second;
      eo.stop = o.stop;
      eo.progress = o.progress;
      auto r = execute(part, sink, store, eo);
      out.writes += r.written;
      out.writes_cleared += r.cleared;
      out.write_requests += r.requests;
      out.write_failures += r.failed;
      if (r.failed || r.written || r.cleared)
        (r.written || r.cleared ? out.up : out.down).push_back(cfg.writeback.sink);
      for (auto& e : r.errors) out.errors.push_back("write-back: " + e);
      stopped_early = r.stopped_early;
      landed = landed && r.failed == 0 && !r.stopped_early;
    } else {
      landed = false;
    }
    part = {};
    return {};
  };
  Plan plan;
  if (auto planned = plan_writes(cfg, store, state, ctx, changed, now, plan, write); !planned) {
    out.errors.push_back("write-back: " + planned.error().str());
    return false;
  }
  (void)write(plan);
  if (!o.dry_run && landed) {
    auto saved = store.apply(Records{}, kWritebackPlanned, planned_mark(*synced, cfg, ctx));
    if (!saved) out.errors.push_back("state: " + saved.error().str());
  }
  return true;
}

}  // namespace dp::writeback
