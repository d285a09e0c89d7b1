// What the files connector does with the files a tester can make: endings, quotes,
// special files, unreadable files and numbers out of range (issue 22). Nothing is
// dropped without a rejection naming the file, the line and the field.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "files/field_reader.h"
#include "files/read_file.h"
#include "files/source.h"
#include "tail/line_reader.h"
#include "temp_dir.h"

namespace dp::files {
namespace {

using dp::testing::TempDir;

const std::string kTicket1 =
    R"({"id":"t:1","queue":"billing","status":"open","created_at":"2026-08-24T09:00:00Z"})";
const std::string kTicket2 =
    R"({"id":"t:2","queue":"tech","status":"new","created_at":"2026-08-24T10:00:00Z"})";
const std::string kCall =
    R"({"id":"c:1","queue":"q","offered_at":"2026-08-24T09:00:00Z","outcome":"answered"})";

Batch read_ok(const std::string& dir) {
  auto b = read_directory(dir);
  EXPECT_TRUE(b.ok()) << (b.ok() ? "" : b.error().str());
  return b.ok() ? std::move(b).value() : Batch{};
}

std::string all_rejections(const Batch& b) {
  std::string s;
  for (const auto& r : b.rejected) s += r.str() + "\n";
  return s;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// --- line endings ---------------------------------------------------------------

TEST(FilesEdge, OneShotReadsALastLineWithoutNewline) {
  TempDir dir;
  dir.write("tickets.ndjson", kTicket1 + "\n" + kTicket2);
  Batch b = read_ok(dir.path());
  ASSERT_EQ(b.records.tickets.size(), 2u) << all_rejections(b);
  EXPECT_EQ(b.records.tickets[1].id, "t:2");
  // The tailer (the `run` loop) still waits for the newline.
  FileSource tail("files", dir.path());
  auto polled = tail.poll("");
  ASSERT_TRUE(polled.ok());
  EXPECT_EQ(polled->records.tickets.size(), 1u);
}

TEST(FilesEdge, CrOnlyCrlfAndBomFilesRead) {
  TempDir dir;
  dir.write("tickets.ndjson", kTicket1 + "\r" + kTicket2 + "\r");
  dir.write("agents.ndjson",
            "\xEF\xBB\xBF{\"id\":\"a\",\"team\":\"t\"}\r\n{\"id\":\"b\",\"team\":\"t\"}\r\n");
  dir.write("calls.csv",
            "\xEF\xBB\xBFid,queue,offered_at,outcome\rc:1,q,2026-08-24T09:00:00Z,answered\r"
            "c:2,q,2026-08-24T09:00:00Z,answered\r");
  Batch b = read_ok(dir.path());
  EXPECT_TRUE(b.rejected.empty()) << all_rejections(b);
  EXPECT_EQ(b.records.tickets.size(), 2u);
  EXPECT_EQ(b.records.agents.size(), 2u);
  EXPECT_EQ(b.records.calls.size(), 2u);

  // A tailer waits for what follows a last CR (it may be half of a CRLF), and does
  // not count the LF after it as a line.
  TempDir grow;
  grow.write("tickets.ndjson", kTicket1 + "\r");
  FileSource src("files", grow.path());
  auto first = src.poll("");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->records.tickets.size(), 0u);
  grow.append("tickets.ndjson", "\nnot json\n");
  auto second = src.poll(first->cursor);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->records.tickets.size(), 1u);
  ASSERT_EQ(second->rejected.size(), 1u);
  EXPECT_EQ(second->rejected[0].where, "tickets.ndjson:2");
}

TEST(FilesEdge, OverlongLastLineIsCutWithFileAndLine) {
  TempDir dir;
  dir.write("tickets.ndjson", kTicket1 + "\n" + std::string(tail::LineReader::kMaxLine + 10, 'x'));
  Batch b = read_ok(dir.path());
  EXPECT_EQ(b.records.tickets.size(), 1u);
  ASSERT_EQ(b.rejected.size(), 1u);
  EXPECT_EQ(b.rejected[0].where, "tickets.ndjson:2");
  EXPECT_TRUE(has(b.rejected[0].message, "longer than"));
}

// --- CSV quotes -----------------------------------------------------------------

TEST(FilesEdge, UnclosedCsvQuoteIsRejectedAndReadingResumes) {
  TempDir dir;
  dir.write("tickets.csv",
            "id,queue,subject,status,created_at\n"
            "t:1,billing,ok,open,2026-08-24T09:00:00Z\n"
            "t:2,billing,\"never closed,open,2026-08-24T09:00:00Z\n"
            "t:3,billing,fine,open,2026-08-24T09:00:00Z\n"
            "t:4,billing,fine,open,2026-08-24T09:00:00Z\n");
  Batch b = read_ok(dir.path());
  ASSERT_EQ(b.records.tickets.size(), 3u) << all_rejections(b);
  EXPECT_EQ(b.records.tickets[1].id, "t:3");
  ASSERT_EQ(b.rejected.size(), 1u);
  EXPECT_EQ(b.rejected[0].where, "tickets.csv:3");
  EXPECT_EQ(b.rejected[0].field, "subject");
  EXPECT_TRUE(has(b.rejected[0].message, "quote")) << b.rejected[0].message;
}

TEST(FilesEdge, TailerRejectsAQuoteOpenForTooManyLines) {
  TempDir dir;
  std::string text =
      "id,queue,subject,status,created_at\nt:0,billing,\"open,open,2026-08-24T09:00:00Z\n";
  for (int i = 1; i <= 150; ++i)
    text += "t:" + std::to_string(i) + ",billing,s,open,2026-08-24T09:00:00Z\n";
  dir.write("tickets.csv", text);
  FileSource src("files", dir.path());
  auto b = src.poll("");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->records.tickets.size(), 150u) << all_rejections(*b);
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].where, "tickets.csv:2");
  EXPECT_EQ(b->rejected[0].field, "subject");
}

// --- special, linked and unreadable files ----------------------------------------

TEST(FilesEdge, DirectoryFifoAndSymlinkAreRefusedOthersRead) {
  TempDir dir, elsewhere;
  std::filesystem::create_directory(dir.file("tickets.ndjson"));
  ASSERT_EQ(::mkfifo(dir.file("surveys.ndjson").c_str(), 0600), 0);
  elsewhere.write("agents.ndjson", R"({"id":"a","team":"t"})"
                                   "\n");
  std::filesystem::create_symlink(elsewhere.file("agents.ndjson"), dir.file("agents.ndjson"));
  dir.write("calls.ndjson", kCall + "\n");
  Batch b = read_ok(dir.path());
  EXPECT_EQ(b.records.calls.size(), 1u);
  EXPECT_EQ(b.records.agents.size(), 0u);
  std::string all = all_rejections(b);
  EXPECT_TRUE(has(all, "tickets.ndjson: not a regular file (a directory)")) << all;
  EXPECT_TRUE(has(all, "surveys.ndjson: not a regular file (a FIFO)")) << all;
  EXPECT_TRUE(has(all, "agents.ndjson: a symbolic link")) << all;
  EXPECT_EQ(b.rejected.size(), 3u) << all;

  // Reported once per file in a tail, not on every poll.
  FileSource src("files", dir.path());
  auto first = src.poll("");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->rejected.size(), 3u);
  auto again = src.poll(first->cursor);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->rejected.empty()) << all_rejections(*again);
}

// Reads `dir` as an unprivileged user (root reads any file) in a child process;
// returns "calls=N|rejections" or "" when it could not drop privileges.
std::string read_as_nobody(const std::string& dir) {
  int fds[2];
  if (::pipe(fds) != 0) return "";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    std::string out;
    if (::setgid(65534) == 0 && ::setuid(65534) == 0) {
      auto b = read_directory(dir);
      out = b.ok() ? "calls=" + std::to_string(b->records.calls.size()) + "|" + all_rejections(*b)
                   : "error: " + b.error().str();
    }
    (void)!::write(fds[1], out.data(), out.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  ::close(fds[0]);
  ::waitpid(pid, nullptr, 0);
  return out;
}

TEST(FilesEdge, UnreadableFileIsReportedAndTheOthersRead) {
  TempDir dir;
  dir.write("tickets.ndjson", kTicket1 + "\n");
  dir.write("calls.ndjson", kCall + "\n");
  ::chmod(dir.path().c_str(), 0755);
  ::chmod(dir.file("calls.ndjson").c_str(), 0644);
  ::chmod(dir.file("tickets.ndjson").c_str(), 0600);
  if (::geteuid() != 0) {
    ::chmod(dir.file("tickets.ndjson").c_str(), 0);
    Batch b = read_ok(dir.path());
    EXPECT_EQ(b.records.calls.size(), 1u);
    EXPECT_TRUE(has(all_rejections(b), "tickets.ndjson: cannot read: Permission denied"));
    return;
  }
  std::string out = read_as_nobody(dir.path());
  if (out.empty()) GTEST_SKIP() << "cannot switch to an unprivileged user";
  EXPECT_TRUE(has(out, "calls=1|")) << out;
  EXPECT_TRUE(has(out, "tickets.ndjson: cannot read: Permission denied")) << out;
}

// --- numbers and times ----------------------------------------------------------

struct Bad {
  std::string file, line, field;
};

TEST(FilesEdge, NumbersAndTimesOutOfRangeAreRejected) {
  const std::string call =
      R"({"id":"c","queue":"q","offered_at":"2026-08-24T09:00:00Z","outcome":"answered",)";
  const std::string ev = R"({"ticket":"t","at":"2026-08-24T09:00:00Z","type":"agent_reply",)";
  const std::string tk = R"({"id":"t","queue":"q","status":"open","created_at":)";
  const std::vector<Bad> cases = {
      {"calls.ndjson", call + R"("wait_s":1e19})", "wait_s"},
      {"calls.ndjson", call + R"("talk_s":315576001})", "talk_s"},
      {"calls.ndjson", call + R"("hold_s":9223372036854775807})", "hold_s"},
      {"ticket_events.ndjson", ev + R"("time_spent_s":4e18})", "time_spent_s"},
      {"tickets.ndjson", tk + R"("9999-12-31T23:59:60Z"})", "created_at"},
      {"tickets.ndjson", tk + R"("2026-06-30T23:59:60Z"})", "created_at"},
      {"tickets.ndjson", tk + R"("1969-12-31T23:59:59Z"})", "created_at"},
      {"tickets.ndjson", tk + R"("0001-01-01T00:00:00Z"})", "created_at"},
      {"tickets.ndjson", tk + R"("9999-12-31T23:30:00-01:00"})", "created_at"},
  };
  TempDir dir;
  std::map<std::string, int> lines;
  std::vector<Bad> expected = cases;
  for (auto& c : expected) {
    dir.append(c.file, c.line + "\n");
    c.line = c.file + ":" + std::to_string(++lines[c.file]);
  }
  // At the limits: kept.
  dir.append("calls.ndjson", call + R"("wait_s":315576000,"talk_s":0})"
                                    "\n");
  dir.append("tickets.ndjson", tk + R"("9999-12-31T23:59:59Z"})"
                                    "\n");
  dir.append("tickets.ndjson",
             R"({"id":"t2","queue":"q","status":"open","created_at":"1970-01-01T00:00:00Z"})"
             "\n");
  Batch b = read_ok(dir.path());
  EXPECT_EQ(b.records.calls.size(), 1u);
  EXPECT_EQ(b.records.tickets.size(), 2u);
  EXPECT_EQ(b.rejected.size(), expected.size()) << all_rejections(b);
  for (const auto& c : expected) {
    bool found = false;
    for (const auto& r : b.rejected) found = found || (r.where == c.line && r.field == c.field);
    EXPECT_TRUE(found) << "no rejection at " << c.line << " field '" << c.field << "'\n"
                       << all_rejections(b);
  }
}

TEST(FilesEdge, CsvNumbersMustBeFiniteAndInRange) {
  TempDir dir;
  dir.write("calls.csv",
            "id,queue,offered_at,outcome,wait_s\n"
            "c:1,q,2026-08-24T09:00:00Z,answered,inf\n"
            "c:2,q,2026-08-24T09:00:00Z,answered,nan\n"
            "c:3,q,2026-08-24T09:00:00Z,answered,1e400\n"
            "c:4,q,2026-08-24T09:00:00Z,answered,1e19\n"
            "c:5,q,2026-08-24T09:00:00Z,answered,12\n");
  Batch b = read_ok(dir.path());
  ASSERT_EQ(b.records.calls.size(), 1u) << all_rejections(b);
  EXPECT_EQ(b.records.calls[0].wait, Seconds{12});
  ASSERT_EQ(b.rejected.size(), 4u) << all_rejections(b);
  for (const auto& r : b.rejected) EXPECT_EQ(r.field, "wait_s") << r.str();
}

// --- encoding and duplicates -------------------------------------------------

TEST(FilesEdge, TextThatIsNotUtf8IsRejectedByLineAndField) {
  TempDir dir;
  // Latin-1 "é" (0xE9) in an NDJSON string, an overlong "/" and a CSV cell; a valid
  // "é" (C3 A9) beside them is read.
  dir.write("tickets.ndjson", R"({"id":"t:1","queue":"caf)"
                              "\xE9"
                              R"(","status":"open","created_at":"2026-08-24T09:00:00Z"})"
                              "\n"
                              R"({"id":"t:2","queue":"caf)"
                              "\xC3\xA9"
                              R"(","status":"open","created_at":"2026-08-24T09:00:00Z"})"
                              "\n"
                              R"({"id":"t:3","queue":")"
                              "\xC0\xAF"
                              R"(","status":"open","created_at":"2026-08-24T09:00:00Z"})"
                              "\n");
  dir.write("calls.csv",
            "id,queue,offered_at,outcome\n"
            "c:1,caf\xE9,2026-08-24T09:00:00Z,answered\n"
            "c:2,caf\xC3\xA9,2026-08-24T09:00:00Z,answered\n");
  Batch b = read_ok(dir.path());
  ASSERT_EQ(b.records.tickets.size(), 1u) << all_rejections(b);
  EXPECT_EQ(b.records.tickets[0].queue, "caf\xC3\xA9");
  ASSERT_EQ(b.records.calls.size(), 1u) << all_rejections(b);
  std::string all = all_rejections(b);
  ASSERT_EQ(b.rejected.size(), 3u) << all;
  EXPECT_TRUE(has(all, "tickets.ndjson:1: ")) << all;
  EXPECT_TRUE(has(all, "tickets.ndjson:3: ")) << all;
  EXPECT_TRUE(has(all, "Invalid encoding")) << all;
  EXPECT_TRUE(has(all, "calls.csv:2: field 'queue': not UTF-8 text (byte 0xE9 at byte 4)")) << all;
}

TEST(FilesEdge, AKeyGivenTwiceInALineIsRejected) {
  TempDir dir;
  dir.write(
      "tickets.ndjson",
      R"({"id":"t:1","queue":"a","status":"open","created_at":"2026-08-24T09:00:00Z","queue":"b"})"
      "\n" +
          kTicket2 + "\n");
  Batch b = read_ok(dir.path());
  ASSERT_EQ(b.records.tickets.size(), 1u);
  ASSERT_EQ(b.rejected.size(), 1u);
  EXPECT_EQ(b.rejected[0].where, "tickets.ndjson:1");
  EXPECT_EQ(b.rejected[0].field, "queue");
}

TEST(FilesEdge, ACsvHeaderWithAColumnTwiceIsRefused) {
  TempDir dir;
  dir.write("calls.csv",
            "id,queue,offered_at,outcome,queue\n"
            "c:1,a,2026-08-24T09:00:00Z,answered,b\n");
  Batch b = read_ok(dir.path());
  EXPECT_TRUE(b.records.calls.empty());
  std::string all = all_rejections(b);
  EXPECT_TRUE(has(all,
                  "calls.csv:1: bad CSV header: column 'queue' appears more than once "
                  "(columns 2 and 5)"))
      << all;
}

TEST(FilesEdge, AnIdGivenOnTwoLinesIsAWarningNamingBoth) {
  TempDir dir;
  dir.write("tickets.ndjson", kTicket1 + "\n" + kTicket2 + "\n" + kTicket1 + "\n");
  Batch b = read_ok(dir.path());
  EXPECT_EQ(b.records.tickets.size(), 3u);  // the store keeps the later one
  EXPECT_TRUE(b.rejected.empty()) << all_rejections(b);
  ASSERT_EQ(b.warnings.size(), 1u);
  EXPECT_EQ(b.warnings[0],
            "tickets.ndjson:3: id 't:1' is also on line 1: the later line is the one stored");

  // Across batches of one read (the import's --batch-records) too, and capped.
  std::string many;
  for (int i = 0; i < 30; ++i) many += kCall + "\n";
  dir.write("calls.ndjson", many);
  FileSource src("files", dir.path(), FileOptions{.batch_records = 7, .whole_files = true});
  std::vector<std::string> warnings;
  std::string cursor;
  for (int polls = 0; polls < 20; ++polls) {
    auto next = src.poll(cursor);
    ASSERT_TRUE(next.ok());
    warnings.insert(warnings.end(), next->warnings.begin(), next->warnings.end());
    cursor = next->cursor;
    if (!next->more) break;
  }
  std::vector<std::string> calls;
  for (const auto& w : warnings)
    if (w.starts_with("calls.ndjson")) calls.push_back(w);
  ASSERT_EQ(calls.size(), kMaxDuplicateWarnings + 1);
  EXPECT_EQ(calls[0],
            "calls.ndjson:2: id 'c:1' is also on line 1: the later line is the one stored");
  EXPECT_EQ(calls.back(), "calls.ndjson: more ids given twice; only the first 20 are listed");

  // A tail reads updates of a ticket as they come: no warning.
  FileSource tail("files", dir.path());
  auto polled = tail.poll("");
  ASSERT_TRUE(polled.ok());
  EXPECT_TRUE(polled->warnings.empty());
}

TEST(FilesEdge, SymlinksAreFollowedOnlyWhenAskedAndOnlyToRegularFiles) {
  TempDir dir, elsewhere;
  elsewhere.write("agents.ndjson", R"({"id":"a","team":"t"})"
                                   "\n");
  std::filesystem::create_symlink(elsewhere.file("agents.ndjson"), dir.file("agents.ndjson"));
  std::filesystem::create_symlink(elsewhere.path(), dir.file("tickets.ndjson"));
  std::filesystem::create_symlink(elsewhere.file("nothing"), dir.file("calls.ndjson"));

  FileSource refusing("files", dir.path(), FileOptions{.whole_files = true});
  auto refused = refusing.poll("");
  ASSERT_TRUE(refused.ok());
  EXPECT_TRUE(refused->records.agents.empty());
  EXPECT_TRUE(has(all_rejections(*refused),
                  "agents.ndjson: a symbolic link: not followed (put "
                  "the file itself in the directory, or set "
                  "follow_symlinks: true)"));

  FileSource following("files", dir.path(),
                       FileOptions{.whole_files = true, .follow_symlinks = true});
  auto followed = following.poll("");
  ASSERT_TRUE(followed.ok());
  EXPECT_EQ(followed->records.agents.size(), 1u);
  std::string all = all_rejections(*followed);
  EXPECT_TRUE(has(all, "tickets.ndjson: not a regular file (a directory)")) << all;
  EXPECT_TRUE(has(all, "calls.ndjson: a symbolic link to nothing readable")) << all;
  EXPECT_EQ(followed->rejected.size(), 2u) << all;
}

}  // namespace
}  // namespace dp::files
