// Test helper: an instant given as local wall time in a zone.
#pragma once

#include <stdexcept>
#include <string>

#include "model/time.h"

namespace dp::test {

// "2026-11-23 10:00:00" read as wall time in `zone` (earlier instant in an overlap).
inline Time local(const std::string& wall, const std::string& zone) {
  auto t = parse_rfc3339(wall);
  if (!t) throw std::invalid_argument("bad time in test: " + wall);
  return *local_to_utc(std::chrono::local_seconds{t->time_since_epoch()}, zone);
}

inline Time utc(const std::string& s) {
  auto t = parse_rfc3339(s);
  if (!t) throw std::invalid_argument("bad time in test: " + s);
  return *t;
}

}  // namespace dp::test
