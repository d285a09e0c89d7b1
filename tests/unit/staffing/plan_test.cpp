// The plan of one week from call and ticket records (docs/staffing.md): what it measures,
// what it leaves out, and that every missing figure has a reason.
#include "staffing/plan.h"

#include <gtest/gtest.h>

#include "kpi/windows.h"
#include "staffing/rows.h"

namespace dp::staffing {
namespace {

using namespace std::chrono;

const kpi::Window kWeek = *kpi::parse_period("2026-W50", "UTC");

// Every weekday of the 4 weeks before W50, 09:00-09:30: `per_slot` calls of queue `q`,
// each waiting 10 s and handled in `handle` s; every `abandon_every`-th abandons.
void add_calls(Records& r, const std::string& q, int per_slot, int handle, int abandon_every) {
  for (int d = 0; d < 28; ++d) {
    const Time day = kWeek.from - weeks{4} + days{d};
    for (int i = 0; i < per_slot; ++i) {
      Call c;
      c.id = q + std::to_string(d) + "-" + std::to_string(i);
      c.queue = q;
      c.offered_at = day + hours{9} + seconds{i * 1800 / per_slot};
      c.wait = seconds{10};
      if (abandon_every > 0 && i % abandon_every == 0) {
        c.outcome = CallOutcome::abandoned;
      } else {
        c.answered_at = c.offered_at + c.wait;
        c.ended_at = *c.answered_at + seconds{handle};
        c.talk = seconds{handle};
      }
      r.calls.push_back(c);
    }
  }
}

PlanOptions options() {
  PlanOptions o;
  o.week = kWeek;
  return o;
}

TEST(Plan, ErlangCPerIntervalFromForecastAndAht) {
  Records r;
  add_calls(r, "sales", 100, 180, 0);
  Plan p = plan(r, options());
  ASSERT_EQ(p.calls.size(), 1u);
  const QueuePlan& q = p.calls[0];
  EXPECT_EQ(q.measure.method, "erlang_c");
  EXPECT_DOUBLE_EQ(*q.measure.aht_s, 180);
  const IntervalPlan* peak = peak_interval(q);
  ASSERT_TRUE(peak);
  EXPECT_NEAR(*peak->forecast_calls, 100, 1e-9);  // flat history: no trend
  EXPECT_EQ(peak->agents, 14);                    // the worked example
  EXPECT_NEAR(*peak->service_level, 0.888, 1e-3);
  EXPECT_NEAR(*peak->occupancy, 10.0 / 14, 1e-9);
  EXPECT_GT(*peak->asa_s, 0);
  // Outside 09:00-09:30 no calls were ever offered: 0 agents, said why.
  EXPECT_EQ(q.intervals[0].agents, 0);
  EXPECT_EQ(q.intervals[0].reason, "no calls forecast");
}

TEST(Plan, AbandonsGiveErlangAWithPatienceFromWaits) {
  Records r;
  add_calls(r, "sales", 100, 180, 10);  // 10 of 100 abandon
  Plan p = plan(r, options());
  const QueuePlan& q = p.calls[0];
  EXPECT_EQ(q.measure.method, "erlang_a");
  // Total wait 100 · 10 s per slot / 10 abandons = 100 s.
  EXPECT_NEAR(*q.measure.patience_s, 100, 1e-9);
  const IntervalPlan* peak = peak_interval(q);
  ASSERT_TRUE(peak && peak->agents && peak->agents_erlang_c);
  EXPECT_LE(*peak->agents, *peak->agents_erlang_c);
  EXPECT_GE(*peak->service_level, 0.8);
}

TEST(Plan, InProgressCallsCountAsOfferedNotInTheAht) {
  Records r;
  add_calls(r, "sales", 20, 300, 0);
  Call live = r.calls.back();
  live.id = "live";
  live.outcome = CallOutcome::in_progress;
  live.ended_at.reset();
  live.talk = seconds{0};
  r.calls.push_back(live);
  Plan p = plan(r, options());
  EXPECT_EQ(p.calls[0].measure.in_progress, 1);
  EXPECT_DOUBLE_EQ(*p.calls[0].measure.aht_s, 300);
  bool said = false;
  for (const auto& n : plan_notes(p)) said |= n.find("1 call(s) in progress") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(Plan, SmallQueueUsesEveryQueuesAhtAndSaysSo) {
  Records r;
  add_calls(r, "big", 20, 300, 0);
  Call one = r.calls.front();
  one.id = "tiny1";
  one.queue = "tiny";
  one.talk = seconds{60};
  r.calls.push_back(one);
  Plan p = plan(r, options());
  ASSERT_EQ(p.calls.size(), 2u);
  EXPECT_EQ(p.calls[1].queue, "tiny");
  EXPECT_TRUE(p.calls[1].measure.aht_all_queues);
  auto rows = plan_rows(p);
  bool flagged = false;
  for (const auto& row : rows)
    if (row.queue == "tiny") flagged |= !row.flags.empty() && row.flags[0] == "aht_all_queues";
  EXPECT_TRUE(flagged);
}

TEST(Plan, EverythingAbsentHasAReason) {
  Records none;
  Plan p = plan(none, options());
  EXPECT_EQ(p.calls_reason, "no call records");
  EXPECT_EQ(p.tickets_reason, "no ticket records");
  Records r;
  add_calls(r, "sales", 10, 300, 0);
  PlanOptions o = options();
  o.queues = {"sales", "empty"};
  Plan q = plan(r, o);
  ASSERT_EQ(q.calls.size(), 2u);
  EXPECT_EQ(q.calls[1].reason, "no calls in this queue");
  for (const auto& row : plan_rows(q))
    if (!row.agents) {
      EXPECT_FALSE(row.reason.empty()) << row.queue << ' ' << row.interval_start;
    }
}

TEST(Plan, TicketWorkFromRecordedTimeOrAReason) {
  Records r;
  for (int d = 0; d < 28; ++d) {
    Ticket t;
    t.id = "t" + std::to_string(d);
    t.queue = "support";
    t.created_at = kWeek.from - weeks{4} + days{d} + hours{10};
    r.tickets.push_back(t);
    TicketEvent e;
    e.ticket = t.id;
    e.at = t.created_at + hours{1};
    e.type = EventType::agent_reply;
    e.time_spent = seconds{d % 2 ? 1800 : 0};  // half the tickets: 30 min recorded
    r.events.push_back(e);
  }
  Plan p = plan(r, options());
  ASSERT_EQ(p.tickets.size(), 1u);
  const TicketQueuePlan& t = p.tickets[0];
  EXPECT_NEAR(*t.handle_s, 900, 1e-9);  // 14 · 1800 s / 28 tickets
  ASSERT_EQ(t.days.size(), 7u);
  EXPECT_NEAR(*t.days[0].forecast_tickets, 1, 1e-9);
  EXPECT_NEAR(*t.days[0].agent_hours, 0.25, 1e-9);
  for (auto& e : r.events) e.time_spent = seconds{0};
  Plan none = plan(r, options());
  EXPECT_FALSE(none.tickets[0].handle_s);
  EXPECT_NE(none.tickets[0].days[0].reason.find("no time spent recorded"), std::string::npos);
}

TEST(Rows, IntervalStartIsRfc3339WithTheZoneOffset) {
  EXPECT_EQ(local_rfc3339(*parse_rfc3339("2026-12-07T08:00:00Z"), "Europe/Rome"),
            "2026-12-07T09:00:00+01:00");
  EXPECT_EQ(local_rfc3339(*parse_rfc3339("2026-07-07T08:00:00Z"), "America/New_York"),
            "2026-07-07T04:00:00-04:00");
  EXPECT_EQ(local_rfc3339(*parse_rfc3339("2026-12-07T08:00:00Z"), "UTC"),
            "2026-12-07T08:00:00+00:00");
}

TEST(Plan, DefaultWeekIsTheOneAfterTheLastCall) {
  Records r;
  add_calls(r, "sales", 1, 300, 0);
  auto w = week_after_data(r, "UTC");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->label, "2026-W50");
}

}  // namespace
}  // namespace dp::staffing
