#include "ops/health.h"

#include "model/json.h"

namespace dp::ops {

Health::Health(std::vector<std::string> sources, std::vector<std::string> sinks, Seconds max_age)
    : max_age_(max_age) {
  for (auto& s : sources) {
    if (entries_.emplace(s, Entry{}).second) order_.push_back(s);
  }
  for (auto& s : sinks) {
    Entry e;
    e.source = false;
    if (entries_.emplace(s, e).second) order_.push_back(s);
  }
}

void Health::record(const std::string& name, bool source, bool ok, Time at,
                    const std::string& error) {
  std::lock_guard lock(mu_);
  auto [it, added] = entries_.try_emplace(name);
  if (added) {
    it->second.source = source;
    order_.push_back(name);
  }
  auto& e = it->second;
  e.last_attempt = at;
  e.last_ok = ok;
  if (ok) {
    e.last_success = at;
    e.error.clear();
  } else {
    e.error = error;
  }
}

void Health::polled(const std::string& source, bool ok, Time at, const std::string& error) {
  record(source, true, ok, at, error);
}

void Health::used(const std::string& sink, bool ok, Time at, const std::string& error) {
  record(sink, false, ok, at, error);
}

Health::Answer Health::check(Time now) const {
  std::lock_guard lock(mu_);
  bool healthy = true;
  json::Writer w;
  w.obj_begin();
  w.key("connectors");
  w.arr_begin();
  for (const auto& name : order_) {
    const auto& e = entries_.at(name);
    std::string status;
    std::optional<int64_t> age;
    if (e.last_success) age = (now - *e.last_success).count();
    if (!e.source) {
      status = !e.last_attempt ? "unused" : e.last_ok ? "ok" : "failing";
    } else if (!e.last_success) {
      status = e.last_attempt ? "failing" : "not polled yet";
      healthy = false;
    } else if (*age > max_age_.count()) {
      status = "stale";
      healthy = false;
    } else {
      status = e.last_ok ? "ok" : "failing (last success within max_age)";
    }
    w.obj_begin();
    w.key("name");
    w.value(name);
    w.key("role");
    w.value(e.source ? "source" : "sink");
    w.key("status");
    w.value(status);
    w.key("last_success");
    e.last_success ? w.value(*e.last_success) : w.null();
    w.key("last_attempt");
    e.last_attempt ? w.value(*e.last_attempt) : w.null();
    w.key("age_s");
    age ? w.value(*age) : w.null();
    w.key("error");
    e.error.empty() ? w.null() : w.value(e.error);
    w.obj_end();
  }
  w.arr_end();
  w.key("status");
  w.value(healthy ? "ok" : "unhealthy");
  w.key("checked_at");
  w.value(now);
  w.key("max_age_s");
  w.value(static_cast<int64_t>(max_age_.count()));
  w.obj_end();
  return {healthy ? 200 : 503, w.str() + "\n"};
}

void Health::describe(Metrics& m) {
  m.describe("deskpulse_source_last_success_timestamp_seconds", MetricType::gauge,
             "Unix time of the source's last successful poll (absent before the first).");
  m.describe("deskpulse_source_lag_seconds", MetricType::gauge,
             "Seconds since the source's last successful poll: records newer than that are "
             "not in deskpulse yet.");
  m.describe("deskpulse_source_up", MetricType::gauge,
             "1 when the source's last poll succeeded, 0 when it failed.");
}

void Health::export_to(Metrics& m, Time now) const {
  std::lock_guard lock(mu_);
  for (const auto& name : order_) {
    const auto& e = entries_.at(name);
    if (!e.source || !e.last_attempt) continue;
    const Labels l{{"source", name}};
    m.set("deskpulse_source_up", l, e.last_ok ? 1 : 0);
    if (!e.last_success) continue;
    m.set("deskpulse_source_last_success_timestamp_seconds", l,
          static_cast<double>(e.last_success->time_since_epoch().count()));
    m.set("deskpulse_source_lag_seconds", l, static_cast<double>((now - *e.last_success).count()));
  }
}

}  // namespace dp::ops
