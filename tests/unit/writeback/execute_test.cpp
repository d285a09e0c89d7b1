#include "writeback/execute.h"

#include <gtest/gtest.h>

using namespace dp;
using namespace dp::writeback;

namespace {

// A sink that answers from a script, so retries and failures can be driven.
class ScriptedSink : public Sink {
 public:
  std::vector<SinkResult> script;  // consumed front to back; then ok
  std::vector<FieldWrite> fields;
  std::vector<UserFieldWrite> users;
  std::string name() const override { return "scripted"; }
  Result<void> health_check() override { return {}; }
  SinkResult next() {
    if (script.empty()) return {};
    SinkResult r = script.front();
    script.erase(script.begin());
    return r;
  }
  SinkResult write_field(const FieldWrite& w) override {
    auto r = next();
    if (r.ok()) fields.push_back(w);
    return r;
  }
  SinkResult write_user_field(const UserFieldWrite& w) override {
    auto r = next();
    if (r.ok()) users.push_back(w);
    return r;
  }
  SinkResult post_report(const ReportPost&) override { return {}; }
};

ExecOptions test_options(std::vector<Seconds>& slept) {
  ExecOptions o;
  o.max_writes_per_second = 0;
  o.sleep = [&slept](Seconds s) { slept.push_back(s); };
  o.now = [] { return *parse_rfc3339("2026-11-23T09:00:00Z"); };
  return o;
}

}  // namespace

TEST(Execute, WritesAndRecordsEachInTheLedger) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store.ok());
  ScriptedSink sink;
  Plan plan;
  plan.ticket_writes = {{"rt:1", "FRT", "1h 05m"}, {"rt:2", "FRT", "10m"}};
  plan.user_writes = {{"alice", "CSAT", "90.0% (n=12)"}};
  std::vector<Seconds> slept;
  auto r = execute(plan, sink, **store, test_options(slept));
  EXPECT_EQ(r.written, 3u);
  EXPECT_EQ(r.failed, 0u);
  auto v = (*store)->ledger_value(TargetKind::ticket, "rt:2", "FRT");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(**v, "10m");
  auto u = (*store)->ledger_value(TargetKind::user, "alice", "CSAT");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(**u, "90.0% (n=12)");
}

TEST(Execute, RetriesWhatTheSinkSaysToRetryAndHonoursRetryAfter) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store.ok());
  ScriptedSink sink;
  sink.script = {{SinkStatus::rate_limited, "429", Seconds(7), ""}};
  Plan plan;
  plan.ticket_writes = {{"rt:1", "FRT", "5m"}};
  std::vector<Seconds> slept;
  auto r = execute(plan, sink, **store, test_options(slept));
  EXPECT_EQ(r.written, 1u);
  ASSERT_EQ(slept.size(), 1u);
  EXPECT_EQ(slept[0], Seconds(7));
}

TEST(Execute, AFailedWriteIsNotRecordedSoTheNextCycleTriesAgain) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store.ok());
  ScriptedSink sink;
  sink.script = {{SinkStatus::error, "custom field not applied to queue", std::nullopt, ""}};
  Plan plan;
  plan.ticket_writes = {{"rt:1", "FRT", "5m"}, {"rt:2", "FRT", "6m"}};
  std::vector<Seconds> slept;
  auto r = execute(plan, sink, **store, test_options(slept));
  EXPECT_EQ(r.written, 1u);
  EXPECT_EQ(r.failed, 1u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("rt:1"), std::string::npos);
  auto v = (*store)->ledger_value(TargetKind::ticket, "rt:1", "FRT");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value());
}

TEST(Execute, StopsWhenTheSinkIsDown) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store.ok());
  ScriptedSink sink;
  for (int i = 0; i < 50; ++i) sink.script.push_back({SinkStatus::error, "down", std::nullopt, ""});
  Plan plan;
  for (int i = 0; i < 30; ++i) plan.ticket_writes.push_back({"rt:" + std::to_string(i), "F", "1"});
  std::vector<Seconds> slept;
  auto o = test_options(slept);
  o.give_up_after_errors = 5;
  auto r = execute(plan, sink, **store, o);
  EXPECT_EQ(r.failed, 5u);
  EXPECT_TRUE(r.stopped_early);
}

TEST(Execute, RateLimitSpacesWrites) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store.ok());
  ScriptedSink sink;
  Plan plan;
  for (int i = 0; i < 6; ++i) plan.ticket_writes.push_back({"rt:" + std::to_string(i), "F", "1"});
  std::vector<Seconds> slept;
  auto o = test_options(slept);
  o.max_writes_per_second = 2;  // frozen clock: every 2 writes must wait a second
  auto r = execute(plan, sink, **store, o);
  EXPECT_EQ(r.written, 6u);
  EXPECT_EQ(slept.size(), 2u);
}
