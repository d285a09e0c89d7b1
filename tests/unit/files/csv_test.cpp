#include <gtest/gtest.h>

#include "files/csv.h"

namespace dp::files {
namespace {

TEST(Csv, QuotedCommasQuotesAndNewlines) {
  std::string rec = "rt:1,\"Hello, \"\"world\"\"\nsecond line\",,\"\"";
  EXPECT_TRUE(csv_record_complete(rec));
  EXPECT_FALSE(csv_record_complete("rt:1,\"open"));
  auto cells = split_csv_record(rec);
  ASSERT_TRUE(cells.ok()) << cells.error().str();
  ASSERT_EQ(cells->size(), 4u);
  EXPECT_EQ((*cells)[0], "rt:1");
  EXPECT_EQ((*cells)[1], "Hello, \"world\"\nsecond line");
  EXPECT_EQ((*cells)[2], std::nullopt);  // empty = null
  EXPECT_EQ((*cells)[3], "");            // quoted empty = empty string
}

TEST(Csv, MalformedRecords) {
  EXPECT_FALSE(split_csv_record("a,\"b\"c").ok());
  EXPECT_FALSE(split_csv_record("a,b\"c").ok());
  EXPECT_FALSE(split_csv_record("a,\"b").ok());
}

TEST(Csv, RowTypedByColumn) {
  auto header = *split_csv_record("id,queue,tags,priority,status,created_at,mood");
  auto cells = *split_csv_record("t1,billing,invoice;vip,3,open,2026-08-24T09:00:00Z,happy");
  auto doc = csv_row_to_json(Kind::ticket, header, cells);
  ASSERT_TRUE(doc.ok()) << doc.error().str();
  auto t = decode_ticket(*doc);
  ASSERT_TRUE(t.ok()) << t.error().str();
  EXPECT_EQ(t->tags, (std::vector<std::string>{"invoice", "vip"}));
  EXPECT_EQ(t->priority, "3");
  EXPECT_EQ(t->extra, R"({"mood":"happy"})");

  auto call_header = *split_csv_record("id,queue,offered_at,outcome,wait_s");
  auto bad = csv_row_to_json(Kind::call, call_header,
                             *split_csv_record("c1,tech,2026-08-24T09:00:00Z,answered,soon"));
  ASSERT_TRUE(bad.ok());
  auto c = decode_call(*bad);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().where, "wait_s");

  EXPECT_FALSE(csv_row_to_json(Kind::call, call_header, *split_csv_record("c1,tech")).ok());
}

// agents.csv: `name` is optional; an empty cell is no name.
TEST(Csv, AgentNameColumn) {
  auto header = *split_csv_record("id,team,name");
  auto named = decode_agent(
      *csv_row_to_json(Kind::agent, header, *split_csv_record("rt:ann,t,\"Lee, Ann\"")));
  ASSERT_TRUE(named.ok()) << named.error().str();
  EXPECT_EQ(named->name, "Lee, Ann");
  auto unnamed = decode_agent(*csv_row_to_json(Kind::agent, header, *split_csv_record("rt:cy,t,")));
  ASSERT_TRUE(unnamed.ok()) << unnamed.error().str();
  EXPECT_EQ(unnamed->name, "");
}

}  // namespace
}  // namespace dp::files
