// Line parsing: the pipe form, the DB export form (data1..data5, local time, the old
// single data column) and what is not a queue_log line.
#include "asterisk/queue_log_event.h"

#include <gtest/gtest.h>

#include "asterisk/queue_log_source.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

using test::at;

TEST(QueueLogLine, PipeForm) {
  auto ev = parse_queue_log_line(
      "1266833912|1266833905.2|9000|Local/2004@from-internal/n|"
      "CONNECT|1|1266833911.7",
      "UTC");
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->at, Time{Seconds{1266833912}});
  EXPECT_EQ(ev->callid, "1266833905.2");
  EXPECT_EQ(ev->queue, "9000");
  EXPECT_EQ(ev->agent, "Local/2004@from-internal/n");
  EXPECT_EQ(ev->event, "CONNECT");
  EXPECT_EQ(ev->arg(1), "1");
  EXPECT_EQ(ev->arg(2), "1266833911.7");
  EXPECT_EQ(ev->arg(3), "");
}

TEST(QueueLogLine, TrailingEmptyColumnsDropped) {
  auto ev = parse_queue_log_line("1266833361|NONE|NONE|NONE|QUEUESTART|", "UTC");
  ASSERT_TRUE(ev.ok());
  EXPECT_TRUE(ev->data.empty());
}

TEST(QueueLogLine, LocalTimeInTheConfiguredZone) {
  auto ev = parse_queue_log_line("2026-11-23 09:00:00.123456|d|q|NONE|ENTERQUEUE||0611|1",
                                 "Europe/Paris");
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->at, at(0));  // 09:00 CET = 08:00 UTC
}

TEST(QueueLogLine, Rejects) {
  EXPECT_FALSE(parse_queue_log_line("", "UTC").ok());
  EXPECT_FALSE(parse_queue_log_line("1|2|3|4", "UTC").ok());
  EXPECT_FALSE(parse_queue_log_line("x|c|q|a|CONNECT", "UTC").ok());
  EXPECT_FALSE(parse_queue_log_line("1|c|q|a|con nect", "UTC").ok());
  EXPECT_FALSE(parse_queue_log_line("1||q|a|CONNECT", "UTC").ok());
  EXPECT_FALSE(parse_queue_log_line("\"1,\"c\",\"q\"", "UTC").ok());
  EXPECT_TRUE(is_queue_log_header("time|callid|queuename|agent|event|data1|data2"));
  EXPECT_FALSE(is_queue_log_header("1|c|q|a|CONNECT"));
}

TEST(QueueLogLine, DbExportFileWithDataColumns) {
  QueueLogOptions o;
  o.time_zone = "Europe/Paris";
  auto b = read_queue_log_file(test::fixture("db_form.csv"), o);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->rejected.empty()) << b->rejected[0].str();
  auto& c = b->records.calls;
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].id, "asterisk:d1:support");
  EXPECT_EQ(c[0].offered_at, at(0));
  EXPECT_EQ(c[0].wait, Seconds{12});
  EXPECT_EQ(c[0].talk, Seconds{120});
  EXPECT_EQ(c[0].caller, "0611223344");
  EXPECT_EQ(c[1].outcome, CallOutcome::abandoned);
  EXPECT_EQ(c[1].wait, Seconds{30});
  EXPECT_EQ(c[2].outcome, CallOutcome::transferred);  // LINK form in data1..data5
  EXPECT_EQ(c[2].wait, Seconds{4});
  EXPECT_EQ(c[2].talk, Seconds{96});
  EXPECT_EQ(c[3].outcome, CallOutcome::voicemail);  // the old single `data` column
  EXPECT_EQ(c[3].caller, "0644556677");
  EXPECT_EQ(c[3].wait, Seconds{10});
}

}  // namespace
}  // namespace dp::asterisk
