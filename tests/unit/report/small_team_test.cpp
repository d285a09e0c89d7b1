// Edge cases a lead must still be able to read: a team without calls or surveys, a
// one-person team, an agent whose CSAT rests on three responses.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "report/report.h"

namespace dp::report::test {
namespace {

const kpi::Window& week() {
  static const kpi::Window w = *kpi::parse_period("2026-W47", "Europe/Rome");
  return w;
}

Records directory(std::initializer_list<std::pair<const char*, const char*>> agents) {
  Records d;
  for (const auto& [id, team] : agents) d.agents.push_back(Agent{id, team, std::nullopt});
  return d;
}

TEST(SmallTeam, NoCallsNoSurveysSayOneLineEach) {
  gen::GenOptions opt;
  Records d = gen::generate(opt);
  d.calls.clear();
  d.surveys.clear();
  d.sessions.clear();
  const ReportPost p = build(d, context_for(d), "billing", last_week(opt));
  const std::string calls = html_section(p.html, "Calls");
  EXPECT_NE(calls.find("No calls for billing in 2026-W47."), std::string::npos) << calls;
  EXPECT_EQ(calls.find("<table"), std::string::npos);
  const std::string customers = html_section(p.html, "Customers");
  EXPECT_NE(customers.find("No survey responses for billing in 2026-W47."), std::string::npos);
  EXPECT_EQ(customers.find("<table"), std::string::npos);
  // Headline leaves out what the sections say is missing, and no chart is empty.
  EXPECT_EQ(html_section(p.html, "Headline").find("Service level"), std::string::npos);
  for (const auto& a : p.attachments) {
    EXPECT_NE(a.filename, "trend-service-level.png");
    EXPECT_NE(a.filename, "trend-csat.png");
  }
  EXPECT_NE(p.text.find("No calls for billing in 2026-W47."), std::string::npos);
  // Tickets are still reported.
  EXPECT_NE(html_section(p.html, "Tickets").find("<table"), std::string::npos);
}

TEST(SmallTeam, OneAgentTeamRendersWithItsOnlyAgent) {
  Records d = directory({{"solo", "lonely"}});
  for (int i = 0; i < 4; ++i)
    add_ticket(d, "s" + std::to_string(i), "solo", "lonely",
               at("2026-11-17T09:00:00Z") + std::chrono::hours(3 * i), 30 + 10 * i, 5);
  const kpi::Context ctx = context_for(d);
  EXPECT_EQ(teams_with_reports(d, ctx), std::vector<std::string>{"lonely"});
  const ReportPost p = build(d, ctx, "lonely", week());
  const std::string agents = html_section(p.html, "Agents");
  EXPECT_NE(agents.find(">solo<"), std::string::npos);
  EXPECT_NE(agents.find("n=4, too few to rank"), std::string::npos);
  EXPECT_NE(html_section(p.html, "Calls").find("No calls for lonely in 2026-W47."),
            std::string::npos);
  // No earlier weeks: a time or rate has no previous value to compare with ("-"), not an
  // invented one.
  const std::string head = html_section(p.html, "Headline");
  const auto frt = head.find("First response, median");
  ASSERT_NE(frt, std::string::npos);
  const std::string row = head.substr(frt, head.find("</tr>", frt) - frt);
  EXPECT_EQ(row.find("was "), std::string::npos) << row;
  ASSERT_FALSE(p.attachments.empty());
  EXPECT_NE(p.text.find("solo"), std::string::npos);
}

TEST(SmallTeam, ThreeSurveyAgentIsMarkedAndNotRanked) {
  Records d = directory({{"busy", "care"}, {"newbie", "care"}});
  // "busy": 12 tickets, mostly mediocre CSAT; "newbie": 3 tickets, all 5/5.
  for (int i = 0; i < 12; ++i)
    add_ticket(d, "b" + std::to_string(i), "busy", "care",
               at("2026-11-16T08:00:00Z") + std::chrono::hours(5 * i), 20, i % 3 ? 3 : 5);
  for (int i = 0; i < 3; ++i)
    add_ticket(d, "n" + std::to_string(i), "newbie", "care",
               at("2026-11-18T08:00:00Z") + std::chrono::hours(i), 15, 5);
  const ReportPost p = build(d, context_for(d), "care", week());
  const std::string agents = html_section(p.html, "Agents");
  const auto busy = agents.find(">busy<"), newbie = agents.find(">newbie<");
  ASSERT_NE(busy, std::string::npos);
  ASSERT_NE(newbie, std::string::npos);
  // Ordered by volume: the higher CSAT from 3 responses does not put newbie first.
  EXPECT_LT(busy, newbie);
  const std::string row = agents.substr(newbie, agents.find("</tr>", newbie) - newbie);
  EXPECT_NE(row.find("100.0%"), std::string::npos) << row;
  EXPECT_NE(row.find("n=3, too few to rank"), std::string::npos) << row;
  EXPECT_NE(row.find("color:#767676"), std::string::npos) << row;  // greyed
  const std::string busy_row = agents.substr(busy, agents.find("</tr>", busy) - busy);
  EXPECT_NE(busy_row.find("n=12<"), std::string::npos) << busy_row;
  EXPECT_EQ(busy_row.find("too few"), std::string::npos) << busy_row;
  // Plain text says the same.
  EXPECT_NE(p.text.find("100.0% (n=3, too few to rank)"), std::string::npos);
}

// Agents by name; one without a name by id; two with the same name each with their id,
// in the table and its text version alike.
TEST(SmallTeam, AgentsShowByNameAndSharedNamesShowTheirIds) {
  Records d;
  for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{
           {"rt:ann", "Ann Lee"}, {"rt:cy", ""}, {"rt:dee", "Dee Park"}, {"rt:dee2", "Dee Park"}})
    d.agents.push_back(Agent{id, "care", std::nullopt, AgentKind::agent, name});
  int n = 0;
  for (const auto& a : d.agents)
    add_ticket(d, "t" + std::to_string(++n), a.id, "care",
               at("2026-11-17T08:00:00Z") + std::chrono::hours(n), 20, 5);
  const ReportPost p = build(d, context_for(d), "care", week());
  const std::string agents = html_section(p.html, "Agents");
  for (const char* shown : {">Ann Lee<", ">rt:cy<", ">Dee Park (rt:dee)<", ">Dee Park (rt:dee2)<"})
    EXPECT_NE(agents.find(shown), std::string::npos) << shown << "\n" << agents;
  EXPECT_EQ(agents.find(">Dee Park<"), std::string::npos) << agents;
  EXPECT_EQ(agents.find("rt:ann"), std::string::npos) << agents;
  EXPECT_NE(p.text.find("Dee Park (rt:dee2)"), std::string::npos) << p.text;
}

}  // namespace
}  // namespace dp::report::test
