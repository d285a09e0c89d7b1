// The partials rebuild (rollup/rebuild.h) as its progress shows it: a chunk at a
// time, counting up to the stored customers, tickets, calls and sessions; the same
// partials with or without someone watching.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/env.h"
#include "gen/generate.h"
#include "rollup/rebuild.h"

namespace dp::app {
namespace {

struct Recorded : Progress {
  std::vector<ProgressStep> steps;
  int finished = 0;
  void step(const ProgressStep& s) override { steps.push_back(s); }
  void finish() override { ++finished; }
};

TEST(RebuildProgress, CountsChunksUpToTheStoredRecords) {
  gen::GenOptions opt;
  opt.tickets = 300;
  opt.weeks = 3;
  const Records all = gen::generate(opt);
  auto store = std::move(Store::open(":memory:").value());
  ASSERT_TRUE(store->apply(all, "test", std::nullopt));
  Records agents;
  agents.agents = store->agents().value();
  const kpi::Context ctx = make_context(nullptr, agents);
  const auto counts = store->counts().value();
  const uint64_t total =
      uint64_t(counts.customers + counts.tickets + counts.calls + counts.sessions);

  Recorded seen;
  auto built = rollup::rebuild_partials(*store, ctx, rollup::Chunks{20, 100, 1000}, &seen);
  ASSERT_TRUE(built) << built.error().str();
  ASSERT_TRUE(*built);
  ASSERT_GT(seen.steps.size(), 10u);
  EXPECT_EQ(seen.steps.front().done, 0u);
  uint64_t before = 0;
  for (const auto& s : seen.steps) {
    EXPECT_EQ(s.what, "partials");
    EXPECT_EQ(s.total, total);
    EXPECT_GE(s.done, before);
    before = s.done;
  }
  EXPECT_EQ(seen.steps.back().done, total);
  EXPECT_EQ(seen.finished, 0) << "the caller finishes";

  auto again = rollup::rebuild_partials(*store, ctx, rollup::Chunks{20, 100, 1000});
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->tickets, (*built)->tickets);
  EXPECT_EQ((*again)->calls, (*built)->calls);
}

}  // namespace
}  // namespace dp::app
