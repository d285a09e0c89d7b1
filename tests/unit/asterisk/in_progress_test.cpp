// Calls in progress when the input ends (issue 19, item 6): a call connected and not
// ended is emitted as in_progress (answered, wait known, no end), a call still waiting
// is pending (no call, no rejection); tailing emits the in-progress call once and the
// finished call with the same id when its end line arrives.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "asterisk/queue_log_source.h"
#include "feed.h"
#include "fixtures.h"

namespace dp::asterisk {
namespace {

namespace fs = std::filesystem;
using test::at;
using test::feed;

// ENTERQUEUE at 0, CONNECT after 12 s of wait; b still waits; c is whole.
const std::initializer_list<std::string> kMidCall = {
    "0|a|q|NONE|ENTERQUEUE||0611|1",  "12|a|q|SIP/1|CONNECT|12|a-b|3",
    "20|b|q|NONE|ENTERQUEUE||0622|2", "30|c|q|NONE|ENTERQUEUE||0633|3",
    "35|c|q|SIP/2|CONNECT|5|c-b|2",   "135|c|q|SIP/2|COMPLETEAGENT|5|100|1"};

TEST(InProgress, ConnectedIsEmittedWaitingIsPendingNeitherRejected) {
  auto f = feed(kMidCall, {}, true);
  EXPECT_TRUE(f.rejected.empty()) << f.rejected[0].str();
  ASSERT_EQ(f.records.calls.size(), 2u);
  std::map<std::string, Call> by_id;
  for (auto& c : f.records.calls) by_id[c.id] = c;
  ASSERT_TRUE(by_id.count("asterisk:a:q"));
  const Call& a = by_id["asterisk:a:q"];
  EXPECT_EQ(a.outcome, CallOutcome::in_progress);
  EXPECT_EQ(a.offered_at, at(0));
  EXPECT_EQ(a.answered_at, at(12));
  EXPECT_FALSE(a.ended_at);
  EXPECT_EQ(a.wait, Seconds{12});
  EXPECT_EQ(a.talk, Seconds{0});
  EXPECT_EQ(a.wrap, Seconds{0});
  EXPECT_EQ(a.agent, "SIP/1");
  EXPECT_EQ(a.caller, "0611");
  EXPECT_NE(a.extra.find("\"uniqueid\":\"a\""), std::string::npos) << a.extra;
  EXPECT_EQ(by_id["asterisk:c:q"].outcome, CallOutcome::answered);
  EXPECT_EQ(by_id.count("asterisk:b:q"), 0u);
}

TEST(InProgress, StatsCountBothKinds) {
  CallAssembler asm_({});
  uint64_t n = 0;
  for (const auto& l : kMidCall) {
    auto bar = l.find('|');
    asm_.feed({++n, "t:" + std::to_string(n),
               std::to_string(test::kT0 + std::stoll(l.substr(0, bar))) + l.substr(bar)});
  }
  asm_.finish();
  EXPECT_EQ(asm_.stats().connected_at_end, 1u);
  EXPECT_EQ(asm_.stats().waiting_at_end, 1u);
}

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("dp_asterisk_inprogress_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void append(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::app | std::ios::binary) << text;
}
std::string line(long long t, const std::string& rest) {
  return std::to_string(test::kT0 + t) + "|" + rest + "\n";
}

// One poll by a fresh source (a restart every time), as sync stores it: by id.
struct TailStore {
  std::string cursor;
  std::map<std::string, Call> calls;
  std::vector<Call> last;
  void poll(const fs::path& log, size_t batch_lines = 1000) {
    QueueLogOptions o;
    o.batch_lines = batch_lines;
    QueueLogSource src("ql", log.string(), o);
    auto b = src.poll(cursor);
    ASSERT_TRUE(b.ok()) << b.error().str();
    EXPECT_TRUE(b->rejected.empty()) << b->rejected[0].str();
    last = b->records.calls;
    for (auto& c : last) calls[c.id] = c;
    cursor = b->cursor;
  }
};

TEST(InProgress, TailEmitsItOnceThenReplacesItWithTheFinishedCall) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  append(log, line(0, "a|q|NONE|ENTERQUEUE||0611|1") + line(12, "a|q|SIP/1|CONNECT|12|a-b|3") +
                  line(20, "b|q|NONE|ENTERQUEUE||0622|2"));
  TailStore s;
  s.poll(log);
  ASSERT_EQ(s.last.size(), 1u);
  EXPECT_EQ(s.last[0].id, "asterisk:a:q");
  EXPECT_EQ(s.last[0].outcome, CallOutcome::in_progress);
  EXPECT_EQ(s.last[0].wait, Seconds{12});
  // Both calls' lines are carried in the cursor: nothing unstored is passed.
  EXPECT_NE(s.cursor.find("CONNECT"), std::string::npos);
  EXPECT_NE(s.cursor.find("|b|q|"), std::string::npos);

  s.poll(log);  // nothing new: not emitted again
  EXPECT_TRUE(s.last.empty());
  append(log, line(30, "x|NONE|NONE|CONFIGRELOAD"));
  s.poll(log);
  EXPECT_TRUE(s.last.empty());

  append(log, line(112, "a|q|SIP/1|COMPLETECALLER|12|100|1"));
  s.poll(log);
  ASSERT_EQ(s.last.size(), 1u);
  const Call& a = s.calls.at("asterisk:a:q");
  EXPECT_EQ(a.outcome, CallOutcome::answered);
  EXPECT_EQ(a.talk, Seconds{100});
  EXPECT_EQ(a.ended_at, at(112));
  EXPECT_EQ(a.answered_at, at(12));
  EXPECT_EQ(s.calls.size(), 1u);  // same id: replaced, not added
  EXPECT_EQ(s.cursor.find("CONNECT"), std::string::npos);
  EXPECT_NE(s.cursor.find("|b|q|"), std::string::npos);  // b still waits

  append(log, line(140, "b|q|NONE|ABANDON|2|2|120"));
  s.poll(log);
  ASSERT_EQ(s.calls.size(), 2u);
  EXPECT_EQ(s.calls.at("asterisk:b:q").outcome, CallOutcome::abandoned);
  EXPECT_EQ(s.cursor.find("|b|q|"), std::string::npos);
}

TEST(InProgress, ConnectAndEndInDifferentBatchesOfOneRead) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  append(log, line(0, "a|q|NONE|ENTERQUEUE||0611|1") + line(12, "a|q|SIP/1|CONNECT|12|a-b|3") +
                  line(112, "a|q|SIP/1|COMPLETEAGENT|12|100|1"));
  TailStore s;
  s.poll(log, 2);  // ENTERQUEUE and CONNECT
  ASSERT_EQ(s.last.size(), 1u);
  EXPECT_EQ(s.last[0].outcome, CallOutcome::in_progress);
  s.poll(log, 2);  // the end
  ASSERT_EQ(s.last.size(), 1u);
  EXPECT_EQ(s.last[0].outcome, CallOutcome::answered);
  EXPECT_EQ(s.calls.size(), 1u);
}

TEST(InProgress, WholeFileSaysHowManyWereInProgress) {
  TempDir dir;
  auto log = dir.path / "queue_log";
  for (const auto& l : kMidCall) {
    auto bar = l.find('|');
    append(log, line(std::stoll(l.substr(0, bar)), l.substr(bar + 1)));
  }
  auto b = read_queue_log_file(log.string(), {});
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->rejected.empty());
  EXPECT_EQ(b->records.calls.size(), 2u);
  ASSERT_EQ(b->warnings.size(), 1u);
  EXPECT_NE(b->warnings[0].find("2 call(s) in progress at the end of " + log.string() +
                                ": 1 connected to an agent"),
            std::string::npos)
      << b->warnings[0];
  EXPECT_NE(b->warnings[0].find("1 still waiting"), std::string::npos) << b->warnings[0];
}

}  // namespace
}  // namespace dp::asterisk
