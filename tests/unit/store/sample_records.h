// Records for store and sync tests: every optional field set in the "full" ones,
// none in the "bare" ones, and field-by-field views for exact comparison.
#pragma once

#include <string>
#include <tuple>

#include "model/records.h"

namespace dp::test {

inline Time at(int64_t epoch) {
  return Time(Seconds(epoch));
}

inline Ticket full_ticket(const std::string& id) {
  Ticket t;
  t.id = id;
  t.queue = "billing";
  t.channel = Channel::chat;
  t.requester = "ann@example.com";
  t.owner = "bob";
  t.subject = "Refund \"twice\" — ünïcode";
  t.tags = {"refund", "vip"};
  t.priority = "high";
  t.status = TicketStatus::pending;
  t.created_at = at(1'763'800'000);
  t.updated_at = at(1'763'803'600);
  t.extra = R"({"rt_custom":"x"})";
  return t;
}

inline Ticket bare_ticket(const std::string& id) {
  Ticket t;
  t.id = id;
  t.created_at = at(1'763'800'000);
  t.updated_at = t.created_at;
  return t;
}

inline TicketEvent full_event(const std::string& id, const std::string& ticket, int64_t when) {
  TicketEvent e;
  e.id = id;
  e.ticket = ticket;
  e.at = at(when);
  e.type = EventType::status_change;
  e.actor = "bob";
  e.is_public = true;
  e.time_spent = Seconds(90);
  e.from = "open";
  e.to = "resolved";
  e.extra = R"({"txn":7})";
  return e;
}

inline Call full_call(const std::string& id) {
  Call c;
  c.id = id;
  c.queue = "support";
  c.caller = "+15550100";
  c.agent = "carol";
  c.direction = Direction::outbound;
  c.offered_at = at(1'763'800'000);
  c.answered_at = at(1'763'800'015);
  c.ended_at = at(1'763'800'300);
  c.wait = Seconds(15);
  c.talk = Seconds(250);
  c.hold = Seconds(20);
  c.wrap = Seconds(30);
  c.outcome = CallOutcome::transferred;
  c.ticket = "rt:1";
  c.extra = R"({"uniqueid":"1.2"})";
  return c;
}

inline Survey full_survey(const std::string& id) {
  Survey s;
  s.id = id;
  s.kind = SurveyKind::nps;
  s.score = 9.5;
  s.scale_min = 0;
  s.scale_max = 10;
  s.at = at(1'763'810'000);
  s.ticket = "rt:1";
  s.call = "ast:1";
  s.agent = "bob";
  s.customer = "cust:1";
  s.extra = R"({"channel":"email"})";
  return s;
}

inline Customer full_customer(const std::string& id) {
  Customer c;
  c.id = id;
  c.first_seen = at(1'700'000'000);
  c.last_active = at(1'763'000'000);
  c.churned_at = at(1'763'500'000);
  c.acquired_via = "referral";
  c.revenue = 1234.5;
  c.phone = "+15550100";
  c.extra = R"({"plan":"pro"})";
  return c;
}

inline Agent full_agent(const std::string& id) {
  return Agent{id, "tier1", "berlin", AgentKind::bot, "Help Bot"};
}

inline AgentSession full_session(const std::string& id) {
  return AgentSession{id, "carol", "support", at(1'763'790'000), at(1'763'820'000), Seconds(600)};
}

inline auto fields(const Ticket& t) {
  return std::tie(t.id, t.queue, t.channel, t.requester, t.owner, t.subject, t.tags, t.priority,
                  t.status, t.created_at, t.updated_at, t.extra);
}
inline auto fields(const TicketEvent& e) {
  return std::tie(e.id, e.ticket, e.at, e.type, e.actor, e.is_public, e.time_spent, e.from, e.to,
                  e.extra);
}
inline auto fields(const Call& c) {
  return std::tie(c.id, c.queue, c.caller, c.agent, c.direction, c.offered_at, c.answered_at,
                  c.ended_at, c.wait, c.talk, c.hold, c.wrap, c.outcome, c.ticket, c.extra);
}
inline auto fields(const Survey& s) {
  return std::tie(s.id, s.kind, s.score, s.scale_min, s.scale_max, s.at, s.ticket, s.call, s.agent,
                  s.customer, s.extra);
}
inline auto fields(const Customer& c) {
  return std::tie(c.id, c.first_seen, c.last_active, c.churned_at, c.acquired_via, c.revenue,
                  c.phone, c.extra);
}
inline auto fields(const Agent& a) {
  return std::tie(a.id, a.team, a.calendar, a.kind, a.name);
}
inline auto fields(const AgentSession& s) {
  return std::tie(s.id, s.agent, s.queue, s.start, s.end, s.paused);
}

template <class R>
bool same(const std::vector<R>& a, const std::vector<R>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (fields(a[i]) != fields(b[i])) return false;
  return true;
}

inline bool same(const Records& a, const Records& b) {
  return same(a.tickets, b.tickets) && same(a.events, b.events) && same(a.calls, b.calls) &&
         same(a.surveys, b.surveys) && same(a.customers, b.customers) && same(a.agents, b.agents) &&
         same(a.sessions, b.sessions);
}

}  // namespace dp::test
