// The weekly report's "Staffing for next week" section (docs/reports.md): per queue of
// the report's team the peak interval, agents advised, expected service level, method.
#include <gtest/gtest.h>

#include "kpi/windows.h"
#include "report/report.h"
#include "report/staffing_section.h"

namespace dp::report {
namespace {

using namespace std::chrono;

const kpi::Window kPeriod = *kpi::parse_period("2026-W49", "UTC");

// Four weeks before W50 of weekday calls 10:00-10:30: 100 per day on "sales" (answered
// by a1 of team sales), 10 on "care" (a2 of team care), AHT 180 s, no abandons.
Records records() {
  Records r;
  for (auto [id, team] : {std::pair{"a1", "sales"}, std::pair{"a2", "care"}}) {
    Agent a;
    a.id = id;
    a.team = team;
    r.agents.push_back(a);
  }
  for (int d = 0; d < 28; ++d) {
    const Time day = kPeriod.to - weeks{4} + days{d};
    for (auto [queue, agent, n] : {std::tuple{"sales", "a1", 100}, std::tuple{"care", "a2", 10}}) {
      for (int i = 0; i < n; ++i) {
        Call c;
        c.id = std::string(queue) + std::to_string(d) + "-" + std::to_string(i);
        c.queue = queue;
        c.agent = agent;
        c.offered_at = day + hours{10} + seconds{i * 1800 / n};
        c.answered_at = c.offered_at + seconds{5};
        c.ended_at = *c.answered_at + seconds{180};
        c.wait = seconds{5};
        c.talk = seconds{180};
        r.calls.push_back(c);
      }
    }
  }
  return r;
}

kpi::Context context(const Records& r) {
  kpi::Context ctx;
  for (const auto& a : r.agents) ctx.agents[a.id] = a;
  return ctx;
}

TEST(StaffingSection, PeakAgentsAndServiceLevelPerQueue) {
  const Records r = records();
  auto blocks = staffing_blocks(r, context(r), "", kPeriod);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].text, "Staffing for next week (2026-W50)");
  ASSERT_EQ(blocks[1].kind, Block::Kind::table);
  const auto& rows = blocks[1].table.rows;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][0].text, "sales");
  EXPECT_EQ(rows[1][1].text, "Mon 7 Dec 10:00\u201310:30");
  EXPECT_EQ(rows[1][3].text, "14");  // 100 calls / 30 min at 180 s: the worked example
  EXPECT_EQ(rows[1][4].text, "88.8%");
  EXPECT_EQ(rows[1][5].text, "Erlang C");
}

TEST(StaffingSection, ATeamReportShowsItsQueuesAndTheConfigTurnsItOff) {
  const Records r = records();
  const kpi::Context ctx = context(r);
  auto blocks = staffing_blocks(r, ctx, "care", kPeriod);
  ASSERT_EQ(blocks[1].table.rows.size(), 1u);
  EXPECT_EQ(blocks[1].table.rows[0][0].text, "care");
  const ReportPost on = build(r, ctx, "care", kPeriod, {.charts = false});
  EXPECT_NE(on.text.find("STAFFING FOR NEXT WEEK (2026-W50)"), std::string::npos);
  EXPECT_NE(on.html.find("Staffing for next week"), std::string::npos);
  const ReportPost off = build(r, ctx, "care", kPeriod, {.charts = false, .staffing = false});
  EXPECT_EQ(off.text.find("STAFFING"), std::string::npos);
}

TEST(StaffingSection, NoCallsIsANoteNotATable) {
  Records r;
  auto blocks = staffing_blocks(r, {}, "", kPeriod);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[1].kind, Block::Kind::note);
  EXPECT_NE(blocks[1].text.find("no calls"), std::string::npos);
}

}  // namespace
}  // namespace dp::report
