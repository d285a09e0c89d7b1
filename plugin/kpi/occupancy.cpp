// docs/kpis.md, "occupancy": handle time of answered calls / logged-in time (sessions
// minus pauses), for agents with login data. Per agent, team and overall only: a
// session is not tied to one queue or channel.
#include <cmath>

#include "kpi/additive.h"
#include "kpi/call_class.h"
#include "kpi/families.h"

namespace dp::kpi {

double logged_in(const AgentSession& a, const Window& w) {
  const Time from = std::max(a.start, w.from), to = std::min(a.end, w.to);
  if (to <= from || a.end <= a.start) return 0;
  const double share = double((to - from).count()) / double((a.end - a.start).count());
  return double((to - from).count()) - share * double(a.paused.count());
}

void AgentLoad::add_logged(double secs) {
  ++logged_parts;
  logged_ns += std::llround(secs * 1e9);
}

void AgentLoad::add_call(const Call& c) {
  handle_s += handle_time(c).count();
  ++calls;
}

void Occupancy::merge(const Occupancy& o, int sign) {
  for (const auto& [agent, l] : o.agents) {
    AgentLoad& mine = agents[agent];
    mine.logged_parts += sign * l.logged_parts;
    mine.logged_ns += sign * l.logged_ns;
    mine.handle_s += sign * l.handle_s;
    mine.calls += sign * l.calls;
    if (mine == AgentLoad{}) agents.erase(agent);
  }
}

void emit_occupancy(Emitter& e, const std::string& key, const Occupancy& occ, bool any_sessions) {
  const Figure f{"occupancy", "rate", "%", "handle time of answered calls / logged-in time"};
  if (!any_sessions)
    return e.value(f, key, std::nullopt, 0, std::nullopt, "no agent sessions (login data)");
  // Agents without logged-in time in the window are left out, their calls too.
  long long logged_ns = 0, handle = 0, calls = 0;
  for (const auto& [_, l] : occ.agents)
    if (l.logged_parts > 0) {
      logged_ns += l.logged_ns;
      handle += l.handle_s;
      calls += l.calls;
    }
  if (logged_ns <= 0)
    return e.value(f, key, std::nullopt, 0, std::nullopt, "no logged-in time in the window");
  e.value(f, key, 100.0 * double(handle) / (double(logged_ns) / 1e9), calls, std::nullopt, "");
}

void occupancy_kpis(const Slice& s, Emitter& e) {
  if (!e.wants("occupancy")) return;
  if (s.by != GroupBy::overall && s.by != GroupBy::agent && s.by != GroupBy::team) return;
  ByKey<Occupancy> by;
  for (const AgentSession& a : s.in.data.sessions)
    if (double secs = logged_in(a, s.window); secs > 0)
      by[s.person_key(a.agent)].agents[a.agent].add_logged(secs);
  for (size_t i : s.in.offered.in(s.window)) {
    const Call& c = s.in.data.calls[i];
    if (is_answered(c) && c.agent) by[s.call_key(c)].agents[*c.agent].add_call(c);
  }
  for (const auto& key : keys_of(s, by))
    emit_occupancy(e, key, at_or_empty(by, key), !s.in.data.sessions.empty());
}

}  // namespace dp::kpi
