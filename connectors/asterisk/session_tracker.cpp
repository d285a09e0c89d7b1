#include "asterisk/session_tracker.h"

#include <algorithm>

#include "asterisk/text.h"

namespace dp::asterisk {

namespace {

bool is_login(const std::string& e) {
  return e == "AGENTLOGIN" || e == "AGENTCALLBACKLOGIN";
}
bool is_logoff(const std::string& e) {
  return e == "AGENTLOGOFF" || e == "AGENTCALLBACKLOGOFF";
}
bool is_pause(const std::string& e) {
  return e == "PAUSE" || e == "PAUSEALL";
}
bool is_unpause(const std::string& e) {
  return e == "UNPAUSE" || e == "UNPAUSEALL";
}

Seconds overlap(Time a0, Time a1, Time b0, Time b1) {
  auto lo = std::max(a0, b0);
  auto hi = std::min(a1, b1);
  return hi > lo ? hi - lo : Seconds{0};
}

}  // namespace

bool SessionTracker::feed(const QueueLogEvent& ev, const LogLine& line, Records& out,
                          std::vector<Rejection>& rejected) {
  const std::string& e = ev.event;
  if (is_login(e)) {
    start(ev.agent, "", ev.at, line, rejected);
  } else if (e == "ADDMEMBER") {
    // Persistent members are added again after every restart (QUEUESTART): the span
    // goes on, it is not a second login.
    if (!agents_[ev.agent].open.count(ev.queue)) start(ev.agent, ev.queue, ev.at, line, rejected);
  } else if (is_logoff(e)) {
    stop(ev, "", line, out, rejected);
  } else if (e == "REMOVEMEMBER") {
    stop(ev, ev.queue, line, out, rejected);
  } else if (is_pause(e)) {
    Agent& a = agents_[ev.agent];
    if (!a.paused_since) {  // a PAUSE per queue for one pause: the first one counts
      a.paused_since = ev.at;
      a.pause_line = line;
    }
  } else if (is_unpause(e)) {
    Agent& a = agents_[ev.agent];
    if (a.paused_since && ev.at >= *a.paused_since && !a.open.empty()) {
      a.pauses.emplace_back(*a.paused_since, ev.at);
      a.pause_lines.push_back(a.pause_line);
      a.pause_lines.push_back(line);
    }
    a.paused_since.reset();
  } else {
    return false;
  }
  return true;
}

void SessionTracker::start(const std::string& agent, const std::string& queue, Time at,
                           const LogLine& line, std::vector<Rejection>& rejected) {
  Agent& a = agents_[agent];
  if (a.open.count(queue)) {
    rejected.push_back({line.where, "", "agent " + agent + " logged in again without logging off"});
    return;
  }
  a.open[queue] = Open{at, line};
}

void SessionTracker::stop(const QueueLogEvent& ev, const std::string& queue, const LogLine& line,
                          Records& out, std::vector<Rejection>& rejected) {
  Agent& a = agents_[ev.agent];
  auto it = a.open.find(queue);
  if (it != a.open.end()) {
    Time start = it->second.start;
    a.open.erase(it);
    if (ev.at < start) {
      rejected.push_back({line.where, "time", "logoff before login; session dropped"});
    } else {
      emit(ev.agent, a, queue, start, ev.at, line, out, rejected);
    }
  } else if (auto logged = parse_duration_arg(ev.arg(2)); is_logoff(ev.event) && logged) {
    // The login was before this file began; LOGOFF says how long the agent was in.
    emit(ev.agent, a, queue, ev.at - *logged, ev.at, line, out, rejected);
  } else if (is_logoff(ev.event) && !ev.arg(2).empty()) {
    rejected.push_back({line.where, "data2",
                        "logged-in time '" + ev.arg(2) + "' is not a duration (0 to " +
                            std::to_string(kLongestDuration.count()) + " s); session dropped"});
  } else {
    rejected.push_back({line.where, "", ev.event + " for " + ev.agent + " without a login"});
  }
  if (a.open.empty()) {
    a.pauses.clear();
    a.pause_lines.clear();
  }
}

void SessionTracker::emit(const std::string& agent, Agent& a, const std::string& queue, Time start,
                          Time end, const LogLine& line, Records& out,
                          std::vector<Rejection>& rejected) {
  if (end - start > kLongestDuration || start < kEarliestTime || end > kLatestTime) {
    rejected.push_back({line.where, "time",
                        "session of " + agent +
                            " outside 1970..9999 or longer than 10 years (timestamps decades "
                            "apart, or a logged-in time before the epoch); dropped"});
    return;
  }
  Seconds paused{0};
  for (auto& [p0, p1] : a.pauses) paused += overlap(p0, p1, start, end);
  if (a.paused_since) paused += overlap(*a.paused_since, end, start, end);
  AgentSession s;
  s.id = "asterisk:session:" + agent + ":" + (queue.empty() ? "*" : queue) + ":" +
         std::to_string(start.time_since_epoch().count());
  s.agent = agent;
  s.queue = queue;
  s.start = start;
  s.end = end;
  s.paused = paused;
  out.sessions.push_back(std::move(s));
}

void SessionTracker::close_all(Time at, Records& out, std::vector<Rejection>& rejected) {
  for (auto& [agent, a] : agents_) {
    for (auto& [queue, open] : a.open)
      emit(agent, a, queue, open.start, std::max(at, open.start), open.line, out, rejected);
    a.open.clear();
  }
}

void SessionTracker::collect_pending(std::vector<LogLine>& out) const {
  for (auto& [agent, a] : agents_) {
    for (auto& [queue, open] : a.open) out.push_back(open.line);
    if (a.open.empty()) continue;
    out.insert(out.end(), a.pause_lines.begin(), a.pause_lines.end());
    if (a.paused_since) out.push_back(a.pause_line);
  }
}

size_t SessionTracker::open_sessions() const {
  size_t n = 0;
  for (auto& [agent, a] : agents_) n += a.open.size();
  return n;
}

}  // namespace dp::asterisk
