#include "kpi/input.h"

#include <algorithm>
#include <set>

#include "kpi/customer_base.h"
#include "kpi/ticket_topics.h"

namespace dp::kpi {

void TimeIndex::sort() {
  std::sort(v_.begin(), v_.end());
}

std::vector<size_t> TimeIndex::in(const Window& w) const {
  auto lo = std::lower_bound(v_.begin(), v_.end(), std::pair<Time, size_t>{w.from, 0});
  auto hi = std::lower_bound(v_.begin(), v_.end(), std::pair<Time, size_t>{w.to, 0});
  std::vector<size_t> out;
  out.reserve(static_cast<size_t>(hi - lo));
  for (auto it = lo; it < hi; ++it) out.push_back(it->second);
  return out;
}

Input::Input(const Records& d, const Context& c) : data(d), ctx(c), events(events_by_ticket(d)) {
  topics.reserve(d.tickets.size());
  std::vector<std::string> primary;
  primary.reserve(d.tickets.size());
  for (const Ticket& t : d.tickets) {
    topics.push_back(ticket_topics(t, c.options));
    primary.push_back(topics.back().empty() ? std::string() : topics.back().front());
  }
  facts = ticket_facts(d, c, events, primary);
  std::vector<CustomerSpan> spans;
  for (const Customer& x : d.customers) spans.push_back(span_of(x));
  customers = CustomerIndex(std::move(spans));
  for (size_t i = 0; i < d.tickets.size(); ++i) {
    ticket_by_id.emplace(d.tickets[i].id, i);
    const TicketFacts& f = facts[i];
    if (f.excluded) continue;
    created.add(d.tickets[i].created_at, i);
    if (f.first_response) responded.add(*f.first_response, i);
    if (f.first_human_response) responded_human.add(*f.first_human_response, i);
    if (f.first_bot_response) bot_responded.add(*f.first_bot_response, i);
    if (f.resolved_at) resolved.add(*f.resolved_at, i);
    if (f.assigned_at) assigned.add(*f.assigned_at, i);
  }
  event_ticket.assign(d.events.size(), -1);
  for (size_t i = 0; i < d.events.size(); ++i) {
    if (d.events[i].time_spent.count() <= 0) continue;
    auto t = ticket_by_id.find(d.events[i].ticket);
    if (t == ticket_by_id.end() || facts[t->second].excluded) continue;
    event_ticket[i] = static_cast<long long>(t->second);
    worked.add(d.events[i].at, i);
  }
  for (size_t i = 0; i < d.calls.size(); ++i) {
    call_by_id.emplace(d.calls[i].id, i);
    if (d.calls[i].direction == Direction::inbound) offered.add(d.calls[i].offered_at, i);
  }
  for (size_t i = 0; i < d.surveys.size(); ++i)
    if (survey_counts(d.surveys[i])) answered.add(d.surveys[i].at, i);
  for (TimeIndex* t : {&created, &responded, &resolved, &responded_human, &bot_responded, &assigned,
                       &worked, &offered, &answered})
    t->sort();
}

const Ticket* Input::ticket(const std::optional<std::string>& id) const {
  if (!id) return nullptr;
  auto it = ticket_by_id.find(*id);
  return it == ticket_by_id.end() ? nullptr : &data.tickets[it->second];
}

bool Input::survey_counts(const Survey& s) const {
  if (!s.ticket) return true;
  auto it = ticket_by_id.find(*s.ticket);
  return it == ticket_by_id.end() || !facts[it->second].excluded;
}

const Call* Input::call(const std::optional<std::string>& id) const {
  if (!id) return nullptr;
  auto it = call_by_id.find(*id);
  return it == call_by_id.end() ? nullptr : &data.calls[it->second];
}

Slice::Slice(const Input& input, const Window& w, GroupBy g) : in(input), window(w), by(g) {
  if (by == GroupBy::overall) {
    keys_ = {""};
    return;
  }
  std::set<std::string> keys;
  for (const TimeIndex* t : {&in.created, &in.responded, &in.resolved})
    for (size_t i : t->in(w)) keys.insert(ticket_key(i));
  for (size_t i : in.offered.in(w)) keys.insert(call_key(in.data.calls[i]));
  for (size_t i : in.answered.in(w)) keys.insert(survey_key(in.data.surveys[i]));
  for (size_t i : in.worked.in(w))
    keys.insert(work_key(in.data.events[i], size_t(in.event_ticket[i])));
  if (by == GroupBy::agent || by == GroupBy::team)
    for (const AgentSession& a : in.data.sessions)
      if (a.start < w.to && a.end > w.from) keys.insert(person_key(a.agent));
  keys_.assign(keys.begin(), keys.end());
}

// The agent or team key of work attributed to `agent` (bots count as unassigned:
// they are left out of every per-agent figure).
std::string Slice::person_key(const std::optional<std::string>& agent) const {
  if (by == GroupBy::overall) return "";
  const bool human = agent && !agent->empty() && !is_bot(in.ctx, *agent);
  if (by == GroupBy::agent) return human ? *agent : std::string(kUnassigned);
  if (!human) return std::string(kUnassigned);
  auto it = in.ctx.agents.find(*agent);
  if (it == in.ctx.agents.end() || it->second.team.empty()) return std::string(kNoTeam);
  return it->second.team;
}

std::string Slice::ticket_key(size_t i) const {
  const Ticket& t = in.data.tickets[i];
  switch (by) {
    case GroupBy::overall:
      return "";
    case GroupBy::agent:
    case GroupBy::team:
      return person_key(in.facts[i].owner);
    case GroupBy::queue:
      return t.queue.empty() ? std::string(kNone) : t.queue;
    case GroupBy::channel:
      return std::string(to_string(t.channel));
  }
  return "";
}

std::string Slice::call_key(const Call& c) const {
  switch (by) {
    case GroupBy::overall:
      return "";
    case GroupBy::agent:
    case GroupBy::team:
      return person_key(c.agent);
    case GroupBy::queue:
      return c.queue.empty() ? std::string(kNone) : c.queue;
    case GroupBy::channel:
      return "phone";
  }
  return "";
}

// A survey belongs to its agent, else to its ticket's owner or call's agent; its queue
// and channel are its ticket's or call's.
std::string Slice::survey_key(const Survey& s) const {
  if (by == GroupBy::overall) return "";
  const Ticket* t = in.ticket(s.ticket);
  const Call* c = t ? nullptr : in.call(s.call);
  if (by == GroupBy::agent || by == GroupBy::team) {
    std::optional<std::string> agent = s.agent;
    if (!agent && t) agent = in.facts[in.ticket_by_id.at(t->id)].owner;
    if (!agent && c) agent = c->agent;
    return person_key(agent);
  }
  if (t) return ticket_key(in.ticket_by_id.at(t->id));
  if (c) return call_key(*c);
  return std::string(kNone);
}

std::string Slice::work_key(const TicketEvent& e, size_t ticket) const {
  if (by == GroupBy::agent || by == GroupBy::team) return person_key(e.actor);
  return ticket_key(ticket);
}

}  // namespace dp::kpi
