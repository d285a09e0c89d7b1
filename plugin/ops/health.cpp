#include "ops/health.h"

#include "model/json.h"

namespace dp::ops {
namespace {

// RT is a source and a sink under one name: each role is its own entry.
std::string key(const std::string& name, bool source) {
  return (source ? "source/" : "sink/") + name;
}

}  // namespace

void Health::configure(const std::vector<SourceSpec>& sources,
                       const std::vector<std::string>& sinks, Seconds max_age) {
  std::lock_guard lock(mu_);
  std::map<std::string, Entry> before = std::move(entries_);
  entries_.clear();
  order_.clear();
  max_age_ = max_age;
  auto keep = [&](const std::string& name, bool source) -> Entry& {
    const std::string k = key(name, source);
    auto it = before.find(k);
    Entry e = it != before.end() ? it->second : Entry{};
    e.name = name;
    e.source = source;
    auto [at, added] = entries_.emplace(k, e);
    if (added) order_.push_back(k);
    return at->second;
  };
  for (const auto& s : sources) keep(s.name, true).interval = s.interval;
  for (const auto& s : sinks) keep(s, false);
}

void Health::record(const std::string& name, bool source, bool ok, Time at,
                    const std::string& error) {
  std::lock_guard lock(mu_);
  const std::string k = key(name, source);
  auto [it, added] = entries_.try_emplace(k);
  if (added) {
    it->second.name = name;
    it->second.source = source;
    order_.push_back(k);
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
  for (const auto& k : order_) {
    const auto& e = entries_.at(k);
    std::string status;
    std::optional<int64_t> age;
    if (e.last_success) age = (now - *e.last_success).count();
    if (!e.source) {
      status = !e.last_attempt ? "unused" : e.last_ok ? "ok" : "failing";
    } else if (!e.last_success) {
      status = e.last_attempt ? "failing" : "not polled yet";
      healthy = false;
    } else if (*age > (e.interval + max_age_).count()) {
      status = "stale";
      healthy = false;
    } else {
      status = e.last_ok ? "ok" : "failing (last success within max_age)";
    }
    w.obj_begin();
    w.key("name");
    w.value(e.name);
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
    if (e.source) {
      w.key("max_age_s");
      w.value(static_cast<int64_t>((e.interval + max_age_).count()));
    }
    w.key("error");
    e.error.empty() ? w.null() : w.value(e.error);
    w.obj_end();
  }
  w.arr_end();
  w.key("status");
  w.value(healthy ? "ok" : "unhealthy");
  w.key("checked_at");
  w.value(now);
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
  for (const auto& k : order_) {
    const auto& e = entries_.at(k);
    if (!e.source || !e.last_attempt) continue;
    const Labels l{{"source", e.name}};
    m.set("deskpulse_source_up", l, e.last_ok ? 1 : 0);
    if (!e.last_success) continue;
    m.set("deskpulse_source_last_success_timestamp_seconds", l,
          static_cast<double>(e.last_success->time_since_epoch().count()));
    m.set("deskpulse_source_lag_seconds", l, static_cast<double>((now - *e.last_success).count()));
  }
}

}  // namespace dp::ops
