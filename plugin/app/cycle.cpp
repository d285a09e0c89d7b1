#include "app/cycle.h"

#include "app/partials_state.h"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <set>
#include <unordered_set>

#include "app/env.h"
#include "app/registry.h"
#include "app/windows_arg.h"
#include "kpi/engine.h"
#include "kpi/facts.h"
#include "kpi/windows.h"
#include "report/report.h"
#include "report/scope.h"
#include "sync/sync.h"
#include "writeback/execute.h"
#include "writeback/plan.h"
#include "writeback/schedule.h"

namespace dp::app {
namespace {

// Reports cover periods that end after deskpulse first ran against this state, so a
// new install does not post a year of history but a restart posts what it missed.
constexpr const char* kReportsSince = "deskpulse:reports-since";

// The ledger entries of the targets a plan checks, read in one query per batch of
// targets: a lookup each would be a read transaction each, most of a cycle's plan at a
// million tickets. Targets not read ahead are looked up one by one.
class Ledger {
 public:
  explicit Ledger(Store& store) : store_(store) {}
  Result<void> read(TargetKind kind, const std::vector<std::string>& targets) {
    auto got = store_.ledger_values(kind, targets);
    if (!got) return got.error();
    auto& values = values_[size_t(kind)];
    values.merge(*got);
    read_[size_t(kind)].insert(targets.begin(), targets.end());
    return {};
  }
  Result<void> read_tickets(const std::vector<kpi::TicketFacts>& facts) {
    std::vector<std::string> ids;
    for (const auto& f : facts) ids.push_back(f.ticket);
    return read(TargetKind::ticket, ids);
  }
  writeback::LedgerLookup lookup() {
    return [this](TargetKind kind, const std::string& target,
                  const std::string& field) -> std::optional<std::string> {
      if (read_[size_t(kind)].count(target)) {
        const auto& values = values_[size_t(kind)];
        auto it = values.find({target, field});
        if (it == values.end()) return std::nullopt;
        return it->second;
      }
      auto v = store_.ledger_value(kind, target, field);
      return v ? *v : std::nullopt;
    };
  }

 private:
  Store& store_;
  std::array<Store::LedgerValues, 2> values_;
  std::array<std::unordered_set<std::string>, 2> read_;
};

// The data version and engine context up to which every ticket's figures were
// planned and written without a failure. A cycle that finds it current plans only the
// tickets its batches changed; otherwise (first run, another writer, a failed write,
// a new context or field map) it plans every ticket once more: the ledger skips what
// landed already.
constexpr const char* kWritebackPlanned = "deskpulse:writeback-planned";

std::string planned_mark(int64_t version, const config::Config& cfg, const kpi::Context& ctx) {
  std::string s = std::to_string(version) + ':' + kpi::context_fingerprint(ctx);
  for (const auto& [figure, field] : cfg.writeback.ticket_fields) s += ',' + figure + '=' + field;
  return s;
}

// Every record, loaded once per cycle and only when a step needs them all (a full
// plan of a small state, a report), with calls linked to tickets and the context.
class AllRecords {
 public:
  AllRecords(const config::Config& cfg, Store& store) : cfg_(cfg), store_(store) {}
  Result<const Records*> get() {
    if (!data_) {
      auto all = store_.load_all();
      if (!all) return all.error();
      data_ = std::move(*all);
      ctx_ = make_context(&cfg_, *data_);
    }
    return &*data_;
  }
  const kpi::Context& ctx() const { return ctx_; }  // after get()

 private:
  const config::Config& cfg_;
  Store& store_;
  std::optional<Records> data_;
  kpi::Context ctx_;
};

// Ticket figures of the tickets the cycle changed (`changed`), or of every ticket: a
// chunk of requesters at a time above kWholeLoadRecords stored records.
Result<void> plan_ticket_writes(const config::Config& cfg, Store& store, const kpi::Context& ctx,
                                const std::optional<std::vector<kpi::TicketFacts>>& changed,
                                AllRecords& all, writeback::Plan& plan, const PlanFlush& flush) {
  // Each set of facts with its tickets' ledger entries read ahead.
  auto plan_facts = [&](const std::vector<kpi::TicketFacts>& facts) -> Result<void> {
    Ledger ledger(store);
    if (auto r = ledger.read_tickets(facts); !r) return r;
    writeback::plan_ticket_fields(facts, cfg.writeback.ticket_fields, ledger.lookup(), plan);
    return {};
  };
  if (changed) return plan_facts(*changed);
  auto counts = store.counts();
  if (!counts) return counts.error();
  if (counts->tickets + counts->events + counts->calls > kWholeLoadRecords) {
    Result<void> chunk{};
    auto done = each_ticket_facts(store, ctx, {}, [&](std::vector<kpi::TicketFacts>& facts) {
      if (chunk) chunk = plan_facts(facts);
      if (chunk && flush && plan.size() >= kFlushWrites) chunk = flush(plan);
    });
    if (!done) return done.error();
    if (!chunk) return chunk;
    if (*done) return {};
    plan = {};  // a ticket names a call: from all records
  }
  auto data = all.get();
  if (!data) return data.error();
  return plan_facts(kpi::ticket_facts(**data, all.ctx()));
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

namespace {

// Agents' rolling scores onto their user records and their open tickets.
Result<void> plan_agent_writes(const config::Config& cfg, Store& store, const kpi::Context& ctx,
                               Time now, writeback::Plan& plan) {
  const auto& wb = cfg.writeback;
  auto window = rolling_days(now, wb.agent_window, ctx.options.report_zone);
  if (!window) return window.error();
  kpi::Request req;
  req.windows = {*window};
  req.groupings = {kpi::GroupBy::agent};
  req.kpis = {"csat", "frt", "resolution_time", "fcr", "aht"};
  auto rows = compute_from_state(
      store, ctx, [&](Records& r) { return make_context(&cfg, r); }, req);
  if (!rows) return rows.error();
  if (!*rows) return make_error("rolling window " + window->label + " is not whole days");
  auto open = store.open_tickets();
  if (!open) return open.error();
  std::map<std::string, std::vector<std::string>> by_owner;
  for (const auto& [owner, id] : *open) by_owner[owner].push_back(id);
  auto scores = writeback::agent_scores(**rows);
  Ledger ledger(store);
  std::vector<std::string> agents, tickets;
  for (const auto& s : scores) agents.push_back(s.agent);
  for (const auto& [_, id] : *open) tickets.push_back(id);
  if (auto r = ledger.read(TargetKind::user, agents); !r) return r;
  if (auto r = ledger.read(TargetKind::ticket, tickets); !r) return r;
  writeback::plan_agent_fields(scores, wb.agent_fields, ledger.lookup(), plan);
  writeback::plan_agent_ticket_fields(scores, by_owner, wb.agent_fields, wb.agent_ticket_step,
                                      ledger.lookup(), plan);
  return {};
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

// Reports of the periods that are due and not posted yet; the records are loaded only
// when a period is due. Once every report of a period is posted, reports-since moves
// past it, so later cycles neither load nor check it again.
void post_reports(const config::Config& cfg, AllRecords& all, Store& store, Sink* sink, Time now,
                  const CycleOptions& o, CycleReport& out) {
  const writeback::Schedule schedule = schedule_of(cfg);
  auto since = reports_since(store, now, schedule.monthly);
  if (!since) {
    out.errors.push_back("reports: " + since.error().str());
    return;
  }
  auto due = writeback::due_periods(schedule, *since, now);
  if (!due) {
    out.errors.push_back("reports: " + due.error().str());
    return;
  }
  if (due->empty()) return;
  auto data = all.get();
  if (!data) {
    out.errors.push_back("state: " + data.error().str());
    return;
  }
  // The report's zone is the engine's too, so earlier periods step back whole weeks.
  kpi::Context ctx = all.ctx();
  ctx.options.report_zone = schedule.zone;
  std::vector<std::string> teams = cfg.report.teams;
  if (teams.empty()) {
    teams = report::teams_with_reports(**data, ctx);
    teams.insert(teams.begin(), "");  // the overall report
  }
  bool complete = !o.dry_run;  // every period so far fully posted
  for (const auto& period : *due) {
    for (const auto& team : teams) {
      if (o.stop && o.stop->load()) return;
      auto posted = store.report_posted(team, period.label);
      if (!posted) {
        out.errors.push_back("reports: " + posted.error().str());
        return;
      }
      if (*posted) continue;
      // A period without any of the team's records (a source that stopped, a team that
      // had a quiet week) is not posted: a lead would read "Requests fell from 155 to 0".
      // Logged once: the period counts as done, and `deskpulse report` can post it later.
      if (!cfg.report.post_empty &&
          !has_data_in(team.empty() ? **data : report::team_records(**data, ctx, team), period)) {
        out.notes.push_back("warning: report " + (team.empty() ? "overall" : team) + " " +
                            period.label +
                            " not posted: no tickets, calls or surveys in the period "
                            "(report.post_empty: true posts it anyway)");
        continue;
      }
      ReportPost post = report::build(**data, ctx, team, period, {.staffing = cfg.report.staffing});
      if (o.dry_run) continue;
      SinkResult r = sink->post_report(post);
      (r.ok() ? out.up : out.down).push_back(cfg.report.sink);
      if (!r.ok()) {
        out.errors.push_back("report " + (team.empty() ? "overall" : team) + " " + period.label +
                             ": " + r.message);
        complete = false;
        continue;  // the next cycle tries again
      }
      auto recorded = store.record_report(team, period.label, r.ref, now);
      if (!recorded) {
        out.errors.push_back("reports: " + recorded.error().str());
        return;
      }
      if (r.existing) {
        ++out.reports_found;
        out.notes.push_back(r.message);
        continue;
      }
      ++out.reports_posted;
      out.report_refs.push_back(r.ref);
    }
    if (!complete) continue;
    if (auto moved = store.apply(Records{}, kReportsSince, format_rfc3339(period.to)); !moved) {
      out.errors.push_back("reports: " + moved.error().str());
      return;
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

size_t Connectors::requests() const {
  size_t n = 0;
  for (const auto& s : sources_) n += s->http_counts().requests;
  for (const auto& [_, s] : sinks_) n += s->http_counts().requests;
  return n;
}

std::vector<std::string> Connectors::sink_names() const {
  std::vector<std::string> names;
  for (const auto& [name, _] : sinks_) names.push_back(name);
  return names;
}

Sink* Connectors::sink(const std::string& name) {
  auto it = sinks_.find(name);
  return it == sinks_.end() ? nullptr : it->second.get();
}

Result<void> plan_writes(const config::Config& cfg, Store& store, const kpi::Context& ctx,
                         const std::optional<std::vector<kpi::TicketFacts>>& changed, Time now,
                         writeback::Plan& plan, const PlanFlush& flush) {
  AllRecords all(cfg, store);
  if (!cfg.writeback.ticket_fields.empty())
    if (auto r = plan_ticket_writes(cfg, store, ctx, changed, all, plan, flush); !r) return r;
  if (!cfg.writeback.agent_fields.empty()) return plan_agent_writes(cfg, store, ctx, now, plan);
  return {};
}

CycleReport run_cycle(const config::Config& cfg, Connectors& connectors, Store& store,
                      const CycleOptions& o) {
  auto started = std::chrono::steady_clock::now();
  const size_t requests_before = connectors.requests();
  CycleReport out;
  out.dry_run = o.dry_run;
  Time now = o.now.value_or(system_now());
  auto stopped = [&] { return o.stop && o.stop->load(); };

  // The context of the stored partials, the facts and the agents' scores: the
  // config's, with the stored agent directory (a batch of agents changes it).
  auto context = [&]() -> Result<kpi::Context> {
    Records directory;
    auto agents = store.agents();
    if (!agents) return agents.error();
    directory.agents = std::move(*agents);
    return make_context(&cfg, directory);
  };
  auto synced_ctx = context();
  if (!synced_ctx) {
    out.errors.push_back("state: " + synced_ctx.error().str());
    return out;
  }
  const kpi::Context before_sync = *synced_ctx;  // the stored partials' context
  // Whether every change before this cycle was planned: then only this cycle's
  // changed tickets are (their facts come out of keeping the partials current).
  auto version = store.data_version();
  auto mark = store.cursor(kWritebackPlanned);
  if (!version || !mark) {
    out.errors.push_back("state: " + (!version ? version.error() : mark.error()).str());
    return out;
  }
  bool incremental = *mark == planned_mark(*version, cfg, before_sync);
  std::map<std::string, kpi::TicketFacts> changed;

  if (o.sync) {
    const Applier keep = [&](const Records& r, const std::string& source,
                             const std::optional<std::string>& cursor) {
      bool kept = false;
      std::vector<kpi::TicketFacts> facts;
      auto applied = apply_keeping_partials(store, r, source, cursor, before_sync, &kept, &facts);
      if (applied && !kept) incremental = false;
      for (auto& f : facts) changed.insert_or_assign(f.ticket, std::move(f));
      return applied;
    };
    for (size_t i = 0; i < connectors.sources().size(); ++i) {
      if (stopped()) break;
      auto tick = std::chrono::steady_clock::now();
      if (o.respect_intervals && !connectors.due(i, tick)) continue;
      connectors.mark_synced(i, tick);
      auto& src = connectors.sources()[i];
      SyncReport r = sync_source(*src, store, 1000, keep, o.progress);
      out.synced += r.stored;
      out.changed += r.stats.total().changed();
      out.rejected += r.rejected;
      for (const auto& rej : r.rejections) out.errors.push_back("rejected: " + rej.str());
      for (const auto& w : r.warnings) out.notes.push_back("warning: " + src->name() + ": " + w);
      // One failing source does not stop the others; the error names it once.
      std::string error;
      if (r.error)
        error = r.error->where.empty() ? src->name() + ": " + r.error->message : r.error->str();
      if (r.error) out.errors.push_back(error);
      (r.error ? out.down : out.up).push_back(src->name());
      out.polls.push_back({src->name(), r.stored, r.rejected, error});
    }
  }

  AllRecords all(cfg, store);
  Sink* wb_sink = connectors.sink(cfg.writeback.sink);
  if (o.write_fields && wb_sink && !stopped()) {
    auto synced = store.data_version();
    if (synced) synced_ctx = context();  // a changed directory left incremental off
    if (!synced || !synced_ctx) {
      out.errors.push_back("state: " + (!synced ? synced.error() : synced_ctx.error()).str());
      return out;
    }
    const kpi::Context& ctx = *synced_ctx;
    // Writes go out part by part as a plan of every ticket grows; after a part that
    // stopped early (the sink gave up, or a signal) the rest is planned, not sent.
    bool landed = true, stopped_early = false;
    auto write = [&](writeback::Plan& part) -> Result<void> {
      out.writes_unchanged += part.unchanged;
      if (o.dry_run) {
        out.writes += part.size();
      } else if (!stopped_early) {
        writeback::ExecOptions eo;
        eo.max_writes_per_second = cfg.writeback.max_writes_per_second;
        eo.stop = o.stop;
        eo.progress = o.progress;
        auto r = writeback::execute(part, *wb_sink, store, eo);
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
    writeback::Plan plan;
    std::optional<std::vector<kpi::TicketFacts>> facts;
    if (incremental) {
      facts.emplace();
      for (auto& [_, f] : changed) facts->push_back(std::move(f));
    }
    if (auto planned = plan_writes(cfg, store, ctx, facts, now, plan, write); !planned) {
      out.errors.push_back("write-back: " + planned.error().str());
      return out;
    }
    (void)write(plan);
    if (!o.dry_run && landed) {
      auto saved = store.apply(Records{}, kWritebackPlanned, planned_mark(*synced, cfg, ctx));
      if (!saved) out.errors.push_back("state: " + saved.error().str());
    }
  }

  Sink* report_sink = connectors.sink(cfg.report.sink);
  if (o.post_reports && report_sink) post_reports(cfg, all, store, report_sink, now, o, out);

  out.requests = connectors.requests() - requests_before;
  out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return out;
}

std::string summary_line(const CycleReport& r) {
  const size_t failed = r.sources_failed();
  return "cycle: " + std::to_string(r.polls.size()) + " sources polled (" + std::to_string(failed) +
         " failed), " + std::to_string(r.synced) + " records synced (" + std::to_string(r.changed) +
         " new or changed), " + std::to_string(r.rejected) + " rejected, " +
         std::to_string(r.writes) + " writes (" + std::to_string(r.writes_unchanged) +
         " unchanged, " + std::to_string(r.writes_cleared) + " cleared, " +
         std::to_string(r.write_failures) + " failed; " + std::to_string(r.write_requests) +
         " tickets and users written), " + std::to_string(r.reports_posted) + " reports posted" +
         (r.reports_found ? " (" + std::to_string(r.reports_found) + " found already in the sink)"
                          : "") +
         ", " + std::to_string(r.requests) + " requests, " + std::to_string(r.duration.count()) +
         " ms" + (r.dry_run ? " (dry run: nothing sent)" : "");
}

std::vector<std::string> Outages::after(const CycleReport& r) {
  std::vector<std::string> lines;
  const std::set<std::string> down(r.down.begin(), r.down.end());
  for (const auto& name : down) ++failing_[name];
  for (const auto& name : std::set<std::string>(r.up.begin(), r.up.end())) {
    auto it = failing_.find(name);
    if (down.count(name) || it == failing_.end()) continue;
    lines.push_back(name + ": reachable again after " + std::to_string(it->second) +
                    " failed cycle(s)");
    failing_.erase(it);
  }
  return lines;
}

}  // namespace dp::app
