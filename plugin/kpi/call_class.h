// How a call counts (docs/kpis.md, "Calls"). Outbound calls count in none of these.
#pragma once

#include "model/records.h"

namespace dp::kpi {

// Refused before queueing (queue full, no agents, trunk failure).
inline bool is_blocked(const Call& c) {
  return c.direction == Direction::inbound && c.outcome == CallOutcome::blocked;
}
// Reached the queue.
inline bool is_offered(const Call& c) {
  return c.direction == Direction::inbound && c.outcome != CallOutcome::blocked;
}
inline bool is_answered(const Call& c) {
  return is_offered(c) && (c.answered_at.has_value() || c.outcome == CallOutcome::answered);
}
// The caller hung up or the queue timed out before an answer.
inline bool is_abandoned(const Call& c) {
  return is_offered(c) && !is_answered(c) &&
         (c.outcome == CallOutcome::abandoned || c.outcome == CallOutcome::timeout);
}
inline Seconds handle_time(const Call& c) {
  return c.talk + c.hold + c.wrap;
}

}  // namespace dp::kpi
