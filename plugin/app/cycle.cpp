#include "app/cycle.h"

#include "app/partials_state.h"

#include <algorithm>
#include <chrono>

#include "app/env.h"
#include "app/registry.h"
#include "kpi/engine.h"
#include "kpi/facts.h"
#include "report/report.h"
#include "sync/sync.h"
#include "writeback/execute.h"
#include "writeback/plan.h"
#include "writeback/schedule.h"

namespace dp::app {
namespace {

// Reports cover periods that end after deskpulse first ran against this state, so a
// new install does not post a year of history but a restart posts what it missed.
constexpr const char* kReportsSince = "deskpulse:reports-since";

Time system_now() {
  return std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
}

writeback::LedgerLookup ledger_of(Store& store) {
  return [&store](TargetKind kind, const std::string& target,
                  const std::string& field) -> std::optional<std::string> {
    auto v = store.ledger_value(kind, target, field);
    return v ? *v : std::nullopt;
  };
}

// Open tickets per human owner, for rolling scores on the tickets they work.
std::map<std::string, std::vector<std::string>> open_tickets_by_owner(const Records& data) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& t : data.tickets) {
    if (!t.owner) continue;
    if (t.status == TicketStatus::new_ || t.status == TicketStatus::open ||
        t.status == TicketStatus::pending)
      out[*t.owner].push_back(t.id);
  }
  return out;
}

void plan_writes(const config::Config& cfg, const Records& data, const kpi::Context& ctx,
                 Store& store, Time now, writeback::Plan& plan) {
  const auto& wb = cfg.writeback;
  auto ledger = ledger_of(store);
  if (!wb.ticket_fields.empty())
    writeback::plan_ticket_fields(kpi::ticket_facts(data, ctx), wb.ticket_fields, ledger, plan);
  if (wb.agent_fields.empty()) return;
  kpi::Request req;
  req.windows = {kpi::Window{now - wb.agent_window, now, "rolling"}};
  req.groupings = {kpi::GroupBy::agent};
  req.kpis = {"csat", "frt", "resolution_time", "fcr", "aht"};
  auto scores = writeback::agent_scores(kpi::compute(data, ctx, req));
  writeback::plan_agent_fields(scores, wb.agent_fields, ledger, plan);
  writeback::plan_agent_ticket_fields(scores, open_tickets_by_owner(data), wb.agent_fields,
                                      wb.agent_ticket_step, ledger, plan);
}

writeback::Schedule schedule_of(const config::Config& cfg) {
  writeback::Schedule s;
  s.monthly = cfg.report.period == config::ReportPeriod::month;
  s.weekday = cfg.report.weekday;
  s.day = cfg.report.day;
  s.time = cfg.report.time;
  s.zone = cfg.report.zone.empty() ? cfg.kpi.options.report_zone : cfg.report.zone;
  return s;
}

// On the first run the most recent completed period is still posted, so a team lead
// sees a report on day one.
Result<Time> reports_since(Store& store, Time now, bool monthly) {
  auto since = store.cursor(kReportsSince);
  if (!since) return since.error();
  if (*since) {
    if (auto t = parse_rfc3339(**since)) return *t;
  }
  Time first = now - std::chrono::days(monthly ? 31 : 7);
  auto saved = store.apply(Records{}, kReportsSince, format_rfc3339(first));
  if (!saved) return saved.error();
  return first;
}

void post_reports(const config::Config& cfg, const Records& data, const kpi::Context& ctx,
                  Store& store, Sink* sink, Time now, const CycleOptions& o, CycleReport& out) {
  auto since = reports_since(store, now, cfg.report.period == config::ReportPeriod::month);
  if (!since) {
    out.errors.push_back("reports: " + since.error().str());
    return;
  }
  auto due = writeback::due_periods(schedule_of(cfg), *since, now);
  if (!due) {
    out.errors.push_back("reports: " + due.error().str());
    return;
  }
  std::vector<std::string> teams = cfg.report.teams;
  if (teams.empty()) {
    teams = report::teams_with_reports(data, ctx);
    teams.insert(teams.begin(), "");  // the overall report
  }
  for (const auto& period : *due) {
    for (const auto& team : teams) {
      if (o.stop && o.stop->load()) return;
      auto posted = store.report_posted(team, period.label);
      if (!posted) {
        out.errors.push_back("reports: " + posted.error().str());
        return;
      }
      if (*posted) continue;
      ReportPost post = report::build(data, ctx, team, period);
      if (o.dry_run) continue;
      SinkResult r = sink->post_report(post);
      if (!r.ok()) {
        out.errors.push_back("report " + (team.empty() ? "overall" : team) + " " + period.label +
                             ": " + r.message);
        continue;  // the next cycle tries again
      }
      auto recorded = store.record_report(team, period.label, r.ref, now);
      if (!recorded) {
        out.errors.push_back("reports: " + recorded.error().str());
        return;
      }
      ++out.reports_posted;
      out.report_refs.push_back(r.ref);
    }
  }
}

}  // namespace

Result<Connectors> Connectors::make(const config::Config& cfg) {
  Connectors c;
  for (const auto& block : cfg.connectors) {
    if (!block.boolean("enabled")) continue;
    const auto* spec = [&]() -> const config::ConnectorSpec* {
      for (const auto& s : connector_specs())
        if (s.type == block.type) return &s;
      return nullptr;
    }();
    if (!spec) return make_error("unknown connector type '" + block.type + "'", block.where);
    if (spec->source) {
      auto src = make_source(block);
      if (!src) return src.error();
      c.sources_.push_back(std::move(*src));
      c.intervals_.push_back(block.duration("interval"));
      c.last_sync_.push_back(std::nullopt);
    }
    if (spec->sink) {
      auto sink = make_sink(block);
      if (!sink) return sink.error();
      c.sinks_[block.name] = std::move(*sink);
    }
  }
  return c;
}

bool Connectors::due(size_t i, std::chrono::steady_clock::time_point now) const {
  return !last_sync_[i] || now - *last_sync_[i] >= intervals_[i];
}

void Connectors::mark_synced(size_t i, std::chrono::steady_clock::time_point now) {
  last_sync_[i] = now;
}

std::chrono::milliseconds Connectors::until_next(std::chrono::steady_clock::time_point now) const {
  using std::chrono::milliseconds;
  milliseconds best = milliseconds(60'000);
  for (size_t i = 0; i < sources_.size(); ++i) {
    if (!last_sync_[i]) return milliseconds(0);
    auto left = std::chrono::duration_cast<milliseconds>(*last_sync_[i] + intervals_[i] - now);
    best = std::min(best, std::max(left, milliseconds(0)));
  }
  return best;
}

Sink* Connectors::sink(const std::string& name) {
  auto it = sinks_.find(name);
  return it == sinks_.end() ? nullptr : it->second.get();
}

CycleReport run_cycle(const config::Config& cfg, Connectors& connectors, Store& store,
                      const CycleOptions& o) {
  auto started = std::chrono::steady_clock::now();
  CycleReport out;
  Time now = o.now.value_or(system_now());

  if (o.sync) {
    // Batches keep the stored partials current (app/partials_state.h) in the context
    // they were built with.
    Records directory;
    if (auto agents = store.agents()) directory.agents = std::move(*agents);
    const kpi::Context partials_ctx = make_context(&cfg, directory);
    const Applier keep = [&](const Records& r, const std::string& source,
                             const std::optional<std::string>& cursor) {
      return apply_keeping_partials(store, r, source, cursor, partials_ctx);
    };
    for (size_t i = 0; i < connectors.sources().size(); ++i) {
      if (o.stop && o.stop->load()) break;
      auto tick = std::chrono::steady_clock::now();
      if (o.respect_intervals && !connectors.due(i, tick)) continue;
      connectors.mark_synced(i, tick);
      auto& src = connectors.sources()[i];
      SyncReport r = sync_source(*src, store, 1000, keep);
      out.synced += r.stored;
      out.changed += r.stats.total().changed();
      out.rejected += r.rejected;
      for (const auto& rej : r.rejections) out.errors.push_back("rejected: " + rej.str());
      // One failing source does not stop the others.
      if (r.error) out.errors.push_back(src->name() + ": " + r.error->str());
    }
  }

  auto data = store.load_all();
  if (!data) {
    out.errors.push_back("state: " + data.error().str());
    return out;
  }
  kpi::Context ctx = make_context(&cfg, *data);

  Sink* wb_sink = connectors.sink(cfg.writeback.sink);
  if (o.write_fields && wb_sink && !(o.stop && o.stop->load())) {
    writeback::Plan plan;
    plan_writes(cfg, *data, ctx, store, now, plan);
    out.writes_unchanged = plan.unchanged;
    if (!o.dry_run) {
      writeback::ExecOptions eo;
      eo.max_writes_per_second = cfg.writeback.max_writes_per_second;
      eo.stop = o.stop;
      auto r = writeback::execute(plan, *wb_sink, store, eo);
      out.writes = r.written;
      out.write_failures = r.failed;
      for (auto& e : r.errors) out.errors.push_back("write-back: " + e);
    } else {
      out.writes = plan.size();
    }
  }

  Sink* report_sink = connectors.sink(cfg.report.sink);
  if (o.post_reports && report_sink) {
    // The report's zone is the engine's too, so earlier periods step back whole weeks.
    kpi::Context report_ctx = ctx;
    report_ctx.options.report_zone = schedule_of(cfg).zone;
    post_reports(cfg, *data, report_ctx, store, report_sink, now, o, out);
  }

  out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return out;
}

std::string summary_line(const CycleReport& r) {
  return "cycle: " + std::to_string(r.synced) + " records synced (" + std::to_string(r.changed) +
         " new or changed), " + std::to_string(r.rejected) + " rejected, " +
         std::to_string(r.writes) + " writes (" + std::to_string(r.writes_unchanged) +
         " unchanged, " + std::to_string(r.write_failures) + " failed), " +
         std::to_string(r.reports_posted) + " reports posted, " +
         std::to_string(r.duration.count()) + " ms";
}

}  // namespace dp::app
