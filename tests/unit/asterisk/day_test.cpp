// A realistic day of two queues (tests/fixtures/asterisk/day.queue_log, written by hand
// from the app_queue event formats), with every call's expectation worked out by hand.
//
// Options: wrapuptime 10 s, support 30 s, wrap-up pause reason "wrapup".
// Expected KPIs for an end-to-end test (SL threshold 20 s, wait <= 20 counts; short
// abandon < 5 s; blocked = FULL/JOINEMPTY/JOINUNAVAIL, not offered to an agent):
//
// | group      | calls | blocked | queued | answered (of which transferred) | SL (ans<=20/answered)
// | ASA          | abandoned (short) | timeout | voicemail | AHT (talk+wrap)/answered |
// |------------|-------|---------|--------|---------------------------------|-----------------------|--------------|-------------------|---------|-----------|--------------------------|
// | overall    | 22    | 3       | 19     | 12 (4)                          | 8/12 | 232/12=19.33 |
// 4 (2)             | 2       | 1         | (2001+312)/12 = 192.75   | | support    | 15    | 1 |
// 14     | 9 (4)                           | 6/9                   | 162/9 = 18   | 3 (2) | 1 | 1
// | (1541+282)/9 = 202.56    | | sales      | 7     | 2       | 5      | 3 (0) | 2/3 | 70/3 = 23.33
// | 1 (0)             | 1       | 0         | (560+30)/3 = 196.67      | | SIP/1001   |       | |
// | 6 (3)                           | 4/6                   | 103/6 = 17.17|                   | |
// | (905+192)/6 = 182.83     | | SIP/1002   |       |         |        | 3 (1) | 2/3 | 59/3 = 19.67
// |                   |         |           | (636+90)/3 = 242         | | Agent/2001 |       | |
// | 3 (0)                           | 2/3                   | 70/3 = 23.33 |                   | |
// | (560+30)/3 = 196.67      |
//
// SL variants: support 6/14 over queued calls, 6/12 excluding short abandons.
// Abandonment: support 3/14 (1/12 excluding short abandons), sales 1/5, overall 4/19.
// Sessions: SIP/1001 support t=10..6000 paused 40 s (its wrap-up pause 300..340);
// SIP/1002 support t=12..6100 paused 1800 s (lunch 3300..5100); Agent/2001 all queues
// t=15..6800 paused 600 s (PAUSEALL 5000..5600). Call s99 (t=7000) is still waiting at
// the end of the file. One unknown event (OUTDIAL).
#include <gtest/gtest.h>

#include <map>

#include "asterisk/queue_log_source.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

using test::at;

struct Expect {
  const char* id;
  CallOutcome outcome;
  const char* agent;  // "" = none
  long long offered, wait, talk, wrap;
  const char* caller;
};

const Expect kCalls[] = {
    {"asterisk:s01:support", CallOutcome::answered, "SIP/1001", 100, 18, 180, 42, "0612345678"},
    {"asterisk:s02:support", CallOutcome::answered, "SIP/1002", 200, 35, 300, 30, "0698765432"},
    {"asterisk:s03:support", CallOutcome::abandoned, "", 400, 3, 0, 0, "0611111111"},
    {"asterisk:s04:support", CallOutcome::abandoned, "", 600, 45, 0, 0, "0622222222"},
    {"asterisk:s05:support", CallOutcome::timeout, "", 700, 300, 0, 0, "0633333333"},
    {"asterisk:s06:support", CallOutcome::voicemail, "", 1100, 60, 0, 0, "0644444444"},
    {"asterisk:s08:support", CallOutcome::blocked, "", 1300, 0, 0, 0, ""},
    {"asterisk:s09:support", CallOutcome::transferred, "SIP/1001", 1400, 10, 120, 30, "0655555555"},
    {"asterisk:s10:support", CallOutcome::transferred, "SIP/1001", 1800, 15, 85, 30, "0666666666"},
    {"asterisk:s11:support", CallOutcome::transferred, "SIP/1002", 2000, 4, 96, 30, "0688888888"},
    {"asterisk:s12:support", CallOutcome::transferred, "SIP/1001", 2200, 25, 100, 30, "0699999999"},
    {"asterisk:s13:support", CallOutcome::answered, "SIP/1002", 3000, 20, 240, 30, "0620202020"},
    {"asterisk:s14:support", CallOutcome::answered, "SIP/1001", 3100, 5, 120, 30, "0630303030"},
    {"asterisk:s15:support", CallOutcome::abandoned, "", 3400, 2, 0, 0, "0640404040"},
    {"asterisk:s16:support", CallOutcome::answered, "SIP/1001", 3500, 30, 300, 30, "0650505050"},
    {"asterisk:l01:sales", CallOutcome::answered, "Agent/2001", 500, 12, 300, 10,
     "+33 6 55 55 55 55"},
    {"asterisk:l02:sales", CallOutcome::abandoned, "", 900, 40, 0, 0, "0677777777"},
    {"asterisk:l03:sales", CallOutcome::blocked, "", 1250, 0, 0, 0, ""},
    {"asterisk:l04:sales", CallOutcome::blocked, "", 1260, 0, 0, 0, ""},
    {"asterisk:s09:sales", CallOutcome::answered, "Agent/2001", 1532, 8, 160, 10, "0655555555"},
    {"asterisk:l05:sales", CallOutcome::answered, "Agent/2001", 2500, 50, 100, 10, "0610101010"},
    {"asterisk:l06:sales", CallOutcome::timeout, "", 4000, 30, 0, 0, "0660606060"},
};

class Day : public ::testing::Test {
 protected:
  void SetUp() override {
    auto batch = read_queue_log_file(test::fixture("day.queue_log"), test::day_options(), &stats);
    ASSERT_TRUE(batch.ok()) << batch.error().str();
    b = std::move(*batch);
    for (auto& c : b.records.calls) calls[c.id] = &c;
  }
  Batch b;
  AssemblerStats stats;
  std::map<std::string, const Call*> calls;
};

TEST_F(Day, EveryCallAsWorkedOutByHand) {
  ASSERT_EQ(b.records.calls.size(), std::size(kCalls));
  for (const auto& e : kCalls) {
    SCOPED_TRACE(e.id);
    ASSERT_TRUE(calls.count(e.id));
    const Call& c = *calls[e.id];
    EXPECT_EQ(c.outcome, e.outcome);
    EXPECT_EQ(c.agent.value_or(""), e.agent);
    EXPECT_EQ(c.offered_at, at(e.offered));
    EXPECT_EQ(c.wait.count(), e.wait);
    EXPECT_EQ(c.talk.count(), e.talk);
    EXPECT_EQ(c.wrap.count(), e.wrap);
    EXPECT_EQ(c.caller, e.caller);
    EXPECT_EQ(c.hold.count(), 0);
    ASSERT_TRUE(c.ended_at.has_value());
    bool handled = e.outcome == CallOutcome::answered || e.outcome == CallOutcome::transferred;
    EXPECT_EQ(c.answered_at.has_value(), handled);
    if (handled) {
      EXPECT_EQ(*c.answered_at, at(e.offered + e.wait));
      EXPECT_EQ(*c.ended_at, at(e.offered + e.wait + e.talk));
    } else if (e.outcome != CallOutcome::blocked) {
      EXPECT_EQ(*c.ended_at, at(e.offered + e.wait));
    }
  }
}

TEST_F(Day, TransfersNameTheirTarget) {
  EXPECT_NE(calls["asterisk:s09:support"]->extra.find("\"transfer\":\"2000@from-internal\""),
            std::string::npos);
  EXPECT_NE(calls["asterisk:s11:support"]->extra.find("LINK:SIP/1002-0000001a"), std::string::npos);
  EXPECT_NE(calls["asterisk:s12:support"]->extra.find("BRIDGE:4b5e1d2c-6f1a"), std::string::npos);
  EXPECT_NE(calls["asterisk:s09:sales"]->extra.find("\"uniqueid\":\"s09\""), std::string::npos);
}

TEST_F(Day, SessionsWithPausedSeconds) {
  ASSERT_EQ(b.records.sessions.size(), 3u);
  std::map<std::string, const AgentSession*> by_agent;
  for (auto& s : b.records.sessions) by_agent[s.agent] = &s;
  auto check = [&](const char* agent, const char* queue, long long start, long long end,
                   long long paused) {
    SCOPED_TRACE(agent);
    ASSERT_TRUE(by_agent.count(agent));
    const AgentSession& s = *by_agent[agent];
    EXPECT_EQ(s.queue, queue);
    EXPECT_EQ(s.start, at(start));
    EXPECT_EQ(s.end, at(end));
    EXPECT_EQ(s.paused.count(), paused);
  };
  check("SIP/1001", "support", 10, 6000, 40);
  check("SIP/1002", "support", 12, 6100, 1800);
  check("Agent/2001", "", 15, 6800, 600);
}

TEST_F(Day, CallStillWaitingIsPendingUnknownEventCounted) {
  // s99 is still waiting at the end: not an error, not a call yet, counted in the stats.
  EXPECT_TRUE(b.rejected.empty()) << b.rejected[0].str();
  EXPECT_EQ(stats.waiting_at_end, 1u);
  EXPECT_EQ(stats.connected_at_end, 0u);
  for (auto& c : b.records.calls) EXPECT_NE(c.id, "asterisk:s99:support");
  ASSERT_EQ(b.warnings.size(), 1u);
  EXPECT_NE(b.warnings[0].find("1 call(s) in progress"), std::string::npos) << b.warnings[0];
  EXPECT_EQ(stats.unknown.size(), 1u);
  EXPECT_EQ(stats.unknown["OUTDIAL"], 1u);
  EXPECT_EQ(stats.lines, 72u);
}

TEST_F(Day, QueueFilterKeepsOnlyListedQueues) {
  auto opt = test::day_options();
  opt.queues = {"sales"};
  auto only = read_queue_log_file(test::fixture("day.queue_log"), opt);
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->records.calls.size(), 7u);
  for (auto& c : only->records.calls) EXPECT_EQ(c.queue, "sales");
}

}  // namespace
}  // namespace dp::asterisk
