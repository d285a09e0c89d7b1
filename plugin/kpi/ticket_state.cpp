#include "kpi/ticket_state.h"

namespace dp::kpi {

TicketState state_at(const Ticket& ticket, const std::vector<const TicketEvent*>& events, Time t) {
  TicketState s;
  bool any_status = false;
  for (const TicketEvent* e : events) {
    if (e->type != EventType::status_change) continue;
    any_status = true;
    if (e->at >= t) break;
    if (auto to = e->to ? enum_from_string<TicketStatus>(*e->to) : std::nullopt) s.status = *to;
  }
  if (!any_status) s.status = ticket.status;
  for (const TicketEvent* e : events) {
    if (e->at >= t) break;
    if (e->type == EventType::customer_reply) s.customer_spoke_last = true;
    if (e->type == EventType::agent_reply && e->is_public) s.customer_spoke_last = false;
  }
  return s;
}

}  // namespace dp::kpi
