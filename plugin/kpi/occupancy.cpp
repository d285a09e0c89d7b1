// docs/kpis.md, "occupancy": handle time of answered calls / logged-in time (sessions
// minus pauses), for agents with login data. Per agent, team and overall only: a
// session is not tied to one queue or channel.
#include "kpi/call_class.h"
#include "kpi/families.h"

namespace dp::kpi {

namespace {

struct Load {
  double handle = 0, logged = 0;
  long long calls = 0;
};

// Logged-in seconds of a session inside the window; pauses are spread evenly.
double logged_in(const AgentSession& a, const Window& w) {
  const Time from = std::max(a.start, w.from), to = std::min(a.end, w.to);
  if (to <= from || a.end <= a.start) return 0;
  const double share = double((to - from).count()) / double((a.end - a.start).count());
  return double((to - from).count()) - share * double(a.paused.count());
}

}  // namespace

void occupancy_kpis(const Slice& s, Emitter& e) {
  if (!e.wants("occupancy")) return;
  if (s.by != GroupBy::overall && s.by != GroupBy::agent && s.by != GroupBy::team) return;
  const Figure f{"occupancy", "rate", "%", "handle time of answered calls / logged-in time"};
  if (s.in.data.sessions.empty()) {
    for (const auto& key : s.keys())
      e.value(f, key, std::nullopt, 0, std::nullopt, "no agent sessions (login data)");
    return;
  }
  std::map<std::string, double> logged_by_agent;
  for (const AgentSession& a : s.in.data.sessions)
    if (double secs = logged_in(a, s.window); secs > 0) logged_by_agent[a.agent] += secs;
  ByKey<Load> by;
  for (const auto& [agent, secs] : logged_by_agent) by[s.person_key(agent)].logged += secs;
  for (size_t i : s.in.offered.in(s.window)) {
    const Call& c = s.in.data.calls[i];
    if (!is_answered(c) || !c.agent || !logged_by_agent.count(*c.agent)) continue;
    Load& l = by[s.call_key(c)];
    l.handle += double(handle_time(c).count());
    ++l.calls;
  }
  for (const auto& key : keys_of(s, by)) {
    const Load& l = at_or_empty(by, key);
    if (l.logged <= 0) {
      e.value(f, key, std::nullopt, 0, std::nullopt, "no logged-in time in the window");
      continue;
    }
    e.value(f, key, 100.0 * l.handle / l.logged, l.calls, std::nullopt, "");
  }
}

}  // namespace dp::kpi
