// CDR-only deployments: the legs of one call (ring groups, Local channels, failed
// then answered attempts) are one call; tailing carries unfinished calls across
// restarts without losing or repeating them.
#include "asterisk/cdr_merge.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "asterisk/cdr_source.h"
#include "fixtures.h"
#include "model/json.h"

namespace dp::asterisk {
namespace {

using test::at;

const std::string kReal = "/work/shared/data/real/cdr/mineevburyat_2024-01_Master.csv";

std::map<std::string, Call> by_id(const std::vector<Call>& calls) {
  std::map<std::string, Call> m;
  for (const auto& c : calls) EXPECT_TRUE(m.emplace(c.id, c).second) << "duplicate " << c.id;
  return m;
}

// Polls `path` until it has nothing more, with a new source for every poll (a restart).
struct Tailed {
  std::vector<Call> calls;
  size_t rejected = 0;
  std::string cursor;
};
void tail_all(const std::string& path, const CdrOptions& o, Tailed& t) {
  for (int polls = 0; polls < 1000; ++polls) {
    CdrSource src("cdr", path, o);
    auto b = src.poll(t.cursor);
    ASSERT_TRUE(b.ok()) << b.error().str();
    for (auto& c : b->records.calls) t.calls.push_back(std::move(c));
    t.rejected += b->rejected.size();
    t.cursor = b->cursor;
    if (!b->more) return;
  }
  FAIL() << "never reached the end";
}

// Distinct group keys of the lines a cursor carries.
std::set<std::string> pending_keys(const std::string& cursor) {
  std::set<std::string> keys;
  auto doc = json::parse(cursor);
  if (!doc) return keys;
  const auto* p = json::member(*doc, "pending");
  if (!p || !p->IsArray()) return keys;
  for (const auto& item : p->GetArray()) {
    auto r = parse_cdr_line(item[1].GetString(), "UTC");
    if (r) keys.insert(cdr_group_key(*r));
  }
  return keys;
}

void check_fixture_calls(const std::map<std::string, Call>& m) {
  ASSERT_TRUE(m.count("asterisk:cdr:1795420800.1"));
  const Call& ring = m.at("asterisk:cdr:1795420800.1");  // 3 legs, SIP/1002 answered
  EXPECT_EQ(ring.outcome, CallOutcome::answered);
  EXPECT_EQ(ring.agent, "SIP/1002");
  EXPECT_EQ(ring.caller, "0655000001");
  EXPECT_EQ(ring.queue, "support");
  EXPECT_EQ(ring.offered_at, at(0));
  EXPECT_EQ(ring.answered_at, at(10));
  EXPECT_EQ(ring.wait, Seconds{10});
  EXPECT_EQ(ring.talk, Seconds{120});
  EXPECT_EQ(ring.ended_at, at(130));
  EXPECT_NE(ring.extra.find("\"legs\":3"), std::string::npos);

  ASSERT_TRUE(m.count("asterisk:cdr:1795421400.5"));
  const Call& none = m.at("asterisk:cdr:1795421400.5");  // 2 legs, NO ANSWER both
  EXPECT_EQ(none.outcome, CallOutcome::abandoned);
  EXPECT_FALSE(none.agent.has_value());
  EXPECT_FALSE(none.answered_at.has_value());
  EXPECT_EQ(none.wait, Seconds{25});
  EXPECT_EQ(none.ended_at, at(625));

  ASSERT_TRUE(m.count("asterisk:cdr:1795422000.8"));
  const Call& busy = m.at("asterisk:cdr:1795422000.8");  // BUSY, then ANSWERED
  EXPECT_EQ(busy.outcome, CallOutcome::answered);
  EXPECT_EQ(busy.agent, "SIP/1002");
  EXPECT_EQ(busy.wait, Seconds{5});
  EXPECT_EQ(busy.talk, Seconds{60});

  ASSERT_TRUE(m.count("asterisk:cdr:1795422600.11"));
  EXPECT_EQ(m.at("asterisk:cdr:1795422600.11").outcome, CallOutcome::blocked);  // BUSY+CONGESTION
  EXPECT_EQ(m.at("asterisk:cdr:1795422600.11").wait, Seconds{2});
}

TEST(CdrMerge, ImportMergesLegsByLinkedid) {
  auto b = read_cdr_file(test::fixture("cdr_legs.csv"), {});
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->rejected.empty());
  ASSERT_EQ(b->records.calls.size(), 5u);                          // 10 CDR lines
  EXPECT_EQ(b->records.calls[0].id, "asterisk:cdr:1795420800.1");  // file order
  check_fixture_calls(by_id(b->records.calls));
}

TEST(CdrMerge, BlockedOnlyWhenEveryLegFailed) {
  auto leg = [](const char* disp, const char* dst) {
    std::string s = std::string(R"("","0611","100","support","","SIP/t-01",")") + dst +
                    R"(","Dial","x","2026-11-23 08:00:00",,"2026-11-23 08:00:03",3,0,")" + disp +
                    R"(","DOCUMENTATION","1795420800.1","","","1795420800.1",1)";
    auto r = parse_cdr_line(s, "UTC");
    EXPECT_TRUE(r.ok());
    return *r;
  };
  auto busy_no_answer = merge_cdr_legs({leg("BUSY", "SIP/1-01"), leg("NO ANSWER", "SIP/2-02")}, {});
  ASSERT_TRUE(busy_no_answer.ok());
  EXPECT_EQ(busy_no_answer->outcome, CallOutcome::abandoned);
  auto failed = merge_cdr_legs({leg("FAILED", ""), leg("BUSY", "SIP/2-02")}, {});
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->outcome, CallOutcome::blocked);
  EXPECT_FALSE(merge_cdr_legs({}, {}).ok());  // an error, not a crash
}

// Found by the asterisk_cdr fuzz target: an answer two centuries after the start gave
// the call a wait of 6.3e9 s (tests/fuzz/regressions/asterisk_cdr/).
TEST(CdrMerge, ALegAnsweredOutsideItselfOrEndingBeforeItStartsIsRejected) {
  auto leg = [](const char* start, const char* answer, const char* end) {
    auto r = parse_cdr_line(std::string(R"("","0611","100","support","","SIP/t-01","SIP/1-02",)") +
                                R"("Dial","x",")" + start + R"(",")" + answer + R"(",")" + end +
                                R"(",8,5,"ANSWERED","DOCUMENTATION","1795424400.1","")",
                            "UTC");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().str());
    return *r;
  };
  EXPECT_TRUE(
      check_cdr_leg(leg("2026-11-23 09:00:00", "2026-11-23 09:00:03", "2026-11-23 09:00:08")).ok());
  EXPECT_FALSE(
      check_cdr_leg(leg("2026-11-23 09:00:00", "2226-11-23 09:00:03", "2026-11-23 09:00:08")).ok());
  EXPECT_FALSE(
      check_cdr_leg(leg("2026-11-23 09:00:00", "2026-11-23 08:59:59", "2026-11-23 09:00:08")).ok());
  EXPECT_FALSE(
      check_cdr_leg(leg("2026-11-23 09:00:00", "2026-11-23 09:00:00", "2026-11-23 08:00:00")).ok());
}

TEST(CdrMerge, WithoutLinkedidUniqueidGroupsAnd16ColumnsStaySeparate) {
  const std::string base =
      R"("","0611","100","support","","SIP/t-01","SIP/1001-02","Dial","x","2026-11-23 08:00:00",,"2026-11-23 08:00:10",10,0,"NO ANSWER","DOCUMENTATION")";
  CdrMerger m({});
  m.feed({"a:1", base + R"(,"1795420800.1","")"});
  m.feed({"a:2", base + R"(,"1795420800.1","")"});  // 18 columns, same uniqueid: one call
  m.feed({"a:3", base});                            // 16 columns: a call each
  m.feed({"a:4", base});
  m.finish();
  auto calls = m.take_calls();
  ASSERT_EQ(calls.size(), 3u);
  size_t merged = 0;
  for (auto& c : calls) merged += c.id == "asterisk:cdr:1795420800.1";
  EXPECT_EQ(merged, 1u);
}

TEST(CdrMerge, RestartInTheMiddleOfAGroupNeitherLosesNorDuplicates) {
  auto dir =
      std::filesystem::temp_directory_path() / ("dp_cdr_merge_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "Master.csv").string();
  std::filesystem::copy_file(test::fixture("cdr_legs.csv"), path,
                             std::filesystem::copy_options::overwrite_existing);
  CdrOptions o;
  o.batch_lines = 2;  // the ring group's 3 legs come in two polls, with a restart between
  Tailed t;
  tail_all(path, o, t);
  EXPECT_EQ(t.rejected, 0u);
  // The last call may still get legs: it waits in the cursor, not lost.
  ASSERT_EQ(t.calls.size(), 4u);
  check_fixture_calls(by_id(t.calls));
  EXPECT_EQ(pending_keys(t.cursor), (std::set<std::string>{"1795425600.14"}));
  // Nothing new: nothing emitted again.
  Tailed again{{}, 0, t.cursor};
  tail_all(path, o, again);
  EXPECT_TRUE(again.calls.empty());
  // A CDR over an hour later completes it.
  {
    std::ofstream out(path, std::ios::app);
    out << R"("","0655000006","600","support","","SIP/trunk-00000010","SIP/1001-00000011","Dial","SIP/1001,30","2026-11-23 11:00:00",,"2026-11-23 11:00:05",5,0,"NO ANSWER","DOCUMENTATION","1795431600.16","","","1795431600.16",11)"
        << "\n";
  }
  tail_all(path, o, again);
  ASSERT_EQ(again.calls.size(), 1u);
  EXPECT_EQ(again.calls[0].id, "asterisk:cdr:1795425600.14");
  EXPECT_EQ(again.calls[0].talk, Seconds{60});
  EXPECT_EQ(pending_keys(again.cursor), (std::set<std::string>{"1795431600.16"}));
  std::filesystem::remove_all(dir);
}

TEST(CdrMerge, ShortMergeWindowClosesCallsSooner) {
  CdrOptions o;
  o.merge_window = Seconds{60};
  Tailed t;
  tail_all(test::fixture("cdr_legs.csv"), o, t);
  // All but the last are over a minute before the newest CDR; the file's end also
  // closes a group once the newest end is past its window, so only the last waits.
  EXPECT_EQ(t.calls.size(), 4u);
  EXPECT_EQ(pending_keys(t.cursor).size(), 1u);
}

TEST(CdrMerge, BadCursorIsAnError) {
  CdrSource src("cdr", test::fixture("cdr_legs.csv"), {});
  EXPECT_FALSE(src.poll("{not json").ok());
  EXPECT_FALSE(src.poll(R"({"pending":[[1,2]]})").ok());
}

TEST(CdrMerge, RealFileGivesOneCallPerLinkedid) {
  if (!std::filesystem::exists(kReal)) GTEST_SKIP() << "no real samples here";
  std::set<std::string> linkedids;
  std::ifstream in(kReal, std::ios::binary);
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    auto r = parse_cdr_line(line, "UTC");
    ASSERT_TRUE(r.ok()) << r.error().str();
    linkedids.insert(r->linkedid);
    ++lines;
  }
  EXPECT_EQ(lines, 84u);
  EXPECT_EQ(linkedids.size(), 36u);
  auto b = read_cdr_file(kReal, {});
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->rejected.empty());
  EXPECT_EQ(b->records.calls.size(), linkedids.size());
  std::map<CallOutcome, size_t> outcomes;
  for (auto& c : b->records.calls) ++outcomes[c.outcome];
  std::cout << "mineevburyat: " << lines << " CDRs -> " << b->records.calls.size() << " calls (";
  for (auto& [o, n] : outcomes) std::cout << to_string(o) << " " << n << " ";
  std::cout << ")\n";
  auto imported = by_id(b->records.calls);

  // Tailed in polls of 7 lines with restarts: the same calls, each once; the ones
  // still within the merge window of the newest CDR wait in the cursor.
  CdrOptions o;
  o.batch_lines = 7;
  Tailed t;
  tail_all(kReal, o, t);
  auto tailed = by_id(t.calls);
  for (auto& [id, c] : tailed) {
    ASSERT_TRUE(imported.count(id)) << id;
    EXPECT_EQ(c.outcome, imported.at(id).outcome) << id;
    EXPECT_EQ(c.ended_at, imported.at(id).ended_at) << id;
  }
  auto pending = pending_keys(t.cursor);
  EXPECT_EQ(tailed.size() + pending.size(), linkedids.size());
  for (auto& k : pending) EXPECT_FALSE(tailed.count("asterisk:cdr:" + k)) << k;
}

}  // namespace
}  // namespace dp::asterisk
