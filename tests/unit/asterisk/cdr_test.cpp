// Master.csv: the cdr_csv layouts (16, 17, 18, 21 columns), unknown layouts reported,
// dispositions, CDR-only deployments and enrichment of queue_log calls.
#include "asterisk/cdr.h"

#include <gtest/gtest.h>

#include "asterisk/cdr_source.h"
#include "asterisk/queue_log_source.h"
#include "feed.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

using test::at;

const char* kBase16 =
    R"("","0611","100","support","","SIP/t-01","SIP/1001-02","Dial","SIP/1001","2026-11-23 08:00:00","2026-11-23 08:00:05","2026-11-23 08:01:05",65,60,"ANSWERED","DOCUMENTATION")";

TEST(Cdr, Default16ColumnsCdrOnlyDeployment) {
  CdrOptions o;
  o.queue_by_context["from-pstn"] = "inbound";
  auto b = read_cdr_file(test::fixture("cdr_16.csv"), o);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->rejected.size(), 1u);  // line 7: duration 10 < billsec 20
  EXPECT_EQ(b->rejected[0].where, test::fixture("cdr_16.csv") + ":7");
  EXPECT_EQ(b->rejected[0].field, "billsec");
  auto& c = b->records.calls;
  ASSERT_EQ(c.size(), 7u);
  EXPECT_EQ(c[0].id, "asterisk:cdr:SIP/trunk-00000001@1795420800");
  EXPECT_EQ(c[0].outcome, CallOutcome::answered);
  EXPECT_EQ(c[0].queue, "support");
  EXPECT_EQ(c[0].caller, "0611000001");
  EXPECT_EQ(c[0].agent, "SIP/1001");
  EXPECT_EQ(c[0].wait, Seconds{12});  // duration 192 - billsec 180
  EXPECT_EQ(c[0].talk, Seconds{180});
  EXPECT_EQ(c[0].answered_at, at(12));
  EXPECT_EQ(c[0].ended_at, at(192));
  EXPECT_EQ(c[1].outcome, CallOutcome::abandoned);  // NO ANSWER
  EXPECT_EQ(c[1].wait, Seconds{30});
  EXPECT_FALSE(c[1].agent.has_value());
  EXPECT_FALSE(c[1].answered_at.has_value());
  EXPECT_EQ(c[2].outcome, CallOutcome::blocked);  // BUSY
  EXPECT_EQ(c[3].outcome, CallOutcome::blocked);  // FAILED
  EXPECT_EQ(c[3].queue, "inbound");
  EXPECT_EQ(c[4].outcome, CallOutcome::blocked);  // CONGESTION
  EXPECT_EQ(c[4].wait, Seconds{2});
  EXPECT_EQ(c[5].queue, "sales");  // Queue(sales,...)
  EXPECT_EQ(c[5].agent, "Local/1002@agents");
  EXPECT_EQ(c[5].wait, Seconds{20});
  EXPECT_EQ(c[6].caller, "0611000008");
  EXPECT_EQ(c[6].agent, "SIP/1002");
}

TEST(Cdr, LocalTimeZoneAndQueueCallsLeftToQueueLog) {
  CdrOptions o;
  o.time_zone = "Europe/Paris";  // usegmtime=no: the dates are Paris wall time
  o.skip_queue_calls = true;
  auto b = read_cdr_file(test::fixture("cdr_16.csv"), o);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->records.calls.size(), 6u);
  EXPECT_EQ(b->records.calls[0].offered_at, at(-3600));
  for (auto& c : b->records.calls) EXPECT_NE(c.queue, "sales");
}

TEST(Cdr, NonUtf8BytesAreReplaced) {
  auto r = parse_cdr_line(
      "\"\",\"0611\",\"100\",\"support\",\"\xe9t\xe9 <0611>\",\"SIP/t-01\",\"\",\"Dial\",\"x\","
      "\"2026-11-23 08:00:00\",,\"2026-11-23 08:00:05\",5,0,\"NO ANSWER\",\"DOCUMENTATION\"",
      "UTC");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->clid, "?t? <0611>");
}

TEST(Cdr, Layout18WithUniqueidAndUserfield) {
  auto b = read_cdr_file(test::fixture("cdr_18.csv"), {});
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->records.calls.size(), 2u);
  EXPECT_TRUE(b->rejected.empty());
  EXPECT_EQ(b->records.calls[0].id, "asterisk:cdr:1795424400.1");
  EXPECT_NE(b->records.calls[0].extra.find("\"userfield\":\"vip\""), std::string::npos);
  EXPECT_EQ(b->records.calls[1].outcome, CallOutcome::abandoned);
  EXPECT_EQ(b->records.calls[1].wait, Seconds{40});
}

TEST(Cdr, Layout17TellsUniqueidFromUserfield) {
  auto uid = parse_cdr_line(std::string(kBase16) + ",\"1795420800.9\"", "UTC");
  ASSERT_TRUE(uid.ok());
  EXPECT_EQ(uid->uniqueid, "1795420800.9");
  EXPECT_EQ(uid->userfield, "");
  auto uf = parse_cdr_line(std::string(kBase16) + ",\"gold\"", "UTC");
  ASSERT_TRUE(uf.ok());
  EXPECT_EQ(uf->uniqueid, "");
  EXPECT_EQ(uf->userfield, "gold");
}

TEST(Cdr, Layout21WithNewColumns) {
  auto b = read_cdr_file(test::fixture("cdr_21.csv"), {});
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->records.calls.size(), 2u);
  const Call& q = b->records.calls[0];
  EXPECT_EQ(q.id, "asterisk:cdr:1795420800.5");  // the linkedid
  EXPECT_EQ(q.queue, "support");
  EXPECT_EQ(q.agent, "Local/1001@agents");
  EXPECT_EQ(q.wait, Seconds{18});
  EXPECT_NE(q.extra.find("\"linkedid\":\"1795420800.5\""), std::string::npos);
  EXPECT_NE(b->records.calls[1].extra.find("\"linkedid\":\"1795421400.6\""), std::string::npos);
}

TEST(Cdr, UnknownLayoutsAreReportedNotGuessed) {
  auto path = test::fixture("cdr_unknown.csv");
  auto b = read_cdr_file(path, {});
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->records.calls.size(), 1u);
  ASSERT_EQ(b->rejected.size(), 3u);
  EXPECT_EQ(b->rejected[0].where, path + ":1");
  EXPECT_NE(b->rejected[0].message.find("unknown CDR layout (19 columns)"), std::string::npos);
  EXPECT_NE(b->rejected[1].message.find("(14 columns)"), std::string::npos);
  EXPECT_EQ(b->rejected[2].where, path + ":4");
  EXPECT_NE(b->rejected[2].message.find("HUNG UP"), std::string::npos);
}

TEST(Cdr, ChannelPeer) {
  EXPECT_EQ(channel_peer("SIP/301-00000004"), "SIP/301");
  EXPECT_EQ(channel_peer("PJSIP/client2-00000003"), "PJSIP/client2");
  EXPECT_EQ(channel_peer("Local/2004@from-internal-0000a;1"), "Local/2004@from-internal");
  EXPECT_EQ(channel_peer("SIP/my-trunk"), "SIP/my-trunk");  // no hex sequence: kept
}

TEST(Cdr, EnrichesQueueCallsWithoutCountingThemTwice) {
  QueueLogOptions o;
  o.cdr_path = test::fixture("cdr_21.csv");
  auto b = read_queue_log_file(test::fixture("with_cdr.queue_log"), o);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->records.calls.size(), 1u);
  const Call& c = b->records.calls[0];
  EXPECT_EQ(c.id, "asterisk:1795420800.5:support");
  EXPECT_EQ(c.caller, "0633000001");  // "anonymous" in queue_log
  EXPECT_NE(c.extra.find("\"linkedid\":\"1795420800.5\""), std::string::npos);
  EXPECT_NE(c.extra.find("\"reason\":\"COMPLETEAGENT\""), std::string::npos);
  EXPECT_EQ(c.wait, Seconds{18});
}

TEST(CdrSource, TailsWithAnOffsetCursor) {
  // The fixture is read in polls of 3 lines; the cursor carries the offset.
  CdrOptions o;
  o.batch_lines = 3;
  CdrSource src("cdr", test::fixture("cdr_16.csv"), o);
  std::string cursor;
  size_t calls = 0, rejected = 0, polls = 0;
  bool more = true;
  while (more && polls < 20) {
    auto b = src.poll(cursor);
    ASSERT_TRUE(b.ok());
    calls += b->records.calls.size();
    rejected += b->rejected.size();
    cursor = b->cursor;
    more = b->more;
    ++polls;
  }
  EXPECT_EQ(calls, 7u);
  EXPECT_EQ(rejected, 1u);
  EXPECT_EQ(polls, 3u);
  auto again = src.poll(cursor);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->records.calls.empty());
}

}  // namespace
}  // namespace dp::asterisk
