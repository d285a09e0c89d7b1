#include "outbox/sink.h"

#include <gtest/gtest.h>

#include "../../support/run_command.h"

using namespace dp;
using dp::test::read_file;
using dp::test::TempDir;

TEST(Outbox, WritesFieldLinesAndReportFiles) {
  TempDir dir;
  outbox::OutboxSink sink("review", (dir.path() / "out").string());
  ASSERT_TRUE(sink.health_check().ok());
  EXPECT_TRUE(sink.write_ticket_fields("rt:1", {{"FRT", "1h \"05m\""}}).ok());
  EXPECT_TRUE(sink.write_user_fields("alice", {{"CSAT", "90%"}}).ok());
  ReportPost post{"billing team", "2026-W47", "subject",
                  "<p>hi</p>",    "hi",       {{"trend.png", "image/png", "PNGDATA", "alt"}}};
  auto r = sink.post_report(post);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(read_file(dir.path() / "out" / "field_writes.jsonl"),
            "{\"ticket\":\"rt:1\",\"field\":\"FRT\",\"value\":\"1h \\\"05m\\\"\"}\n");
  EXPECT_EQ(read_file(dir.path() / "out" / "user_field_writes.jsonl"),
            "{\"agent\":\"alice\",\"field\":\"CSAT\",\"value\":\"90%\"}\n");
  auto reports = dir.path() / "out" / "reports";
  EXPECT_EQ(read_file(reports / "billing_team-2026-W47.html"), "<p>hi</p>");
  EXPECT_EQ(read_file(reports / "billing_team-2026-W47.txt"), "hi");
  EXPECT_EQ(read_file(reports / "billing_team-2026-W47-trend.png"), "PNGDATA");
  EXPECT_EQ(r.ref, (reports / "billing_team-2026-W47.html").string());
  EXPECT_EQ(report_basename("", "2026-11"), "overall-2026-11");
}

TEST(Outbox, UnwritableDirectoryIsAnErrorNotACrash) {
  outbox::OutboxSink sink("review", "/proc/deskpulse-cannot-write-here");
  EXPECT_FALSE(sink.health_check().ok());
  EXPECT_FALSE(sink.write_ticket_fields("rt:1", {{"FRT", "1"}}).ok());
}
