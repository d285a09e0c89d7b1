// The file source as the sync loop uses it: poll, store the cursor, poll again.
#include "files/source.h"

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace dp::files {
namespace {

using dp::testing::TempDir;

const std::string kTicket1 =
    R"({"id":"t:1","queue":"billing","status":"open","created_at":"2026-08-24T09:00:00Z"})";
const std::string kTicket2 =
    R"({"id":"t:2","queue":"tech","status":"new","created_at":"2026-08-24T10:00:00Z"})";
const std::string kTicket3 =
    R"({"id":"t:3","queue":"tech","status":"new","created_at":"2026-08-24T11:00:00Z"})";

Batch poll_ok(FileSource& src, const std::string& cursor) {
  auto b = src.poll(cursor);
  EXPECT_TRUE(b.ok()) << (b.ok() ? "" : b.error().str());
  return b.ok() ? std::move(b).value() : Batch{};
}

struct BadLine {
  std::string file, line, where, field;
};

TEST(FileSource, EveryRejectionKindNamesFileLineAndField) {
  TempDir dir;
  const std::vector<BadLine> cases = {
      {"tickets.ndjson", R"({"queue":"q","status":"open","created_at":"2026-08-24T09:00:00Z"})", "",
       "id"},
      {"tickets.ndjson",
       R"({"id":5,"queue":"q","status":"open","created_at":"2026-08-24T09:00:00Z"})", "", "id"},
      {"tickets.ndjson",
       R"({"id":"t","queue":"q","status":"shut","created_at":"2026-08-24T09:00:00Z"})", "",
       "status"},
      {"tickets.ndjson", R"({"id":"t","queue":"q","status":"open","created_at":"24/08/2026"})", "",
       "created_at"},
      {"tickets.ndjson", R"({"id":"t","queue":"q","status":"open",)", "", ""},
      {"ticket_events.ndjson", R"({"ticket":"t","at":"2026-08-24T09:00:00Z","type":"reply"})", "",
       "type"},
      {"ticket_events.ndjson",
       R"({"ticket":"t","at":"2026-08-24T09:00:00Z","type":"agent_reply","public":"yes"})", "",
       "public"},
      {"calls.ndjson",
       R"({"id":"c","queue":"q","offered_at":"2026-08-24T09:00:00Z","outcome":"answered","wait_s":-3})",
       "", "wait_s"},
      {"calls.ndjson",
       R"({"id":"c","queue":"q","offered_at":"2026-08-24T09:00:00Z","answered_at":"2026-08-24T08:00:00Z","outcome":"answered"})",
       "", "answered_at"},
      {"surveys.ndjson", R"({"kind":"csat","score":9,"at":"2026-08-24T09:00:00Z"})", "", "score"},
      {"customers.ndjson", R"({"id":"c1","first_seen":"2026-08-24T09:00:00Z","revenue":"lots"})",
       "", "revenue"},
      {"agents.ndjson", R"({"id":"a","team":"t","kind":"robot"})", "", "kind"},
      {"agent_sessions.ndjson",
       R"({"agent":"a","start":"2026-08-24T09:00:00Z","end":"2026-08-24T08:00:00Z"})", "", "end"},
  };
  std::map<std::string, int> lines;
  std::vector<BadLine> expected = cases;
  for (auto& c : expected) {
    dir.append(c.file, c.line + "\n");
    c.where = c.file + ":" + std::to_string(++lines[c.file]);
  }
  auto batch = read_directory(dir.path());
  ASSERT_TRUE(batch.ok()) << batch.error().str();
  EXPECT_EQ(batch->records.size(), 0u);
  ASSERT_EQ(batch->rejected.size(), expected.size());
  for (const auto& c : expected) {
    bool found = false;
    for (const auto& r : batch->rejected)
      found = found || (r.where == c.where && r.field == c.field && !r.message.empty());
    EXPECT_TRUE(found) << "no rejection at " << c.where << " field '" << c.field << "'";
  }
  for (const auto& r : batch->rejected)
    if (r.field == "status") {
      EXPECT_NE(r.message.find("new, open, pending"), std::string::npos);
    }
}

TEST(FileSource, MixedFileKeepsEveryGoodLine) {
  TempDir dir;
  dir.write("tickets.ndjson",
            kTicket1 + "\nnot json\n\n" + kTicket2 + "\n{\"id\":\"x\"}\n" + kTicket3 + "\n");
  auto batch = read_directory(dir.path());
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->records.tickets.size(), 3u);
  EXPECT_EQ(batch->records.tickets[2].id, "t:3");
  ASSERT_EQ(batch->rejected.size(), 2u);
  EXPECT_EQ(batch->rejected[0].where, "tickets.ndjson:2");
  EXPECT_EQ(batch->rejected[1].where, "tickets.ndjson:5");
  EXPECT_EQ(batch->rejected[1].field, "queue");
}

TEST(FileSource, PollReadsOnlyWhatWasAppended) {
  TempDir dir;
  dir.write("tickets.ndjson", kTicket1 + "\n");
  FileSource src("files", dir.path());
  Batch first = poll_ok(src, "");
  ASSERT_EQ(first.records.tickets.size(), 1u);
  EXPECT_TRUE(poll_ok(src, first.cursor).records.tickets.empty());

  dir.append("tickets.ndjson", kTicket2 + "\nbroken\n");
  Batch second = poll_ok(src, first.cursor);
  ASSERT_EQ(second.records.tickets.size(), 1u);
  EXPECT_EQ(second.records.tickets[0].id, "t:2");
  ASSERT_EQ(second.rejected.size(), 1u);
  EXPECT_EQ(second.rejected[0].where, "tickets.ndjson:3");  // line numbers carry on
}

TEST(FileSource, PartialLastLineWaitsForItsNewline) {
  TempDir dir;
  std::string half = kTicket2.substr(0, 20);
  dir.write("tickets.ndjson", kTicket1 + "\n" + half);
  FileSource src("files", dir.path());
  Batch first = poll_ok(src, "");
  EXPECT_EQ(first.records.tickets.size(), 1u);
  EXPECT_TRUE(first.rejected.empty());
  dir.append("tickets.ndjson", kTicket2.substr(20) + "\n");
  Batch second = poll_ok(src, first.cursor);
  ASSERT_EQ(second.records.tickets.size(), 1u);
  EXPECT_EQ(second.records.tickets[0].id, "t:2");
  EXPECT_TRUE(second.rejected.empty());
}

TEST(FileSource, RewrittenOrRemovedFileRestartsFromTheTop) {
  TempDir dir;
  dir.write("tickets.ndjson", kTicket1 + "\n" + kTicket2 + "\n");
  FileSource src("files", dir.path());
  Batch first = poll_ok(src, "");
  ASSERT_EQ(first.records.tickets.size(), 2u);

  dir.write("tickets.ndjson", kTicket3 + "\n");  // shorter
  Batch second = poll_ok(src, first.cursor);
  ASSERT_EQ(second.records.tickets.size(), 1u);
  EXPECT_EQ(second.records.tickets[0].id, "t:3");

  // Same length, different content: the head fingerprint tells.
  std::string other = kTicket3;
  other.replace(other.find("t:3"), 3, "t:4");
  dir.write("tickets.ndjson", other + "\n");
  Batch third = poll_ok(src, second.cursor);
  ASSERT_EQ(third.records.tickets.size(), 1u);
  EXPECT_EQ(third.records.tickets[0].id, "t:4");

  std::filesystem::remove(dir.file("tickets.ndjson"));
  Batch gone = poll_ok(src, third.cursor);
  dir.write("tickets.ndjson", other + "\n");
  EXPECT_EQ(poll_ok(src, gone.cursor).records.tickets.size(), 1u);
}

TEST(FileSource, RotatedFileIsFinishedBeforeTheNewOne) {
  TempDir dir;
  dir.write("tickets.ndjson", kTicket1 + "\n");
  FileSource src("files", dir.path());
  Batch first = poll_ok(src, "");
  ASSERT_EQ(first.records.tickets.size(), 1u);
  dir.append("tickets.ndjson", kTicket2 + "\nbroken\n");  // not read before the rotation
  std::filesystem::rename(dir.file("tickets.ndjson"), dir.file("tickets.ndjson.1"));
  dir.write("tickets.ndjson", kTicket3 + "\n");
  std::vector<std::string> ids;
  std::vector<Rejection> rejected;
  std::string cursor = first.cursor;
  bool more = true;
  for (int polls = 0; more && polls < 10; ++polls) {
    Batch b = poll_ok(src, cursor);
    for (const auto& t : b.records.tickets) ids.push_back(t.id);
    rejected.insert(rejected.end(), b.rejected.begin(), b.rejected.end());
    EXPECT_TRUE(b.warnings.empty());
    cursor = b.cursor;
    more = b.more;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"t:2", "t:3"}));
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].where, "tickets.ndjson.1:3");
}

TEST(FileSource, BatchesAreBoundedAndResume) {
  TempDir dir;
  std::string text;
  const int n = 25;
  for (int i = 0; i < n; ++i) text += R"({"id":"a)" + std::to_string(i) + R"(","team":"t"})" + "\n";
  dir.write("agents.ndjson", text);
  dir.write("tickets.ndjson", kTicket1 + "\n");
  FileSource src("files", dir.path(), 10);
  std::string cursor;
  std::vector<std::string> ids;
  size_t tickets = 0;
  int polls = 0;
  bool more = true;
  while (more && polls < 20) {
    Batch b = poll_ok(src, cursor);
    EXPECT_LE(b.records.size(), 10u);
    for (const auto& a : b.records.agents) ids.push_back(a.id);
    tickets += b.records.tickets.size();
    cursor = b.cursor;
    more = b.more;
    ++polls;
  }
  EXPECT_FALSE(more);
  ASSERT_EQ(ids.size(), size_t(n));
  for (int i = 0; i < n; ++i) EXPECT_EQ(ids[i], "a" + std::to_string(i));
  EXPECT_EQ(tickets, 1u);
}

TEST(FileSource, CsvFilesThroughTheSameDecoder) {
  TempDir dir;
  dir.write("tickets.csv",
            "id,queue,channel,subject,tags,status,created_at\r\n"
            "t:1,billing,email,\"Invoice, \"\"March\"\"\nsecond line\",invoice;vip,open,"
            "2026-08-24T09:00:00Z\r\n"
            "t:2,billing,fax,x,,open,2026-08-24T09:00:00Z\n"
            "t:3,tech,web,\"unfinished");
  FileSource src("files", dir.path());
  Batch first = poll_ok(src, "");
  ASSERT_EQ(first.records.tickets.size(), 1u);
  EXPECT_EQ(first.records.tickets[0].subject, "Invoice, \"March\"\nsecond line");
  EXPECT_EQ(first.records.tickets[0].tags.size(), 2u);
  ASSERT_EQ(first.rejected.size(), 1u);
  EXPECT_EQ(first.rejected[0].where, "tickets.csv:4");  // the record after a 2-line one
  EXPECT_EQ(first.rejected[0].field, "channel");

  dir.append("tickets.csv", " subject\",,new,2026-08-24T10:00:00Z\n");
  Batch second = poll_ok(src, first.cursor);
  ASSERT_EQ(second.records.tickets.size(), 1u);
  EXPECT_EQ(second.records.tickets[0].subject, "unfinished subject");
}

TEST(FileSource, MissingDirectoryIsAnError) {
  FileSource src("files", "/nonexistent/deskpulse-files");
  EXPECT_FALSE(src.poll("").ok());
  EXPECT_FALSE(src.health_check().ok());
  TempDir dir;
  FileSource ok("files", dir.path());
  EXPECT_TRUE(ok.health_check().ok());
  EXPECT_FALSE(ok.poll("{not a cursor").ok());
}

TEST(FileSource, MadeFromItsConfigBlock) {
  TempDir dir;
  dir.write("agents.ndjson", R"({"id":"a","team":"t"})"
                             "\n"
                             R"({"id":"b","team":"t"})"
                             "\n");
  config::Block block;
  block.type = "files";
  block.name = "history";
  block.values = {{"path", dir.path()}, {"batch_records", "1"}};
  auto src = make_file_source(block);
  EXPECT_EQ(src->name(), "history");
  auto b = src->poll("");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->records.size(), 1u);
  EXPECT_TRUE(b->more);
  auto spec = files_spec();
  EXPECT_EQ(spec.type, "files");
  ASSERT_EQ(spec.keys.size(), 3u);
  EXPECT_TRUE(spec.keys[0].required);
}

}  // namespace
}  // namespace dp::files
