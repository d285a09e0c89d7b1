// Per-ticket facts derived from the ticket's events (docs/kpis.md, "Ticket facts").
// The engine computes ticket KPIs from these, and write-back puts them on the ticket.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kpi/options.h"
#include "model/records.h"
#include "model/time.h"

namespace dp::kpi {

struct TicketFacts {
  std::string ticket;
  size_t index = 0;  // position in Records::tickets
  // First public agent reply by anyone on the support side (bots included).
  std::optional<Time> first_response;
  bool first_response_by_bot = false;
  std::optional<Seconds> frt_business, frt_calendar;
  // First public reply by a human agent (frt variant `human`).
  std::optional<Time> first_human_response;
  std::optional<Seconds> frt_human_business, frt_human_calendar;
  // Final resolution: the last move into resolved/closed; nullopt while unresolved.
  std::optional<Time> resolved_at;
  std::optional<Seconds> resolution_business, resolution_calendar;
  int reopens = 0;               // moves out of resolved/closed back to work
  int public_agent_replies = 0;  // humans and bots
  int public_human_replies = 0;
  bool bot_replied = false;  // a bot sent at least one public reply
  std::optional<Time> first_bot_response;
  std::optional<bool> fcr;      // default definition; nullopt while unresolved
  std::optional<bool> sla_met;  // nullopt while unresolved or without targets
  // Human owner per Options::ownership; nullopt when unassigned or owned by a bot.
  std::optional<std::string> owner;
  std::string calendar;   // calendar used for business time ("" = 24x7)
  bool excluded = false;  // merged or deleted: out of volume and time KPIs
  Seconds time_spent{0};  // sum of time_spent on the ticket's events
  // First time the ticket had a human owner (creation when created with one).
  std::optional<Time> assigned_at;
  bool operator==(const TicketFacts&) const = default;
};

// Each ticket's events in time order, parallel to Records::tickets.
using TicketEvents = std::vector<std::vector<const TicketEvent*>>;
TicketEvents events_by_ticket(const Records& data);

// One TicketFacts per ticket, in the order of data.tickets. Events of tickets not in
// data.tickets are ignored. O(events log events).
std::vector<TicketFacts> ticket_facts(const Records& data, const Context& ctx);
// The same from events already grouped and each ticket's primary_topic().
std::vector<TicketFacts> ticket_facts(const Records& data, const Context& ctx,
                                      const TicketEvents& events,
                                      const std::vector<std::string>& topics);

// The calendar that business time of `agent` is measured in: the agent's calendar,
// else a calendar named like the agent's team, else options.default_calendar, else
// 24x7 (nullptr).
const Calendar* calendar_for(const Context& ctx, const std::optional<std::string>& agent);

bool is_bot(const Context& ctx, const std::string& actor);

}  // namespace dp::kpi
