// The shape of a generated data set (GenOptions agents, teams, queues, surveys): the
// default is the demo's records byte for byte, other shapes have the counts asked for,
// and tickets and calls reach every agent and queue of the shape.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "../files/temp_dir.h"
#include "gen/generate.h"

namespace dp::gen {
namespace {

using dp::testing::TempDir;

// FNV-1a 64 over the files in this order, as packaging-free as a hash gets.
uint64_t hash_files(const std::string& dir) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const char* f : {"tickets.ndjson", "ticket_events.ndjson", "calls.ndjson", "surveys.ndjson",
                        "customers.ndjson", "agents.ndjson", "agent_sessions.ndjson"}) {
    std::ifstream in(dir + "/" + f, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    for (unsigned char c : s.str()) h = (h ^ c) * 0x100000001b3ull;
  }
  return h;
}

GenOptions sized(uint64_t seed, size_t tickets, int weeks) {
  GenOptions o;
  o.seed = seed;
  o.tickets = tickets;
  o.weeks = weeks;
  return o;
}

GenOptions pinned() {
  return sized(5, 300, 3);
}

// Computed with `deskpulse generate --seed 5 --tickets 300 --weeks 3` before the
// generator had a shape (commit d98e21c, g++ 12): the default shape must not move a
// byte. Pinned for g++ only: the generator's bytes differ under clang (the sanitizer
// build), which evaluates some random draws in another order — the same seed gives the
// same bytes for one compiler, not across compilers.
constexpr uint64_t kBeforeShapes = 0xd9843f600fd87cc4ull;

TEST(Shape, DefaultIsTheDataSetOfBeforeShapes) {
  TempDir dir;
  ASSERT_TRUE(write_ndjson_dir(pinned(), dir.path()).ok());
  const uint64_t implicit = hash_files(dir.path());
#if defined(__GNUC__) && !defined(__clang__)
  EXPECT_EQ(implicit, kBeforeShapes);
#endif

  GenOptions spelled = pinned();  // the default shape given explicitly
  spelled.agents = 20;
  spelled.teams = 3;
  spelled.queues = 3;
  TempDir again;
  ASSERT_TRUE(write_ndjson_dir(spelled, again.path()).ok());
  EXPECT_EQ(hash_files(again.path()), implicit);
}

struct Seen {
  std::map<std::string, std::string> team_of;  // human agent -> team
  std::map<std::string, size_t> per_team;      // team -> agents
  std::set<std::string> ticket_queues, call_queues, owners, call_agents;
};

Seen see(const Records& r) {
  Seen s;
  for (const auto& a : r.agents) {
    if (a.kind != AgentKind::agent) continue;
    EXPECT_TRUE(s.team_of.emplace(a.id, a.team).second) << "twice: " << a.id;
    ++s.per_team[a.team];
  }
  for (const auto& t : r.tickets) {
    s.ticket_queues.insert(t.queue);
    if (t.owner) s.owners.insert(*t.owner);
  }
  for (const auto& c : r.calls) {
    s.call_queues.insert(c.queue);
    if (c.agent) s.call_agents.insert(*c.agent);
  }
  return s;
}

GenOptions benchmark_shape() {
  GenOptions o = sized(3, 8000, 2);
  o.agents = 200;
  o.teams = 20;
  o.queues = 10;
  return o;
}

TEST(Shape, AgentsTeamsAndQueuesAsAsked) {
  Records r = generate(benchmark_shape());
  Seen s = see(r);
  EXPECT_EQ(s.team_of.size(), 200u);
  ASSERT_EQ(s.per_team.size(), 20u);
  for (const auto& [team, n] : s.per_team) EXPECT_EQ(n, 10u) << team;
  EXPECT_TRUE(s.per_team.count("billing") && s.per_team.count("onboarding"));
  EXPECT_TRUE(s.per_team.count("team04") && s.per_team.count("team20"));
  // Tickets go to their team's queue; the 10 phone queues are the first 10 teams'.
  EXPECT_EQ(s.ticket_queues.size(), 20u);
  EXPECT_EQ(s.call_queues.size(), 10u);
  for (const auto& q : s.call_queues) EXPECT_TRUE(s.per_team.count(q)) << q;
  // Every agent (the bot too) is in one of the teams.
  for (const auto& a : r.agents) EXPECT_TRUE(s.per_team.count(a.team)) << a.id;
}

TEST(Shape, TicketsAndCallsReachEveryAgentAndQueue) {
  Records r = generate(benchmark_shape());
  Seen s = see(r);
  for (const auto& [agent, team] : s.team_of) EXPECT_TRUE(s.owners.count(agent)) << agent;
  std::map<std::string, size_t> calls_per_queue;
  for (const auto& c : r.calls) {
    ++calls_per_queue[c.queue];
    if (c.agent) {
      EXPECT_EQ(s.team_of.at(*c.agent), c.queue) << c.id;  // a team's own queue
    }
  }
  for (const auto& [queue, n] : calls_per_queue) EXPECT_GT(n, 100u) << queue;
  // Agents of teams with a phone queue take calls: every one of them does.
  for (const auto& [agent, team] : s.team_of)
    if (s.call_queues.count(team)) {
      EXPECT_TRUE(s.call_agents.count(agent)) << agent;
    }
  for (const auto& t : r.tickets)
    if (t.owner) {
      EXPECT_EQ(s.team_of.at(*t.owner), t.queue) << t.id;
    }
}

// More queues than teams: each team answers several, "<team>-2" and on.
TEST(Shape, MoreQueuesThanTeams) {
  GenOptions o;
  o.tickets = 3000;
  o.weeks = 2;
  o.queues = 7;
  Records r = generate(o);
  Seen s = see(r);
  EXPECT_EQ(s.call_queues, (std::set<std::string>{"billing", "tech", "onboarding", "billing-2",
                                                  "tech-2", "onboarding-2", "billing-3"}));
  for (const auto& c : r.calls)
    if (c.agent) {
      EXPECT_TRUE(c.queue.starts_with(s.team_of.at(*c.agent))) << c.id;
    }
}

// Agents beyond the named cast get unique logins and names in the same style; extra
// teams work in the first three teams' calendars in turn.
TEST(Shape, ExtraAgentsAndTeamsAreNamedDeterministically) {
  GenOptions o;
  o.tickets = 50;
  o.weeks = 1;
  o.agents = 600;  // past every first-and-last-name pair
  o.teams = 5;
  Records r = generate(o);
  std::set<std::string> ids, names;
  std::map<std::string, std::string> calendar;
  for (const auto& a : r.agents) {
    EXPECT_TRUE(ids.insert(a.id).second) << a.id;
    EXPECT_TRUE(names.insert(a.name).second) << a.name;
    if (a.kind == AgentKind::agent) calendar[a.team] = a.calendar.value_or("");
  }
  EXPECT_EQ(ids.size(), 601u);  // and the bot
  EXPECT_TRUE(ids.count("gen:marco.bianchi") && ids.count("gen:poppy.hughes"));
  EXPECT_TRUE(ids.count("gen:anna.marino") && names.count("Anna Marino"));
  EXPECT_TRUE(ids.count("gen:anna.marino.2") && names.count("Anna Marino 2"));
  EXPECT_EQ(calendar, (std::map<std::string, std::string>{{"billing", "billing"},
                                                          {"tech", "tech"},
                                                          {"onboarding", "onboarding"},
                                                          {"team04", "billing"},
                                                          {"team05", "tech"}}));
  EXPECT_EQ(generate(o).agents.size(), r.agents.size());
}

TEST(Shape, OneTeamHoldsTheBotToo) {
  GenOptions o;
  o.tickets = 200;
  o.weeks = 1;
  o.agents = 4;
  o.teams = 1;
  Records r = generate(o);
  for (const auto& a : r.agents) EXPECT_EQ(a.team, "billing") << a.id;
  for (const auto& c : r.calls) EXPECT_EQ(c.queue, "billing") << c.id;
}

TEST(Shape, SurveysOffLeavesEveryOtherRecordAsItWas) {
  GenOptions off = pinned();
  off.surveys = false;
  Records with = generate(pinned()), without = generate(off);
  EXPECT_FALSE(with.surveys.empty());
  EXPECT_TRUE(without.surveys.empty());
  with.surveys.clear();
  TempDir a, b;
  ASSERT_TRUE(write_ndjson_dir(pinned(), a.path()).ok());
  ASSERT_TRUE(write_ndjson_dir(off, b.path()).ok());
  for (const char* f : {"tickets.ndjson", "ticket_events.ndjson", "calls.ndjson",
                        "customers.ndjson", "agents.ndjson", "agent_sessions.ndjson"}) {
    std::ifstream x(a.file(f)), y(b.file(f));
    std::ostringstream sx, sy;
    sx << x.rdbuf();
    sy << y.rdbuf();
    EXPECT_EQ(sx.str(), sy.str()) << f;
  }
  EXPECT_EQ(with.size(), without.size());
}

TEST(Shape, BadShapesAreErrorsNamingTheOption) {
  auto where = [](auto change) {
    GenOptions o;
    change(o);
    auto r = check_options(o);
    return r ? std::string("ok") : r.error().where;
  };
  EXPECT_EQ(where([](GenOptions&) {}), "ok");
  EXPECT_EQ(where([](GenOptions& o) { o.agents = 0; }), "agents");
  EXPECT_EQ(where([](GenOptions& o) { o.agents = kMaxAgents + 1; }), "agents");
  EXPECT_EQ(where([](GenOptions& o) { o.teams = 0; }), "teams");
  EXPECT_EQ(where([](GenOptions& o) { o.teams = 21; }), "teams");  // 20 agents
  EXPECT_EQ(where([](GenOptions& o) { o.queues = kMaxQueues + 1; }), "queues");
  EXPECT_EQ(where([](GenOptions& o) { o.weeks = 0; }), "weeks");
  GenOptions o;
  o.teams = 30;
  EXPECT_TRUE(generate(o).agents.empty());  // generate checks too
}

}  // namespace
}  // namespace dp::gen
