#include "app/service.h"

#include "app/env.h"
#include "model/version.h"
#include "rollup/query.h"

namespace dp::app {
namespace {

using ops::MetricType;

// The headline figures of the weekly report, and the phone queue's own.
const std::vector<std::string> kGaugeKpis{
    "request_volume", "frt", "resolution_time",  "fcr", "csat",
    "service_level",  "asa", "abandonment_rate", "aht"};
constexpr Seconds kGaugeWindow{6 * 86400};  // today and the 6 days before

std::vector<ops::Health::SourceSpec> source_specs(Connectors& c) {
  std::vector<ops::Health::SourceSpec> v;
  for (size_t i = 0; i < c.sources().size(); ++i)
    v.push_back({c.sources()[i]->name(), c.interval(i)});
  return v;
}

}  // namespace

ServiceFigures::ServiceFigures(const config::Config& cfg, Connectors& connectors) {
  auto& m = metrics_;
  m.describe("deskpulse_build_info", MetricType::gauge, "1, with the running version as label.");
  m.set("deskpulse_build_info", {{"version", DESKPULSE_VERSION}}, 1);
  m.describe("deskpulse_cycles_total", MetricType::counter,
             "Cycles run, by result (failed: any error, a source, a write or a report).");
  m.describe("deskpulse_cycle_duration_seconds", MetricType::gauge, "Duration of the last cycle.");
  m.describe("deskpulse_cycle_duration_seconds_total", MetricType::counter,
             "Time spent in cycles (rate() / rate(deskpulse_cycles_total) = mean duration).");
  m.describe("deskpulse_last_cycle_timestamp_seconds", MetricType::gauge,
             "Unix time the last cycle ended.");
  m.describe("deskpulse_source_polls_total", MetricType::counter, "Polls per source, by result.");
  m.describe("deskpulse_records_synced_total", MetricType::counter,
             "Records read from the source and stored.");
  m.describe("deskpulse_records_rejected_total", MetricType::counter,
             "Records the source delivered that could not be used (each logged with where and "
             "why).");
  m.describe("deskpulse_records_changed_total", MetricType::counter,
             "Stored records that were new or different from the stored copy.");
  m.describe("deskpulse_writes_total", MetricType::counter,
             "Field writes of the write-back, by result: written, unchanged (skipped, the "
             "helpdesk holds the value), cleared, failed.");
  m.describe("deskpulse_reports_posted_total", MetricType::counter,
             "Reports posted, by result: posted, found (already in the sink, recorded).");
  m.describe("deskpulse_http_requests_total", MetricType::counter,
             "HTTP requests sent by a connector (every attempt).");
  m.describe("deskpulse_http_retries_total", MetricType::counter,
             "HTTP attempts repeated after a failed one.");
  m.describe("deskpulse_http_errors_total", MetricType::counter,
             "HTTP requests that failed for good (network error or a status outside 2xx, after "
             "retries).");
  m.describe("deskpulse_config_reloads_total", MetricType::counter,
             "SIGHUP reloads, by result (failed: the new config did not validate, the old one "
             "kept).");
  m.describe("deskpulse_kpi_value", MetricType::gauge,
             "Headline KPIs over today and the 6 days before (report zone), overall, per team and "
             "per queue, in the unit `compute` prints (label unit).");
  m.describe("deskpulse_kpi_samples", MetricType::gauge,
             "n behind each deskpulse_kpi_value (tickets, calls or responses).");
  ops::Health::describe(m);
  reset_health(cfg, connectors);
}

void ServiceFigures::reset_health(const config::Config& cfg, Connectors& connectors) {
  health_.configure(source_specs(connectors), connectors.sink_names(), cfg.metrics.health_max_age);
}

void ServiceFigures::add_http(const std::string& connector, const std::string& role,
                              const HttpCounts& now) {
  auto& seen = http_seen_[role + "/" + connector];
  // A reload makes new connectors whose counts start at 0 again.
  auto delta = [](size_t n, size_t before) {
    return static_cast<double>(n >= before ? n - before : n);
  };
  const ops::Labels l{{"connector", connector}, {"role", role}};
  metrics_.add("deskpulse_http_requests_total", l, delta(now.requests, seen.requests));
  metrics_.add("deskpulse_http_retries_total", l, delta(now.retries, seen.retries));
  metrics_.add("deskpulse_http_errors_total", l, delta(now.errors, seen.errors));
  seen = now;
}

void ServiceFigures::cycle_done(const CycleReport& r, Connectors& connectors, Time now) {
  auto& m = metrics_;
  m.add("deskpulse_cycles_total", {{"result", r.ok() ? "ok" : "failed"}});
  const double seconds = static_cast<double>(r.duration.count()) / 1000.0;
  m.set("deskpulse_cycle_duration_seconds", {}, seconds);
  m.add("deskpulse_cycle_duration_seconds_total", {}, seconds);
  m.set("deskpulse_last_cycle_timestamp_seconds", {},
        static_cast<double>(now.time_since_epoch().count()));
  for (const auto& p : r.polls) {
    const ops::Labels l{{"source", p.source}};
    m.add("deskpulse_source_polls_total",
          {{"source", p.source}, {"result", p.error.empty() ? "ok" : "failed"}});
    m.add("deskpulse_records_synced_total", l, static_cast<double>(p.stored));
    m.add("deskpulse_records_rejected_total", l, static_cast<double>(p.rejected));
    health_.polled(p.source, p.error.empty(), now, p.error);
  }
  m.add("deskpulse_records_changed_total", {}, static_cast<double>(r.changed));
  if (!r.dry_run) {
    m.add("deskpulse_writes_total", {{"result", "written"}}, static_cast<double>(r.writes));
    m.add("deskpulse_writes_total", {{"result", "cleared"}}, static_cast<double>(r.writes_cleared));
    m.add("deskpulse_writes_total", {{"result", "failed"}}, static_cast<double>(r.write_failures));
    m.add("deskpulse_reports_posted_total", {{"result", "posted"}},
          static_cast<double>(r.reports_posted));
    m.add("deskpulse_reports_posted_total", {{"result", "found"}},
          static_cast<double>(r.reports_found));
  }
  m.add("deskpulse_writes_total", {{"result", "unchanged"}},
        static_cast<double>(r.writes_unchanged));
  // A sink that answered or failed this cycle (a source of the same name is a source).
  for (const auto& name : connectors.sink_names()) {
    const bool down = std::find(r.down.begin(), r.down.end(), name) != r.down.end();
    const bool up = std::find(r.up.begin(), r.up.end(), name) != r.up.end();
    if (down || up) health_.used(name, !down, now);
  }
  for (const auto& s : connectors.sources()) add_http(s->name(), "source", s->http_counts());
  for (const auto& name : connectors.sink_names())
    add_http(name, "sink", connectors.sink(name)->http_counts());
}

void ServiceFigures::reloaded(bool ok) {
  metrics_.add("deskpulse_config_reloads_total", {{"result", ok ? "ok" : "failed"}});
}

Result<void> ServiceFigures::update_kpis(const config::Config& cfg, Store& store, Time now,
                                         bool data_changed) {
  auto window = writeback::rolling_days(now, kGaugeWindow, cfg.kpi.options.report_zone);
  if (!window) return window.error();
  if (!data_changed && kpi_day_ == window->label + format_rfc3339(window->from)) return {};
  Records directory;
  auto agents = store.agents();
  if (!agents) return agents.error();
  directory.agents = std::move(*agents);
  const kpi::Context ctx = make_context(&cfg, directory);
  kpi::Request req;
  req.windows = {*window};
  req.groupings = {kpi::GroupBy::overall, kpi::GroupBy::team, kpi::GroupBy::queue};
  req.kpis = kGaugeKpis;
  auto rows = rollup::compute_from_state(
      store, ctx, [&](Records& r) { return make_context(&cfg, r); }, req);
  if (!rows) return rows.error();
  if (!*rows) return make_error("the KPI gauges' window is not whole days");
  metrics_.clear("deskpulse_kpi_value");
  metrics_.clear("deskpulse_kpi_samples");
  for (const auto& row : **rows) {
    if (row.variant || !row.item.empty() || !row.value) continue;
    const ops::Labels l{{"kpi", row.kpi},
                        {"stat", row.stat},
                        {"basis", row.basis.value_or("")},
                        {"group", std::string(kpi::to_string(row.by))},
                        {"key", row.key},
                        {"unit", row.unit}};
    metrics_.set("deskpulse_kpi_value", l, *row.value);
    metrics_.set("deskpulse_kpi_samples", l, static_cast<double>(row.n));
  }
  kpi_day_ = window->label + format_rfc3339(window->from);
  return {};
}

std::string ServiceFigures::render_metrics(Time now) {
  health_.export_to(metrics_, now);
  return metrics_.render();
}

}  // namespace dp::app
