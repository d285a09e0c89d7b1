#include "app/cycle.h"

#include "rollup/query.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "app/env.h"
#include "app/registry.h"
#include "kpi/engine.h"
#include "kpi/facts.h"
#include "sync/sync.h"
#include "writeback/cycle.h"

namespace dp::app {

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

writeback::StateAccess state_access(const config::Config& cfg, Store& store) {
  writeback::StateAccess s;
  s.records_ctx = [&cfg](Records& r) { return make_context(&cfg, r); };
  s.each_ticket_facts = [&store](const kpi::Context& ctx, const auto& fn) {
    return rollup::each_ticket_facts(store, ctx, {}, fn);
  };
  s.compute = [&store, records_ctx = s.records_ctx](const kpi::Context& ctx,
                                                    const kpi::Request& req) {
    return rollup::compute_from_state(store, ctx, records_ctx, req);
  };
  s.whole_load_records = rollup::kWholeLoadRecords;
  return s;
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
  auto planned = writeback::planned_through(store, cfg, before_sync);
  if (!planned) {
    out.errors.push_back("state: " + planned.error().str());
    return out;
  }
  bool incremental = *planned;
  std::map<std::string, kpi::TicketFacts> changed;

  if (o.sync) {
    // The store step keeps the partials and hands back the changed tickets' facts.
    rollup::Upkeep keep(store, before_sync, true);
    for (size_t i = 0; i < connectors.sources().size(); ++i) {
      if (stopped()) break;
      auto tick = std::chrono::steady_clock::now();
      if (o.respect_intervals && !connectors.due(i, tick)) continue;
      connectors.mark_synced(i, tick);
      auto& src = connectors.sources()[i];
      SyncReport r = sync_source(*src, keep, {.progress = o.progress});
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
    if (!keep.kept()) incremental = false;
    changed = keep.take_changed();
  }

  const writeback::StateAccess state = state_access(cfg, store);
  const writeback::RunOptions wo{o.dry_run, o.stop, o.progress};
  Sink* wb_sink = connectors.sink(cfg.writeback.sink);
  if (o.write_fields && wb_sink && !stopped()) {
    synced_ctx = context();  // a changed directory left incremental off
    if (!synced_ctx) {
      out.errors.push_back("state: " + synced_ctx.error().str());
      return out;
    }
    std::optional<std::vector<kpi::TicketFacts>> facts;
    if (incremental) {
      facts.emplace();
      for (auto& [_, f] : changed) facts->push_back(std::move(f));
    }
    if (!writeback::write_fields(cfg, store, state, *wb_sink, *synced_ctx, facts, now, wo, out))
      return out;
  }

  Sink* report_sink = connectors.sink(cfg.report.sink);
  if (o.post_reports && report_sink)
    writeback::post_reports(cfg, store, state, *report_sink, now, wo, out);

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
