#include "writeback/execute.h"

#include <gtest/gtest.h>

#include <algorithm>

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
  size_t calls = 0;
  SinkResult write_ticket_fields(const std::string& ticket,
                                 const std::vector<FieldValue>& values) override {
    ++calls;
    auto r = next();
    for (const auto& v : values)
      if (r.ok() ||
          (!r.failed_fields.empty() && std::find(r.failed_fields.begin(), r.failed_fields.end(),
                                                 v.field) == r.failed_fields.end()))
        fields.push_back({ticket, v.field, v.value});
    return r;
  }
  SinkResult write_user_fields(const std::string& agent,
                               const std::vector<FieldValue>& values) override {
    ++calls;
    auto r = next();
    if (r.ok())
      for (const auto& v : values) users.push_back({agent, v.field, v.value});
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

TEST(Execute, OneCallPerTicketWithAllItsFields) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store.ok());
  ScriptedSink sink;
  Plan plan;
  plan.ticket_writes = {{"rt:1", "FRT", "5m"},
                        {"rt:2", "FRT", "6m"},
                        {"rt:1", "SLA", "yes"},
                        {"rt:1", "Resolution", ""}};  // a figure that no longer applies
  plan.user_writes = {{"alice", "CSAT", "90.0% (n=12)"}, {"alice", "FRT", "1h 00m (n=3)"}};
  std::vector<Seconds> slept;
  auto r = execute(plan, sink, **store, test_options(slept));
  EXPECT_EQ(sink.calls, 3u);
  EXPECT_EQ(r.requests, 3u);
  EXPECT_EQ(r.written, 5u);
  EXPECT_EQ(r.cleared, 1u);
  auto cleared = (*store)->ledger_value(TargetKind::ticket, "rt:1", "Resolution");
  ASSERT_TRUE(cleared.ok());
  ASSERT_TRUE(cleared->has_value());  // the ledger knows it was cleared: not again
  EXPECT_EQ(**cleared, "");
}

TEST(Execute, AFieldTheSinkDidNotTakeIsNotRecordedButTheOthersAre) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store.ok());
  ScriptedSink sink;
  SinkResult partly{SinkStatus::error, "RT did not take 'Owner CSAT'", std::nullopt, ""};
  partly.failed_fields = {"Owner CSAT"};
  sink.script = {partly};
  Plan plan;
  plan.ticket_writes = {{"rt:1", "FRT", "5m"}, {"rt:1", "Owner CSAT", "80%"}};
  std::vector<Seconds> slept;
  auto r = execute(plan, sink, **store, test_options(slept));
  EXPECT_EQ(r.written, 1u);
  EXPECT_EQ(r.failed, 1u);
  auto frt = (*store)->ledger_value(TargetKind::ticket, "rt:1", "FRT");
  auto owner = (*store)->ledger_value(TargetKind::ticket, "rt:1", "Owner CSAT");
  ASSERT_TRUE(frt.ok() && owner.ok());
  EXPECT_TRUE(frt->has_value());
  EXPECT_FALSE(owner->has_value());
}
