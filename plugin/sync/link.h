// Linking calls to tickets (pure): which ticket a phone call belongs to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/records.h"

namespace dp::sync {

// Digits only, last 9 kept: "+33 (0)1 23 45 67 89" and "0123456789" meet on
// "123456789" whatever the country prefix. "" when fewer than 6 digits (an internal
// extension or "anonymous" must not match anyone).
std::string phone_key(std::string_view number);

// The calls a ticket names (rule 1 below): extra "call_id" and tags "call:<ref>".
std::vector<std::string> call_refs(const Ticket& t);

// Sets call.ticket, never overwriting a link already there:
// 1. a ticket that carries the call: extra "call_id" or a tag "call:<ref>", where
//    <ref> is the call id, its source's native id ("asterisk:1266833905.2" matches
//    every queue stay "asterisk:1266833905.2:<queue>"), or the call's extra "uniqueid";
// 2. else the ticket whose requester's Customer.phone matches the caller (phone_key)
//    and that was created within `window` of the offer time, the nearest one winning.
void link_calls_to_tickets(std::vector<Call>& calls, const std::vector<Ticket>& tickets,
                           const std::vector<Customer>& customers, Seconds window);
void link_calls_to_tickets(Records& r, Seconds window);

}  // namespace dp::sync
