// Paths and small helpers shared by the Asterisk tests.
#pragma once

#include <string>

#include "asterisk/options.h"
#include "model/time.h"

namespace dp::asterisk::test {

inline std::string fixture(const std::string& name) {
  return std::string(DP_SOURCE_DIR) + "/tests/fixtures/asterisk/" + name;
}

// day.queue_log starts at 2026-11-23 08:00:00 UTC; its lines are written as T0 + t.
inline constexpr long long kT0 = 1795420800;
inline Time at(long long t) {
  return Time{Seconds{kT0 + t}};
}

// The options day.queue_log's expectations assume.
inline QueueLogOptions day_options() {
  QueueLogOptions o;
  o.wrapuptime = Seconds{10};
  o.wrapuptime_by_queue["support"] = Seconds{30};
  o.wrapup_pause_reason = "wrapup";
  return o;
}

}  // namespace dp::asterisk::test
