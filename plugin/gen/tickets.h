// One ticket's life: creation, bot and agent replies, notes, owner and status
// changes, reopens, merges and deletions, and the surveys it draws; cut at the end
// of the generated period so late tickets stay open or pending.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gen/world.h"

namespace dp::gen {

struct TicketSeed {
  size_t number = 0;  // 1-based, in creation order
  Time created{};
  size_t team = 0;
  std::string requester;
  std::optional<std::string> earlier_ticket;  // the requester's previous ticket
};

struct TicketDraft {
  Ticket ticket;
  std::vector<TicketEvent> events;
  std::vector<Survey> surveys;
};

// Fills `out` (its vectors are reused to spare allocations).
void draft_ticket(const World& w, const TicketSeed& seed, TicketDraft& out);

}  // namespace dp::gen
