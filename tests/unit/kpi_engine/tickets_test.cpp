// docs/kpis.md, "Tickets": volumes, states at window end and durations.
#include "fixtures.h"

namespace dp::kpi::test {
namespace {

TEST(RequestVolume, TicketsAndOfferedCallsMergedExcluded) {
  Data d;
  d.ticket("t1", "2026-11-16T09:00:00Z");
  d.ticket("t2", "2026-11-17T09:00:00Z");
  d.ticket("t3", "2026-11-18T09:00:00Z", "", {}, Channel::phone);
  d.ticket("t4", "2026-11-18T10:00:00Z").status = TicketStatus::merged;
  d.ticket("t5", "2026-11-19T10:00:00Z");
  d.event("t5", "2026-11-19T11:00:00Z", EventType::deleted);
  d.ticket("t6", "2026-11-09T10:00:00Z");  // last week
  d.call("c1", "2026-11-16T10:00:00Z", 5, CallOutcome::answered);
  d.call("c2", "2026-11-16T11:00:00Z", 50, CallOutcome::abandoned);
  d.call("c3", "2026-11-16T12:00:00Z", 0, CallOutcome::blocked);
  d.call("c4", "2026-11-16T13:00:00Z", 0, CallOutcome::answered).direction = Direction::outbound;
  auto rows = d.run({GroupBy::overall}, {"request_volume", "volume_by_channel"});
  EXPECT_DOUBLE_EQ(value(rows, {"request_volume"}), 5.0);
  EXPECT_DOUBLE_EQ(value(rows, {"volume_by_channel", "", {}, {}, "", "email"}), 2.0);
  EXPECT_DOUBLE_EQ(value(rows, {"volume_by_channel", "", {}, {}, "", "phone"}), 3.0);
}

TEST(RequestVolume, NoRecordsAtAllIsUnknownNotZero) {
  Data d;
  auto rows = d.run({GroupBy::overall}, {"request_volume", "calls_offered"});
  for (const Row& r : rows) {
    EXPECT_FALSE(r.value) << r.kpi;
    EXPECT_FALSE(r.reason.empty()) << r.kpi;
  }
}

TEST(OpenCasesAndBacklog, StatesAtWindowEnd) {
  Data d;
  d.ticket("o1", "2026-11-20T10:00:00Z");  // new, nobody answered, 62 h old
  d.ticket("o2", "2026-11-22T12:00:00Z");  // answered: waits on the customer
  d.status("o2", "2026-11-22T12:30:00Z", "open");
  d.reply("o2", "2026-11-22T12:30:00Z");
  d.ticket("o3", "2026-11-22T20:00:00Z");  // the customer spoke last, 4 h old
  d.status("o3", "2026-11-22T20:30:00Z", "open");
  d.reply("o3", "2026-11-22T20:30:00Z");
  d.customer("o3", "2026-11-22T21:00:00Z");
  d.ticket("o4", "2026-11-18T09:00:00Z");  // pending: not open, but backlog
  d.status("o4", "2026-11-18T10:00:00Z", "pending");
  d.ticket("o5", "2026-11-17T09:00:00Z");  // resolved
  d.status("o5", "2026-11-19T09:00:00Z", "resolved");
  d.ticket("o6", "2026-11-23T10:00:00Z");  // after the window
  auto rows = d.run({GroupBy::overall}, {"open_cases", "backlog"});
  EXPECT_DOUBLE_EQ(value(rows, {"open_cases"}), 2.0);  // o1, o3
  EXPECT_DOUBLE_EQ(value(rows, {"backlog"}), 2.0);     // o1, o4
}

TEST(ResolutionRate, ResolvedOverAssigned) {
  Data d;
  d.ticket("r1", "2026-11-16T09:00:00Z", "", "a1");  // assigned at creation
  d.status("r1", "2026-11-17T09:00:00Z", "resolved");
  d.ticket("r2", "2026-11-16T09:00:00Z");
  d.owner("r2", "2026-11-16T10:00:00Z", "a1");
  d.ticket("r3", "2026-11-16T09:00:00Z");
  d.owner("r3", "2026-11-18T10:00:00Z", "a2");
  d.ticket("r4", "2026-11-10T09:00:00Z", "", "a2");  // assigned last week
  d.status("r4", "2026-11-17T09:00:00Z", "resolved");
  auto rows = d.run({GroupBy::overall}, {"resolution_rate"});
  EXPECT_NEAR(value(rows, {"resolution_rate"}), 200.0 / 3, 1e-9);  // r1, r4 / r1, r2, r3
}

// t1: note and customer reply before the first public agent reply (1 h); t2 30 min;
// t3 2 h; t4 internal note only: no first response.
Data frt_data() {
  Data d;
  d.ticket("t1", "2026-11-16T09:00:00Z");
  d.note("t1", "2026-11-16T09:10:00Z");
  d.customer("t1", "2026-11-16T09:20:00Z");
  d.reply("t1", "2026-11-16T10:00:00Z");
  d.ticket("t2", "2026-11-16T09:00:00Z");
  d.reply("t2", "2026-11-16T09:30:00Z");
  d.ticket("t3", "2026-11-16T09:00:00Z");
  d.reply("t3", "2026-11-16T11:00:00Z");
  d.ticket("t4", "2026-11-16T09:00:00Z");
  d.note("t4", "2026-11-16T09:05:00Z");
  return d;
}

TEST(Frt, MeanMedianP90BothBases) {
  auto rows = frt_data().run({GroupBy::overall}, {"frt"});
  for (const char* basis : {"business", "calendar"}) {  // no calendar: business is 24x7
    EXPECT_DOUBLE_EQ(value(rows, {"frt", "mean", {}, basis}), 4200.0);
    EXPECT_DOUBLE_EQ(value(rows, {"frt", "median", {}, basis}), 3600.0);
    EXPECT_DOUBLE_EQ(value(rows, {"frt", "p90", {}, basis}), 6480.0);
    EXPECT_EQ(find(rows, {"frt", "mean", {}, basis})->n, 3);
  }
  EXPECT_EQ(find(rows, {"frt", "mean", {}, "business"})->unit, "s");
}

TEST(Frt, InternalNoteOnlyGivesNoResponse) {
  Data d;
  d.ticket("t4", "2026-11-16T09:00:00Z");
  d.note("t4", "2026-11-16T09:05:00Z");
  d.customer("t4", "2026-11-16T09:06:00Z");
  auto rows = d.run({GroupBy::overall}, {"frt"});
  const Row* r = find(rows, {"frt", "mean", {}, "calendar"});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->value);
  EXPECT_EQ(r->reason, "no first response in the window");
}

TEST(Frt, BotFirstThenHuman) {
  Data d;
  d.agent("bot1", "bots", AgentKind::bot);
  d.ticket("t5", "2026-11-16T09:00:00Z");
  d.reply("t5", "2026-11-16T09:01:00Z", "bot1");
  d.reply("t5", "2026-11-16T10:00:00Z", "a1");
  auto rows = d.run({GroupBy::overall}, {"frt"});
  EXPECT_DOUBLE_EQ(value(rows, {"frt", "mean", {}, "calendar"}), 60.0);
  EXPECT_DOUBLE_EQ(value(rows, {"frt", "mean", "human", "calendar"}), 3600.0);
}

TEST(Frt, BusinessHoursOverAWeekend) {
  Data d;
  d.ctx.calendars["rome"] = rome_office("rome");
  d.ctx.options.default_calendar = "rome";
  d.ticket("w1", "2026-11-20T15:00:00Z");  // Friday 16:00 in Rome
  d.reply("w1", "2026-11-23T09:00:00Z");   // Monday 10:00 in Rome
  const Window w{T("2026-11-23T00:00:00Z"), T("2026-11-30T00:00:00Z"), "2026-W48"};
  auto rows = d.run({GroupBy::overall}, {"frt"}, w);
  EXPECT_DOUBLE_EQ(value(rows, {"frt", "mean", {}, "business"}), 7200.0);  // Fri 1 h + Mon 1 h
  EXPECT_DOUBLE_EQ(value(rows, {"frt", "mean", {}, "calendar"}), 66 * 3600.0);
}

TEST(ResolutionTime, FinalResolveAndCloseDoesNotExtend) {
  Data d;
  d.ticket("t1", "2026-11-16T09:00:00Z");
  d.status("t1", "2026-11-17T09:00:00Z", "resolved");
  d.status("t1", "2026-11-17T12:00:00Z", "open");  // reopened
  d.status("t1", "2026-11-18T09:00:00Z", "resolved");
  d.ticket("t2", "2026-11-16T09:00:00Z");
  d.status("t2", "2026-11-16T13:00:00Z", "resolved");
  d.ticket("t3", "2026-11-16T09:00:00Z");
  d.status("t3", "2026-11-16T10:00:00Z", "resolved");
  d.status("t3", "2026-11-18T10:00:00Z", "closed");
  auto rows = d.run({GroupBy::overall}, {"resolution_time"});
  EXPECT_DOUBLE_EQ(value(rows, {"resolution_time", "mean", {}, "calendar"}), 63600.0);
  EXPECT_DOUBLE_EQ(value(rows, {"resolution_time", "median", {}, "calendar"}), 14400.0);
  EXPECT_DOUBLE_EQ(value(rows, {"resolution_time", "p90", {}, "calendar"}), 141120.0);
}

TEST(ResolutionTime, AcrossAHolidayAndADstChange) {
  Data d;
  Calendar cal = rome_office("support-it");
  cal.holidays = {std::chrono::sys_days{std::chrono::year{2026} / 10 / 26}};
  d.ctx.calendars["support-it"] = cal;
  d.agent("a1", "support-it");                         // the team's calendar
  d.ticket("h1", "2026-10-23T14:00:00Z", "", "a1");    // Fri 16:00 CEST
  d.status("h1", "2026-10-27T09:00:00Z", "resolved");  // Tue 10:00 CET; Mon is a holiday
  const Window w{T("2026-10-26T00:00:00Z"), T("2026-11-02T00:00:00Z"), "2026-W44"};
  auto rows = d.run({GroupBy::overall}, {"resolution_time"}, w);
  EXPECT_DOUBLE_EQ(value(rows, {"resolution_time", "mean", {}, "business"}), 7200.0);
  EXPECT_DOUBLE_EQ(value(rows, {"resolution_time", "mean", {}, "calendar"}), 91 * 3600.0);
}

TEST(TicketHandleTime, PerTicketAndPerAgent) {
  Data d;
  d.ticket("t1", "2026-11-16T09:00:00Z");
  d.ticket("t2", "2026-11-16T09:00:00Z");
  d.ticket("t3", "2026-11-16T09:00:00Z");
  d.reply("t3", "2026-11-16T09:10:00Z");
  d.event("t1", "2026-11-16T10:00:00Z", EventType::agent_reply, "a1").time_spent = Seconds{600};
  d.event("t1", "2026-11-16T11:00:00Z", EventType::internal_note, "a2", false).time_spent =
      Seconds{300};
  d.event("t2", "2026-11-16T10:00:00Z", EventType::agent_reply, "a1").time_spent = Seconds{900};
  auto rows = d.run({GroupBy::overall, GroupBy::agent}, {"ticket_handle_time"});
  EXPECT_DOUBLE_EQ(value(rows, {"ticket_handle_time"}), 900.0);  // 1800 s / 2 tickets
  EXPECT_DOUBLE_EQ(value(rows, {"ticket_handle_time", "", {}, {}, "a1"}), 750.0);
  EXPECT_DOUBLE_EQ(value(rows, {"ticket_handle_time", "", {}, {}, "a2"}), 300.0);
}

}  // namespace
}  // namespace dp::kpi::test
