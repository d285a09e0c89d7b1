#include "report/scope.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "report/report.h"

namespace dp::report {
namespace {

// The directory team of `agent`, or "" when the agent is unknown or has none.
std::string team_of(const kpi::Context& ctx, const std::optional<std::string>& agent) {
  if (!agent) return "";
  auto it = ctx.agents.find(*agent);
  return it == ctx.agents.end() ? "" : it->second.team;
}

std::set<std::string> directory_teams(const kpi::Context& ctx) {
  std::set<std::string> teams;
  for (const auto& [_, a] : ctx.agents)
    if (!a.team.empty()) teams.insert(a.team);
  return teams;
}

// The team a ticket or call counts for: its person's team, else its queue's team.
class Assigner {
 public:
  Assigner(const Records& data, const kpi::Context& ctx)
      : ctx_(ctx), queues_(queue_teams(data, ctx)) {}

  std::string of(const std::optional<std::string>& person, const std::string& queue) const {
    std::string t = team_of(ctx_, person);
    if (!t.empty()) return t;
    auto q = queues_.find(queue);
    return q == queues_.end() ? "" : q->second;
  }

 private:
  const kpi::Context& ctx_;
  std::map<std::string, std::string> queues_;
};

}  // namespace

std::map<std::string, std::string> queue_teams(const Records& data, const kpi::Context& ctx) {
  const std::set<std::string> teams = directory_teams(ctx);
  std::map<std::string, std::map<std::string, long long>> votes;  // queue -> team -> records
  for (const Ticket& t : data.tickets)
    if (auto team = team_of(ctx, t.owner); !team.empty()) ++votes[t.queue][team];
  for (const Call& c : data.calls)
    if (auto team = team_of(ctx, c.agent); !team.empty()) ++votes[c.queue][team];
  std::map<std::string, std::string> out;
  for (const auto& [queue, by_team] : votes) {
    if (teams.count(queue)) continue;
    std::string best;
    long long most = 0;
    for (const auto& [team, n] : by_team)  // map order: the first of equal counts wins
      if (n > most) best = team, most = n;
    out[queue] = best;
  }
  for (const auto& t : teams) out[t] = t;
  return out;
}

Records team_records(const Records& data, const kpi::Context& ctx, const std::string& team) {
  const Assigner assign(data, ctx);
  Records out;
  std::unordered_set<std::string> tickets, calls;
  for (const Ticket& t : data.tickets)
    if (assign.of(t.owner, t.queue) == team) {
      out.tickets.push_back(t);
      tickets.insert(t.id);
    }
  for (const TicketEvent& e : data.events)
    if (tickets.count(e.ticket)) out.events.push_back(e);
  for (const Call& c : data.calls)
    if (assign.of(c.agent, c.queue) == team) {
      out.calls.push_back(c);
      calls.insert(c.id);
    }
  for (const Survey& s : data.surveys) {
    bool linked = s.ticket || s.call;
    if ((s.ticket && tickets.count(*s.ticket)) || (s.call && calls.count(*s.call)) ||
        (!linked && team_of(ctx, s.agent) == team))
      out.surveys.push_back(s);
  }
  for (const AgentSession& s : data.sessions)
    if (team_of(ctx, s.agent) == team) out.sessions.push_back(s);
  out.customers = data.customers;
  out.agents = data.agents;
  return out;
}

std::vector<std::string> teams_with_reports(const Records& data, const kpi::Context& ctx) {
  const Assigner assign(data, ctx);
  std::set<std::string> active;
  for (const Ticket& t : data.tickets) active.insert(assign.of(t.owner, t.queue));
  for (const Call& c : data.calls) active.insert(assign.of(c.agent, c.queue));
  std::vector<std::string> out;
  for (const auto& t : directory_teams(ctx))
    if (active.count(t)) out.push_back(t);
  return out;
}

bool has_data_in(const Records& data, const kpi::Window& w) {
  auto in = [&](Time t) { return t >= w.from && t < w.to; };
  return std::any_of(data.tickets.begin(), data.tickets.end(),
                     [&](const Ticket& t) { return in(t.created_at); }) ||
         std::any_of(data.events.begin(), data.events.end(),
                     [&](const TicketEvent& e) { return in(e.at); }) ||
         std::any_of(data.calls.begin(), data.calls.end(),
                     [&](const Call& c) { return in(c.offered_at); }) ||
         std::any_of(data.surveys.begin(), data.surveys.end(),
                     [&](const Survey& s) { return in(s.at); });
}

}  // namespace dp::report
