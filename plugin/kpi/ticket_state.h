// A ticket's state at an instant, replayed from its events (docs/kpis.md, "open_cases",
// "backlog").
#pragma once

#include <vector>

#include "model/records.h"

namespace dp::kpi {

struct TicketState {
  TicketStatus status = TicketStatus::new_;
  // The last public message before the instant came from the customer (or there was
  // none): the ticket waits on the support team.
  bool customer_spoke_last = true;
};

// State just before `t`. Without any status events, the ticket's status field is used.
TicketState state_at(const Ticket& ticket, const std::vector<const TicketEvent*>& sorted_events,
                     Time t);

// Neither resolved, closed, merged nor deleted.
inline bool unresolved(TicketStatus s) {
  return s != TicketStatus::resolved && s != TicketStatus::closed && s != TicketStatus::merged &&
         s != TicketStatus::deleted;
}

// An open case: new or open, the customer's message last.
inline bool waits_on_support(const TicketState& st) {
  return (st.status == TicketStatus::new_ || st.status == TicketStatus::open) &&
         st.customer_spoke_last;
}

}  // namespace dp::kpi
