#include "outbox/sink.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

// Exactly once, like the RT sink: a report whose HTML is in the outbox was posted (a
// kill -9 after the post, before the state recorded it); it is found, not posted again.
TEST(Outbox, AReportAlreadyInTheOutboxIsFoundNotPostedAgain) {
  TempDir dir;
  outbox::OutboxSink sink("review", (dir.path() / "out").string());
  ReportPost first{"billing", "2026-W47", "subject", "<p>first</p>", "first", {}};
  ASSERT_TRUE(sink.post_report(first).ok());
  ReportPost again = first;
  again.html = "<p>again</p>";
  auto r = sink.post_report(again);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_TRUE(r.existing);
  const auto html = dir.path() / "out" / "reports" / "billing-2026-W47.html";
  EXPECT_EQ(r.ref, html.string());
  EXPECT_NE(r.message.find("not posted again"), std::string::npos) << r.message;
  EXPECT_EQ(read_file(html), "<p>first</p>");
}

// A post a kill interrupted left some of its files, but no HTML (written last, under
// a temporary name until whole): it is posted again in full, and nothing temporary
// stays behind.
TEST(Outbox, APostAKillInterruptedIsMadeAgainInFull) {
  TempDir dir;
  const auto reports = dir.path() / "out" / "reports";
  std::filesystem::create_directories(reports);
  std::ofstream(reports / "billing-2026-W47.txt") << "half";
  std::ofstream(reports / "billing-2026-W47-trend.png.tmp") << "PNG";
  std::ofstream(reports / "billing-2026-W47.html.tmp") << "<p>hal";
  outbox::OutboxSink sink("review", (dir.path() / "out").string());
  ReportPost post{"billing",      "2026-W47",   "subject",
                  "<p>whole</p>", "whole text", {{"trend.png", "image/png", "PNGDATA", "alt"}}};
  auto r = sink.post_report(post);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_FALSE(r.existing);
  EXPECT_EQ(read_file(reports / "billing-2026-W47.html"), "<p>whole</p>");
  EXPECT_EQ(read_file(reports / "billing-2026-W47.txt"), "whole text");
  EXPECT_EQ(read_file(reports / "billing-2026-W47-trend.png"), "PNGDATA");
  for (const auto& e : std::filesystem::directory_iterator(reports))
    EXPECT_NE(e.path().extension(), ".tmp") << e.path();
}

// `report --out DIR` renders again into the same directory: its files are replaced.
TEST(Outbox, ReportFilesAreReplacedWhenWrittenAgain) {
  TempDir dir;
  const auto reports = dir.path() / "reports";
  ReportPost post{"", "2026-W47", "subject", "<p>one</p>", "one", {}};
  ASSERT_TRUE(outbox::write_report_files(reports.string(), post).ok());
  post.html = "<p>two</p>";
  auto r = outbox::write_report_files(reports.string(), post);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_FALSE(r.existing);
  EXPECT_EQ(read_file(reports / "overall-2026-W47.html"), "<p>two</p>");
  EXPECT_EQ(r.ref, (reports / "overall-2026-W47.html").string());
}
