// Terse record builders and row lookup for the engine's tests. The numbers in the
// tests are the worked examples of docs/kpis.md.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "kpi/engine.h"
#include "model/records.h"

namespace dp::kpi::test {

inline Time T(const char* s) {
  auto t = parse_rfc3339(s);
  EXPECT_TRUE(t) << s;
  return t.value_or(Time{});
}

// ISO week 2026-W47, UTC: Monday 2026-11-16 .. Monday 2026-11-23.
inline Window week() {
  return {T("2026-11-16T00:00:00Z"), T("2026-11-23T00:00:00Z"), "2026-W47"};
}
inline Window month() {
  return {T("2026-11-01T00:00:00Z"), T("2026-12-01T00:00:00Z"), "2026-11"};
}

// Mon-Fri 09:00-17:00 in Europe/Rome.
inline Calendar rome_office(const std::string& name) {
  Calendar cal;
  cal.name = name;
  cal.zone = "Europe/Rome";
  for (int day = 0; day < 5; ++day) cal.week[day] = {{9 * 60, 17 * 60}};
  return cal;
}

struct Data {
  Records r;
  Context ctx;

  Ticket& ticket(const std::string& id, const char* created, const std::string& requester = "",
                 std::optional<std::string> owner = std::nullopt, Channel ch = Channel::email,
                 const std::string& queue = "q1") {
    Ticket t;
    t.id = id;
    t.created_at = T(created);
    t.updated_at = t.created_at;
    t.requester = requester.empty() ? "cust-" + id : requester;
    t.owner = std::move(owner);
    t.channel = ch;
    t.queue = queue;
    t.status = TicketStatus::open;
    r.tickets.push_back(t);
    return r.tickets.back();
  }
  TicketEvent& event(const std::string& ticket, const char* at, EventType type,
                     const std::string& actor = "", bool is_public = true) {
    TicketEvent e;
    e.ticket = ticket;
    e.at = T(at);
    e.type = type;
    e.actor = actor;
    e.is_public = is_public;
    r.events.push_back(e);
    return r.events.back();
  }
  void reply(const std::string& ticket, const char* at, const std::string& agent = "a1") {
    event(ticket, at, EventType::agent_reply, agent, true);
  }
  void note(const std::string& ticket, const char* at, const std::string& agent = "a1") {
    event(ticket, at, EventType::internal_note, agent, false);
  }
  void customer(const std::string& ticket, const char* at) {
    event(ticket, at, EventType::customer_reply, "requester", true);
  }
  void status(const std::string& ticket, const char* at, const std::string& to) {
    event(ticket, at, EventType::status_change, "a1", false).to = to;
  }
  void owner(const std::string& ticket, const char* at, const std::string& to) {
    event(ticket, at, EventType::owner_change, "a1", false).to = to;
  }
  Call& call(const std::string& id, const char* offered, int wait_s, CallOutcome outcome,
             std::optional<std::string> agent = std::nullopt, int talk = 0, int hold = 0,
             int wrap = 0) {
    Call c;
    c.id = id;
    c.queue = "phone-q";
    c.caller = "+39000" + id;
    c.agent = std::move(agent);
    c.offered_at = T(offered);
    c.wait = Seconds{wait_s};
    c.outcome = outcome;
    if (outcome == CallOutcome::answered) c.answered_at = c.offered_at + c.wait;
    c.talk = Seconds{talk};
    c.hold = Seconds{hold};
    c.wrap = Seconds{wrap};
    r.calls.push_back(c);
    return r.calls.back();
  }
  Survey& survey(SurveyKind kind, double score, double lo, double hi,
                 const char* at = "2026-11-18T12:00:00Z") {
    Survey s;
    s.kind = kind;
    s.score = score;
    s.scale_min = lo;
    s.scale_max = hi;
    s.at = T(at);
    r.surveys.push_back(s);
    return r.surveys.back();
  }
  void agent(const std::string& id, const std::string& team, AgentKind kind = AgentKind::agent) {
    ctx.agents[id] = Agent{id, team, std::nullopt, kind};
  }

  std::vector<Row> run(std::vector<GroupBy> by = {GroupBy::overall},
                       std::vector<std::string> kpis = {}, Window w = week()) const {
    Request req;
    req.windows = {w};
    req.groupings = std::move(by);
    req.kpis = std::move(kpis);
    return compute(r, ctx, req);
  }
};

struct Want {
  std::string kpi;
  std::string stat = "";
  std::optional<std::string> variant = std::nullopt;
  std::optional<std::string> basis = std::nullopt;
  std::string key = "";
  std::string item = "";
};

// The one row matching `w` (stat "" matches any stat); a test failure when not exactly one.
inline const Row* find(const std::vector<Row>& rows, const Want& w) {
  const Row* hit = nullptr;
  int n = 0;
  for (const Row& r : rows) {
    if (r.kpi != w.kpi || r.variant != w.variant || r.key != w.key || r.item != w.item) continue;
    if (!w.stat.empty() && r.stat != w.stat) continue;
    if (w.basis && r.basis != w.basis) continue;
    hit = &r;
    ++n;
  }
  EXPECT_EQ(n, 1) << "rows matching " << w.kpi << " " << w.stat << " " << w.variant.value_or("-")
                  << " " << w.basis.value_or("-") << " key=" << w.key << " item=" << w.item;
  return n == 1 ? hit : nullptr;
}

inline double value(const std::vector<Row>& rows, const Want& w) {
  const Row* r = find(rows, w);
  if (!r || !r->value) {
    ADD_FAILURE() << w.kpi << ": no value" << (r ? " (" + r->reason + ")" : "");
    return -1e300;
  }
  return *r->value;
}

}  // namespace dp::kpi::test
