// Tailing: restarts in the middle of a file and of a line, logrotate with and without
// the old file kept as <path>.1, a reused inode; no call twice, none lost.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "asterisk/queue_log_source.h"
#include "asterisk/text.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("dp_asterisk_tail_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::vector<std::string> day_lines() {
  std::ifstream in(test::fixture("day.queue_log"));
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Lines [from, to) of the day (1-based like an editor), each with its newline.
std::string day_text(size_t from, size_t to) {
  auto lines = day_lines();
  std::string s;
  for (size_t i = from; i < to; ++i) s += lines[i - 1] + "\n";
  return s;
}

void append(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::app | std::ios::binary);
  out << text;
}

// Polls until nothing more, each poll by a fresh source: a restart every time.
struct Collector {
  std::string cursor;
  std::map<std::string, Call> calls;
  size_t emitted = 0;      // finished calls
  size_t in_progress = 0;  // calls emitted connected, not ended yet (replaced when they end)
  size_t sessions = 0;
  std::vector<Rejection> rejected;

  void drain(const fs::path& path, size_t batch_lines) {
    auto opt = test::day_options();
    opt.batch_lines = batch_lines;
    bool more = true;
    for (int guard = 0; more && guard < 500; ++guard) {
      QueueLogSource src("ql", path.string(), opt);
      auto b = src.poll(cursor);
      ASSERT_TRUE(b.ok()) << b.error().str();
      for (auto& c : b->records.calls) {
        ++(c.outcome == CallOutcome::in_progress ? in_progress : emitted);
        calls[c.id] = c;
      }
      sessions += b->records.sessions.size();
      rejected.insert(rejected.end(), b->rejected.begin(), b->rejected.end());
      cursor = b->cursor;
      more = b->more;
    }
    ASSERT_FALSE(more) << "did not finish";
  }
};

// The calls of the whole day read in one go, the reference for every split.
std::map<std::string, Call> reference() {
  auto b = read_queue_log_file(test::fixture("day.queue_log"), test::day_options());
  std::map<std::string, Call> m;
  for (auto& c : b->records.calls) m[c.id] = c;
  return m;
}

void expect_same(const std::map<std::string, Call>& got, const std::map<std::string, Call>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (auto& [id, w] : want) {
    SCOPED_TRACE(id);
    ASSERT_TRUE(got.count(id));
    const Call& g = got.at(id);
    EXPECT_EQ(g.outcome, w.outcome);
    EXPECT_EQ(g.offered_at, w.offered_at);
    EXPECT_EQ(g.wait, w.wait);
    EXPECT_EQ(g.talk, w.talk);
    EXPECT_EQ(g.wrap, w.wrap);
    EXPECT_EQ(g.agent, w.agent);
  }
}

TEST(Tail, RestartsMidFileAndMidLineLoseAndRepeatNothing) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  std::string line41 = day_text(41, 42);
  append(log, day_text(1, 41) + line41.substr(0, 20));  // line 41 half written
  Collector c;
  c.drain(log, 7);  // 7 lines per poll, a new source each poll
  EXPECT_EQ(c.calls.count("asterisk:s10:support"), 0u);
  append(log, line41.substr(20) + day_text(42, 73));
  c.drain(log, 7);
  EXPECT_EQ(c.emitted, 22u);
  expect_same(c.calls, reference());
  EXPECT_EQ(c.sessions, 3u);
  EXPECT_TRUE(c.rejected.empty()) << c.rejected[0].str();
  // s99 still waits in the queue: it is carried in the cursor, not lost.
  EXPECT_NE(c.cursor.find("s99"), std::string::npos);
}

TEST(Tail, CallInProgressIsCompletedOnALaterRead) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  append(log, day_text(1, 73));
  Collector c;
  c.drain(log, 1000);
  ASSERT_EQ(c.emitted, 22u);
  long long t = test::kT0;
  append(log, std::to_string(t + 7030) + "|s99|support|SIP/1002|CONNECT|30|s99-b|3\n" +
                  std::to_string(t + 7130) + "|s99|support|SIP/1002|COMPLETECALLER|30|100|1\n");
  c.drain(log, 1000);
  EXPECT_EQ(c.emitted, 22u);  // waits to see whether SIP/1002 pauses for wrap-up
  append(log, std::to_string(t + 7200) + "|NONE|NONE|NONE|QUEUESTART\n");
  c.drain(log, 1000);
  ASSERT_EQ(c.emitted, 23u);
  const Call& s99 = c.calls.at("asterisk:s99:support");
  EXPECT_EQ(s99.offered_at, test::at(7000));
  EXPECT_EQ(s99.wait, Seconds{30});
  EXPECT_EQ(s99.talk, Seconds{100});
  EXPECT_EQ(s99.wrap, Seconds{30});
  c.drain(log, 1000);
  EXPECT_EQ(c.emitted, 23u);
}

TEST(Tail, RotationFinishesTheOldFileKeptAsDotOne) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  append(log, day_text(1, 31));
  Collector c;
  c.drain(log, 1000);
  append(log, day_text(31, 36));  // written before the rotation, not read yet
  fs::rename(log, dir.path / "queue_log.1");
  append(log, day_text(36, 73));
  c.drain(log, 4);
  EXPECT_EQ(c.emitted, 22u);
  expect_same(c.calls, reference());
  EXPECT_TRUE(c.rejected.empty());
}

TEST(Tail, RotationWithoutTheOldFileReportsTheLostTail) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  append(log, day_text(1, 31));
  Collector c;
  c.drain(log, 1000);
  append(log, day_text(31, 36));  // lost: the old file is deleted before being read
  fs::remove(log);
  append(log, day_text(36, 73));  // may even get the old inode number back
  c.drain(log, 1000);
  EXPECT_EQ(c.emitted, 19u);
  for (auto id : {"asterisk:l04:sales", "asterisk:s08:support", "asterisk:s09:support"})
    EXPECT_EQ(c.calls.count(id), 0u) << id;
  EXPECT_EQ(c.calls.at("asterisk:s09:sales").talk, Seconds{160});
  ASSERT_EQ(c.rejected.size(), 1u);
  EXPECT_NE(c.rejected[0].message.find("lost"), std::string::npos);
  EXPECT_EQ(c.sessions, 3u);  // sessions opened before the rotation still close
}

TEST(Tail, PendingLineWithBytesThatAreNotUtf8) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  long long t = test::kT0;
  append(log, std::to_string(t) + "|u1|q|NONE|ENTERQUEUE||\xff\xfe|1\n");
  Collector c;
  c.drain(log, 100);
  EXPECT_EQ(sanitize_utf8(c.cursor), c.cursor);  // the store keeps it as text
  append(log, std::to_string(t + 9) + "|u1|q|NONE|ABANDON|1|1|9\n");
  c.drain(log, 100);  // the cursor carrying the first line must still parse
  ASSERT_EQ(c.emitted, 1u);
  EXPECT_EQ(c.calls.at("asterisk:u1:q").caller, "??");
}

TEST(Tail, MissingFileFailsTheHealthCheckAndThePoll) {
  QueueLogSource src("ql", "/nonexistent/queue_log", {});
  EXPECT_FALSE(src.health_check().ok());
  EXPECT_FALSE(src.poll("").ok());
}

TEST(Tail, TruncatedInPlaceStartsAgain) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  append(log, day_text(1, 31));
  Collector c;
  c.drain(log, 1000);
  fs::resize_file(log, 0);
  append(log, day_text(31, 33));
  c.drain(log, 1000);
  ASSERT_FALSE(c.rejected.empty());
  EXPECT_NE(c.rejected[0].message.find("shrank"), std::string::npos);
  EXPECT_EQ(c.calls.count("asterisk:s08:support"), 1u);
}

}  // namespace
}  // namespace dp::asterisk
