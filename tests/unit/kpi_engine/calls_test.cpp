// docs/kpis.md, "Calls": the worked example (sl_threshold 20 s, short_abandon 5 s).
#include "fixtures.h"

namespace dp::kpi::test {
namespace {

Data calls() {
  Data d;
  d.call("c1", "2026-11-16T09:00:00Z", 10, CallOutcome::answered, "a1", 300, 30, 60);
  d.call("c2", "2026-11-16T09:05:00Z", 15, CallOutcome::answered, "a1", 200, 0, 40);
  d.call("c3", "2026-11-16T09:10:00Z", 40, CallOutcome::answered, "a2", 500, 60, 100);
  d.call("c4", "2026-11-16T09:15:00Z", 3, CallOutcome::abandoned);  // short abandon
  d.call("c5", "2026-11-16T09:20:00Z", 30, CallOutcome::abandoned);
  d.call("c6", "2026-11-16T09:25:00Z", 120, CallOutcome::timeout);
  d.call("c7", "2026-11-16T09:30:00Z", 0, CallOutcome::blocked);
  d.call("c8", "2026-11-16T09:35:00Z", 0, CallOutcome::answered, "a1", 999).direction =
      Direction::outbound;
  return d;
}

TEST(Calls, WorkedExample) {
  auto rows = calls().run();
  EXPECT_DOUBLE_EQ(value(rows, {"calls_offered"}), 6.0);
  EXPECT_NEAR(value(rows, {"asa", "mean"}), 65.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(value(rows, {"asa", "median", "median"}), 15.0);
  EXPECT_NEAR(value(rows, {"service_level"}), 100.0 / 3, 1e-9);                      // 2 / 6
  EXPECT_NEAR(value(rows, {"service_level", "", "answered"}), 200.0 / 3, 1e-9);      // 2 / 3
  EXPECT_DOUBLE_EQ(value(rows, {"service_level", "", "excl_short_abandon"}), 40.0);  // 2 / 5
  EXPECT_DOUBLE_EQ(value(rows, {"abandonment_rate"}), 50.0);                         // 3 / 6
  EXPECT_DOUBLE_EQ(value(rows, {"abandonment_rate", "", "excl_short"}), 40.0);       // 2 / 5
  EXPECT_DOUBLE_EQ(value(rows, {"blocked_calls", "count"}), 1.0);
  EXPECT_NEAR(value(rows, {"blocked_calls", "rate"}), 100.0 / 7, 1e-9);
  EXPECT_DOUBLE_EQ(value(rows, {"aht"}), 430.0);  // (390 + 240 + 660) / 3
  EXPECT_EQ(find(rows, {"service_level"})->definition, "answered within 20 s / offered calls");
  ASSERT_TRUE(find(rows, {"service_level"})->ci);
  EXPECT_NEAR(find(rows, {"service_level"})->ci->first, 9.68, 0.01);
  EXPECT_NEAR(find(rows, {"service_level"})->ci->second, 70.00, 0.01);
}

TEST(Calls, PerAgentAndChannel) {
  auto rows = calls().run({GroupBy::agent, GroupBy::channel});
  EXPECT_DOUBLE_EQ(value(rows, {"aht", "", {}, {}, "a1"}), 315.0);  // (390 + 240) / 2
  EXPECT_DOUBLE_EQ(value(rows, {"aht", "", {}, {}, "a2"}), 660.0);
  EXPECT_DOUBLE_EQ(value(rows, {"calls_offered", "", {}, {}, "phone"}), 6.0);
  // Unanswered calls have no agent.
  EXPECT_DOUBLE_EQ(value(rows, {"calls_offered", "", {}, {}, "(unassigned)"}), 3.0);
}

TEST(Calls, AllAbandoned) {
  Data d;
  for (const char* id : {"x1", "x2", "x3"})
    d.call(id, "2026-11-17T10:00:00Z", 30, CallOutcome::abandoned);
  auto rows = d.run();
  EXPECT_DOUBLE_EQ(value(rows, {"abandonment_rate"}), 100.0);
  EXPECT_DOUBLE_EQ(value(rows, {"service_level"}), 0.0);
  const Row* answered = find(rows, {"service_level", "", "answered"});
  ASSERT_TRUE(answered);
  EXPECT_FALSE(answered->value);
  EXPECT_EQ(answered->reason, "no calls answered in the window");
  EXPECT_FALSE(find(rows, {"asa", "mean"})->value);
  EXPECT_FALSE(find(rows, {"aht"})->value);
}

TEST(Calls, OneCall) {
  Data d;
  d.call("solo", "2026-11-17T10:00:00Z", 25, CallOutcome::answered, "a1", 100);
  auto rows = d.run();
  EXPECT_DOUBLE_EQ(value(rows, {"asa", "mean"}), 25.0);
  EXPECT_FALSE(find(rows, {"asa", "mean"})->ci);  // no interval from one value
  EXPECT_DOUBLE_EQ(value(rows, {"service_level"}), 0.0);
}

TEST(Occupancy, HandleOverLoggedInTime) {
  Data d;
  d.call("o1", "2026-11-16T09:30:00Z", 5, CallOutcome::answered, "a1", 3000, 0, 150);
  d.call("o2", "2026-11-16T11:00:00Z", 5, CallOutcome::answered, "a1", 3000, 0, 150);
  AgentSession s;
  s.agent = "a1";
  s.start = T("2026-11-16T09:00:00Z");
  s.end = T("2026-11-16T13:00:00Z");
  s.paused = Seconds{1800};
  d.r.sessions.push_back(s);
  auto rows = d.run({GroupBy::overall, GroupBy::agent}, {"occupancy"});
  EXPECT_DOUBLE_EQ(value(rows, {"occupancy"}), 50.0);  // 6300 / (14400 - 1800)
  EXPECT_DOUBLE_EQ(value(rows, {"occupancy", "", {}, {}, "a1"}), 50.0);
}

TEST(Occupancy, NoSessionsIsUnavailable) {
  auto rows = calls().run({GroupBy::overall}, {"occupancy"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].value);
  EXPECT_EQ(rows[0].reason, "no agent sessions (login data)");
}

}  // namespace
}  // namespace dp::kpi::test
