// docs/kpis.md, "occupancy": handle time of answered calls / logged-in time (sessions
// minus pauses), for agents with login data. Per agent, team and overall only: a
// session is not tied to one queue or channel.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kpi/additive.h"
#include "kpi/call_class.h"
#include "kpi/cell_parts.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

namespace {

// Spans in double: a difference of two accepted times fits, of any two times too.
double seconds_between(Time from, Time to) {
  return double(to.time_since_epoch().count()) - double(from.time_since_epoch().count());
}

// Whole nanoseconds, saturated: one agent's logged-in time in a window past ~292 years
// (only from sessions longer than the readers accept) stops at the largest count.
long long to_ns(double secs) {
  constexpr double kLimit = 0x1p63;  // 2^63, one past the largest long long
  const double ns = secs * 1e9;
  if (ns >= kLimit) return std::numeric_limits<long long>::max();
  if (ns <= -kLimit) return std::numeric_limits<long long>::min();
  return std::llround(ns);
}

}  // namespace

double logged_in(const AgentSession& a, const Window& w) {
  const Time from = std::max(a.start, w.from), to = std::min(a.end, w.to);
  if (to <= from || a.end <= a.start) return 0;
  const double inside = seconds_between(from, to);
  const double share = inside / seconds_between(a.start, a.end);
  return inside - share * double(a.paused.count());
}

void AgentLoad::add_logged(double secs) {
  ++logged_parts;
  logged_ns = add_sat(logged_ns, to_ns(secs));
}

void AgentLoad::add_call(const Call& c) {
  handle_s = add_sat(handle_s, handle_time(c).count());
  ++calls;
}

void Occupancy::merge(const Occupancy& o, int sign) {
  auto step = [sign](long long& into, long long by) {
    into = sign < 0 ? sub_sat(into, by) : add_sat(into, by);
  };
  for (const auto& [agent, l] : o.agents) {
    AgentLoad& mine = agents[agent];
    step(mine.logged_parts, l.logged_parts);
    step(mine.logged_ns, l.logged_ns);
    step(mine.handle_s, l.handle_s);
    step(mine.calls, l.calls);
    if (mine == AgentLoad{}) agents.erase(agent);
  }
}

void emit_occupancy(Emitter& e, const std::string& key, const Occupancy& occ, bool any_sessions) {
  const Figure f{"occupancy", "rate", "%", "handle time of answered calls / logged-in time"};
  if (!any_sessions)
    return e.value(f, key, std::nullopt, 0, std::nullopt, "no agent sessions (login data)");
  // Agents without logged-in time in the window are left out, their calls too. Summed
  // in 128 bits: a team's logged-in nanoseconds pass 2^63 after ~292 years (100 agents
  // over 3 years), each agent's count is below 2^63.
  __int128 logged_ns = 0, handle = 0;
  long long calls = 0;
  for (const auto& [_, l] : occ.agents)
    if (l.logged_parts > 0) {
      logged_ns += l.logged_ns;
      handle += l.handle_s;
      calls = add_sat(calls, l.calls);
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

// Partials (overall, agent and team cells): answered calls on the day offered, each
// session's logged-in piece of every day it overlaps.
void occupancy_build(CellBuild& b) {
  if (!b.people()) return;
  for (size_t i = 0; i < b.in.data.calls.size(); ++i) {
    const Call& c = b.in.data.calls[i];
    if (c.direction == Direction::inbound && b.call(i) && is_answered(c) && c.agent)
      b.cell(b.keys.call_key(c), c.offered_at).occupancy.agents[*c.agent].add_call(c);
  }
  for (size_t i = 0; i < b.in.data.sessions.size(); ++i) {
    const AgentSession& a = b.in.data.sessions[i];
    if (!b.session(i)) continue;
    // The days [start, end) overlaps; a zero-length session only inside a day.
    if (a.end <= a.start && b.local.at_midnight(a.start)) continue;
    const Day last = a.end > a.start ? b.local.day(a.end - Seconds(1)) : b.local.day(a.start);
    const std::string key = b.keys.person_key(a.agent);
    for (Day d = b.local.day(a.start); d <= last; ++d) {
      // Each day's piece: a window of whole days sums its days' pieces.
      const double secs = logged_in(a, {b.local.midnight(d), b.local.midnight(d + 1), ""});
      if (b.by == GroupBy::overall && !(secs > 0)) continue;
      Cell& c = b.cell(key, d);
      if (b.by != GroupBy::overall) c.present++;
      if (secs > 0) c.occupancy.agents[a.agent].add_logged(secs);
    }
  }
}

void occupancy_emit(const WindowCells& w, Emitter& e) {
  if (w.by != GroupBy::overall && w.by != GroupBy::agent && w.by != GroupBy::team) return;
  w.each([&](const std::string& key, const Cell& c) {
    emit_occupancy(e, key, c.occupancy, w.any_sessions);
  });
}

// Stored: how many agents' loads, each agent and its logged-in pieces, nanoseconds,
// handle seconds and calls.
void occupancy_write(Writer& w, const detail::CellParts& c) {
  w.uvar(c.occupancy.agents.size());
  for (const auto& [agent, l] : c.occupancy.agents) {
    w.str(agent);
    for (long long v : {l.logged_parts, l.logged_ns, l.handle_s, l.calls}) w.svar(v);
  }
}

bool occupancy_read(Reader& r, detail::CellParts& c) {
  c.occupancy = {};
  const auto agents = r.uvar();
  if (!detail::sized(r, agents)) return false;
  for (size_t i = 0; i < size_t(agents) && r.ok(); ++i) {
    AgentLoad& l = c.occupancy.agents[std::string(r.str())];
    for (long long* v : {&l.logged_parts, &l.logged_ns, &l.handle_s, &l.calls}) *v = r.svar();
  }
  return r.ok();
}

}  // namespace dp::kpi
