// What `run` shows the outside about itself (docs/operations.md): the counters and
// gauges of /metrics, the connectors' health for /healthz, from each cycle's report.
// ops/ holds the mechanisms (metrics text, health rules, the HTTP server); this file
// only says which figures they carry.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "app/cycle.h"
#include "config/config.h"
#include "ops/health.h"
#include "ops/metrics.h"
#include "store/store.h"

namespace dp::app {

class ServiceFigures {
 public:
  explicit ServiceFigures(const config::Config& cfg, Connectors& connectors);

  // After a cycle: counters, the connectors' health, HTTP counts. `connectors` may be
  // new objects after a reload (their counts start again at 0).
  void cycle_done(const CycleReport& r, Connectors& connectors, Time now);
  // The headline KPIs over the rolling 7 local days (today so far included) per team and
  // queue as gauges; recomputed only when the data or the day changed. An error is
  // returned for the log, the previous gauges kept.
  Result<void> update_kpis(const config::Config& cfg, Store& store, Time now, bool data_changed);
  void reloaded(bool ok);
  // A config reloaded with other connectors: /healthz follows it.
  void reset_health(const config::Config& cfg, Connectors& connectors);

  ops::Metrics& metrics() { return metrics_; }
  std::string render_metrics(Time now);
  ops::Health::Answer health(Time now) const { return health_.check(now); }

 private:
  void add_http(const std::string& connector, const std::string& role, const HttpCounts& now);
  ops::Metrics metrics_;
  ops::Health health_;
  std::map<std::string, HttpCounts> http_seen_;  // "role/name" -> counts seen last
  std::optional<std::string> kpi_day_;           // the rolling window the gauges are of
};

}  // namespace dp::app
