// Mix-adjusted agent figures (docs/kpis.md, "Mix-adjusted agent figures"): a constructed
// team where one agent takes only the hard topic and is faster than the team on it,
// pooling of small team cells, agents without items, and both engines alike.
#include "kpi/mix_adjusted.h"

#include <cmath>
#include <map>
#include <tuple>

#include "fixtures.h"
#include "kpi/partials.h"

namespace dp::kpi::test {
namespace {

const std::optional<std::string> kMix = std::string("mix_adjusted");

// Tickets created on Tuesday 2026-11-17 (UTC, 24x7), answered after `frt` seconds and
// resolved after twice that.
struct Team : Data {
  int next = 0;
  void ticket_of(const std::string& owner, const std::string& topic, long long frt,
                 Channel ch = Channel::email) {
    const std::string id = "t" + std::to_string(++next);
    Ticket& t = ticket(id, "2026-11-17T01:00:00Z", "", owner, ch);
    t.created_at += Seconds(next);  // distinct instants
    t.tags = {topic};
    const Time created = t.created_at;
    TicketEvent& r = event(id, "2026-11-17T01:00:00Z", EventType::agent_reply, owner, true);
    r.at = created + Seconds(frt);
    r.id = id + ":r";
    TicketEvent& s = event(id, "2026-11-17T01:00:00Z", EventType::status_change, owner, false);
    s.at = created + Seconds(2 * frt);
    s.to = "resolved";
    s.id = id + ":s";
  }
  std::vector<Row> rows() const { return run({GroupBy::agent}, {"frt", "resolution_time", "aht"}); }
};

// Three agents take mostly easy tickets (30 min) and a few hard ones (4 h); `hard` takes
// only hard ones and answers each in 3 h, faster than the team's 4 h.
Team hard_topic_team() {
  Team d;
  for (const char* a : {"a1", "a2", "a3", "hard"}) d.agent(a, "support");
  for (const char* a : {"a1", "a2", "a3"}) {
    for (int i = 0; i < 10; ++i) d.ticket_of(a, "easy", 1800 + 30 * i);
    for (int i = 0; i < 2; ++i) d.ticket_of(a, "hard", 14400 + 300 * i);
  }
  for (int i = 0; i < 12; ++i) d.ticket_of("hard", "hard", 10800 + 120 * i);
  return d;
}

double frt_of(const std::vector<Row>& rows, const std::string& key, std::optional<std::string> v) {
  return value(rows, {"frt", "median", v, "business", key});
}

TEST(MixAdjusted, AnAgentOnHardTopicsIsRankedLastRawAndFirstAdjusted) {
  const auto rows = hard_topic_team().rows();
  for (const char* a : {"a1", "a2", "a3"}) {
    EXPECT_GT(frt_of(rows, "hard", std::nullopt), frt_of(rows, a, std::nullopt)) << a;
    EXPECT_LT(frt_of(rows, "hard", kMix), frt_of(rows, a, kMix)) << a;
  }
  // The team's median is 2025 s (between the 24th and 25th of 48 tickets, 30 of them
  // easy); hard's index is its 3 h against the hard cell's geometric mean (its own 12
  // and the others' 6 tickets).
  const Row* r = find(rows, {"frt", "median", kMix, "business", "hard"});
  ASSERT_TRUE(r && r->value && r->ci);
  double logs = 0, own = 0;
  for (int i = 0; i < 12; ++i) own += std::log1p(10800 + 120 * i);
  for (int a = 0; a < 3; ++a)
    for (int i = 0; i < 2; ++i) logs += std::log1p(14400 + 300 * i);
  const double expected = (own + logs) / 18;
  const double index = std::exp(own / 12 - expected);
  EXPECT_NEAR(*r->value, 2025 * index, 2025 * index * 1e-5);
  EXPECT_LT(r->ci->first, *r->value);
  EXPECT_GT(r->ci->second, *r->value);
  EXPECT_EQ(r->n, 12);
  EXPECT_TRUE(r->flags.empty());
  EXPECT_EQ(r->stat, "median");
  EXPECT_NE(r->definition.find("team's mix"), std::string::npos);
  // resolution_time too, in both bases.
  for (const char* basis : {"business", "calendar"})
    for (const char* a : {"a1", "a2", "a3"})
      EXPECT_LT(value(rows, {"resolution_time", "median", kMix, basis, "hard"}),
                value(rows, {"resolution_time", "median", kMix, basis, a}));
}

// Agents with the same mix: the adjusted figures keep the raw order and stay near the raw
// figures; one 20% slower in every cell reads 20% slower.
TEST(MixAdjusted, AnAgentWithTheTeamsMixKeepsAboutTheRawFigure) {
  Team d;
  d.agent("x", "s");
  d.agent("y", "s");
  for (int i = 0; i < 10; ++i) {
    d.ticket_of("x", "easy", 1800 + 60 * i);
    d.ticket_of("x", "hard", 7200 + 240 * i);
    d.ticket_of("y", "easy", std::llround(1.2 * (1800 + 60 * i)));
    d.ticket_of("y", "hard", std::llround(1.2 * (7200 + 240 * i)));
  }
  const auto rows = d.rows();
  for (const char* a : {"x", "y"}) {
    const double raw = frt_of(rows, a, std::nullopt), adj = frt_of(rows, a, kMix);
    EXPECT_NEAR(adj / raw, 1.0, 0.1) << a << " raw " << raw << " adjusted " << adj;
  }
  EXPECT_NEAR(frt_of(rows, "y", kMix) / frt_of(rows, "x", kMix), 1.2, 1e-3);
}

// A team cell under min_sample is pooled up to the topic, the channel or the team, and
// the rows of the agents with items in it say so.
TEST(MixAdjusted, SmallCellsArePooledAndFlagged) {
  Team d = hard_topic_team();
  d.ticket_of("a1", "rare", 5000);                 // 1 rare ticket in the team
  d.ticket_of("a2", "easy", 1900, Channel::chat);  // 1 easy chat: pooled to topic easy
  const auto rows = d.rows();
  for (const char* a : {"a1", "a2"}) {
    const Row* r = find(rows, {"frt", "median", kMix, "calendar", a});
    ASSERT_TRUE(r && r->value);
    EXPECT_EQ(r->flags, std::vector<std::string>{"pooled"}) << a;
  }
  for (const char* a : {"a3", "hard"}) {
    const Row* r = find(rows, {"frt", "median", kMix, "calendar", a});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->flags.empty()) << a;
  }
  // With fewer items than min_sample the row is low_sample as well.
  Team few;
  few.agent("p", "s");
  few.agent("q", "s");
  for (int i = 0; i < 3; ++i) few.ticket_of("p", "easy", 600 + i);
  few.ticket_of("q", "easy", 900);
  const auto few_rows = few.rows();
  const Row* r = find(few_rows, {"frt", "median", kMix, "business", "q"});
  ASSERT_TRUE(r && r->value);
  EXPECT_EQ(r->flags, (std::vector<std::string>{"low_sample", "pooled"}));
  EXPECT_FALSE(r->ci);  // one item: no interval
}

TEST(MixAdjusted, NoItemsNoValueWithAReason) {
  Team d = hard_topic_team();
  d.agent("calls-only", "support");
  d.call("c1", "2026-11-17T10:00:00Z", 10, CallOutcome::answered, "calls-only", 300, 0, 60);
  d.ticket("u1", "2026-11-17T09:00:00Z");  // no owner: (unassigned)
  d.reply("u1", "2026-11-17T09:30:00Z", "");
  const auto rows = d.rows();
  const Row* r = find(rows, {"frt", "median", kMix, "business", "calls-only"});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->value);
  EXPECT_EQ(r->reason, "no first response in the window");
  EXPECT_TRUE(r->flags.empty());
  r = find(rows, {"aht", "mean", kMix, std::nullopt, "a1"});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->value);
  EXPECT_EQ(r->reason, "no calls answered in the window");
  // The only agent on calls: its team's mean, index 1.
  EXPECT_NEAR(value(rows, {"aht", "mean", kMix, std::nullopt, "calls-only"}), 360, 1e-9);
  r = find(rows, {"frt", "median", kMix, "business", "(unassigned)"});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->value);
  EXPECT_EQ(r->reason, "not an agent: nobody to compare");
  // Other groupings have no mix-adjusted rows.
  for (const Row& row : d.run({GroupBy::overall, GroupBy::team}, {"frt", "aht"}))
    EXPECT_NE(row.variant, kMix) << row.kpi;
}

// docs/statistics.md, "Mix-adjusted figures": ratios 0.8, 1 and 1.25 to a team cell
// whose geometric mean (of 1 + seconds) is 600.
TEST(MixAdjusted, IntervalOfTheWorkedExample) {
  MixTally agent, team;
  for (long long x : {479, 599, 749}) agent.add(Measure::frt_business, {"A", "email"}, Seconds(x));
  team = agent;
  for (int i = 0; i < 10; ++i) team.add(Measure::frt_business, {"A", "email"}, Seconds(599));
  const auto ix = mix_index(agent, team, Measure::frt_business, 10);
  ASSERT_TRUE(ix && ix->ci);
  EXPECT_EQ(ix->n, 3);
  EXPECT_FALSE(ix->pooled);
  EXPECT_NEAR(600 * ix->index, 600, 1e-3);
  EXPECT_NEAR(600 * ix->ci->first, 344.678, 1e-2);
  EXPECT_NEAR(600 * ix->ci->second, 1044.453, 1e-2);
}

// aht compares a call with the team's calls of its queue.
TEST(MixAdjusted, HandleTimeAgainstTheTeamsQueue) {
  Team d;
  d.agent("fast", "s");
  d.agent("slow", "s");
  int n = 0;
  auto call = [&](const std::string& agent, const std::string& queue, int talk) {
    Call& c = d.call("c" + std::to_string(++n), "2026-11-17T10:00:00Z", 5, CallOutcome::answered,
                     agent, talk);
    c.queue = queue;
  };
  // `fast` takes only the long queue's calls, 10% under the others' there.
  for (int i = 0; i < 12; ++i) {
    call("fast", "billing", 900 + i);
    call("slow", "billing", 1000 + i);
    call("slow", "simple", 100 + i);
    call("slow", "simple", 110 + i);
  }
  const auto rows = d.rows();
  const double raw_fast = value(rows, {"aht", "mean", std::nullopt, std::nullopt, "fast"});
  const double raw_slow = value(rows, {"aht", "mean", std::nullopt, std::nullopt, "slow"});
  EXPECT_GT(raw_fast, raw_slow);
  EXPECT_LT(value(rows, {"aht", "mean", kMix, std::nullopt, "fast"}),
            value(rows, {"aht", "mean", kMix, std::nullopt, "slow"}));
}

// The partials give the record engine's rows: the same index (integer sums), the team's
// median from the sketch (within its relative error).
TEST(MixAdjusted, PartialsGiveTheSameRows) {
  Team d = hard_topic_team();
  d.ticket_of("a1", "rare", 5000);
  d.agent("calls-only", "support");
  d.call("c1", "2026-11-17T10:00:00Z", 10, CallOutcome::answered, "calls-only", 300, 0, 60);
  d.call("c2", "2026-11-18T10:00:00Z", 10, CallOutcome::answered, "a1", 200, 0, 60);
  Request req;
  req.windows = {week()};
  req.groupings = {GroupBy::agent, GroupBy::team};
  const auto exact = compute(d.r, d.ctx, req);
  const Input in(d.r, d.ctx);
  const auto fast = compute_from_partials(build_partials(in), d.ctx.options, req);
  ASSERT_TRUE(fast) << fast.error().message;
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, const Row*> mine;
  for (const Row& r : exact)
    if (r.variant == kMix) mine[{r.kpi, r.key, r.basis.value_or(""), r.stat}] = &r;
  size_t seen = 0;
  for (const Row& r : *fast) {
    if (r.variant != kMix) continue;
    ++seen;
    const Row* e = mine[{r.kpi, r.key, r.basis.value_or(""), r.stat}];
    ASSERT_TRUE(e) << r.kpi << " " << r.key;
    EXPECT_EQ(r.n, e->n);
    EXPECT_EQ(r.flags, e->flags);
    EXPECT_EQ(r.reason, e->reason);
    ASSERT_EQ(r.value.has_value(), e->value.has_value());
    if (r.value) {
      EXPECT_NEAR(*r.value, *e->value, kSketchAlpha * *e->value) << r.kpi << r.key;
    }
  }
  EXPECT_EQ(seen, mine.size());
  EXPECT_EQ(seen, 5u * 5u);  // a1, a2, a3, hard and calls-only, 5 figures each
}

}  // namespace
}  // namespace dp::kpi::test
