// The agent table's mix-adjusted columns (docs/reports.md, "Agents"): an agent who takes
// the hard tickets is shown slower raw and faster adjusted, the rows stay in volume order,
// pooled topics are marked and the column has its footnote.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "report/model.h"
#include "report/report.h"

namespace dp::report::test {
namespace {

const kpi::Window& week() {
  static const kpi::Window w = *kpi::parse_period("2026-W47", "Europe/Rome");
  return w;
}

// "ann" and "bo" answer easy tickets in 20 min and hard ones in 4 h; "hana" takes only
// hard ones and answers in 3 h. "bo" also has one ticket on a topic nobody else has.
Records hard_topic_team() {
  Records d;
  for (const char* id : {"ann", "bo", "hana"}) d.agents.push_back(Agent{id, "care", std::nullopt});
  int n = 0;
  auto ticket = [&](const char* agent, const char* topic, int reply_min) {
    ++n;
    add_ticket(d, "t" + std::to_string(n), agent, "care",
               at("2026-11-17T08:00:00Z") + std::chrono::minutes(7 * n), reply_min);
    d.tickets.back().tags = {topic};
  };
  for (const char* a : {"ann", "bo"}) {
    for (int i = 0; i < 12; ++i) ticket(a, "easy", 20 + i);
    for (int i = 0; i < 3; ++i) ticket(a, "hard", 240 + 5 * i);
  }
  for (int i = 0; i < 10; ++i) ticket("hana", "hard", 180 + 3 * i);
  ticket("bo", "rare", 60);
  return d;
}

TEST(AgentMix, HardTicketsAreNotRankedLastAfterAdjustment) {
  const Records d = hard_topic_team();
  const Model m = build_model(d, context_for(d), "care", week(), 0);
  ASSERT_EQ(m.agents.size(), 3u);
  // By volume, never by a score: bo (16), ann (15), hana (10).
  EXPECT_EQ(m.agents[0].id, "bo");
  EXPECT_EQ(m.agents[1].id, "ann");
  const AgentLine& hana = m.agents[2];
  ASSERT_EQ(hana.id, "hana");
  for (size_t i = 0; i < 2; ++i) {
    const AgentLine& other = m.agents[i];
    ASSERT_TRUE(other.frt.value && other.frt_adjusted.value && hana.frt_adjusted.value);
    EXPECT_GT(*hana.frt.value, *other.frt.value) << other.id;
    EXPECT_LT(*hana.frt_adjusted.value, *other.frt_adjusted.value) << other.id;
    ASSERT_TRUE(other.resolution_adjusted.value && hana.resolution_adjusted.value);
    EXPECT_LT(*hana.resolution_adjusted.value, *other.resolution_adjusted.value) << other.id;
  }
  EXPECT_FALSE(hana.aht_adjusted.value);  // no calls
}

TEST(AgentMix, TheTableShowsAdjustedFiguresWithFootnoteAndFlags) {
  const Records d = hard_topic_team();
  const ReportPost p = build(d, context_for(d), "care", week());
  const std::string agents = html_section(p.html, "Agents");
  EXPECT_NE(agents.find("mix-adj."), std::string::npos) << agents;
  EXPECT_NE(p.html.find("variant mix_adjusted"), std::string::npos);  // the footnote
  // bo's one rare ticket was compared with the whole team: pooled, and said so.
  const auto bo = agents.find(">bo<"), hana = agents.find(">hana<");
  ASSERT_NE(bo, std::string::npos);
  ASSERT_NE(hana, std::string::npos);
  const std::string bo_row = agents.substr(bo, agents.find("</tr>", bo) - bo);
  EXPECT_NE(bo_row.find("pooled"), std::string::npos) << bo_row;
  const std::string hana_row = agents.substr(hana, agents.find("</tr>", hana) - hana);
  EXPECT_EQ(hana_row.find("pooled"), std::string::npos) << hana_row;
  EXPECT_NE(p.text.find("mix-adj."), std::string::npos);
}

}  // namespace
}  // namespace dp::report::test
