// One call to one of a team's phone queues: queueing, patience, abandons (some within a few
// seconds), timeouts, blocked calls, voicemail, transfers, and the handling times.
#pragma once

#include <optional>
#include <string>

#include "gen/world.h"

namespace dp::gen {

struct CallSeed {
  size_t number = 0;  // 1-based, in offer order
  Time offered{};
  size_t team = 0;
  size_t queue = 0;                          // World::queues(), one of the team's
  std::string caller;                        // phone number
  std::optional<std::string> recent_ticket;  // the caller's latest ticket, if any
};

// The longest a caller waits before the queue gives up on them.
inline constexpr Seconds kMaxQueueWait{240};

void draft_call(const World& w, const CallSeed& seed, Call& out);

}  // namespace dp::gen
