// docs/kpis.md, "Calls in progress": a call connected to an agent and not ended yet
// (outcome in_progress, answered_at set, ended_at null) counts as offered and answered
// and in the wait-based KPIs, not in handle time; the partials agree with the records.
#include "fixtures.h"
#include "kpi/partials.h"
#include "kpi/windows.h"

namespace dp::kpi::test {
namespace {

Data with_one_in_progress() {
  Data d;
  d.call("c1", "2026-11-16T09:00:00Z", 10, CallOutcome::answered, "a1", 300, 30, 60);
  d.call("c2", "2026-11-16T09:05:00Z", 30, CallOutcome::abandoned);
  Call& live = d.call("c3", "2026-11-16T09:10:00Z", 6, CallOutcome::in_progress, "a2");
  live.answered_at = live.offered_at + live.wait;  // connected; no end, no talk yet
  return d;
}

TEST(CallsInProgress, CountAsOfferedAndAnsweredNotInHandleTime) {
  auto rows = with_one_in_progress().run({GroupBy::overall, GroupBy::agent});
  EXPECT_DOUBLE_EQ(value(rows, {"calls_offered"}), 3.0);
  EXPECT_DOUBLE_EQ(value(rows, {"asa", "mean"}), 8.0);  // (10 + 6) / 2
  EXPECT_EQ(find(rows, {"asa", "mean"})->n, 2);
  EXPECT_NEAR(value(rows, {"service_level"}), 200.0 / 3, 1e-9);             // 2 / 3
  EXPECT_DOUBLE_EQ(value(rows, {"service_level", "", "answered"}), 100.0);  // 2 / 2
  EXPECT_NEAR(value(rows, {"abandonment_rate"}), 100.0 / 3, 1e-9);          // 1 / 3
  EXPECT_DOUBLE_EQ(value(rows, {"aht"}), 390.0);  // c1 alone: c3 has not ended
  EXPECT_EQ(find(rows, {"aht"})->n, 1);
  // Its agent has an answered call and no handle time yet.
  EXPECT_DOUBLE_EQ(value(rows, {"asa", "mean", {}, {}, "a2"}), 6.0);
  const Row* aht_a2 = find(rows, {"aht", "", {}, {}, "a2"});
  ASSERT_TRUE(aht_a2);
  EXPECT_FALSE(aht_a2->value);
  EXPECT_EQ(aht_a2->n, 0);
}

TEST(CallsInProgress, EndedLaterEntersHandleTime) {
  Data d = with_one_in_progress();
  Call& c3 = d.r.calls.back();
  c3.outcome = CallOutcome::answered;
  c3.ended_at = *c3.answered_at + Seconds{100};
  c3.talk = Seconds{100};
  auto rows = d.run();
  EXPECT_DOUBLE_EQ(value(rows, {"calls_offered"}), 3.0);
  EXPECT_DOUBLE_EQ(value(rows, {"aht"}), 245.0);  // (390 + 100) / 2
}

TEST(CallsInProgress, PartialsAgreeWithTheRecords) {
  Data d = with_one_in_progress();
  Request req;
  req.windows = make_windows("2026-11-16", "2026-11-17", Bucket::day, "UTC").value();
  req.groupings = {GroupBy::overall, GroupBy::agent};
  req.kpis = {"calls_offered", "asa", "service_level", "abandonment_rate", "aht"};
  const auto exact = compute(d.r, d.ctx, req);
  const Input in(d.r, d.ctx);
  const auto fast = compute_from_partials(build_partials(in), d.ctx.options, req);
  ASSERT_TRUE(fast) << fast.error().message;
  ASSERT_EQ(fast->size(), exact.size());
  for (const Row& e : exact) {
    SCOPED_TRACE(e.kpi + " " + e.stat + " " + e.key);
    const Row* f = nullptr;
    for (const Row& r : *fast)
      if (r.kpi == e.kpi && r.stat == e.stat && r.variant == e.variant && r.by == e.by &&
          r.key == e.key)
        f = &r;
    ASSERT_TRUE(f);
    EXPECT_EQ(f->n, e.n);
    ASSERT_EQ(f->value.has_value(), e.value.has_value());
    if (e.value && e.stat != "median") {
      EXPECT_NEAR(*f->value, *e.value, 1e-9);
    }
  }
}

}  // namespace
}  // namespace dp::kpi::test
