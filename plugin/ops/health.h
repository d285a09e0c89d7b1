// What `/healthz` answers: every source connector's last poll, judged against the
// configured age, and the sinks' last outcome (shown, not judged).
//
// Contract:
// - Healthy (200) while every source has polled successfully within its own interval
//   plus `max_age` (the allowed lateness) of now; a source that has not succeeded since
//   start, or whose last success is older, makes it 503. A failed poll alone does not, until the
//   last success is too old: one refused request is not an outage (the log has it).
// - The body is JSON: {"status": "ok"|"unhealthy", "checked_at",
//   "connectors": [{"name", "role", "status", "last_success", "last_attempt",
//   "age_s", "max_age_s" (interval + max_age), "error"}]}; errors are the connector's own one-line
//   messages.
// - Safe to use from several threads.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model/time.h"
#include "ops/metrics.h"

namespace dp::ops {

class Health {
 public:
  struct SourceSpec {
    std::string name;
    Seconds interval{0};
  };
  // The connectors to judge (again after a reload: what is known of a connector that
  // stays is kept, one that is gone is forgotten).
  void configure(const std::vector<SourceSpec>& sources, const std::vector<std::string>& sinks,
                 Seconds max_age);
  // A source's poll (ok or not); `error` is its message when it failed.
  void polled(const std::string& source, bool ok, Time at, const std::string& error = "");
  // A sink's outcome in a cycle that used it.
  void used(const std::string& sink, bool ok, Time at, const std::string& error = "");

  struct Answer {
    int status = 200;
    std::string body;
  };
  Answer check(Time now) const;
  // deskpulse_source_last_success_timestamp_seconds and deskpulse_source_lag_seconds
  // (seconds since the last successful poll, growing between polls) per source, and
  // deskpulse_source_up (1 when the last poll succeeded).
  void export_to(Metrics& m, Time now) const;
  static void describe(Metrics& m);

 private:
  struct Entry {
    std::string name;
    bool source = true;
    Seconds interval{0};
    std::optional<Time> last_success, last_attempt;
    bool last_ok = false;
    std::string error;
  };
  void record(const std::string& name, bool source, bool ok, Time at, const std::string& error);
  mutable std::mutex mu_;
  std::vector<std::string> order_;
  std::map<std::string, Entry> entries_;  // by role and name
  Seconds max_age_{0};
};

}  // namespace dp::ops
