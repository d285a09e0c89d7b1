// docs/kpis.md, "Chatbots": the worked example.
#include "fixtures.h"

namespace dp::kpi::test {
namespace {

// b1 bot only; b2 bot then human; b3 human only; b4 bot only but reopened.
Data bots() {
  Data d;
  d.agent("bot1", "bots", AgentKind::bot);
  d.agent("a1", "support");
  for (const char* id : {"b1", "b2", "b3", "b4"}) d.ticket(id, "2026-11-16T09:00:00Z");
  d.reply("b1", "2026-11-16T09:01:00Z", "bot1");
  d.reply("b2", "2026-11-16T09:01:00Z", "bot1");
  d.reply("b2", "2026-11-16T10:00:00Z", "a1");
  d.reply("b3", "2026-11-16T10:00:00Z", "a1");
  d.reply("b4", "2026-11-16T09:01:00Z", "bot1");
  for (const char* id : {"b1", "b2", "b3", "b4"}) d.status(id, "2026-11-16T12:00:00Z", "resolved");
  d.status("b4", "2026-11-17T12:00:00Z", "open");
  d.status("b4", "2026-11-17T13:00:00Z", "resolved");
  d.survey(SurveyKind::csat, 5, 1, 5).ticket = "b1";
  d.survey(SurveyKind::csat, 2, 1, 5).ticket = "b2";
  d.survey(SurveyKind::csat, 4, 1, 5).ticket = "b3";
  return d;
}

TEST(Bots, ShareContainmentCsat) {
  auto rows = bots().run();
  EXPECT_DOUBLE_EQ(value(rows, {"bot_share"}), 75.0);                   // b1 b2 b4 of 4
  EXPECT_NEAR(value(rows, {"bot_containment_rate"}), 100.0 / 3, 1e-9);  // b1 of b1 b2 b4
  EXPECT_DOUBLE_EQ(value(rows, {"bot_csat"}), 100.0);                   // b1: 5
  EXPECT_DOUBLE_EQ(value(rows, {"bot_csat", "", "human"}), 50.0);       // b2: 2, b3: 4
}

TEST(Bots, LeftOutOfPerAgentFigures) {
  auto rows = bots().run({GroupBy::agent}, {"frt"});
  for (const Row& r : rows) EXPECT_NE(r.key, "bot1");
}

}  // namespace
}  // namespace dp::kpi::test
