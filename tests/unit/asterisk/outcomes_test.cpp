// Each outcome, wrap-up rules and impossible event orders, on hand-written lines.
#include <gtest/gtest.h>

#include "asterisk/queue_log_source.h"
#include "feed.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

using test::at;
using test::feed;

TEST(Outcomes, CompleteAgentAndCaller) {
  auto f = feed({"0|c1|q|NONE|ENTERQUEUE||0611|1", "9|c1|q|SIP/1|CONNECT|9|c1-b|4",
                 "69|c1|q|SIP/1|COMPLETEAGENT|9|60|1", "100|c2|q|NONE|ENTERQUEUE||0622|1",
                 "103|c2|q|SIP/2|CONNECT|3|c2-b|3", "133|c2|q|SIP/2|COMPLETECALLER|3|30|1"});
  ASSERT_EQ(f.records.calls.size(), 2u);
  EXPECT_TRUE(f.rejected.empty());
  const Call& a = f.records.calls[0];
  EXPECT_EQ(a.id, "asterisk:c1:q");
  EXPECT_EQ(a.outcome, CallOutcome::answered);
  EXPECT_EQ(a.wait, Seconds{9});
  EXPECT_EQ(a.talk, Seconds{60});
  EXPECT_EQ(a.answered_at, at(9));
  EXPECT_EQ(a.ended_at, at(69));
  EXPECT_NE(a.extra.find("COMPLETEAGENT"), std::string::npos);
  EXPECT_NE(f.records.calls[1].extra.find("COMPLETECALLER"), std::string::npos);
}

TEST(Outcomes, HoldtimeFromAsteriskWinsOverTimestamps) {
  // CONNECT's holdtime includes ringing and is what app_queue measured; the line's own
  // timestamp can be a second later.
  auto f = feed({"0|c|q|NONE|ENTERQUEUE||0611|1", "12|c|q|SIP/1|CONNECT|11|c-b|6",
                 "50|c|q|SIP/1|COMPLETECALLER|11|37|1"});
  ASSERT_EQ(f.records.calls.size(), 1u);
  EXPECT_EQ(f.records.calls[0].wait, Seconds{11});
  EXPECT_EQ(f.records.calls[0].talk, Seconds{37});
}

TEST(Outcomes, UnansweredEndings) {
  auto f = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "4|a|q|NONE|ABANDON|1|1|4",
                 "10|t|q|NONE|ENTERQUEUE||2|1", "20|e|q|NONE|ENTERQUEUE||3|1",
                 "50|e|q|NONE|EXITEMPTY|1|1|30", "60|k|q|NONE|ENTERQUEUE||4|1",
                 "75|k|q|NONE|EXITWITHKEY|9|1",  // the old form, without waittime
                 "80|l|q|NONE|ENTERQUEUE||5|1", "90|l|q|NONE|LEAVEEMPTY|1|1|10",
                 "310|t|q|NONE|EXITWITHTIMEOUT|1|1|300"});
  ASSERT_EQ(f.records.calls.size(), 5u);
  auto& c = f.records.calls;
  EXPECT_EQ(c[0].outcome, CallOutcome::abandoned);
  EXPECT_EQ(c[0].wait, Seconds{4});
  EXPECT_EQ(c[1].outcome, CallOutcome::timeout);  // EXITEMPTY
  EXPECT_EQ(c[1].wait, Seconds{30});
  EXPECT_EQ(c[2].outcome, CallOutcome::voicemail);
  EXPECT_EQ(c[2].wait, Seconds{15});  // no waittime column: from the timestamps
  EXPECT_NE(c[2].extra.find("\"key\":\"9\""), std::string::npos);
  EXPECT_EQ(c[3].outcome, CallOutcome::timeout);  // LEAVEEMPTY
  EXPECT_EQ(c[4].outcome, CallOutcome::timeout);
  EXPECT_EQ(c[4].wait, Seconds{300});
  for (auto& call : c) {
    EXPECT_FALSE(call.agent.has_value());
    EXPECT_FALSE(call.answered_at.has_value());
  }
  EXPECT_TRUE(f.rejected.empty());
}

TEST(Outcomes, BlockedCallsNeverEnteredTheQueue) {
  auto f = feed({"0|b1|q|NONE|FULL", "1|b2|q|NONE|JOINEMPTY", "2|b3|q|NONE|JOINUNAVAIL"});
  ASSERT_EQ(f.records.calls.size(), 3u);
  for (auto& c : f.records.calls) {
    EXPECT_EQ(c.outcome, CallOutcome::blocked);
    EXPECT_EQ(c.wait, Seconds{0});
    EXPECT_EQ(c.ended_at, c.offered_at);
  }
  EXPECT_NE(f.records.calls[2].extra.find("JOINUNAVAIL"), std::string::npos);
}

TEST(Outcomes, AttendedTransferLinkFormShiftsColumns) {
  auto f = feed({"0|x|q|NONE|ENTERQUEUE||1|1", "5|x|q|SIP/1|CONNECT|5|x-b|2",
                 "80|x|q|SIP/1|ATTENDEDTRANSFER|LINK|SIP/1-01|SIP/9-02|5|75|1",
                 "100|y|q|NONE|ENTERQUEUE||2|1", "103|y|q|SIP/1|CONNECT|3|y-b|2",
                 "150|y|q|SIP/1|ATTENDEDTRANSFER|APP|Dial|3|47|1"});
  ASSERT_EQ(f.records.calls.size(), 2u);
  EXPECT_EQ(f.records.calls[0].outcome, CallOutcome::transferred);
  EXPECT_EQ(f.records.calls[0].wait, Seconds{5});
  EXPECT_EQ(f.records.calls[0].talk, Seconds{75});
  EXPECT_EQ(f.records.calls[1].talk, Seconds{47});
}

TEST(Outcomes, RingNoAnswerIsMillisecondsAndChangesNothing) {
  auto f = feed({"0|r|q|NONE|ENTERQUEUE||1|1", "15|r|q|SIP/2|RINGNOANSWER|15000",
                 "18|r|q|SIP/1|CONNECT|18|r-b|3", "48|r|q|SIP/1|COMPLETEAGENT|18|30|1",
                 "50|s|q|SIP/2|RINGNOANSWER|abc"});
  ASSERT_EQ(f.records.calls.size(), 1u);
  EXPECT_EQ(f.records.calls[0].wait, Seconds{18});
  EXPECT_EQ(f.records.calls[0].agent, "SIP/1");
  ASSERT_EQ(f.rejected.size(), 1u);
  EXPECT_EQ(f.rejected[0].field, "data1");
}

TEST(Outcomes, WrapFromQueueConfigOrPause) {
  QueueLogOptions o;
  o.wrapuptime = Seconds{15};
  o.wrapuptime_by_queue["vip"] = Seconds{45};
  auto fixed = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "2|a|q|SIP/1|CONNECT|2|a-b|2",
                     "62|a|q|SIP/1|COMPLETEAGENT|2|60|1", "100|b|vip|NONE|ENTERQUEUE||1|1",
                     "101|b|vip|SIP/1|CONNECT|1|b-b|1", "161|b|vip|SIP/1|COMPLETEAGENT|1|60|1"},
                    o);
  ASSERT_EQ(fixed.records.calls.size(), 2u);
  EXPECT_EQ(fixed.records.calls[0].wrap, Seconds{15});
  EXPECT_EQ(fixed.records.calls[1].wrap, Seconds{45});

  o.wrapup_pause_reason = "acw";
  auto paused = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "2|a|q|SIP/1|CONNECT|2|a-b|2",
                      "62|a|q|SIP/1|COMPLETEAGENT|2|60|1", "63|NONE|q|SIP/1|PAUSE|acw",
                      "63|NONE|vip|SIP/1|PAUSE|acw", "150|NONE|q|SIP/1|UNPAUSE|acw"},
                     o);
  ASSERT_EQ(paused.records.calls.size(), 1u);
  EXPECT_EQ(paused.records.calls[0].wrap, Seconds{88});  // 62 -> 150

  // Another pause reason, or a pause long after the call, is not wrap-up.
  auto other = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "2|a|q|SIP/1|CONNECT|2|a-b|2",
                     "62|a|q|SIP/1|COMPLETEAGENT|2|60|1", "63|NONE|q|SIP/1|PAUSE|lunch"},
                    o);
  ASSERT_EQ(other.records.calls.size(), 1u);
  EXPECT_EQ(other.records.calls[0].wrap, Seconds{15});
}

TEST(Outcomes, WaitingForWrapPauseStaysPending) {
  QueueLogOptions o;
  o.wrapup_pause_reason = "acw";
  auto f = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "2|a|q|SIP/1|CONNECT|2|a-b|2",
                 "62|a|q|SIP/1|COMPLETEAGENT|2|60|1", "64|NONE|q|SIP/1|PAUSE|acw"},
                o);
  EXPECT_TRUE(f.records.calls.empty());
  EXPECT_EQ(f.open, 1u);
}

TEST(ImpossibleOrders, ConnectBeforeEnterqueueRebuildsTheCall) {
  auto f = feed({"10|c|q|SIP/1|CONNECT|7|c-b|2", "70|c|q|SIP/1|COMPLETECALLER|7|60|1"});
  ASSERT_EQ(f.records.calls.size(), 1u);
  EXPECT_EQ(f.records.calls[0].offered_at, at(3));
  EXPECT_EQ(f.records.calls[0].wait, Seconds{7});
  ASSERT_EQ(f.rejected.size(), 1u);
  EXPECT_NE(f.rejected[0].message.find("CONNECT without ENTERQUEUE"), std::string::npos);
}

TEST(ImpossibleOrders, CompleteWithoutConnectAndAbandonAfterConnect) {
  auto f = feed({"0|c|q|NONE|ENTERQUEUE||1|1", "40|c|q|SIP/1|COMPLETEAGENT|10|30|1",
                 "50|d|q|NONE|ENTERQUEUE||1|1", "52|d|q|SIP/1|CONNECT|2|d-b|1",
                 "60|d|q|NONE|ABANDON|1|1|10", "90|d|q|SIP/1|COMPLETECALLER|2|38|1"});
  ASSERT_EQ(f.records.calls.size(), 2u);
  EXPECT_EQ(f.records.calls[0].answered_at, at(10));
  EXPECT_EQ(f.records.calls[0].wait, Seconds{10});
  EXPECT_EQ(f.records.calls[1].outcome, CallOutcome::answered);
  EXPECT_EQ(f.records.calls[1].talk, Seconds{38});
  ASSERT_EQ(f.rejected.size(), 2u);
  EXPECT_EQ(f.rejected[0].where, "test:2");
  EXPECT_EQ(f.rejected[1].where, "test:5");
}

TEST(ImpossibleOrders, NegativeDurationsAreClampedAndReported) {
  auto f = feed({"100|c|q|NONE|ENTERQUEUE||1|1", "90|c|q|NONE|ABANDON|1|1|"});
  ASSERT_EQ(f.records.calls.size(), 1u);
  EXPECT_EQ(f.records.calls[0].wait, Seconds{0});
  ASSERT_EQ(f.rejected.size(), 2u);  // the clock, then the negative wait
  EXPECT_EQ(f.rejected[0].field, "time");
  EXPECT_EQ(f.rejected[1].field, "data3");
}

TEST(ImpossibleOrders, SessionsWithoutLoginAndLogoffBeforeLogin) {
  auto f = feed({"100|NONE|q|SIP/1|REMOVEMEMBER", "200|NONE|NONE|Agent/7|AGENTLOGOFF|SIP/7|150",
                 "300|NONE|q|SIP/2|ADDMEMBER", "290|NONE|q|SIP/2|REMOVEMEMBER"});
  ASSERT_EQ(f.records.sessions.size(), 1u);  // the logoff knows its login time
  EXPECT_EQ(f.records.sessions[0].start, at(50));
  EXPECT_EQ(f.records.sessions[0].end, at(200));
  ASSERT_EQ(f.rejected.size(), 3u);  // REMOVEMEMBER alone; clock; logoff before login
  EXPECT_EQ(f.rejected[0].where, "test:1");
}

TEST(ImpossibleOrders, RestartEndsCallsInQueueAndKeepsPersistentMembers) {
  auto f = feed({"0|NONE|q|SIP/1|ADDMEMBER", "10|a|q|NONE|ENTERQUEUE||1|1",
                 "20|NONE|NONE|NONE|QUEUESTART", "21|NONE|q|SIP/1|ADDMEMBER",
                 "30|a|q|NONE|ABANDON|1|1|20", "100|NONE|q|SIP/1|REMOVEMEMBER"});
  EXPECT_EQ(f.open, 0u);
  ASSERT_EQ(f.rejected.size(), 2u);
  EXPECT_NE(f.rejected[0].message.find("cut by an Asterisk restart"), std::string::npos);
  EXPECT_NE(f.rejected[1].message.find("ABANDON without ENTERQUEUE"), std::string::npos);
  ASSERT_EQ(f.records.sessions.size(), 1u);  // re-added after the restart: one span
  EXPECT_EQ(f.records.sessions[0].start, at(0));
  EXPECT_EQ(f.records.sessions[0].end, at(100));
}

TEST(ImpossibleOrders, CallWithoutEndForADayIsDropped) {
  auto f = feed({"0|a|q|NONE|ENTERQUEUE||1|1", "90000|b|q|NONE|ENTERQUEUE||2|1"});
  EXPECT_EQ(f.open, 1u);
  ASSERT_EQ(f.rejected.size(), 1u);
  EXPECT_NE(f.rejected[0].message.find("asterisk:a:q had no end within 24 h"), std::string::npos);
}

TEST(Malformed, ReportedWithFileAndLineTheRestKept) {
  auto path = test::fixture("malformed.queue_log");
  auto b = read_queue_log_file(path, {});
  ASSERT_TRUE(b.ok());
  std::vector<std::string> where;
  for (auto& r : b->rejected) where.push_back(r.where.substr(r.where.rfind(':') + 1) + r.field);
  EXPECT_EQ(where,
            (std::vector<std::string>{"2", "3time", "4", "6data2", "7", "10data3", "11time"}));
  EXPECT_EQ(b->rejected[0].where, path + ":2");
  ASSERT_EQ(b->records.calls.size(), 4u);
  auto& c = b->records.calls;
  EXPECT_EQ(c[0].id, "asterisk:m1:support");
  EXPECT_EQ(c[0].talk, Seconds{60});  // "abc": from the timestamps
  EXPECT_EQ(c[1].id, "asterisk:m2:support");
  EXPECT_EQ(c[1].offered_at, at(93));
  EXPECT_EQ(c[2].caller, "06??0002");  // bytes that are not UTF-8
  EXPECT_EQ(c[2].wait, Seconds{20});
  EXPECT_EQ(c[3].outcome, CallOutcome::timeout);
}

}  // namespace
}  // namespace dp::asterisk
