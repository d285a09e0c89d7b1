// REST2 tickets and transactions -> canonical records (pure; unit-tested without RT).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "connector/source.h"
#include "rt/options.h"
#include "rt/rest_json.h"

namespace dp::rt {

// What normalize() needs besides the pages: who is staff, user names for the
// numeric ids RT puts in owner-change transactions, and staff's display names.
struct Directory {
  std::set<int64_t> privileged;               // members of RT's Privileged group
  std::map<int64_t, std::string> names;       // user id -> Name
  std::map<int64_t, std::string> real_names;  // user id -> RealName, when not empty
  // Tickets merged into another: RT answers for the surviving ticket only, so the
  // merged one's record is derived from it (merged id -> surviving id).
  std::map<int64_t, int64_t> merged_into;
};

struct Normalized {
  Records records;
  std::vector<Rejection> rejected;
  size_t own_writes = 0;  // deskpulse's own custom-field transactions, skipped
};

// Tickets not in `o.queues` (when set) and in the reports queue are left out together
// with their transactions. A ticket in `dir.merged_into` gets a record derived from the
// surviving ticket (which must be in `tickets`), with status merged.
Normalized normalize(const RtOptions& o, const std::vector<RtTicket>& tickets,
                     const std::vector<RtTransaction>& txns, const Directory& dir);

// RT status -> canonical (stalled -> pending, rejected -> closed); nullopt if unknown.
std::optional<TicketStatus> map_status(const std::string& rt_status);
// The surviving ticket of an "AddLink MergedInto" transaction. RT writes one on both
// tickets, the survivor's pointing at itself: that one is not a merge of the survivor.
std::optional<int64_t> merge_target(const RtTransaction& x);
// "<name>:<id>" and back; nullopt when `id` is not one of ours.
std::string ticket_id(const RtOptions& o, int64_t id);
std::optional<int64_t> rt_ticket_number(const std::string& canonical_id);

}  // namespace dp::rt
