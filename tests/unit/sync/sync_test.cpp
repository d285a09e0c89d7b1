// sync_source with a scripted in-test source: batches, rejections, failures.
#include "sync/sync.h"

#include <gtest/gtest.h>

#include <deque>
#include <stdexcept>

#include "store/sample_records.h"
#include "store/temp_dir.h"

namespace dp {
namespace {

// Serves a fixed list of poll results and remembers the cursors it was asked for.
class ScriptedSource : public Source {
 public:
  explicit ScriptedSource(std::deque<Result<Batch>> script) : script_(std::move(script)) {}
  std::string name() const override { return "scripted"; }
  Result<void> health_check() override { return {}; }
  Result<Batch> poll(const std::string& cursor) override {
    asked.push_back(cursor);
    if (script_.empty()) return make_error("script exhausted");
    auto next = std::move(script_.front());
    script_.pop_front();
    return next;
  }
  std::vector<std::string> asked;

 private:
  std::deque<Result<Batch>> script_;
};

Batch tickets_batch(int first, int n, std::string cursor, bool more) {
  Batch b;
  for (int i = first; i < first + n; ++i) {
    const auto id = "rt:" + std::to_string(i);
    b.records.tickets.push_back(test::full_ticket(id));
    b.records.events.push_back(test::full_event(id + ":e", id, 1'763'800'000 + i));
  }
  b.cursor = std::move(cursor);
  b.more = more;
  return b;
}

std::unique_ptr<Store> open_store(const std::string& path) {
  auto s = Store::open(path);
  EXPECT_TRUE(s) << s.error().str();
  return s ? std::move(*s) : nullptr;
}

std::string stored_cursor(Store& store) {
  auto cur = store.cursor("scripted");
  if (!cur) return "<error: " + cur.error().str() + ">";
  return cur->value_or("<none>");
}

TEST(SyncSource, StoresEveryBatchAndCollectsRejections) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  Batch second = tickets_batch(3, 2, "c2", true);
  second.rejected = {{"rt ticket 9", "created_at", "not a time"}, {"rt ticket 10", "", "gone"}};
  ScriptedSource src({tickets_batch(1, 2, "c1", true), second, tickets_batch(5, 1, "c3", false)});
  {
    auto store = open_store(path);
    ASSERT_TRUE(store);
    SyncReport rep = sync_source(src, *store);
    EXPECT_TRUE(rep.ok()) << rep.error->str();
    EXPECT_EQ(rep.batches, 3u);
    EXPECT_EQ(rep.stored, 10u);
    EXPECT_EQ(rep.stats.tickets.inserted, 5u);
    EXPECT_EQ(rep.rejected, 2u);
    ASSERT_EQ(rep.rejections.size(), 2u);
    EXPECT_EQ(rep.rejections[0].field, "created_at");
    EXPECT_EQ(rep.cursor, "c3");
    EXPECT_FALSE(rep.more);
    EXPECT_EQ(src.asked, (std::vector<std::string>{"", "c1", "c2"}));
  }
  auto store = open_store(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(stored_cursor(*store), "c3");
  auto counts = store->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->tickets, 5);
  EXPECT_EQ(counts->events, 5);
}

TEST(SyncSource, PollFailureKeepsEarlierBatchesAndTheirCursor) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  ScriptedSource src({tickets_batch(1, 2, "c1", true), tickets_batch(3, 2, "c2", true),
                      Result<Batch>(make_error("HTTP 503 from RT", "rt")),
                      tickets_batch(5, 2, "c3", false)});
  {
    auto store = open_store(path);
    ASSERT_TRUE(store);
    SyncReport rep = sync_source(src, *store);
    ASSERT_TRUE(rep.error);
    EXPECT_NE(rep.error->str().find("HTTP 503"), std::string::npos) << rep.error->str();
    EXPECT_EQ(rep.batches, 2u);
    EXPECT_EQ(rep.stored, 8u);
    EXPECT_EQ(rep.cursor, "c2");
  }
  auto store = open_store(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(stored_cursor(*store), "c2");
  auto all = store->load_all();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->tickets.size(), 4u);
  EXPECT_EQ(all->tickets.back().id, "rt:4");

  // The next run resumes from the stored cursor and repeats nothing.
  SyncReport rep = sync_source(src, *store);
  EXPECT_TRUE(rep.ok());
  EXPECT_EQ(src.asked.back(), "c2");
  EXPECT_EQ(rep.cursor, "c3");
  EXPECT_EQ(rep.stats.tickets.inserted, 2u);
  EXPECT_EQ(rep.stats.tickets.unchanged, 0u);
}

TEST(SyncSource, StoreFailureLeavesTheCursorAtTheLastStoredBatch) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  Batch broken = tickets_batch(3, 1, "c2", true);
  broken.records.tickets.push_back(test::bare_ticket(""));
  ScriptedSource src({tickets_batch(1, 2, "c1", true), broken, tickets_batch(9, 1, "c3", false)});
  SyncReport rep = sync_source(src, *store);
  ASSERT_TRUE(rep.error);
  EXPECT_EQ(rep.batches, 1u);
  EXPECT_EQ(rep.cursor, "c1");
  EXPECT_EQ(stored_cursor(*store), "c1");
  auto counts = store->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->tickets, 2);
}

TEST(SyncSource, SourceThatAlwaysHasMoreIsBounded) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  std::deque<Result<Batch>> endless;
  for (int i = 0; i < 10; ++i)
    endless.push_back(tickets_batch(i, 1, "c" + std::to_string(i), true));
  ScriptedSource src(std::move(endless));
  SyncReport rep = sync_source(src, *store, 4);
  EXPECT_TRUE(rep.ok());
  EXPECT_TRUE(rep.more);
  EXPECT_EQ(rep.batches, 4u);
  EXPECT_EQ(rep.cursor, "c3");
  EXPECT_EQ(src.asked.size(), 4u);
}

// Records what it is told: the task, the counts and each finish.
class RecordedProgress : public Progress {
 public:
  void step(const ProgressStep& s) override {
    seen.push_back(std::string(s.what) + " " + std::to_string(s.done) + (s.total ? "/?" : ""));
  }
  void finish() override { seen.push_back("finish"); }
  std::vector<std::string> seen;
};

TEST(SyncSource, ProgressCountsStoredAndRejectedRecordsAndFinishesOnce) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  Batch second = tickets_batch(3, 2, "c2", false);
  second.rejected = {{"rt ticket 9", "created_at", "not a time"}};
  ScriptedSource src({tickets_batch(1, 2, "c1", true), second});
  RecordedProgress progress;
  SyncReport rep = sync_source(src, *store, 1000, {}, &progress);
  EXPECT_TRUE(rep.ok());
  EXPECT_EQ(progress.seen, (std::vector<std::string>{"sync scripted 0", "sync scripted 4",
                                                     "sync scripted 9", "finish"}));
}

TEST(SyncSource, ProgressIsFinishedWhenAPollFailsOrThrows) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  ScriptedSource failing({tickets_batch(1, 2, "c1", true)});  // then "script exhausted"
  RecordedProgress progress;
  EXPECT_FALSE(sync_source(failing, *store, 1000, {}, &progress).ok());
  EXPECT_EQ(progress.seen,
            (std::vector<std::string>{"sync scripted 0", "sync scripted 4", "finish"}));
  progress.seen.clear();
  ScriptedSource more({tickets_batch(5, 1, "c5", false)});
  const Applier throws = [](const Records&, const std::string&,
                            const std::optional<std::string>&) -> Result<ApplyStats> {
    throw std::runtime_error("boom");
  };
  SyncReport rep = sync_source(more, *store, 1000, throws, &progress);
  ASSERT_TRUE(rep.error);
  EXPECT_NE(rep.error->str().find("boom"), std::string::npos);
  EXPECT_EQ(progress.seen, (std::vector<std::string>{"sync scripted 0", "finish"}));
}

}  // namespace
}  // namespace dp

// A rejection quotes input: an escape sequence or a line break in it must not reach a
// terminal or split a log line.
TEST(Rejection, ControlBytesOfTheInputAreShownNotPassedThrough) {
  dp::Rejection r{"tickets.ndjson:7", "subject", "bad value '\x1b[31mred\r\nX-Fake: 1'"};
  EXPECT_EQ(r.str(),
            "tickets.ndjson:7: field 'subject': bad value '\\x1b[31mred\\x0d\\x0aX-Fake: 1'");
  EXPECT_EQ(dp::printable("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 kept
}
