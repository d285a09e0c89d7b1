// sync_source with a scripted in-test source: batches, rejections, failures, through
// the rollup's store step; import's options (from the start, under another name, told
// of each batch) and the partials kept current batch by batch.
#include "sync/sync.h"

#include <gtest/gtest.h>

#include <deque>
#include <limits>
#include <stdexcept>

#include "rollup/rebuild.h"
#include "rollup/tag.h"
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

// One sync run through a store step with the default context.
SyncReport sync(Source& src, Store& store, const SyncOptions& o = {}) {
  rollup::Upkeep step(store, kpi::Context{});
  return sync_source(src, step, o);
}

std::string stored_cursor(Store& store, const std::string& name = "scripted") {
  auto cur = store.cursor(name);
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
    SyncReport rep = sync(src, *store);
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
    SyncReport rep = sync(src, *store);
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
  SyncReport rep = sync(src, *store);
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
  SyncReport rep = sync(src, *store);
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
  SyncReport rep = sync(src, *store, {.max_batches = 4});
  EXPECT_TRUE(rep.ok());
  EXPECT_TRUE(rep.more);
  EXPECT_EQ(rep.batches, 4u);
  EXPECT_EQ(rep.cursor, "c3");
  EXPECT_EQ(src.asked.size(), 4u);
}

// A source whose poll throws.
class ThrowingSource : public Source {
 public:
  std::string name() const override { return "scripted"; }
  Result<void> health_check() override { return {}; }
  Result<Batch> poll(const std::string&) override { throw std::runtime_error("boom"); }
};

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
  SyncReport rep = sync(src, *store, {.progress = &progress});
  EXPECT_TRUE(rep.ok());
  EXPECT_EQ(progress.seen, (std::vector<std::string>{"sync scripted 0", "sync scripted 4",
                                                     "sync scripted 9", "finish"}));
}

TEST(SyncSource, ProgressIsFinishedWhenAPollFailsOrThrows) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  ScriptedSource failing({tickets_batch(1, 2, "c1", true)});  // then "script exhausted"
  RecordedProgress progress;
  EXPECT_FALSE(sync(failing, *store, {.progress = &progress}).ok());
  EXPECT_EQ(progress.seen,
            (std::vector<std::string>{"sync scripted 0", "sync scripted 4", "finish"}));
  progress.seen.clear();
  ThrowingSource throws;
  SyncReport rep = sync(throws, *store, {.progress = &progress});
  ASSERT_TRUE(rep.error);
  EXPECT_NE(rep.error->str().find("boom"), std::string::npos);
  EXPECT_EQ(rep.failed, SyncReport::Stage::thrown);
  EXPECT_EQ(progress.seen, (std::vector<std::string>{"sync scripted 0", "finish"}));
}

// Import's way: from the start whatever is stored, under its own name, told of each
// batch (which then holds its rejections and warnings, counted in the report).
TEST(SyncSource, FromTheStartUnderAnotherNameToldOfEachBatch) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->apply({}, "import:x", std::string("stale")));
  Batch first = tickets_batch(1, 2, "c1", true);
  first.rejected = {{"tickets.ndjson:3", "created_at", "not a time"}};
  first.warnings = {"a field is hidden"};
  ScriptedSource src({first, tickets_batch(3, 1, "c2", false)});
  std::vector<std::string> told;
  SyncReport rep = sync(src, *store,
                        {.max_batches = std::numeric_limits<size_t>::max(),
                         .from = "",
                         .as = "import:x",
                         .on_stored = [&](const Batch& b) {
                           told.push_back(b.cursor + "/" + std::to_string(b.rejected.size()) + "/" +
                                          std::to_string(b.warnings.size()));
                         }});
  EXPECT_TRUE(rep.ok());
  EXPECT_EQ(src.asked, (std::vector<std::string>{"", "c1"}));
  EXPECT_EQ(told, (std::vector<std::string>{"c1/1/1", "c2/0/0"}));
  EXPECT_EQ(rep.rejected, 1u);
  EXPECT_TRUE(rep.rejections.empty());
  EXPECT_TRUE(rep.warnings.empty());
  EXPECT_EQ(stored_cursor(*store, "import:x"), "c2");
  EXPECT_EQ(stored_cursor(*store), "<none>");
}

TEST(SyncSource, AStoreFailureSaysSoWithItsCause) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  Batch broken = tickets_batch(1, 1, "c1", false);
  broken.records.tickets.push_back(test::bare_ticket(""));
  ScriptedSource src({broken});
  SyncReport rep = sync(src, *store);
  ASSERT_TRUE(rep.error);
  EXPECT_EQ(rep.failed, SyncReport::Stage::store);
  EXPECT_EQ(rep.error->message, "storing a batch failed: " + rep.cause.message);
}

// The store step is the rollup's: current partials stay current batch by batch.
TEST(SyncSource, TheRollupKeepsCurrentPartialsCurrent) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  const kpi::Context ctx;
  ASSERT_TRUE(rollup::store_partials(*store, {}, ctx));  // empty, and current
  ScriptedSource src({tickets_batch(1, 2, "c1", true), tickets_batch(3, 2, "c2", false)});
  rollup::Upkeep step(*store, ctx);
  SyncReport rep = sync_source(src, step);
  ASSERT_TRUE(rep.ok()) << rep.error->str();
  EXPECT_TRUE(step.kept());
  auto current = rollup::is_current(*store, ctx);
  ASSERT_TRUE(current);
  EXPECT_TRUE(*current);
  auto tag = rollup::current_tag(*store, store->data_version().value(), ctx);
  ASSERT_TRUE(tag && *tag);
  EXPECT_EQ((*tag)->totals.tickets, 4);
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
